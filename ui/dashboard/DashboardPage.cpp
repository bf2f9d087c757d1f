// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "dashboard/DashboardPage.h"

#include "UiLogging.h"
#include "UiText.h"
#include "widgets/HourlyChart.h"
#include "widgets/KeyboardHelpers.h"
#include "widgets/Theme.h"

#include <QButtonGroup>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>
#include <functional>
#include <limits>

namespace alertdesk {

namespace {
constexpr int kRangeDays[] = { 1, 7, 30 };
constexpr int kKeyRole = Qt::UserRole; // a list row's symbol, rule or channel
constexpr qint64 kRefreshEveryMs = 2000; // while the history keeps changing

// "45 s", "4 min 10 s", "2 h 5 min", "3 d 4 h": as a trader thinks of a wait.
QString waitText(double ms)
{
    if (ms < 0)
        return QStringLiteral("—");
    const auto s = static_cast<qint64>(std::llround(ms / 1000.0));
    if (s < 60)
        return DashboardPage::tr("%1 s").arg(s);
    if (s < 3600)
        return DashboardPage::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return DashboardPage::tr("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return DashboardPage::tr("%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600);
}

QString percentText(double v)
{
    return v < 0 ? QStringLiteral("—") : DashboardPage::tr("%1 %").arg(QLocale().toString(v, 'f', 1));
}
} // namespace

DashboardPage::DashboardPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("dashboardPage"));
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(10);

    // The range, and the summary beside it.
    auto* top = new QHBoxLayout;
    m_rangeGroup = new QButtonGroup(this);
    const QString rangeNames[] = { tr("Today"), tr("Last 7 days"), tr("Last 30 days") };
    for (int r = Today; r <= Month; ++r) {
        auto* b = new QPushButton(rangeNames[r], this);
        b->setCheckable(true);
        b->setChecked(r == m_range);
        b->setAutoDefault(false);
        m_rangeGroup->addButton(b, r);
        top->addWidget(b);
    }
    connect(m_rangeGroup, &QButtonGroup::idClicked, this, [this](int id) {
        setRange(static_cast<Range>(id));
        KeyboardHelpers::setEntryFocus(this, m_rangeGroup->button(id));
    });
    // Shown, the page's focus goes to its range (the arrow keys choose another).
    KeyboardHelpers::setEntryFocus(this, m_rangeGroup->checkedButton());
    top->addSpacing(16);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dashboardSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_summary, 1);
    v->addLayout(top);

    v->addWidget(buildTiles());

    // Alerts over time beside the noisiest symbols and rules; deliveries per channel beside
    // the channels' table, which gets the wider half: its headers are long in German.
    auto* upper = new QHBoxLayout;
    upper->setSpacing(12);
    auto* lower = new QHBoxLayout;
    lower->setSpacing(12);
    m_alertsChart = new HourlyChart(HourlyChart::Style::StackedBars, this);
    m_alertsChart->setObjectName(QStringLiteral("alertsOverTime"));
    m_alertsChart->setTitle(tr("Alerts raised, by priority"));
    m_alertsChart->setEmptyText(tr("No alert in this range"));
    m_alertsChart->setActivatable(true);
    m_alertsChart->setIntegerValues(true);
    m_alertsChart->setToolTip(QString());
    connect(m_alertsChart, &HourlyChart::bucketActivated, this, &DashboardPage::requestBucket);
    upper->addWidget(m_alertsChart, 3);

    m_symbolList = buildList(tr("Noisiest symbols"), tr("Alerts"));
    m_symbolList->setObjectName(QStringLiteral("noisiestSymbols"));
    m_ruleList = buildList(tr("Noisiest rules"), tr("Alerts"));
    m_ruleList->setObjectName(QStringLiteral("noisiestRules"));
    auto* lists = new QVBoxLayout;
    lists->setSpacing(10);
    lists->addWidget(m_symbolList);
    lists->addWidget(m_ruleList);
    upper->addLayout(lists, 2);
    // A click or Enter on a row: its alerts.
    const auto onRow = [this](QTreeWidget* list, const std::function<void(AlertFilter&, const QString&)>& narrow) {
        const auto go = [this, narrow](QTreeWidgetItem* item) {
            const QString key = item ? item->data(0, kKeyRole).toString() : QString();
            if (key.isEmpty())
                return;
            AlertFilter f = rangeFilter();
            narrow(f, key);
            Q_EMIT filterRequested(f);
        };
        connect(list, &QTreeWidget::itemClicked, this, go);
        connect(list, &QTreeWidget::itemActivated, this, go);
    };
    onRow(m_symbolList, [](AlertFilter& f, const QString& symbol) { f.symbol = symbol; });
    // The Alerts page has no rule filter: a rule's alerts say "(rule NAME)" in their message
    // unless its template says otherwise, so the search finds them.
    onRow(m_ruleList, [](AlertFilter& f, const QString& rule) { f.search = rule; });

    m_deliveriesChart = new HourlyChart(HourlyChart::Style::StackedBars, this);
    m_deliveriesChart->setObjectName(QStringLiteral("deliveriesPerChannel"));
    m_deliveriesChart->setTitle(tr("Delivery attempts per channel"));
    m_deliveriesChart->setEmptyText(tr("No delivery in this range"));
    m_deliveriesChart->setActivatable(true);
    m_deliveriesChart->setIntegerValues(true);
    connect(m_deliveriesChart, &HourlyChart::bucketActivated, this,
        [this](int bucket, int) { requestChannel(m_data.channels.value(bucket).channel); });
    lower->addWidget(m_deliveriesChart, 2);

    auto* channelBox = new QWidget(this);
    auto* cv = new QVBoxLayout(channelBox);
    cv->setContentsMargins(0, 0, 0, 0);
    m_circuits = new QLabel(channelBox);
    m_circuits->setObjectName(QStringLiteral("openCircuits"));
    m_circuits->setWordWrap(true);
    m_circuits->setTextFormat(Qt::RichText);
    m_circuits->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(UiText::errorColor().name()));
    m_circuits->hide();
    connect(m_circuits, &QLabel::linkActivated, this, [this](const QString& link) { requestChannel(link); });
    cv->addWidget(m_circuits);
    m_channelTable = new QTreeWidget(channelBox);
    m_channelTable->setObjectName(QStringLiteral("channelTable"));
    m_channelTable->setRootIsDecorated(false);
    m_channelTable->setUniformRowHeights(true);
    m_channelTable->setAccessibleName(tr("Deliveries per channel"));
    m_channelTable->setHeaderLabels(
        { tr("Channel"), tr("Delivered"), tr("Failed"), tr("Retried"), tr("Success"), tr("p50"), tr("p95") });
    m_channelTable->header()->setStretchLastSection(false);
    m_channelTable->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_channelTable->header()->setMinimumSectionSize(
        m_channelTable->fontMetrics().horizontalAdvance(QStringLiteral("trading-desk")));
    for (int c = 1; c < m_channelTable->columnCount(); ++c) {
        m_channelTable->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_channelTable->headerItem()->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_channelTable->setToolTip(tr("Attempts in the range; the success rate counts the attempts that ended a "
                                  "delivery. Latency of the delivered attempts (within about 25 %)."));
    onRow(m_channelTable, [](AlertFilter& f, const QString& channel) { f.channel = channel; });
    cv->addWidget(m_channelTable, 1);
    lower->addWidget(channelBox, 3);
    v->addLayout(upper, 1);
    v->addLayout(lower, 1);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &DashboardPage::refresh);
    setEnabled(false);
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::scheduleRefresh()
{
    if (m_refreshTimer->isActive())
        return;
    const qint64 wait = m_lastRefresh.isValid() ? std::max<qint64>(0, kRefreshEveryMs - m_lastRefresh.elapsed()) : 0;
    m_refreshTimer->start(static_cast<int>(wait));
}

QWidget* DashboardPage::buildTiles()
{
    auto* box = new QWidget(this);
    auto* h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(8);
    for (int p = 0; p < kPriorityCount; ++p) {
        auto* b = new QPushButton(box);
        b->setObjectName(QStringLiteral("openTile%1").arg(p));
        b->setCursor(Qt::PointingHandCursor);
        b->setAutoDefault(false);
        const QColor c = Theme::series(UiText::priorityColor(static_cast<Priority>(p)));
        // The priority's colour as a bar on the left; the text keeps the palette's colours.
        b->setStyleSheet(
            QStringLiteral("QPushButton { text-align: left; padding: 6px 10px; border: 1px solid "
                           "palette(mid); border-left: 5px solid %1; border-radius: 4px; "
                           "background: palette(base); }"
                           "QPushButton:hover { background: palette(alternate-base); }"
                           "QPushButton:focus { border-color: palette(highlight); border-left-color: %1; }")
                .arg(c.name()));
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        // Two lines from the start: the page may be laid out before its first figures.
        b->setText(tr("%1\n%2 open · %3 raised")
                       .arg(UiText::priority(static_cast<Priority>(p)), QStringLiteral("—"), QStringLiteral("—")));
        b->setMinimumHeight(b->fontMetrics().lineSpacing() * 2 + 16);
        connect(b, &QPushButton::clicked, this, [this, p] {
            AlertFilter f = rangeFilter();
            f.state = AlertState::Open;
            f.priority = static_cast<Priority>(p);
            Q_EMIT filterRequested(f);
        });
        m_tiles[p] = b;
        h->addWidget(b);
    }
    return box;
}

QTreeWidget* DashboardPage::buildList(const QString& title, const QString& countHeader)
{
    auto* list = new QTreeWidget(this);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAccessibleName(title);
    list->setHeaderLabels({ title, countHeader });
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    list->headerItem()->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    list->setMinimumHeight(list->fontMetrics().height() * 6);
    return list;
}

QAbstractButton* DashboardPage::rangeButton(Range range) const
{
    return m_rangeGroup->button(range);
}

QPushButton* DashboardPage::priorityTile(Priority p) const
{
    return m_tiles[static_cast<int>(p)];
}

void DashboardPage::setDatabase(Database* db)
{
    m_db = db;
    setEnabled(db != nullptr);
    // Read when shown (showEvent): a hidden page's read would delay the Alerts page's first
    // page at start, by 20 to 130 ms over 1,000,000 alerts.
    if (db && isVisible())
        refresh();
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_db)
        refresh(); // the figures as they are when the trader looks
}

void DashboardPage::setChannels(const QList<ChannelStatus>& channels)
{
    m_channelStatus = channels;
    showChannels();
}

void DashboardPage::setRange(Range range)
{
    m_range = range;
    if (QAbstractButton* b = m_rangeGroup->button(range); b && !b->isChecked())
        b->setChecked(true);
    refresh();
}

QDateTime DashboardPage::rangeStart() const
{
    return { QDate::currentDate().addDays(1 - kRangeDays[m_range]), QTime(0, 0) };
}

QDateTime DashboardPage::rangeEnd() const
{
    return { QDate::currentDate().addDays(1), QTime(0, 0) };
}

AlertFilter DashboardPage::rangeFilter() const
{
    AlertFilter f;
    f.fromMs = rangeStart().toMSecsSinceEpoch();
    f.toMs = rangeEnd().toMSecsSinceEpoch() - 1;
    return f;
}

void DashboardPage::refresh()
{
    m_refreshTimer->stop();
    if (!m_db)
        return;
    m_lastRefresh.start();
    QElapsedTimer t;
    t.start();
    // Today by the hour, a week by six hours, a month by the day; local days (23 or 25 hours
    // when the clocks change).
    QList<qint64> starts;
    const QDateTime from = rangeStart();
    if (m_range == Month) {
        for (int d = 0; d < kRangeDays[Month]; ++d)
            starts << from.addDays(d).toMSecsSinceEpoch();
    } else {
        const qint64 step = m_range == Today ? DashboardQuery::kHourMs : 6 * DashboardQuery::kHourMs;
        const qint64 end = rangeEnd().toMSecsSinceEpoch();
        for (qint64 s = from.toMSecsSinceEpoch(); s < end; s += step)
            starts << s;
    }
    QString error;
    DashboardData d = DashboardQuery::read(*m_db, starts, rangeEnd().toMSecsSinceEpoch(), 5, &error);
    if (!error.isEmpty())
        qCWarning(lcUi) << "dashboard:" << error;
    showData(d);
    qCDebug(lcUi) << "dashboard read and shown in" << t.elapsed() << "ms";
    Q_EMIT refreshed();
}

void DashboardPage::showData(const DashboardData& d)
{
    m_data = d;
    const QLocale loc;

    QString summary = tr(
        "%Ln alert(s) raised", nullptr, static_cast<int>(std::min<qint64>(d.total, std::numeric_limits<int>::max())));
    if (d.acknowledged > 0)
        summary += tr(" · mean time to acknowledge %1 (%2 acknowledged)")
                       .arg(waitText(d.meanTimeToAckMs), loc.toString(d.acknowledged));
    else
        summary += tr(" · nothing acknowledged in this range");
    m_summary->setText(summary);

    for (int p = 0; p < kPriorityCount; ++p) {
        const auto prio = static_cast<Priority>(p);
        m_tiles[p]->setText(tr("%1\n%2 open · %3 raised")
                                .arg(UiText::priority(prio), loc.toString(d.open.at(p)), loc.toString(d.raised.at(p))));
        m_tiles[p]->setToolTip(tr("Show the open %1 alerts of this range").arg(priorityName(prio)));
        m_tiles[p]->setAccessibleName(m_tiles[p]->text());
    }

    // Alerts over time.
    QList<HourlyChart::Series> series;
    for (int p = 0; p < kPriorityCount; ++p) {
        const auto prio = static_cast<Priority>(p);
        HourlyChart::Series s { priorityName(prio), UiText::priorityColor(prio), {} };
        for (const auto& b : d.perBucket)
            s.values << static_cast<double>(b.at(p));
        series << s;
    }
    QStringList tips;
    const bool daily = m_range == Month;
    const QString dayFormat = loc.dateFormat(QLocale::ShortFormat);
    for (int b = 0; b < d.bucketStarts.size(); ++b) {
        const QDateTime s = QDateTime::fromMSecsSinceEpoch(d.bucketStarts.at(b));
        const QDateTime e = QDateTime::fromMSecsSinceEpoch(
            b + 1 < d.bucketStarts.size() ? d.bucketStarts.at(b + 1) : rangeEnd().toMSecsSinceEpoch());
        QString tip = daily ? loc.toString(s.date(), QLocale::LongFormat)
                            : tr("%1 – %2").arg(loc.toString(s, UiText::dateTimeFormat(false)),
                                loc.toString(e.time(), UiText::timeFormat(false)));
        for (int p = 0; p < kPriorityCount; ++p)
            tip += QStringLiteral("\n%1: %2")
                       .arg(priorityName(static_cast<Priority>(p)), loc.toString(d.perBucket.at(b).at(p)));
        tips << tip + QLatin1Char('\n') + tr("Click to list these alerts");
    }
    const auto count = [loc](double v) { return loc.toString(qRound64(v)); };
    m_alertsChart->setData(d.bucketStarts, series, tips, count);
    const Range range = m_range;
    m_alertsChart->setBucketLabels([starts = d.bucketStarts, range, dayFormat](int b) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(starts.value(b));
        switch (range) {
        case Today:
            return t.time().hour() % 6 == 0 ? QLocale().toString(t.time(), UiText::timeFormat(false)) : QString();
        case Week:
            return t.time().hour() == 0 ? QLocale().toString(t.date(), QStringLiteral("ddd d")) : QString();
        case Month:
            return b % 5 == 0 ? QLocale().toString(t.date(), QStringLiteral("d MMM")) : QString();
        }
        return QString();
    });

    // Deliveries per channel: one bar each.
    HourlyChart::Series delivered { tr("delivered"), UiText::okColor(), {} };
    HourlyChart::Series retried { tr("retried"), QColor(0xE6, 0x7E, 0x00), {} };
    HourlyChart::Series failed { tr("failed"), UiText::errorColor(), {} };
    QStringList channelTips;
    QList<qint64> channelSlots;
    for (int i = 0; i < d.channels.size(); ++i) {
        const DashboardChannel& c = d.channels.at(i);
        delivered.values << static_cast<double>(c.delivered);
        retried.values << static_cast<double>(c.retried);
        failed.values << static_cast<double>(c.failed);
        channelSlots << i;
        channelTips << tr("%1\nDelivered: %2\nRetried: %3\nFailed: %4\nClick to list its alerts")
                           .arg(c.channel, loc.toString(c.delivered), loc.toString(c.retried), loc.toString(c.failed));
    }
    m_deliveriesChart->setData(channelSlots, { delivered, retried, failed }, channelTips, count);
    m_deliveriesChart->setBucketLabels(
        [this](int b) {
            // As many characters as the bar is wide.
            const QString name = m_data.channels.value(b).channel;
            return fontMetrics().elidedText(
                name, Qt::ElideRight, std::max(24, m_deliveriesChart->bucketRect(b).width() - 4));
        },
        true);

    const QString selected
        = m_channelTable->currentItem() ? m_channelTable->currentItem()->data(0, kKeyRole).toString() : QString();
    m_channelTable->clear();
    for (const DashboardChannel& c : d.channels) {
        auto* item = new QTreeWidgetItem(m_channelTable);
        item->setText(0, c.channel);
        item->setData(0, kKeyRole, c.channel);
        item->setText(1, loc.toString(c.delivered));
        item->setText(2, loc.toString(c.failed));
        item->setText(3, loc.toString(c.retried));
        item->setText(4, percentText(c.successRate()));
        item->setText(5, UiText::latency(c.latencyP50Ms));
        item->setText(6, UiText::latency(c.latencyP95Ms));
        for (int col = 1; col < m_channelTable->columnCount(); ++col)
            item->setTextAlignment(col, Qt::AlignRight | Qt::AlignVCenter);
        if (c.failed > 0)
            item->setForeground(2, UiText::errorColor());
        if (c.channel == selected)
            m_channelTable->setCurrentItem(item);
    }

    const auto fill = [&loc](QTreeWidget* list, const QList<DashboardCount>& counts, const QString& none) {
        list->clear();
        for (const DashboardCount& c : counts) {
            auto* item = new QTreeWidgetItem(list, { c.key, loc.toString(c.alerts) });
            item->setData(0, kKeyRole, c.key);
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        }
        if (counts.isEmpty()) {
            auto* item = new QTreeWidgetItem(list, { none });
            item->setFlags(Qt::NoItemFlags);
        }
    };
    fill(m_symbolList, d.symbols, tr("No alert with a symbol"));
    fill(m_ruleList, d.rules, tr("No alert from a threshold rule"));
    showChannels();
}

void DashboardPage::showChannels()
{
    QStringList open;
    for (const ChannelStatus& c : std::as_const(m_channelStatus)) {
        if (c.health.circuit == CircuitState::Open)
            open << QStringLiteral("<a href=\"%1\">%2</a>")
                        .arg(c.config.name.toHtmlEscaped(), c.config.name.toHtmlEscaped());
    }
    m_circuits->setVisible(!open.isEmpty());
    m_circuits->setText(tr("Circuit open, deliveries paused: %1").arg(open.join(QStringLiteral(", "))));
}

void DashboardPage::requestBucket(int bucket, int series)
{
    if (bucket < 0 || bucket >= m_data.bucketStarts.size())
        return;
    AlertFilter f;
    f.fromMs = m_data.bucketStarts.at(bucket);
    f.toMs = (bucket + 1 < m_data.bucketStarts.size() ? m_data.bucketStarts.at(bucket + 1) : m_data.toMs) - 1;
    if (series >= 0 && series < kPriorityCount)
        f.priority = static_cast<Priority>(series);
    Q_EMIT filterRequested(f);
}

void DashboardPage::requestChannel(const QString& channel)
{
    if (channel.isEmpty())
        return;
    AlertFilter f = rangeFilter();
    f.channel = channel;
    Q_EMIT filterRequested(f);
}

} // namespace alertdesk
