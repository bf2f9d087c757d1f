#include "AlertsPage.h"

#include "AlertDetailsPane.h"
#include "AlertsModel.h"
#include "UiText.h"
#include "WelcomePanel.h"
#include "storage/Database.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTreeWidget>
#include <QLocale>
#include <QSplitter>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
enum StackPage { WelcomePage, EmptyPage, TablePage };
constexpr qint64 kCountsEveryMs = 2000; // COUNT(*) is not free on a large history
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
    m_details = new AlertDetailsPane(m_splitter);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({400, 360});
    tv->addWidget(m_splitter, 1);
    m_stack->addWidget(tablePage);
    m_stack->setCurrentIndex(TablePage);
    setFocusProxy(m_table);
    setTabOrder(m_table, m_details->messageView());
    setTabOrder(m_details->messageView(), m_details->dataTree());
    setTabOrder(m_details->dataTree(), m_details->deliveriesTree());
}

AlertsPage::~AlertsPage() = default;

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
    m_model->reload();
    QHeaderView* h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(false);
    const QFontMetrics fm = m_table->fontMetrics();
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    h->resizeSection(AlertsModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59")) + 14);
    h->resizeSection(AlertsModel::PriorityColumn, bfm.horizontalAdvance(QStringLiteral("🔴 CRITICAL")) + 16);
    h->resizeSection(AlertsModel::TypeColumn, fm.horizontalAdvance(UiText::type(AlertType::Performance)) + 14);
    h->resizeSection(AlertsModel::SymbolColumn, fm.horizontalAdvance(QStringLiteral("BTCUSDT")) + 14);
    h->resizeSection(AlertsModel::StateColumn, fm.horizontalAdvance(UiText::state(AlertState::Acknowledged)) + 14);
    h->resizeSection(AlertsModel::DeliveriesColumn, fm.horizontalAdvance(QStringLiteral("1/2 · 1 pending")) + 14);
    h->resizeSection(AlertsModel::TitleColumn, fm.averageCharWidth() * 48);
    h->setSectionResizeMode(AlertsModel::TitleColumn, QHeaderView::Stretch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AlertsPage::onCurrentChanged);
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
    updateStack();
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void AlertsPage::setHasChannels(bool has)
{
    m_hasChannels = has;
    updateStack();
}

void AlertsPage::setReadOnly(bool readOnly) { m_welcome->setReadOnly(readOnly); }

bool AlertsPage::showsWelcome() const { return m_stack->currentIndex() == WelcomePage; }

void AlertsPage::updateStack()
{
    const bool hasAlerts = m_model && m_model->rowCount() > 0;
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
    if (wasEmpty && m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->selectRow(0);
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
    QSqlQuery q(m_db->db());
    qint64 total = 0, open = 0;
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next())
        total = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts WHERE state = 0")) && q.next())
        open = q.value(0).toLongLong();
    if (total == m_total && open == m_open)
        return;
    m_total = total;
    m_open = open;
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

} // namespace alertdesk
