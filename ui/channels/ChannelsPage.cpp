// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/ChannelsPage.h"

#include "UiLogging.h"
#include "UiText.h"
#include "app/EngineHost.h"
#include "channels/AppriseUrlDialog.h"
#include "channels/ChannelDialog.h"
#include "channels/ChannelRegistry.h"
#include "channels/ChannelsModel.h"
#include "config/ChannelArgs.h"
#include "delivery/RetryPolicy.h"
#include "storage/HealthHistory.h"
#include "widgets/FlowLayout.h"
#include "widgets/HourlyChart.h"
#include "widgets/KeyboardHelpers.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QShowEvent>

#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
enum StackPage { EmptyPage, ListPage };
constexpr int kHours = 24;
// Finished deliveries make one read of the last 24 hours every 2 s at most: hourly charts
// need no more, and during a storm the read (the channel's attempts of a day) stays rare.
constexpr int kHistoryCoalesceMs = 2000;

// The start of the hour `now` is in, local time (the charts' buckets are clock hours).
qint64 currentHourStart(const QDateTime& now)
{
    const QDateTime local = now.toLocalTime();
    return QDateTime(local.date(), QTime(local.time().hour(), 0)).toMSecsSinceEpoch();
}

QString hourRange(qint64 startMs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(startMs).toLocalTime();
    const QLocale locale;
    return ChannelsPage::tr("%1–%2").arg(locale.toString(t.time(), UiText::timeFormat(false)),
        locale.toString(t.addSecs(3600).time(), UiText::timeFormat(false)));
}

// A secret field in the words of the channel's form: "webhook_urls" is the "Webhook URL" field.
QString secretFieldLabel(const QString& kind, const QString& field)
{
    const ChannelArgSpec* spec = findChannelArgSpec(kind);
    const QString option = spec ? spec->optionFor(field) : QString();
    return ChannelDialog::optionLabel(option.isEmpty() ? field : option);
}

QLabel* valueLabel(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

ChannelsPage::ChannelsPage(EngineHost& host, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new ChannelsModel(this))
    , m_refreshTimer(new QTimer(this))
    , m_historyTimer(new QTimer(this))
{
    m_historyTimer->setSingleShot(true);
    connect(m_historyTimer, &QTimer::timeout, this, &ChannelsPage::loadHistory);
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &ChannelsPage::refresh);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    m_stack->addWidget(buildEmptyPage());

    auto* list = new QWidget(m_stack);
    auto* lv = new QVBoxLayout(list);
    lv->setContentsMargins(0, 0, 0, 0);
    lv->addLayout(buildButtonBar(list));
    auto* splitter = new QSplitter(Qt::Vertical, list);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildTable(splitter));
    splitter->addWidget(buildDetails(splitter));
    // A profile has a handful of channels: most of the room goes to the selected one's health.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    lv->addWidget(splitter, 1);
    m_stack->addWidget(list);
    m_stack->setCurrentIndex(ListPage);
    KeyboardHelpers::setEntryFocus(this, m_table);
    connectActions();

    // Ctrl+N (add) and F5 (refresh) are the window's menu actions; Ctrl+T belongs to this page.
    auto* testShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_T), this);
    testShortcut->setContext(Qt::WindowShortcut); // from the sidebar too, while the page is shown
    connect(testShortcut, &QShortcut::activated, this, &ChannelsPage::sendTest);
    updateDetails();
}

QWidget* ChannelsPage::buildEmptyPage()
{
    auto* empty = new QWidget(m_stack);
    auto* ev = new QVBoxLayout(empty);
    ev->addStretch(1);
    auto* emptyText = new QLabel(tr("<h3>No channel yet</h3><p>A channel is a place your alerts go: Slack, Discord, "
                                    "Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop. Add one, or "
                                    "bring your existing configuration (a .env file or an Apprise URL), then press "
                                    "<b>Send test</b> to check it answers.</p>"),
        empty);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    ev->addWidget(emptyText);
    m_emptyAdd = new QPushButton(tr("Add channel…"), empty);
    m_emptyImport = new QPushButton(tr("Import .env…"), empty);
    m_emptyUrl = new QPushButton(tr("Add from Apprise URL…"), empty);
    auto* eh = new QHBoxLayout;
    eh->addStretch(1);
    eh->addWidget(m_emptyAdd);
    eh->addWidget(m_emptyImport);
    eh->addWidget(m_emptyUrl);
    eh->addStretch(1);
    ev->addLayout(eh);
    ev->addStretch(2);
    connect(m_emptyAdd, &QPushButton::clicked, this, [this] { openAddChannel(); });
    connect(m_emptyImport, &QPushButton::clicked, this, &ChannelsPage::chooseEnvFile);
    connect(m_emptyUrl, &QPushButton::clicked, this, [this] { openAddFromUrl(); });

    return empty;
}

QLayout* ChannelsPage::buildButtonBar(QWidget* list)
{
    // It wraps onto a second line when the window is narrow (2×, German) rather than clip.
    auto* bar = new FlowLayout(nullptr, 6);
    m_add = new QPushButton(tr("&Add channel…"), list);
    m_add->setToolTip(tr("Add a channel of any kind (Ctrl+N)"));
    m_edit = new QPushButton(tr("&Edit…"), list);
    m_edit->setToolTip(tr("Change the selected channel's settings and secrets"));
    m_test = new QPushButton(tr("Send &test"), list);
    m_test->setToolTip(tr("Send a test message to the selected channel now (Ctrl+T)"));
    m_toggle = new QPushButton(tr("&Disable"), list);
    m_remove = new QPushButton(tr("&Remove…"), list);
    m_import = new QPushButton(tr("&Import .env…"), list);
    m_import->setToolTip(tr("Channels and settings from a .env file, as alertdesk-cli import-env reads it"));
    m_addUrl = new QPushButton(tr("Add from Apprise &URL…"), list);
    m_addUrl->setToolTip(tr("A channel from an Apprise URL (tgram://, discord://, slack://, mailto://, json://…)"));
    auto* refreshButton = new QPushButton(tr("Re&fresh"), list);
    refreshButton->setToolTip(tr("Read the channels' health again (F5)"));
    bar->addWidget(m_add);
    bar->addWidget(m_edit);
    bar->addWidget(m_test);
    bar->addWidget(m_toggle);
    bar->addWidget(m_remove);
    bar->addWidget(m_import);
    bar->addWidget(m_addUrl);
    bar->addWidget(refreshButton);

    connect(refreshButton, &QPushButton::clicked, this, &ChannelsPage::refresh);
    return bar;
}

QTableView* ChannelsPage::buildTable(QWidget* parent)
{
    m_table = new QTableView(parent);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setAccessibleName(tr("Channels"));
    QHeaderView* h = m_table->horizontalHeader();
    h->setHighlightSections(false);
    h->setSectionResizeMode(QHeaderView::ResizeToContents);
    h->setSectionResizeMode(ChannelsModel::LastErrorColumn, QHeaderView::Stretch);

    return m_table;
}

QGroupBox* ChannelsPage::buildDetails(QWidget* parent)
{
    auto* details = new QGroupBox(parent);
    auto* dv = new QVBoxLayout(details);
    m_title = new QLabel(details);
    QFont tf = m_title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.15);
    m_title->setFont(tf);
    dv->addWidget(m_title);

    // The health figures: a caption over each value, in a row.
    auto* figures = new QGridLayout;
    figures->setHorizontalSpacing(18);
    figures->setVerticalSpacing(0);
    const QString captions[FigureCount]
        = { tr("Sent"), tr("Failed"), tr("Success rate"), tr("Latency p50 / p95"), tr("Circuit") };
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    for (int i = 0; i < FigureCount; ++i) {
        auto* caption = new QLabel(captions[i], details);
        QPalette cp = caption->palette();
        cp.setColor(QPalette::WindowText, UiText::mutedColor());
        caption->setPalette(cp);
        m_figures[i] = valueLabel(details);
        m_figures[i]->setWordWrap(false);
        m_figures[i]->setFont(big);
        m_figures[i]->setAccessibleName(captions[i]);
        figures->addWidget(caption, 0, i);
        figures->addWidget(m_figures[i], 1, i);
    }
    figures->setColumnStretch(FigureCount, 1);
    dv->addLayout(figures);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_settings = valueLabel(details);
    m_secrets = valueLabel(details);
    m_lastError = valueLabel(details);
    m_lastError->setAccessibleName(tr("Last error"));
    m_testResult = valueLabel(details);
    m_testResult->setAccessibleName(tr("Test result"));
    form->addRow(tr("Last error:"), m_lastError);
    form->addRow(tr("Settings:"), m_settings);
    form->addRow(tr("Secrets:"), m_secrets);
    form->addRow(tr("Test:"), m_testResult);
    dv->addLayout(form);

    // The last 24 hours, hour by hour, side by side under the figures.
    auto* charts = new QHBoxLayout;
    charts->setSpacing(10);
    m_volume = new HourlyChart(HourlyChart::Style::StackedBars, details);
    m_volume->setTitle(tr("Deliveries per hour, last 24 h"));
    m_volume->setEmptyText(tr("No delivery in the last 24 hours"));
    m_latency = new HourlyChart(HourlyChart::Style::Lines, details);
    m_latency->setTitle(tr("Latency per hour, last 24 h"));
    // Latency is of successful deliveries only: beside failed ones, say so.
    m_latency->setEmptyText(tr("No successful delivery in the last 24 hours"));
    charts->addWidget(m_volume, 1);
    charts->addWidget(m_latency, 1);
    dv->addLayout(charts, 1);
    return details;
}

void ChannelsPage::connectActions()
{
    connect(m_add, &QPushButton::clicked, this, [this] { openAddChannel(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { openEditChannel(selectedName()); });
    connect(m_import, &QPushButton::clicked, this, &ChannelsPage::chooseEnvFile);
    connect(m_addUrl, &QPushButton::clicked, this, [this] { openAddFromUrl(); });
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this] {
        if (!m_readOnly)
            openEditChannel(selectedName());
    });
    connect(m_test, &QPushButton::clicked, this, &ChannelsPage::sendTest);
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        const ChannelStatus* c = m_model->channel(m_table->currentIndex().row());
        if (!c)
            return;
        m_toggle->setEnabled(false);
        m_host.setChannelEnabled(c->config.name, !c->config.enabled, this, [this](const QString& error) {
            if (!error.isEmpty())
                QMessageBox::warning(this, tr("Channel not changed"), error);
            refresh();
        });
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (name.isEmpty())
            return;
        const auto answer = QMessageBox::question(this, tr("Remove channel"),
            tr("Remove the channel %1 and its secrets from the keychain? Its deliveries that are still open fail; "
               "the history keeps what was sent.")
                .arg(name));
        if (answer != QMessageBox::Yes)
            return;
        m_host.removeChannel(name, this, [this](const QString& error) {
            if (!error.isEmpty())
                QMessageBox::warning(this, tr("Channel not removed"), error);
            refresh();
        });
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChannelsPage::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ChannelsPage::updateDetails);
}

ChannelsPage::~ChannelsPage() = default;

void ChannelsPage::setDatabase(Database* db)
{
    m_db = db;
    m_historyDirty = true;
    if (db)
        scheduleHistory(0);
}

void ChannelsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_detailsDirty)
        updateDetails();
    if (m_historyDirty)
        scheduleHistory(0);
}

void ChannelsPage::scheduleHistory(int withinMs)
{
    m_historyDirty = true;
    // Not restarted while pending: a steady stream of deliveries still redraws every so often.
    if (!m_historyTimer->isActive() || m_historyTimer->remainingTime() > withinMs)
        m_historyTimer->start(withinMs);
}

void ChannelsPage::loadHistory()
{
    m_historyTimer->stop();
    const QString name = selectedName();
    // Hidden: read when shown again, not for nobody.
    if (!isVisible() || !m_db || name.isEmpty())
        return;
    m_historyDirty = false;
    const qint64 since = currentHourStart(QDateTime::currentDateTime()) - (kHours - 1) * HealthHistory::kHourMs;
    QElapsedTimer timer;
    timer.start();
    QString error;
    const QList<HourBucket> buckets = HealthHistory::hourly(*m_db, name, since, kHours, &error);
    qCDebug(lcUi) << "24 h of" << name << "read in" << timer.elapsed() << "ms";
    if (!error.isEmpty())
        qCWarning(lcUi) << "cannot read the delivery history of" << name << ":" << error;
    m_historyChannel = name;

    QList<qint64> starts;
    HourlyChart::Series delivered { tr("delivered"), UiText::okColor(), {} };
    HourlyChart::Series failed { tr("failed"), UiText::errorColor(), {} };
    HourlyChart::Series p50 { tr("p50"), QColor(0x15, 0x65, 0xC0), {} };
    HourlyChart::Series p95 { tr("p95"), QColor(0xE6, 0x7E, 0x00), {} };
    QStringList volumeTips, latencyTips;
    int total = 0, totalFailed = 0;
    for (const HourBucket& b : buckets) {
        starts << b.startMs;
        delivered.values << b.delivered;
        failed.values << b.failed;
        p50.values << b.latencyP50Ms;
        p95.values << b.latencyP95Ms;
        total += b.delivered;
        totalFailed += b.failed;
        volumeTips << tr("%1\nDelivered: %2\nFailed: %3\nRetried attempts: %4")
                          .arg(hourRange(b.startMs))
                          .arg(b.delivered)
                          .arg(b.failed)
                          .arg(b.retried);
        latencyTips << (b.delivered == 0 ? tr("%1\nNo successful delivery").arg(hourRange(b.startMs))
                                         : tr("%1\np50: %2\np95: %3\nDelivered: %4")
                                               .arg(hourRange(b.startMs), UiText::latency(b.latencyP50Ms),
                                                   UiText::latency(b.latencyP95Ms), QString::number(b.delivered)));
    }
    const QLocale loc;
    m_volume->setData(
        starts, { delivered, failed }, volumeTips, [loc](double v) -> QString { return loc.toString(qRound64(v)); });
    m_volume->setTitle(tr("Deliveries per hour, last 24 h (%1 delivered, %2 failed)")
                           .arg(loc.toString(total), loc.toString(totalFailed)));
    m_latency->setData(starts, { p50, p95 }, latencyTips, [](double v) { return UiText::latency(v); });
    Q_EMIT historyLoaded(name);
}

void ChannelsPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (QPushButton* b : { m_add, m_emptyAdd, m_import, m_emptyImport, m_addUrl, m_emptyUrl })
        b->setEnabled(!readOnly);
    updateDetails();
}

bool ChannelsPage::showsEmptyState() const
{
    return m_stack->currentIndex() == EmptyPage;
}

void ChannelsPage::scheduleRefresh(int withinMs)
{
    if (!m_refreshTimer->isActive() || m_refreshTimer->remainingTime() > withinMs)
        m_refreshTimer->start(withinMs);
}

void ChannelsPage::refresh()
{
    m_refreshTimer->stop();
    if (!m_host.isOpen())
        return;
    if (m_fetching) {
        m_fetchAgain = true;
        return;
    }
    m_fetching = true;
    m_host.fetchChannels(this, [this](const QList<ChannelStatus>& channels) {
        m_fetching = false;
        onChannels(channels);
        if (m_fetchAgain) {
            m_fetchAgain = false;
            refresh();
        }
    });
}

void ChannelsPage::onChannels(const QList<ChannelStatus>& channels)
{
    const QString selected = selectedName();
    m_model->setChannels(channels);
    m_stack->setCurrentIndex(channels.isEmpty() ? EmptyPage : ListPage);
    if (!selected.isEmpty())
        selectChannel(selected);
    if (!m_table->currentIndex().isValid() && !channels.isEmpty())
        m_table->selectRow(0);
    m_loadedOnce = true;
    updateDetails();
    scheduleHistory(kHistoryCoalesceMs);
    Q_EMIT channelsLoaded(static_cast<int>(channels.size()));
}

QString ChannelsPage::selectedName() const
{
    const ChannelStatus* c = m_model->channel(m_table->currentIndex().row());
    return c ? c->config.name : QString();
}

void ChannelsPage::selectChannel(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_table->selectRow(row);
}

void ChannelsPage::applySaved(const ChannelConfig& config)
{
    const ChannelKindInfo* kind = findChannelKind(config.kind);
    m_model->applyConfig(config, kind ? kind->secretFields : QStringList());
    m_stack->setCurrentIndex(ListPage);
    selectChannel(config.name);
    updateDetails();
}

void ChannelsPage::afterSave(const QString& name)
{
    m_host.fetchChannels(this, [this, name](const QList<ChannelStatus>& channels) {
        onChannels(channels);
        selectChannel(name);
        m_table->setFocus();
    });
}

ChannelDialog* ChannelsPage::openAddChannel(const QString& kind)
{
    QStringList names;
    for (const ChannelStatus& c : m_model->channels())
        names << c.config.name;
    auto* dialog = new ChannelDialog(m_host, names, kind, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        applySaved(dialog->savedConfig());
        afterSave(dialog->savedName());
    });
    dialog->open();
    return dialog;
}

ChannelDialog* ChannelsPage::openEditChannel(const QString& name)
{
    const ChannelStatus* c = m_model->channel(m_model->rowOf(name));
    if (!c || m_readOnly)
        return nullptr;
    auto* dialog = new ChannelDialog(m_host, *c, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // Its test result was for the channel as it was.
        m_tests.remove(dialog->savedName());
        // The stored values now: Edit pressed again before the engine's next report must not
        // open the form on the values from before this save.
        applySaved(dialog->savedConfig());
        afterSave(dialog->savedName());
    });
    dialog->open();
    return dialog;
}

AppriseUrlDialog* ChannelsPage::openAddFromUrl()
{
    auto* dialog = new AppriseUrlDialog(m_host, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString name = dialog->savedName();
        QStringList lines { tr("Added the channel %1.").arg(name) };
        for (const QString& n : dialog->notes())
            lines << tr("Note: %1").arg(n);
        showReport(tr("Channel added"), tr("The Apprise URL became the channel %1.").arg(name), lines, false);
        afterSave(name);
    });
    dialog->open();
    return dialog;
}

void ChannelsPage::chooseEnvFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import a .env file"), QString(), tr(".env files (.env *.env);;All files (*)"));
    if (!path.isEmpty())
        importEnvFile(path);
}

void ChannelsPage::importEnvFile(const QString& path)
{
    if (m_readOnly || m_importing)
        return;
    m_importing = true;
    m_import->setEnabled(false);
    m_emptyImport->setEnabled(false);
    m_host.importEnvFile(path, this, [this](const EngineHost::ImportOutcome& o) {
        m_importing = false;
        m_import->setEnabled(!m_readOnly);
        m_emptyImport->setEnabled(!m_readOnly);
        if (!o.error.isEmpty()) {
            showReport(tr("Nothing imported"), o.error, {}, true);
            return;
        }
        const QString heading = o.exitCode == 0 ? tr("Everything usable in the file was imported.")
            : o.exitCode == 2                   ? tr("Imported, but some of the file was rejected: see why below.")
                                                : tr("The import failed: see why below.");
        showReport(tr("Import from .env"), heading, o.summary, o.exitCode != 0);
        refresh();
        Q_EMIT imported(o.exitCode);
    });
}

void ChannelsPage::showReport(const QString& title, const QString& heading, const QStringList& lines, bool problem)
{
    if (m_report)
        m_report->close();
    auto* box = new QMessageBox(
        problem ? QMessageBox::Warning : QMessageBox::Information, title, heading, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(lines.join(QLatin1Char('\n')));
    // Report lines are long (a variable, its line, the reason): give them room.
    box->setStyleSheet(QStringLiteral("QLabel#qt_msgbox_informativelabel { min-width: 620px; }"));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_report = box;
    box->open();
}

void ChannelsPage::sendTest()
{
    const QString name = selectedName();
    if (name.isEmpty() || m_tests.value(name).running)
        return;
    m_tests[name] = TestState { true, false, {} };
    showTestState(name);
    m_host.testChannel(name, this, [this, name](const ChannelResult& r) {
        m_tests[name] = TestState { false, true, r };
        if (selectedName() == name)
            showTestState(name);
        refresh(); // the engine has recorded the test: its error is the channel's last error now
    });
}

void ChannelsPage::showTestState(const QString& channel)
{
    const TestState st = m_tests.value(channel);
    QPalette pal = m_testResult->palette();
    pal.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
    if (st.running) {
        m_testResult->setText(tr("Sending a test message to %1…").arg(channel));
    } else if (!st.done) {
        m_testResult->setText(tr("Not tested in this session. Press Send test (Ctrl+T)."));
        pal.setColor(QPalette::WindowText, UiText::mutedColor());
    } else if (st.result.success()) {
        m_testResult->setText(
            tr("✔ Delivered in %1 (at %2)")
                .arg(UiText::latency(static_cast<double>(st.result.latencyMs)), UiText::time(st.result.finishedAt)));
        pal.setColor(QPalette::WindowText, UiText::okColor());
    } else {
        m_testResult->setText(
            tr("✘ Failed: %1").arg(st.result.error.isEmpty() ? tr("no reason given") : st.result.error));
        pal.setColor(QPalette::WindowText, UiText::errorColor());
    }
    m_testResult->setPalette(pal);
    m_test->setEnabled(!st.running && !selectedName().isEmpty());
}

void ChannelsPage::updateDetails()
{
    const ChannelStatus* c = m_model->channel(m_table->currentIndex().row());
    m_toggle->setEnabled(c && !m_readOnly);
    m_edit->setEnabled(c && !m_readOnly);
    m_remove->setEnabled(c && !m_readOnly);
    m_test->setEnabled(c != nullptr);
    // Hidden (another page is shown): the texts wait for showEvent. Each one set re-lays out
    // the window, and the channels are reported every second while deliveries finish.
    if (!isVisible()) {
        m_detailsDirty = true;
        return;
    }
    m_detailsDirty = false;
    if (!c) {
        m_title->setText(m_model->rowCount() > 0 ? tr("Select a channel") : QString());
        for (QLabel* l : { m_settings, m_secrets, m_lastError, m_testResult })
            l->clear();
        for (QLabel* l : m_figures)
            l->setText(QStringLiteral("—"));
        return;
    }
    m_toggle->setText(c->config.enabled ? tr("&Disable") : tr("&Enable"));
    m_title->setText(
        tr("%1 — %2, %3")
            .arg(c->config.name,
                m_model->data(m_model->index(m_table->currentIndex().row(), ChannelsModel::KindColumn)).toString(),
                c->config.enabled ? tr("enabled") : tr("disabled")));
    QStringList settings;
    for (auto it = c->config.settings.begin(); it != c->config.settings.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isArray()) {
            QStringList items;
            for (const QJsonValue& e : v.toArray())
                items << (e.isString()
                        ? e.toString()
                        : QString::fromUtf8(QJsonDocument(QJsonArray { e }).toJson(QJsonDocument::Compact)));
            text = items.join(QStringLiteral(", "));
        } else if (v.isString()) {
            text = v.toString();
        } else {
            text = QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        }
        settings << tr("%1: %2").arg(it.key(), text);
    }
    m_settings->setText(settings.isEmpty() ? tr("(none besides the secrets)") : settings.join(QStringLiteral(" · ")));
    // Secret values never come back to the window: only whether each one is set.
    QStringList secrets;
    for (const QString& f : c->secretFields)
        secrets << tr("%1: %2").arg(
            secretFieldLabel(c->config.kind, f), c->config.secretFields.contains(f) ? tr("set") : tr("not set"));
    m_secrets->setText(secrets.isEmpty() ? tr("(none)") : secrets.join(QStringLiteral(" · ")));
    const ChannelHealth& h = c->health;
    const QLocale loc;
    const bool finished = h.sent + h.failed > 0;
    m_figures[SentFigure]->setText(loc.toString(h.sent));
    m_figures[SentFigure]->setToolTip(tr("Deliveries that arrived; the last one at %1. Attempts retried: %2.")
                                          .arg(UiText::time(h.lastSuccessAt), loc.toString(h.retried)));
    m_figures[FailedFigure]->setText(loc.toString(h.failed));
    m_figures[SuccessFigure]->setText(
        finished ? tr("%1 %").arg(loc.toString(h.successRate(), 'f', 1)) : QStringLiteral("—"));
    m_figures[LatencyFigure]->setText(
        tr("%1 / %2").arg(UiText::latency(h.latencyP50Ms), UiText::latency(h.latencyP95Ms)));
    m_figures[CircuitFigure]->setText(ChannelsModel::circuitText(h));
    m_figures[CircuitFigure]->setToolTip(ChannelsModel::circuitToolTip(h));
    const auto colour = [this](QLabel* l, const QColor& c) {
        QPalette p = l->palette();
        p.setColor(QPalette::WindowText, c.isValid() ? c : palette().color(QPalette::WindowText));
        l->setPalette(p);
    };
    colour(m_figures[FailedFigure], h.failed > 0 ? UiText::errorColor() : QColor());
    colour(m_figures[SuccessFigure],
        !finished                     ? QColor()
            : h.successRate() >= 99.0 ? UiText::okColor()
                                      : UiText::errorColor());
    colour(m_figures[CircuitFigure], h.circuit == CircuitState::Closed ? QColor() : UiText::errorColor());
    if (c->config.name != m_historyChannel)
        scheduleHistory(0); // another channel: its charts at once
    const QString lastError = !c->loadError.isEmpty() ? c->loadError : localizedDeliveryError(h.lastError);
    m_lastError->setText(lastError.isEmpty() ? tr("none")
            : h.lastErrorAt.isValid()        ? tr("%1 (at %2)").arg(lastError, UiText::time(h.lastErrorAt))
                                             : lastError);
    QPalette errorPalette = m_lastError->palette();
    errorPalette.setColor(
        QPalette::WindowText, lastError.isEmpty() ? palette().color(QPalette::WindowText) : UiText::errorColor());
    m_lastError->setPalette(errorPalette);
    showTestState(c->config.name);
}

} // namespace alertdesk
