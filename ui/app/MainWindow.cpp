// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/MainWindow.h"

#include "UiLogging.h"
#include "UiText.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsExport.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "app/AlarmSounds.h"
#include "app/Application.h"
#include "app/EngineHost.h"
#include "app/KeychainNotice.h"
#include "app/PauseControls.h"
#include "app/ScreenFit.h"
#include "app/SoundPlayer.h"
#include "app/TrayIcon.h"
#include "app/TrayNotifier.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"
#include "channels/FailingChannelsButton.h"
#include "compose/ComposePage.h"
#include "config/Settings.h"
#include "dashboard/DashboardPage.h"
#include "model/Priority.h"
#include "rules/ThresholdsPage.h"
#include "settings/SettingsPage.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/HistoryQuery.h"
#include "util/Clock.h"
#include "widgets/SteadyText.h"
#include "widgets/Theme.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace alertdesk {

namespace {
constexpr int kRefreshCoalesceMs = 100; // engine events in a burst make one refresh
// During a storm the table refreshes at most this often: each refresh costs the GUI thread
// a read and a repaint, so the event loop stays free between them.
constexpr int kRefreshEveryMs = 250;
constexpr int kPollMs = 1000; // other processes (a CLI hand-off) write the history too
constexpr int kHealthMs = 5000; // channel health while the Channels page is shown
constexpr int kNotifyScan = 20; // new alerts looked at per refresh for a notification

// The banners' colours follow the palette, light or dark (Theme).
QString bannerStyle(Theme::Banner kind)
{
    return Theme::bannerStyleSheet(kind, QStringLiteral("QLabel"), QStringLiteral("border-radius: 4px; padding: 8px;"));
}

} // namespace

MainWindow::MainWindow(EngineHost& host, QWidget* parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_refreshTimer(new QTimer(this))
    , m_pollTimer(new QTimer(this))
    , m_healthTimer(new QTimer(this))
{
    m_started.start();
    setWindowTitle(tr("AlertDesk — %1").arg(QDir::toNativeSeparators(host.profileDir())));
    setMinimumSize(960, 600);

    auto* central = new QWidget(this);
    auto* h = new QHBoxLayout(central);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(0);
    h->addWidget(buildNavigation(central));
    h->addWidget(buildPages(central), 1);
    setCentralWidget(central);
    buildStatusBar();

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_pages->setCurrentIndex(row);
        if (row == ChannelsPageIndex)
            m_channels->refresh();
        if (row == ThresholdsPageIndex)
            m_thresholds->refresh();
        if (row == SettingsPageIndex)
            m_settings->load();
        if (row == DashboardPageIndex)
            m_channels->refresh(); // the circuits; the page reads its figures as it is shown
    });
    m_nav->setCurrentRow(AlertsPageIndex);
    setTabOrder(m_nav, m_alerts);
    m_host.setBeforeKeychainWrite([this](KeychainPrompt prompt, const QString& keyring) {
        return KeychainNotice::confirm(prompt, keyring, this);
    });

    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &MainWindow::pollDatabase);
    m_healthTimer->setInterval(kHealthMs);
    connect(m_healthTimer, &QTimer::timeout, this, [this] {
        if ((currentPage() == ChannelsPageIndex || currentPage() == DashboardPageIndex) && isVisible())
            m_channels->refresh();
    });

    connectEngine();
    connectPages();
    buildTray();
    buildAlarms();
    watchFailingChannels();

    buildMenus();
    m_alerts->setEnabled(false);
    m_channels->setEnabled(false);
    m_thresholds->setEnabled(false);
    m_compose->setEnabled(false);
    m_settings->setEnabled(false);
    updateStatus();
    if (m_host.isOpen())
        onOpened();
    else if (m_host.state() == EngineHost::State::Failed)
        onFailed(m_host.error());
}

QListWidget* MainWindow::buildNavigation(QWidget* parent)
{
    m_nav = new QListWidget(parent);
    m_nav->setAccessibleName(tr("Pages"));
    m_nav->setFixedWidth(176);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setStyleSheet(QStringLiteral(
        "QListWidget#navigation { background: palette(window); border-right: 1px solid palette(mid); padding-top: 8px; "
        "}"
        "QListWidget#navigation::item { padding: 9px 14px; margin: 1px 6px; border-radius: 4px; }"
        "QListWidget#navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
        // With the keyboard in the list, a ring inside the current page's entry says so.
        "QListWidget#navigation::item:focus { border: 2px solid palette(highlighted-text); padding: 7px 12px; }"));
    const QString pageNames[PageCount]
        = { tr("Alerts"), tr("Channels"), tr("Thresholds"), tr("Compose"), tr("Settings"), tr("Dashboard") };
    for (int i = 0; i < PageCount; ++i) {
        auto* item = new QListWidgetItem(pageNames[i], m_nav);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(pageNames[i]).arg(i + 1));
    }
    QFont navFont = m_nav->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.08);
    m_nav->setFont(navFont);
    return m_nav;
}

QWidget* MainWindow::buildPages(QWidget* parent)
{
    auto* right = new QWidget(parent);
    auto* v = new QVBoxLayout(right);
    v->setContentsMargins(10, 8, 10, 4);
    m_banner = new QLabel(right);
    m_banner->setWordWrap(true);
    m_banner->setAccessibleName(tr("Notice"));
    m_banner->hide();
    v->addWidget(m_banner);
    m_pages = new QStackedWidget(right);
    m_alerts = new AlertsPage(m_pages);
    m_alerts->setEngineHost(&m_host); // acknowledge, snooze, resolve on the engine thread
    m_channels = new ChannelsPage(m_host, m_pages);
    m_thresholds = new ThresholdsPage(m_host, m_pages);
    m_compose = new ComposePage(m_host, m_pages);
    m_settings = new SettingsPage(m_host, m_pages);
    m_pages->addWidget(m_alerts);
    m_pages->addWidget(m_channels);
    m_pages->addWidget(m_thresholds);
    m_pages->addWidget(m_compose);
    m_pages->addWidget(m_settings);
    m_dashboard = new DashboardPage(m_pages);
    m_pages->addWidget(m_dashboard);
    v->addWidget(m_pages, 1);
    return right;
}

void MainWindow::buildStatusBar()
{
    m_statusProfile = new QLabel(this);
    m_statusEngine = new QLabel(this);
    m_statusCounts = new QLabel(this);
    m_statusIngest = new QLabel(this);
    m_statusFeed = new QLabel(this);
    m_statusFeed->setObjectName(QStringLiteral("feedStatus"));
    m_statusFeed->hide();
    m_statusSources = new QLabel(this);
    m_statusSources->setObjectName(QStringLiteral("sourcesStatus"));
    m_statusSources->hide();
    m_statusCounts->setAlignment(Qt::AlignRight | Qt::AlignVCenter); // it has room for more digits
    statusBar()->addWidget(m_statusEngine, 1);
    statusBar()->addPermanentWidget(m_statusFeed);
    statusBar()->addPermanentWidget(m_statusSources);
    statusBar()->addPermanentWidget(m_statusIngest);
    statusBar()->addPermanentWidget(m_statusCounts);
    statusBar()->addPermanentWidget(m_statusProfile);
    m_statusProfile->setText(tr("Profile: %1").arg(QDir::toNativeSeparators(m_host.profileDir())));
}

void MainWindow::connectEngine()
{
    connect(&m_host, &EngineHost::opened, this, &MainWindow::onOpened);
    connect(&m_host, &EngineHost::historyUpgrading, this, &MainWindow::updateStatus);
    connect(&m_host, &EngineHost::failed, this, &MainWindow::onFailed);
    connect(&m_host, &EngineHost::deliveryStarted, this, [this](const QStringList& errors) {
        m_loadErrors = errors;
        m_channels->refresh();
        updateStatus();
    });
    connect(&m_host, &EngineHost::alertAccepted, this, [this](const QString& id) {
        m_alerts->markDirty(id);
        scheduleRefresh();
    });
    connect(&m_host, &EngineHost::attemptFinished, this, [this](const QString& id, const QString&, const QString&) {
        m_alerts->markDirty(id);
        scheduleRefresh();
        m_channels->scheduleRefresh(1000);
    });
    connect(&m_host, &EngineHost::alertCompleted, this, [this](const QString& id) {
        m_alerts->markDirty(id);
        scheduleRefresh();
    });
    connect(&m_host, &EngineHost::alertEventsRecorded, this, [this](const QString& id) {
        m_alerts->markDirty(id);
        scheduleRefresh();
    });
    connect(&m_host, &EngineHost::channelsChanged, this, [this] { m_channels->scheduleRefresh(0); });
    connect(&m_host, &EngineHost::profileChanged, this, [this] {
        m_settings->load(); // edits not applied yet stay
        m_compose->reloadTemplates();
    });
    connect(&m_host, &EngineHost::ingestChanged, this, &MainWindow::onIngestChanged);
    connect(&m_host, &EngineHost::feedChanged, this, &MainWindow::onFeedChanged);
    connect(&m_host, &EngineHost::sourcesChanged, this, &MainWindow::onSourcesChanged);
}

void MainWindow::connectPages()
{
    connect(m_channels, &ChannelsPage::channelsLoaded, this, [this](int count) {
        (void)count;
        m_channelCount = 0;
        for (const ChannelStatus& c : m_channels->model()->channels())
            m_channelCount += c.config.enabled ? 1 : 0;
        m_hasChannels = !m_channels->model()->channels().isEmpty();
        m_alerts->setHasChannels(count > 0);
        m_compose->setChannels(m_channels->model()->channels());
        m_dashboard->setChannels(m_channels->model()->channels());
        updateSoundQuietHours(); // a desktop channel's quiet hours hold the sounds too
        updateStatus();
        if (!m_ready && m_db) {
            m_ready = true;
            qCDebug(lcUi) << "ready: history and channels loaded" << m_started.elapsed()
                          << "ms after the window was made";
            Q_EMIT ready();
        }
    });
    connect(m_alerts, &AlertsPage::addChannelRequested, this, [this] {
        showPage(ChannelsPageIndex);
        m_channels->openAddChannel();
    });
    connect(m_alerts, &AlertsPage::channelsRequested, this, [this] { showPage(ChannelsPageIndex); });
    connect(m_alerts, &AlertsPage::composeRequested, this, [this] { showPage(ComposePageIndex); });
    connect(m_alerts, &AlertsPage::countsChanged, this, [this](qint64 total, qint64 open) {
        const QLocale loc;
        // %Ln: the count as the locale writes it, and "1 alert", not "1 alerts".
        SteadyText::set(m_statusCounts,
            tr("%Ln alert(s) · %1 open", nullptr, static_cast<int>(std::min<qint64>(total, INT_MAX)))
                .arg(loc.toString(open)));
        m_tray->setOpenCount(open);
    });
    connect(m_compose, &ComposePage::alertSent, this, [this] { scheduleRefresh(); });
    connect(m_dashboard, &DashboardPage::filterRequested, this, [this](const AlertFilter& filter) {
        showPage(AlertsPageIndex);
        m_alerts->showFilter(filter);
    });
    connect(m_compose, &ComposePage::addChannelRequested, this, [this] {
        showPage(ChannelsPageIndex);
        m_channels->openAddChannel();
    });
    connect(m_compose, &ComposePage::showAlertRequested, this, [this](const QString& id) {
        refreshNow();
        showPage(AlertsPageIndex);
        m_alerts->selectAlert(id);
    });
}

void MainWindow::buildTray()
{
    m_tray = new TrayIcon(*m_host.desktopNotifier(), this);
    m_settings->setTrayAvailable(m_tray->isAvailable());
    connect(m_tray, &TrayIcon::showWindowRequested, this, &MainWindow::bringToFront);
    connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quit);
    connect(m_settings, &SettingsPage::stored, this, &MainWindow::applyUiSettings);
    // A click on a notification opens its alert; its Acknowledge and Snooze 1 h are the Alerts
    // page's own actions (source ui).
    TrayNotifier* notifier = m_host.desktopNotifier();
    connect(notifier, &TrayNotifier::openRequested, this, &MainWindow::openAlert);
    connect(notifier, &TrayNotifier::acknowledgeRequested, this,
        [this](const QString& id) { m_alerts->changeAlerts({ id }, EngineHost::AlertAction::Acknowledge); });
    connect(notifier, &TrayNotifier::snoozeRequested, this, [this](const QString& id, qint64 untilMs) {
        m_alerts->changeAlerts({ id }, EngineHost::AlertAction::Snooze, untilMs);
    });
}

void MainWindow::buildAlarms()
{
    m_sounds = new AlarmSounds(*SystemClock::instance(), this);
    m_pause = new PauseControls(*SystemClock::instance(), statusBar(), this);
    // First among the permanent widgets (index 1, after the engine's message): always in sight.
    statusBar()->insertPermanentWidget(1, m_pause->pauseButton());
    statusBar()->insertPermanentWidget(2, m_pause->muteButton());
    QMenu* trayMenu = m_tray->menu();
    QAction* beforeQuit = trayMenu->actions().value(1); // after Show AlertDesk
    trayMenu->insertMenu(beforeQuit, m_pause->pauseMenu());
    trayMenu->insertMenu(beforeQuit, m_pause->muteMenu());
    m_settings->setSoundPlayer(m_sounds->player());
    connect(m_pause, &PauseControls::summaryChanged, m_tray, &TrayIcon::setStatusLine);
    connect(m_pause, &PauseControls::holdsChannelsChanged, this, [this](bool hold) {
        m_host.applySettings(
            { { QStringLiteral("ui.pause_holds_channels"), hold ? QStringLiteral("true") : QStringLiteral("false") } },
            this, [this](const QString& error) {
                if (!error.isEmpty())
                    statusBar()->showMessage(tr("The pause could not be stored: %1").arg(error), 15000);
                m_settings->load();
            });
    });
    connect(m_pause, &PauseControls::changed, this, [this](qint64 pausedUntil, qint64 mutedUntil) {
        m_host.desktopNotifier()->setPausedUntil(pausedUntil);
        // Stored, so that a restarted window keeps them; the Settings page re-reads them.
        const QHash<QString, QString> ends { { QStringLiteral("ui.pause_until"), QString::number(pausedUntil) },
            { QStringLiteral("ui.sound.muted_until"), QString::number(mutedUntil) } };
        m_host.applySettings(ends, this, [this](const QString& error) {
            if (!error.isEmpty())
                statusBar()->showMessage(tr("The pause could not be stored: %1").arg(error), 15000);
            m_settings->load();
        });
    });
}

MainWindow::~MainWindow()
{
    // Models read through m_db: drop them before the connection.
    m_alerts->setDatabase(nullptr);
    m_channels->setDatabase(nullptr);
    m_dashboard->setDatabase(nullptr);
    m_host.setBeforeKeychainWrite({}); // the host may outlive the window
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* add = file->addAction(tr("Add &channel…"));
    add->setShortcut(QKeySequence::New);
    add->setEnabled(false); // until the profile is open and this window drives it
    m_addChannelAction = add;
    connect(add, &QAction::triggered, this, [this] {
        if (!m_host.isDriver())
            return;
        showPage(ChannelsPageIndex);
        m_channels->openAddChannel();
    });
    QAction* compose = file->addAction(tr("&Compose alert"));
    compose->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(compose, &QAction::triggered, this, [this] { showPage(ComposePageIndex); });
    QAction* templates = file->addAction(tr("Message &templates…"));
    connect(templates, &QAction::triggered, this, [this] {
        showPage(ComposePageIndex);
        m_compose->openTemplateEditor();
    });
    QAction* exportAlerts = file->addAction(tr("&Export alerts…"));
    exportAlerts->setObjectName(QStringLiteral("exportAlerts"));
    exportAlerts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAlerts->setToolTip(tr("Write the alerts the Alerts page's filter shows to a CSV or JSON file"));
    connect(exportAlerts, &QAction::triggered, this, [this] {
        if (m_db)
            AlertsExport::run(this, *m_db, m_alerts->currentFilter());
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &MainWindow::quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < PageCount; ++i) {
        QAction* a = view->addAction(m_nav->item(i)->text());
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPage(static_cast<Page>(i)); });
    }
    view->addSeparator();
    QAction* refresh = view->addAction(tr("&Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this] {
        refreshNow();
        m_channels->refresh();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About AlertDesk"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About AlertDesk"),
            tr("<h3>AlertDesk %1</h3><p>Routes trading alerts to your channels, retries what fails and "
               "keeps every alert and delivery attempt.</p><p>Profile: %2</p>")
                .arg(QApplication::applicationVersion(), m_host.profileDir().toHtmlEscaped()));
    });
}

void MainWindow::showPage(Page page)
{
    m_nav->setCurrentRow(page);
    m_pages->currentWidget()->setFocus();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Start in the page, not in the navigation list: the first keystrokes go where the user looks.
    if (!event->spontaneous()) {
        ScreenFit::clamp(this); // whole on the screen, whatever the scale factor
        m_pages->currentWidget()->setFocus();
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_quitting && closesToTray()) {
        event->ignore();
        hide();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->icon()->showMessage(tr("AlertDesk keeps running"),
                tr("Alerts are still delivered. Click the tray icon to open the window; "
                   "Quit is in its menu."),
                QSystemTrayIcon::Information, 5000);
        }
        return;
    }
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        Q_EMIT exitRequested();
}

bool MainWindow::closesToTray() const
{
    return m_closeToTray && m_tray->isAvailable();
}

void MainWindow::quit()
{
    m_quitting = true;
    // A hidden window gets its close event too: closeEvent() says exitRequested.
    if (!close())
        m_quitting = false;
}

void MainWindow::applyUiSettings(const QJsonObject& values)
{
    const auto value = [&values](const char* key) {
        const QString k = QString::fromLatin1(key);
        return values.contains(k) ? values.value(k) : findSetting(k)->defaultValue;
    };
    m_closeToTray = value("ui.close_to_tray").toBool();
    m_tray->setNotifyMinPriority(priorityFromString(value("ui.notify_min_priority").toString()));
    m_host.desktopNotifier()->setActionsMinPriority(
        priorityFromString(value("ui.notify_actions_min_priority").toString()));
    const qint64 pausedUntil = value("ui.pause_until").toInteger();
    m_pause->setHoldsChannels(value("ui.pause_holds_channels").toBool());
    m_pause->setEnds(pausedUntil, value("ui.sound.muted_until").toInteger());
    m_host.desktopNotifier()->setPausedUntil(pausedUntil);
    m_sounds->applySettings(values);
    updateSoundQuietHours();
}

void MainWindow::updateSoundQuietHours()
{
    m_host.fetchPolicies(this, [this](const QJsonObject& policies) {
        QStringList desktop;
        for (const ChannelStatus& c : m_channels->model()->channels()) {
            if (c.config.kind == QLatin1String("desktop"))
                desktop << c.config.name;
        }
        m_sounds->setQuietHours(policies, desktop);
    });
}

void MainWindow::bringToFront(const QString& alertId)
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
    if (alertId.isEmpty())
        return;
    refreshNow(); // a brand-new alert is not in the table before the next refresh
    showPage(AlertsPageIndex);
    m_alerts->selectAlert(alertId);
    if (m_alerts->details()->alertId() != alertId)
        m_alerts->details()->showAlert(alertId); // not among the rows read so far: its details at least
}

void MainWindow::openAlert(const QString& alertId)
{
    if (!m_ready || !m_db) {
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(this, &MainWindow::ready, this, [this, alertId, once] {
            disconnect(*once);
            openAlert(alertId);
        });
        return;
    }
    if (!AlertStore(*m_db).get(alertId)) {
        qCInfo(lcUi) << "a link named an alert this profile does not have:" << alertId;
        bringToFront();
        statusBar()->showMessage(
            tr("This profile has no alert %1 (the link may come from another profile)").arg(alertId), 15000);
        return;
    }
    qCInfo(lcUi) << "opened the alert of a link:" << alertId;
    bringToFront(alertId);
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void MainWindow::showBanner(const QString& text, const QString& style)
{
    m_banner->setStyleSheet(style);
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void MainWindow::onOpened()
{
    qCDebug(lcUi) << "profile opened" << m_started.elapsed() << "ms after the window was made";
    QString error;
    m_db = Database::open(m_host.databasePath(), &error, Database::Mode::ReadOnly);
    if (!m_db) {
        onFailed(tr("The history cannot be read: %1").arg(error));
        return;
    }
    const bool readOnly = !m_host.isDriver();
    if (readOnly) {
        setWindowTitle(tr("AlertDesk — %1 (read-only)").arg(QDir::toNativeSeparators(m_host.profileDir())));
        if (!m_host.readOnlyReason().isEmpty())
            showBanner(tr("This profile cannot be written (%1), so this window is read-only: it shows the history, "
                          "but no alert can be stored and channels and settings cannot be changed.")
                           .arg(m_host.readOnlyReason()),
                bannerStyle(Theme::Banner::Warning));
        else
            showBanner(tr("Another AlertDesk (process %1) is delivering this profile's alerts, so this window is "
                          "read-only: it shows the history live and hands alerts you compose to that instance, but "
                          "channels and settings can only be changed there.")
                           .arg(m_host.ownerPid()),
                bannerStyle(Theme::Banner::Warning));
    } else if (!m_host.warning().isEmpty()) {
        showBanner(m_host.warning(), bannerStyle(Theme::Banner::Warning));
    }
    m_addChannelAction->setEnabled(!readOnly);
    m_alerts->setEnabled(true);
    m_channels->setEnabled(true);
    m_thresholds->setEnabled(true);
    m_compose->setEnabled(true);
    m_settings->setEnabled(true);
    QElapsedTimer firstPage;
    firstPage.start();
    m_alerts->setDatabase(m_db.get());
    m_channels->setDatabase(m_db.get());
    m_dashboard->setDatabase(m_db.get());
    qCDebug(lcUi) << "first page of the history read in" << firstPage.elapsed() << "ms";
    notifyNewAlerts(); // the history as it is: no notification for what was there before
    m_alerts->setReadOnly(readOnly);
    m_channels->setReadOnly(readOnly);
    m_settings->setReadOnly(readOnly);
    m_compose->setEnabledForEngine(true);
    // The pages were disabled while the profile opened, so focus could not go there yet.
    if (!QApplication::focusWidget() || QApplication::focusWidget() == m_nav)
        m_pages->currentWidget()->setFocus();
    m_settings->load();
    m_channels->refresh();
    m_thresholds->refresh();
    m_pollTimer->start();
    m_healthTimer->start();
    pollDatabase();
    updateStatus();
}

void MainWindow::onFailed(const QString& error)
{
    showBanner(
        tr("AlertDesk could not open the profile %1: %2").arg(QDir::toNativeSeparators(m_host.profileDir()), error),
        bannerStyle(Theme::Banner::Error));
    m_compose->setEnabledForEngine(false);
    updateStatus();
}

void MainWindow::updateStatus()
{
    QString s;
    switch (m_host.state()) {
    case EngineHost::State::Stopped:
    case EngineHost::State::Starting:
        s = m_host.upgradingHistory()
            ? tr("Updating the history for this version of AlertDesk (once; a long history takes a minute)…")
            : tr("Opening the profile…");
        break;
    case EngineHost::State::Failed:
        s = tr("Profile not opened");
        break;
    case EngineHost::State::ReadOnly:
        s = m_host.readOnlyReason().isEmpty() ? tr("Read-only: process %1 delivers").arg(m_host.ownerPid())
                                              : tr("Read-only: the profile cannot be written");
        break;
    case EngineHost::State::Driver:
        if (!m_hasChannels)
            s = tr("No channel configured");
        else if (m_channelCount == 0)
            s = tr("Every channel is disabled: alerts are stored, not delivered");
        else if (m_failingChannels && m_failingChannels->count() > 0)
            s.clear(); // the failing channels' warning says it instead
        else if (m_channelCount > 0)
            s = tr("Delivering to %n enabled channel(s)", nullptr, m_channelCount);
        else
            s = tr("Delivering");
        if (!m_loadErrors.isEmpty())
            s += tr(" · %n channel(s) could not be loaded", nullptr, static_cast<int>(m_loadErrors.size()));
        break;
    }
    m_statusEngine->setText(s);
}

void MainWindow::watchFailingChannels()
{
    m_failingChannels = new FailingChannelsButton(this);
    statusBar()->insertWidget(0, m_failingChannels);
    connect(m_failingChannels, &QPushButton::clicked, this, [this] { showPage(ChannelsPageIndex); });
    connect(m_channels, &ChannelsPage::channelsLoaded, this, [this] {
        m_failingChannels->setChannels(m_channels->model()->channels());
        showFailingChannels();
    });
    auto notify = [this](const QString& title, const QString& body, Priority priority) {
        m_host.desktopNotifier()->show({ {}, {}, priority, title, body });
    };
    connect(m_failingChannels, &FailingChannelsButton::wentDown, this,
        [notify](const QString& channel, const QString& lastError) {
            notify(FailingChannelsButton::downTitle(channel), lastError, Priority::High);
        });
    connect(m_failingChannels, &FailingChannelsButton::recovered, this, [notify](const QString& channel) {
        notify(FailingChannelsButton::recoveredTitle(channel), {}, Priority::Info);
    });
}

void MainWindow::showFailingChannels()
{
    const int failing = m_failingChannels->count();
    QListWidgetItem* item = m_nav->item(ChannelsPageIndex);
    item->setText(failing > 0 ? tr("Channels  ⚠ %1").arg(failing) : tr("Channels"));
    item->setForeground(failing > 0 ? QBrush(UiText::errorColor()) : QBrush());
    item->setData(Qt::AccessibleTextRole, failing > 0 ? m_failingChannels->text() : QVariant());
    updateStatus();
}

void MainWindow::onFeedChanged()
{
    const FeedStatus st = m_host.feedStatus();
    m_statusFeed->setVisible(st.known);
    QString text, tip;
    if (!st.enabled) {
        text = tr("Price feed: off");
        tip = tr("Price rules fire on samples from scripts only. Turn the exchange feed on with "
                 "alertdesk-cli settings set feed.enabled true, then restart AlertDesk.");
    } else if (!st.error.isEmpty()) {
        text = tr("Price feed: off");
        tip = tr("The price feed cannot start: %1").arg(st.error);
    } else {
        switch (st.state) {
        case PriceFeed::State::Off:
            text = tr("Price feed: off");
            break;
        case PriceFeed::State::Idle:
            text = tr("Price feed: idle");
            tip = tr(
                "No enabled rule watches a price (SYMBOL.price or SYMBOL.change_24h_pct), so nothing is streamed.");
            break;
        case PriceFeed::State::Connecting:
            text = tr("Price feed: connecting…");
            tip = tr("Connecting to %1 for %n symbol(s).", nullptr, st.symbols).arg(st.host);
            break;
        case PriceFeed::State::Connected:
            text = tr("Price feed: connected");
            tip = tr("Streaming %n symbol(s) from %1.", nullptr, st.symbols).arg(st.host);
            break;
        case PriceFeed::State::Reconnecting:
            text = tr("Price feed: reconnecting");
            tip = tr("The connection to %1 failed; AlertDesk tries again, waiting longer after each failure.")
                      .arg(st.host);
            break;
        case PriceFeed::State::Stale:
            text = tr("Price feed: stale");
            tip = tr("Connected to %1, but no ticker has arrived for a while: prices may be old. A HEALTH alert tells "
                     "when the feed goes silent and when it is back.")
                      .arg(st.host);
            break;
        }
    }
    m_statusFeed->setText(text);
    m_statusFeed->setToolTip(tip);
}

void MainWindow::onSourcesChanged()
{
    const QList<SourceStatus> sources = m_host.sourceStatus();
    m_statusSources->setVisible(!sources.isEmpty());
    auto stateText = [](const SourceStatus& st) {
        if (!st.config.enabled)
            return tr("disabled");
        if (!st.running)
            return tr("off");
        switch (st.state) {
        case NtfySource::State::Connecting:
            return tr("connecting…");
        case NtfySource::State::Connected:
            return tr("connected");
        case NtfySource::State::Reconnecting:
            return tr("reconnecting");
        case NtfySource::State::Off:
            break;
        }
        return tr("off");
    };
    int connected = 0;
    int enabled = 0;
    QStringList lines;
    for (const SourceStatus& st : sources) {
        enabled += st.config.enabled ? 1 : 0;
        connected += st.running && st.state == NtfySource::State::Connected ? 1 : 0;
        const QString topic = st.config.settings.value(QStringLiteral("topic")).toString();
        const QString host = QUrl(st.config.settings.value(QStringLiteral("server")).toString()).host();
        QString line = tr("%1 (ntfy topic %2 on %3): %4").arg(st.config.name, topic, host, stateText(st));
        if (!st.error.isEmpty() && st.state != NtfySource::State::Connected)
            line += QStringLiteral(" — ") + st.error;
        lines << line;
    }
    if (sources.size() == 1)
        m_statusSources->setText(tr("ntfy %1: %2").arg(sources.first().config.name, stateText(sources.first())));
    else
        m_statusSources->setText(tr("Sources: %1 of %2 connected").arg(connected).arg(enabled));
    m_statusSources->setToolTip(lines.join(QLatin1Char('\n')));
}

void MainWindow::onIngestChanged()
{
    const IngestStatus st = m_host.ingestStatus();
    m_statusIngest->setText(st.serving ? tr("Ingest API: %1:%2").arg(st.address).arg(st.port) : tr("Ingest API off"));
    m_statusIngest->setToolTip(
        st.serving ? tr("Scripts post alerts to http://%1:%2/v1/alerts").arg(st.address).arg(st.port) : st.error);
    // A busy port is said plainly; the window keeps delivering without the API.
    QString text;
    if (!st.serving && st.portBusy)
        text = tr("The ingest API is off: port %1 on 127.0.0.1 is in use by another program, so scripts cannot post "
                  "alerts to this window. Alerts are still delivered. Choose another port in Settings › Ingest API.")
                   .arg(st.port);
    else if (!st.serving && !st.error.isEmpty())
        text = tr("The ingest API is off: %1").arg(st.error);
    if (!text.isEmpty()) {
        m_ingestBanner = text;
        showBanner(text, bannerStyle(Theme::Banner::Warning));
    } else if (!m_ingestBanner.isEmpty() && m_banner->text() == m_ingestBanner) {
        m_ingestBanner.clear();
        showBanner(QString(), QString());
    }
}

void MainWindow::scheduleRefresh()
{
    // Not restarted while pending: a steady storm still refreshes every kRefreshEveryMs. The
    // first event after a quiet spell refreshes after the coalescing pause only.
    if (m_refreshTimer->isActive())
        return;
    qint64 wait = kRefreshCoalesceMs;
    if (m_lastRefresh.isValid())
        wait = std::max(wait, kRefreshEveryMs - m_lastRefresh.elapsed());
    m_refreshTimer->start(static_cast<int>(wait));
}

void MainWindow::refreshNow()
{
    m_refreshTimer->stop();
    if (!m_db)
        return;
    m_lastRefresh.start();
    m_alerts->refresh();
    if (currentPage() == DashboardPageIndex && isVisible())
        m_dashboard->scheduleRefresh();
    notifyNewAlerts();
    m_sounds->checkRinging(*m_db); // acknowledged, snoozed or resolved: quiet again
}

void MainWindow::notifyNewAlerts()
{
    // From the history, so that alerts from every source count: this engine, a CLI handing
    // its alert over, another process. The newest few of a burst; the tray decides by priority.
    AlertStore store(*m_db);
    QList<qint64> seqs;
    const QList<Alert> recent = store.recent(kNotifyScan, 0, &seqs);
    const bool first = m_notifiedSeq < 0;
    for (qsizetype i = recent.size() - 1; i >= 0; --i) {
        if (!first && seqs.at(i) > m_notifiedSeq && recent.at(i).state == AlertState::Open) {
            m_tray->alertArrived(recent.at(i));
            m_sounds->alertArrived(recent.at(i));
        }
    }
    if (!seqs.isEmpty())
        m_notifiedSeq = std::max(m_notifiedSeq, seqs.first());
    else if (first)
        m_notifiedSeq = 0;
}

void MainWindow::pollDatabase()
{
    if (!m_db)
        return;
    // data_version changes when another connection (our engine, or another process) commits.
    const qint64 version = HistoryQuery(*m_db).dataVersion();
    if (version < 0)
        return;
    if (version != m_dataVersion) {
        const bool first = m_dataVersion < 0;
        m_dataVersion = version;
        if (!first)
            scheduleRefresh();
    }
}

QString MainWindow::installTranslations(QCoreApplication& app, const QString& language)
{
    return Application::installTranslations(app, language);
}

} // namespace alertdesk
