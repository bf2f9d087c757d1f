// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/AlertsPage.h"

#include "UiText.h"
#include "alerts/AlertClipboard.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertDialogs.h"
#include "alerts/AlertsModel.h"
#include "alerts/BulkActionRunner.h"
#include "alerts/SavedFilters.h"
#include "alerts/WelcomePanel.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/HistoryQuery.h"
#include "widgets/CachedTextDelegate.h"
#include "widgets/FlowLayout.h"
#include "widgets/KeyboardHelpers.h"
#include "widgets/SteadyText.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace alertdesk {

namespace {
enum StackPage { WelcomePage, EmptyPage, TablePage };
constexpr qint64 kCountsEveryMs = 2000; // counts and filter choices, at most this often
constexpr int kTypingPauseMs = 250; // a search or symbol applies once typing pauses
constexpr qint64 kHourMs = 3600LL * 1000;
constexpr int kAtLeast = 100; // the priority filter's "and above" items
} // namespace

AlertsPage::AlertsPage(QWidget* parent)
    : QWidget(parent)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    v->addWidget(m_stack);

    m_welcome = new WelcomePanel(m_stack);
    m_stack->addWidget(m_welcome);
    connect(m_welcome, &WelcomePanel::addChannelRequested, this, &AlertsPage::addChannelRequested);
    connect(m_welcome, &WelcomePanel::channelsRequested, this, &AlertsPage::channelsRequested);
    connect(m_welcome, &WelcomePanel::composeRequested, this, &AlertsPage::composeRequested);

    m_empty = new QLabel(tr("<h3>No alerts yet</h3><p>Alerts from your bots, from <tt>alertdesk-cli send</tt> or from "
                            "the Compose page appear here the moment they arrive.</p>"),
        m_stack);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_empty);

    auto* tablePage = new QWidget(m_stack);
    auto* tv = new QVBoxLayout(tablePage);
    tv->setContentsMargins(0, 0, 0, 0);
    tv->setSpacing(4);
    buildBars(tablePage, tv);
    m_noMatch = new QLabel(tr("No alert matches these filters."), tablePage);
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->setEnabled(false);
    m_noMatch->hide();
    tv->addWidget(m_noMatch);
    m_splitter = new QSplitter(Qt::Vertical, tablePage);
    m_splitter->setChildrenCollapsible(false);
    m_table = new QTableView(m_splitter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the details pane
    m_table->setAccessibleName(tr("Alerts"));
    // Ctrl+C on the table copies the selected alerts as text (the menu has the other forms),
    // in place of the view's own copy of one cell.
    m_table->installEventFilter(this);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        menu.addAction(m_ackAction);
        QMenu* snooze = menu.addMenu(tr("S&nooze"));
        snooze->setEnabled(m_snoozeAction->isEnabled());
        snooze->addActions(m_snoozeMenu->actions());
        menu.addAction(m_resolveAction);
        menu.addAction(m_reopenAction);
        menu.addSeparator();
        QMenu* copy = menu.addMenu(tr("&Copy"));
        copy->setEnabled(!selectedAlerts().isEmpty());
        AlertClipboard::addCopyActions(copy, [this] { return selectedAlerts(); });
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    m_details = new AlertDetailsPane(m_splitter);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 400, 360 });
    tv->addWidget(m_splitter, 1);
    m_stack->addWidget(tablePage);
    m_stack->setCurrentIndex(TablePage);
    KeyboardHelpers::setEntryFocus(this, m_table);
    KeyboardHelpers::clearOnEscape(m_search, m_table);
    // Keyboard order: the actions, the search and filters, the table, the details.
    setTabOrder(m_ackButton, m_snoozeButton);
    setTabOrder(m_snoozeButton, m_resolveButton);
    setTabOrder(m_resolveButton, m_reopenButton);
    setTabOrder(m_reopenButton, m_unackButton);
    setTabOrder(m_unackButton, m_search);
    setTabOrder(m_search, m_stateFilter);
    setTabOrder(m_stateFilter, m_priorityFilter);
    setTabOrder(m_priorityFilter, m_typeFilter);
    setTabOrder(m_typeFilter, m_symbolFilter);
    setTabOrder(m_symbolFilter, m_channelFilter);
    setTabOrder(m_channelFilter, m_timeFilter);
    setTabOrder(m_timeFilter, m_saved);
    setTabOrder(m_saved, m_clearFilters);
    setTabOrder(m_clearFilters, m_table);
    setTabOrder(m_table, m_details->messageView());
    setTabOrder(m_details->messageView(), m_details->dataTree());
    setTabOrder(m_details->dataTree(), m_details->deliveriesTree());
    setTabOrder(m_details->deliveriesTree(), m_details->eventsTree());
    updateActions();
}

void AlertsPage::buildBars(QWidget* host, QVBoxLayout* layout)
{
    // The actions, on the page's shortcuts as well as its buttons and the table's menu.
    m_ackAction = new QAction(tr("&Acknowledge…"), this);
    m_ackAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_ackAction->setToolTip(tr("Acknowledge the selected alerts, with an optional note (Ctrl+Shift+A)"));
    m_snoozeAction = new QAction(tr("S&nooze"), this);
    m_snoozeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_resolveAction = new QAction(tr("&Resolve"), this);
    m_resolveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_resolveAction->setToolTip(tr("Resolve the selected alerts (Ctrl+Shift+R)"));
    m_reopenAction = new QAction(tr("Re&open"), this);
    m_reopenAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_reopenAction->setToolTip(
        tr("Open the selected alerts again: undoes acknowledge, snooze or resolve (Ctrl+Shift+O)"));
    connect(m_reopenAction, &QAction::triggered, this, [this] { reopenSelected(); });
    // The whole window's, so that they act wherever the focus is (the sidebar too) while the
    // page is shown; a hidden page's shortcuts do not fire.
    for (QAction* a : { m_ackAction, m_snoozeAction, m_resolveAction, m_reopenAction }) {
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
    }
    connect(m_ackAction, &QAction::triggered, this, &AlertsPage::openAcknowledgeDialog);
    connect(m_resolveAction, &QAction::triggered, this, [this] { resolveSelected(); });

    m_snoozeMenu = new QMenu(this);
    const struct {
        QString text;
        qint64 ms;
    } durations[] = { { tr("For 15 minutes"), 15LL * 60 * 1000 }, { tr("For 1 hour"), kHourMs },
        { tr("For 4 hours"), 4 * kHourMs } };
    for (const auto& d : durations) {
        const qint64 ms = d.ms;
        m_snoozeMenu->addAction(d.text, this, [this, ms] { snoozeSelected(QDateTime::currentMSecsSinceEpoch() + ms); });
    }
    m_snoozeMenu->addAction(tr("Until tomorrow 08:00"), this,
        [this] { snoozeSelected(tomorrowMorning(QDateTime::currentDateTime()).toMSecsSinceEpoch()); });
    m_snoozeMenu->addSeparator();
    m_snoozeMenu->addAction(tr("Until a date and time…"), this, &AlertsPage::openSnoozeDialog);

    auto* actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    m_ackButton = new QPushButton(m_ackAction->text(), host);
    m_ackButton->setToolTip(m_ackAction->toolTip());
    connect(m_ackButton, &QPushButton::clicked, m_ackAction, &QAction::trigger);
    m_snoozeButton = new QPushButton(m_snoozeAction->text(), host);
    m_snoozeButton->setToolTip(tr("Snooze the selected alerts: they open again when the time is up (Ctrl+Shift+S)"));
    m_snoozeButton->setMenu(m_snoozeMenu);
    connect(m_snoozeAction, &QAction::triggered, m_snoozeButton, &QPushButton::showMenu);
    m_resolveButton = new QPushButton(m_resolveAction->text(), host);
    m_resolveButton->setToolTip(m_resolveAction->toolTip());
    connect(m_resolveButton, &QPushButton::clicked, m_resolveAction, &QAction::trigger);
    m_reopenButton = new QPushButton(m_reopenAction->text(), host);
    m_reopenButton->setToolTip(m_reopenAction->toolTip());
    connect(m_reopenButton, &QPushButton::clicked, m_reopenAction, &QAction::trigger);
    m_message = new QLabel(host);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMinimumWidth(1);
    m_unackButton = new QPushButton(host);
    m_unackButton->setFlat(true);
    m_unackButton->setToolTip(tr("Alerts nobody has acknowledged, snoozed or resolved yet: click to show only them"));
    connect(m_unackButton, &QPushButton::clicked, this,
        [this] { m_stateFilter->setCurrentIndex(m_stateFilter->findData(static_cast<int>(AlertState::Open))); });
    // The search ends the actions' row, wide enough for its hint in every language, so that the
    // filters below have their row to themselves (they are longer in Spanish or German).
    m_search = new QLineEdit(host);
    m_search->setPlaceholderText(tr("Search titles and messages (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));
    m_search->setMinimumWidth(
        std::max(180, m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) + 48));
    actions->addWidget(m_ackButton);
    actions->addWidget(m_snoozeButton);
    actions->addWidget(m_resolveButton);
    actions->addWidget(m_reopenButton);
    actions->addSpacing(8);
    actions->addWidget(m_message, 1);
    actions->addWidget(m_unackButton);
    actions->addWidget(m_search);
    layout->addLayout(actions);

    // The filters: each combo names what it filters while it does not.
    // They wrap onto a second line when the window is narrow (2×, German) rather than clip.
    auto* filters = new FlowLayout(nullptr, 4);
    filters->setContentsMargins(0, 0, 0, 0);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    auto combo = [host](const QString& name) {
        auto* c = new QComboBox(host);
        c->setAccessibleName(name);
        c->setToolTip(name);
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        return c;
    };
    m_stateFilter = combo(tr("State"));
    m_stateFilter->addItem(tr("Any state"));
    for (AlertState st : { AlertState::Open, AlertState::Acknowledged, AlertState::Snoozed, AlertState::Resolved })
        m_stateFilter->addItem(UiText::state(st), static_cast<int>(st));
    m_priorityFilter = combo(tr("Priority"));
    m_priorityFilter->addItem(tr("Any priority"));
    for (int p = 0; p <= static_cast<int>(Priority::Info); ++p) {
        m_priorityFilter->addItem(UiText::priority(static_cast<Priority>(p)), p);
        m_priorityFilter->setItemData(
            m_priorityFilter->count() - 1, UiText::priorityTextColor(static_cast<Priority>(p)), Qt::ForegroundRole);
    }
    // "HIGH and above": the data is the priority plus kAtLeast.
    for (Priority p : { Priority::High, Priority::Medium, Priority::Low })
        m_priorityFilter->addItem(tr("%1 and above").arg(UiText::priority(p)), kAtLeast + static_cast<int>(p));
    m_typeFilter = combo(tr("Type"));
    m_typeFilter->addItem(tr("Any type"));
    for (int t = 0; t <= static_cast<int>(AlertType::Custom); ++t)
        m_typeFilter->addItem(UiText::type(static_cast<AlertType>(t)), t);
    m_symbolFilter = combo(tr("Symbol"));
    m_symbolFilter->setEditable(true);
    m_symbolFilter->setInsertPolicy(QComboBox::NoInsert);
    m_symbolFilter->lineEdit()->setPlaceholderText(tr("Any symbol"));
    m_symbolFilter->lineEdit()->setClearButtonEnabled(true);
    m_symbolFilter->addItem(QString());
    m_symbolFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_symbolFilter->setMinimumContentsLength(
        std::max(10, int(m_symbolFilter->lineEdit()->placeholderText().size()) + 2));
    m_channelFilter = combo(tr("Channel"));
    m_channelFilter->addItem(tr("Any channel"));
    m_timeFilter = combo(tr("Time range"));
    m_timeFilter->addItems({ tr("Any time"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"),
        tr("Last 30 days"), tr("Custom range…") });
    m_clearFilters = new QPushButton(tr("C&lear"), host);
    m_clearFilters->setToolTip(tr("Show every alert again"));
    connect(m_clearFilters, &QPushButton::clicked, this, &AlertsPage::clearFilters);
    for (QComboBox* c :
        { m_stateFilter, m_priorityFilter, m_typeFilter, m_symbolFilter, m_channelFilter, m_timeFilter })
        filters->addWidget(c);
    m_saved = new SavedFilters(host);
    m_saved->setFilterAccess([this] { return currentFilter(); }, [this](const AlertFilter& f) { showFilter(f); });
    filters->addWidget(m_saved);
    filters->addWidget(m_clearFilters);
    layout->addLayout(filters);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(kTypingPauseMs);
    connect(m_filterTimer, &QTimer::timeout, this, &AlertsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &AlertsPage::applyFilter);
    connect(m_symbolFilter, &QComboBox::currentTextChanged, m_filterTimer, qOverload<>(&QTimer::start));
    for (QComboBox* c : { m_stateFilter, m_priorityFilter, m_typeFilter, m_channelFilter })
        connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &AlertsPage::applyFilter);
    connect(m_timeFilter, qOverload<int>(&QComboBox::activated), this, &AlertsPage::onTimeChosen);
}

AlertsPage::~AlertsPage() = default;

void AlertsPage::setEngineHost(EngineHost* host)
{
    m_host = host;
    m_saved->setEngineHost(host);
}

void AlertsPage::setDatabase(Database* db)
{
    m_db = db;
    m_details->setDatabase(db);
    delete m_model;
    m_model = nullptr;
    if (!db) {
        m_table->setModel(nullptr);
        return;
    }
    m_model = new AlertsModel(*db, this);
    m_table->setModel(m_model);
    if (currentFilter().isEmpty())
        m_model->reload();
    else
        m_model->setFilter(currentFilter());
    QHeaderView* h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(false);
    const QFontMetrics fm = m_table->fontMetrics();
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    h->resizeSection(AlertsModel::TimeColumn,
        fm.horizontalAdvance(
            QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), UiText::dateTimeFormat(false)))
            + 14);
    h->resizeSection(AlertsModel::PriorityColumn, bfm.horizontalAdvance(QStringLiteral("🔴 CRITICAL")) + 16);
    h->resizeSection(AlertsModel::TypeColumn, fm.horizontalAdvance(UiText::type(AlertType::Performance)) + 14);
    h->resizeSection(AlertsModel::SymbolColumn, fm.horizontalAdvance(QStringLiteral("MATICUSDT")) + 14);
    h->resizeSection(AlertsModel::StateColumn, fm.horizontalAdvance(UiText::state(AlertState::Acknowledged)) + 14);
    // Wide enough for the common summaries in the window's language (German ones are longer).
    int deliveriesWidth = 0;
    for (const QString& text :
        { UiText::deliveriesShort(2, 1, 0, 0), UiText::deliveriesShort(2, 1, 1, 0), UiText::deliveriesShort(2, 2, 0, 0),
            m_model->headerData(AlertsModel::DeliveriesColumn, Qt::Horizontal).toString() })
        deliveriesWidth = std::max(deliveriesWidth, fm.horizontalAdvance(text));
    h->resizeSection(AlertsModel::DeliveriesColumn, deliveriesWidth + 14);
    h->resizeSection(AlertsModel::TitleColumn, fm.averageCharWidth() * 48);
    h->setSectionResizeMode(AlertsModel::TitleColumn, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(AlertsModel::PriorityColumn, new CachedTextDelegate(m_table));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AlertsPage::onCurrentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_allMatching = m_allMatching && m_selectingAll; // any other change of the selection ends it
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertsPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertsPage::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid() && current.row() >= from.row() && current.row() <= to.row())
            m_detailsDirty = true; // picked up at the end of this refresh
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reload (storm or start) drops the selection: put it back on the same alert.
        if (!m_details->alertId().isEmpty())
            selectAlert(m_details->alertId());
    });
    updateCounts(true);
    updateFilterChoices();
    updateStack();
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    else
        QTimer::singleShot(0, this, [this] { drawPriorityGlyphsOnce(); });
    updateActions();
}

void AlertsPage::setHasChannels(bool has)
{
    m_hasChannels = has;
    updateStack();
}

void AlertsPage::setReadOnly(bool readOnly)
{
    m_welcome->setReadOnly(readOnly);
}

bool AlertsPage::showsWelcome() const
{
    return m_stack->currentIndex() == WelcomePage;
}

void AlertsPage::updateStack()
{
    // The history's count, not the rows shown: a filter that matches nothing keeps the table.
    const bool hasAlerts = m_model && (m_model->rowCount() > 0 || m_total > 0 || !m_model->filter().isEmpty());
    if (m_noMatch)
        m_noMatch->setVisible(m_model && m_model->rowCount() == 0 && !m_model->filter().isEmpty());
    const int want = hasAlerts ? TablePage : (!m_hasChannels ? WelcomePage : (m_model ? EmptyPage : TablePage));
    if (m_stack->currentIndex() != want)
        m_stack->setCurrentIndex(want);
}

void AlertsPage::markDirty(const QString& alertId)
{
    if (m_model)
        m_model->markDirty(alertId);
    if (alertId == m_details->alertId())
        m_detailsDirty = true;
}

void AlertsPage::drawPriorityGlyphsOnce() const
{
    // An empty history shows the welcome panel: nothing has drawn the priorities' colour emoji
    // yet (a PNG per glyph to decode, about 10 ms the first time). Drawn once now, idle,
    // rather than in the table's first paint, which can be the first second of a storm.
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    QPixmap pm(fm.horizontalAdvance(UiText::priority(Priority::Critical)) * 2, fm.height());
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setFont(bold);
    for (const Priority priority :
        { Priority::Critical, Priority::High, Priority::Medium, Priority::Low, Priority::Info })
        p.drawText(QRect(QPoint(0, 0), pm.size()), Qt::AlignLeft | Qt::AlignVCenter, UiText::priority(priority));
}

void AlertsPage::refresh()
{
    if (!m_model)
        return;
    const bool wasEmpty = m_model->rowCount() == 0;
    QList<int> visible;
    const int top = m_table->rowAt(0);
    if (top >= 0) {
        int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
        if (bottom < 0)
            bottom = m_model->rowCount() - 1;
        for (int r = top; r <= bottom; ++r)
            visible << r;
    }
    m_model->refresh(visible);
    // The details are rebuilt only when their alert may have changed, not on every refresh of
    // a storm: marked by an engine event, or deliveries still open (another process may be
    // delivering them).
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    const bool shown = current >= 0 && m_model->alertId(current) == m_details->alertId();
    if (!m_details->alertId().isEmpty() && (m_detailsDirty || (shown && m_model->deliveriesOpen(current))))
        m_details->reloadCurrent();
    m_detailsDirty = false;
    updateCounts(false);
    updateStack();
    // The first alert of an empty history is selected (its details built, about 10 ms the
    // first time) in a dispatch of its own: the table's first rows and the details do not hold
    // the event loop together in a storm's first refresh.
    if (wasEmpty && m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
        QTimer::singleShot(0, this, [this] {
            if (m_model && m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
                m_table->selectRow(0);
        });
}

void AlertsPage::updateCounts(bool force)
{
    if (!m_db)
        return;
    if (!force && m_countsAge.isValid() && m_countsAge.elapsed() < kCountsEveryMs) {
        // Counted a moment ago: count again when the interval is over, so the last change of
        // a burst is not left out until something else happens.
        if (!m_countsTimer) {
            m_countsTimer = new QTimer(this);
            m_countsTimer->setSingleShot(true);
            connect(m_countsTimer, &QTimer::timeout, this, [this] { updateCounts(true); });
        }
        if (!m_countsTimer->isActive())
            m_countsTimer->start(static_cast<int>(kCountsEveryMs - m_countsAge.elapsed()));
        return;
    }
    if (m_countsTimer)
        m_countsTimer->stop();
    m_countsAge.start();
    const HistoryCounts counts = HistoryQuery(*m_db).counts();
    const qint64 total = counts.total, open = counts.open;
    updateFilterChoices();
    if (total == m_total && open == m_open)
        return;
    m_total = total;
    m_open = open;
    SteadyText::set(m_unackButton, tr("%1 unacknowledged").arg(QLocale().toString(open)));
    updateStack();
    Q_EMIT countsChanged(total, open);
}

void AlertsPage::onCurrentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        m_details->showAlert(m_model->alertId(current.row()));
}

void AlertsPage::selectAlert(const QString& alertId)
{
    if (!m_model)
        return;
    const int row = m_model->rowOf(alertId);
    if (row < 0)
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

AlertFilter AlertsPage::currentFilter() const
{
    AlertFilter f;
    if (const QVariant v = m_stateFilter->currentData(); v.isValid())
        f.state = static_cast<AlertState>(v.toInt());
    if (const QVariant v = m_priorityFilter->currentData(); v.isValid()) {
        f.priorityAtLeast = v.toInt() >= kAtLeast;
        f.priority = static_cast<Priority>(v.toInt() % kAtLeast);
    }
    if (const QVariant v = m_typeFilter->currentData(); v.isValid())
        f.type = static_cast<AlertType>(v.toInt());
    f.symbol = m_symbolFilter->currentText().trimmed();
    if (const int known = m_symbolFilter->findText(f.symbol, Qt::MatchFixedString); known > 0)
        f.symbol = m_symbolFilter->itemText(known); // typed in another case
    if (m_channelFilter->currentIndex() > 0)
        f.channel = m_channelFilter->currentText();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    switch (m_timeFilter->currentIndex()) {
    case LastHour:
        f.fromMs = now - kHourMs;
        break;
    case LastDay:
        f.fromMs = now - 24 * kHourMs;
        break;
    case LastWeek:
        f.fromMs = now - 7LL * 24 * kHourMs;
        break;
    case LastMonth:
        f.fromMs = now - 30LL * 24 * kHourMs;
        break;
    case CustomRange:
        f.fromMs = m_customFrom.isValid() ? m_customFrom.toMSecsSinceEpoch() : 0;
        f.toMs = m_customTo.isValid() ? m_customTo.toMSecsSinceEpoch() : 0;
        break;
    default:
        break;
    }
    f.search = m_search->text().trimmed();
    return f;
}

void AlertsPage::applyFilter()
{
    m_filterTimer->stop();
    const AlertFilter f = currentFilter();
    m_clearFilters->setEnabled(!f.isEmpty());
    if (!m_model || (f == m_model->filter() && m_timeFilter->currentIndex() == AnyTime))
        return;
    const QString current = m_details->alertId();
    m_allMatching = false;
    m_model->setFilter(f);
    updateStack();
    // Stay on the alert the details show when it is still in; else the newest one.
    const int row = current.isEmpty() ? -1 : m_model->rowOf(current);
    if (row >= 0)
        selectAlert(current);
    else if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    updateActions();
}

void AlertsPage::clearFilters()
{
    const QSignalBlocker b1(m_search), b2(m_stateFilter), b3(m_priorityFilter), b4(m_typeFilter), b5(m_symbolFilter),
        b6(m_channelFilter), b7(m_timeFilter);
    m_search->clear();
    for (QComboBox* c : { m_stateFilter, m_priorityFilter, m_typeFilter, m_channelFilter, m_timeFilter })
        c->setCurrentIndex(0);
    m_symbolFilter->setCurrentIndex(0);
    m_symbolFilter->setEditText(QString());
    m_lastTimeIndex = AnyTime;
    m_timeFilter->setItemText(CustomRange, tr("Custom range…"));
    applyFilter();
}

void AlertsPage::onTimeChosen(int index)
{
    if (index == CustomRange) {
        openRangeDialog();
        return;
    }
    m_lastTimeIndex = index;
    applyFilter();
}

void AlertsPage::setCustomRange(const QDateTime& from, const QDateTime& to)
{
    m_customFrom = from;
    m_customTo = to;
    m_lastTimeIndex = CustomRange;
    const QString format = UiText::dateTimeFormat(false);
    m_timeFilter->setItemText(
        CustomRange, tr("%1 – %2").arg(QLocale().toString(from, format), QLocale().toString(to, format)));
    m_timeFilter->setCurrentIndex(CustomRange);
    applyFilter();
}

void AlertsPage::showFilter(const AlertFilter& filter)
{
    {
        const QSignalBlocker b1(m_search), b2(m_stateFilter), b3(m_priorityFilter), b4(m_typeFilter),
            b5(m_symbolFilter), b6(m_channelFilter), b7(m_timeFilter);
        const auto choose = [](QComboBox* c, const std::optional<int>& value) {
            c->setCurrentIndex(value ? std::max(0, c->findData(*value)) : 0);
        };
        m_search->setText(filter.search);
        choose(m_stateFilter, filter.state ? std::optional(static_cast<int>(*filter.state)) : std::nullopt);
        choose(m_priorityFilter,
            filter.priority
                ? std::optional(static_cast<int>(*filter.priority) + (filter.priorityAtLeast ? kAtLeast : 0))
                : std::nullopt);
        choose(m_typeFilter, filter.type ? std::optional(static_cast<int>(*filter.type)) : std::nullopt);
        m_symbolFilter->setEditText(filter.symbol);
        int channel = filter.channel.isEmpty() ? 0 : m_channelFilter->findText(filter.channel);
        if (channel < 0) { // not among the choices read so far
            m_channelFilter->addItem(filter.channel);
            channel = m_channelFilter->count() - 1;
        }
        m_channelFilter->setCurrentIndex(channel);
        m_timeFilter->setCurrentIndex(AnyTime);
        m_lastTimeIndex = AnyTime;
    }
    if (filter.fromMs > 0 || filter.toMs > 0)
        setCustomRange(filter.fromMs > 0 ? QDateTime::fromMSecsSinceEpoch(filter.fromMs) : QDateTime(),
            filter.toMs > 0 ? QDateTime::fromMSecsSinceEpoch(filter.toMs) : QDateTime());
    else
        applyFilter();
}

void AlertsPage::openRangeDialog()
{
    const QDateTime now = QDateTime::currentDateTime();
    AlertDialogs::range(
        this, m_customFrom.isValid() ? m_customFrom : now.addDays(-1), m_customTo.isValid() ? m_customTo : now,
        [this](const QDateTime& from, const QDateTime& to) { setCustomRange(from, to); },
        [this] {
            const QSignalBlocker block(m_timeFilter);
            m_timeFilter->setCurrentIndex(m_lastTimeIndex);
        });
}

void AlertsPage::updateFilterChoices()
{
    if (!m_db)
        return;
    // New symbols and channels join the lists; what is there stays (a list open under the
    // mouse must not change), and so does the user's choice.
    const auto add = [](QComboBox* c, const QStringList& values) {
        for (const QString& v : values) {
            if (c->findText(v, Qt::MatchFixedString | Qt::MatchCaseSensitive) < 0)
                c->addItem(v);
        }
    };
    const QSignalBlocker b1(m_symbolFilter), b2(m_channelFilter);
    const QString symbolText = m_symbolFilter->currentText();
    const HistoryQuery history(*m_db);
    add(m_symbolFilter, history.symbols());
    m_symbolFilter->setEditText(symbolText);
    add(m_channelFilter, history.channels());
}

bool AlertsPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
        AlertClipboard::copy(selectedAlerts(), AlertClipboard::Format::Text);
        return true;
    }
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::SelectAll)) {
            selectAllMatching();
            return true;
        }
        if (key->key() == Qt::Key_End && !(key->modifiers() & Qt::ShiftModifier)) {
            goToOldest();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QList<Alert> AlertsPage::selectedAlerts() const
{
    QList<Alert> out;
    if (!m_model || !m_db || !m_table->selectionModel())
        return out;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    const AlertStore store(*m_db);
    for (const QModelIndex& i : std::as_const(rows)) {
        if (auto a = store.get(m_model->alertId(i.row())))
            out << *a;
    }
    return out;
}

QStringList AlertsPage::selectedIds(EngineHost::AlertAction action) const
{
    QStringList ids;
    if (!m_model || !m_table->selectionModel())
        return ids;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows()) {
        const std::optional<AlertState> st = m_model->state(i.row());
        if (!st)
            continue;
        bool fits = false;
        switch (action) {
        case EngineHost::AlertAction::Acknowledge:
            fits = *st == AlertState::Open || *st == AlertState::Snoozed;
            break;
        case EngineHost::AlertAction::Snooze:
        case EngineHost::AlertAction::Resolve:
            fits = *st != AlertState::Resolved;
            break;
        case EngineHost::AlertAction::Reopen:
            fits = *st != AlertState::Open;
            break;
        }
        if (fits)
            ids << m_model->alertId(i.row());
    }
    return ids;
}

int AlertsPage::actionCount(EngineHost::AlertAction action) const
{
    if (m_allMatching)
        return static_cast<int>(std::min<qint64>(BulkActionRunner::countFor(action, m_matchCounts), INT_MAX));
    return static_cast<int>(selectedIds(action).size());
}

void AlertsPage::updateActions()
{
    const bool idle = m_host && m_pendingActions == 0;
    const int ack = actionCount(EngineHost::AlertAction::Acknowledge);
    const int snooze = actionCount(EngineHost::AlertAction::Snooze);
    const int resolve = actionCount(EngineHost::AlertAction::Resolve);
    const int reopen = actionCount(EngineHost::AlertAction::Reopen);
    m_ackAction->setEnabled(idle && ack > 0);
    m_snoozeAction->setEnabled(idle && snooze > 0);
    m_resolveAction->setEnabled(idle && resolve > 0);
    m_reopenAction->setEnabled(idle && reopen > 0);
    m_ackButton->setEnabled(m_ackAction->isEnabled());
    m_snoozeButton->setEnabled(m_snoozeAction->isEnabled());
    m_resolveButton->setEnabled(m_resolveAction->isEnabled());
    m_reopenButton->setEnabled(m_reopenAction->isEnabled());
    m_ackButton->setText(ack > 1 ? tr("&Acknowledge %Ln…", nullptr, ack) : m_ackAction->text());
    m_snoozeButton->setText(snooze > 1 ? tr("S&nooze %Ln", nullptr, snooze) : m_snoozeAction->text());
    m_resolveButton->setText(resolve > 1 ? tr("&Resolve %Ln", nullptr, resolve) : m_resolveAction->text());
    m_reopenButton->setText(reopen > 1 ? tr("Re&open %Ln", nullptr, reopen) : m_reopenAction->text());
}

void AlertsPage::selectAllMatching()
{
    if (!m_model || !m_db)
        return;
    {
        const QScopedValueRollback guard(m_selectingAll, true);
        m_allMatching = true;
        m_table->selectAll();
    }
    // Counted once, up to the newest alert now: the bulk action walks the same set.
    HistoryQuery query(*m_db);
    query.setFilter(m_model->filter());
    m_matchUpTo = query.newestSeq();
    m_matchCounts = query.countByState(m_matchUpTo);
    m_allMatching = true;
    updateActions();
}

void AlertsPage::goToOldest()
{
    if (!m_model)
        return;
    // Larger pages on the way down: fewer reads for the same rows.
    const int pageSize = m_model->pageSize();
    m_model->setPageSize(std::max(pageSize, 5000));
    while (m_model->canFetchMore({}))
        m_model->fetchMore({});
    m_model->setPageSize(pageSize);
    if (m_model->rowCount() > 0) {
        m_table->selectRow(m_model->rowCount() - 1);
        m_table->scrollToBottom();
    }
}

QDateTime AlertsPage::tomorrowMorning(const QDateTime& now)
{
    const QDateTime local = now.toLocalTime();
    return { local.date().addDays(1), QTime(8, 0), Qt::LocalTime };
}

void AlertsPage::openAcknowledgeDialog()
{
    if (const int count = actionCount(EngineHost::AlertAction::Acknowledge); count > 0)
        AlertDialogs::acknowledge(
            this, count, m_allMatching, [this](const QString& note) { acknowledgeSelected(note); });
}

void AlertsPage::openSnoozeDialog()
{
    if (actionCount(EngineHost::AlertAction::Snooze) > 0)
        AlertDialogs::snooze(this, [this](qint64 untilMs, const QString& note) { snoozeSelected(untilMs, note); });
}

void AlertsPage::acknowledgeSelected(const QString& note)
{
    runAction(EngineHost::AlertAction::Acknowledge, 0, note);
}

void AlertsPage::snoozeSelected(qint64 untilMs, const QString& note)
{
    runAction(EngineHost::AlertAction::Snooze, untilMs, note);
}

void AlertsPage::resolveSelected(const QString& note)
{
    runAction(EngineHost::AlertAction::Resolve, 0, note);
}

void AlertsPage::reopenSelected(const QString& note)
{
    runAction(EngineHost::AlertAction::Reopen, 0, note);
}

void AlertsPage::runAction(EngineHost::AlertAction action, qint64 untilMs, const QString& note)
{
    if (!m_allMatching) {
        changeAlerts(selectedIds(action), action, untilMs, note);
        return;
    }
    // The acknowledge dialog has asked already, with the count.
    if (action == EngineHost::AlertAction::Acknowledge)
        runBulk(action, untilMs, note);
    else
        BulkActionRunner::confirm(
            this, action, actionCount(action), [this, action, untilMs, note, guard = QPointer(this)] {
                if (guard)
                    runBulk(action, untilMs, note);
            });
}

void AlertsPage::runBulk(EngineHost::AlertAction action, qint64 untilMs, const QString& note)
{
    if (!m_host || !m_db || !m_model || m_bulk || actionCount(action) == 0)
        return;
    ++m_pendingActions;
    updateActions();
    m_message->setText(tr("Working…"));
    m_bulk = new BulkActionRunner(
        *m_db, *m_host, m_model->filter(), m_matchUpTo, action, untilMs, note, actionCount(action), this);
    connect(m_bulk, &BulkActionRunner::finished, this,
        [this, action](const QStringList& changed, const QStringList& errors, bool cancelled) {
            m_bulk->deleteLater();
            m_bulk = nullptr;
            --m_pendingActions;
            m_allMatching = false;
            m_model->reload(); // many rows changed, some may have left the filter
            if (m_model->rowCount() > 0)
                m_table->selectRow(0);
            updateCounts(true);
            reportAction(action, changed, errors);
            if (cancelled)
                m_message->setText(m_message->text() + tr(" · cancelled"));
            updateActions();
            Q_EMIT actionFinished(changed, errors);
        });
    m_bulk->start();
}

void AlertsPage::changeAlerts(
    const QStringList& ids, EngineHost::AlertAction action, qint64 untilMs, const QString& note)
{
    if (ids.isEmpty() || !m_host)
        return;
    ++m_pendingActions;
    updateActions();
    m_message->setText(tr("Working…"));
    // The engine thread changes each alert in its own transaction, as the CLI does; the
    // table and the details are read again once it has committed.
    m_host->changeAlerts(
        ids, action, untilMs, note, this, [this, action](const QStringList& changed, const QStringList& errors) {
            --m_pendingActions;
            for (const QString& id : changed)
                markDirty(id);
            refresh();
            updateCounts(true);
            reportAction(action, changed, errors);
            updateActions();
            Q_EMIT actionFinished(changed, errors);
        });
}

void AlertsPage::reportAction(EngineHost::AlertAction action, const QStringList& changed, const QStringList& errors)
{
    const int n = static_cast<int>(changed.size());
    QString text;
    switch (action) {
    case EngineHost::AlertAction::Acknowledge:
        text = tr("Acknowledged: %Ln", nullptr, n);
        break;
    case EngineHost::AlertAction::Snooze:
        text = tr("Snoozed: %Ln", nullptr, n);
        break;
    case EngineHost::AlertAction::Resolve:
        text = tr("Resolved: %Ln", nullptr, n);
        break;
    case EngineHost::AlertAction::Reopen:
        text = tr("Reopened: %Ln", nullptr, n);
        break;
    }
    // A bulk action's refusals can be thousands: the count here, the first few in the tip.
    if (errors.size() > 3)
        text += tr(" · not changed: %Ln", nullptr, static_cast<int>(errors.size()));
    else if (!errors.isEmpty())
        text += tr(" · not changed: %1").arg(errors.join(QStringLiteral("; ")));
    m_message->setText(text);
    m_message->setToolTip(errors.mid(0, 20).join(QLatin1Char('\n')));
}

} // namespace alertdesk
