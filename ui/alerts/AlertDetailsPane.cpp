// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/AlertDetailsPane.h"

#include "UiText.h"
#include "alerts/AlertClipboard.h"
#include "delivery/RetryPolicy.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/HistoryQuery.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "widgets/KeyboardHelpers.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
QString orNone(const QString& s)
{
    return s.isEmpty() ? QStringLiteral("—") : s;
}
} // namespace

AlertDetailsPane::AlertDetailsPane(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    auto* empty = new QLabel(tr("Select an alert to see its fields, its data and every delivery attempt."), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    // Below the table, side by side: the fields and message, the data, the deliveries.
    auto* page = new QSplitter(Qt::Horizontal, m_stack);
    page->setChildrenCollapsible(false);
    auto* fieldsHost = new QWidget(page);
    auto* v = new QVBoxLayout(fieldsHost);
    v->setContentsMargins(2, 0, 6, 0);
    m_heading = new QLabel(fieldsHost);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont hf = m_heading->font();
    hf.setPointSizeF(hf.pointSizeF() * 1.2);
    hf.setBold(true);
    m_heading->setFont(hf);
    // Copy and share: the alert as text, Markdown, JSON or its alertdesk:// link.
    m_copyButton = new QToolButton(fieldsHost);
    m_copyButton->setObjectName(QStringLiteral("copyAlert"));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy this alert as text, Markdown, JSON or a link that opens it"));
    m_copyButton->setPopupMode(QToolButton::InstantPopup);
    auto* copyMenu = new QMenu(m_copyButton);
    AlertClipboard::addCopyActions(copyMenu, [this] {
        QList<Alert> out;
        if (m_db && !m_alertId.isEmpty()) {
            if (auto a = AlertStore(*m_db).get(m_alertId))
                out << *a;
        }
        return out;
    });
    m_copyButton->setMenu(copyMenu);
    auto* headingRow = new QHBoxLayout;
    headingRow->addWidget(m_heading, 1);
    headingRow->addWidget(m_copyButton, 0, Qt::AlignTop);
    v->addLayout(headingRow);

    // Label/value pairs, two to a row.
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(3);
    const QString names[FCount] = { tr("ID"), tr("Type"), tr("Priority"), tr("State"), tr("Symbol"), tr("Strategy"),
        tr("Position"), tr("Created"), tr("Updated"), tr("Dedup key"), tr("Channels"), tr("Occurrences"),
        tr("Last seen"), tr("Snoozed until") };
    const Field order[] = { FType, FPriority, FState, FSymbol, FStrategy, FPosition, FCreated, FUpdated, FDedup,
        FLastSeen, FOccurrences, FSnoozedUntil, FChannels, FId };
    int slot = 0;
    for (Field f : order) {
        auto* name = new QLabel(names[f] + QLatin1Char(':'), fieldsHost);
        name->setForegroundRole(QPalette::PlaceholderText);
        m_fields[f] = new QLabel(fieldsHost);
        m_fields[f]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_fields[f]->setWordWrap(f == FChannels);
        m_fields[f]->setObjectName(QStringLiteral("field%1").arg(static_cast<int>(f)));
        name->setBuddy(m_fields[f]);
        const bool wide = f == FId || f == FChannels;
        const int row = slot / 2;
        const int col = wide ? 0 : (slot % 2) * 2;
        grid->addWidget(name, row, col, Qt::AlignTop);
        grid->addWidget(m_fields[f], row, col + 1, 1, wide ? 3 : 1, Qt::AlignTop);
        slot += wide ? 2 : 1;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    v->addLayout(grid);

    // Colleagues' silences on the Alertmanager cluster: their own line, where a trader looks
    // first (the webhook never tells of them; AlertDesk asks the cluster).
    m_clusterSilences = new QLabel(fieldsHost);
    m_clusterSilences->setObjectName(QStringLiteral("clusterSilences"));
    m_clusterSilences->setTextFormat(Qt::PlainText);
    m_clusterSilences->setWordWrap(true);
    m_clusterSilences->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clusterSilences->setVisible(false);
    v->addWidget(m_clusterSilences);

    m_messageBox = new QGroupBox(tr("Message"), fieldsHost);
    auto* mv = new QVBoxLayout(m_messageBox);
    mv->setContentsMargins(4, 4, 4, 4);
    m_message = new QPlainTextEdit(m_messageBox);
    m_message->setReadOnly(true);
    m_message->setTabChangesFocus(true);
    m_message->setAccessibleName(tr("Message"));
    mv->addWidget(m_message);
    v->addWidget(m_messageBox, 1);
    v->addStretch(0);

    auto* dataBox = new QGroupBox(tr("Data"), page);
    auto* dv = new QVBoxLayout(dataBox);
    dv->setContentsMargins(4, 4, 4, 4);
    m_data = new QTreeWidget(dataBox);
    m_data->setColumnCount(2);
    m_data->setHeaderLabels({ tr("Key"), tr("Value") });
    m_data->setAlternatingRowColors(true);
    m_data->setUniformRowHeights(true);
    m_data->setAccessibleName(tr("Alert data"));
    m_data->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    dv->addWidget(m_data);

    auto* right = new QSplitter(Qt::Vertical, page);
    right->setChildrenCollapsible(false);
    auto* delBox = new QGroupBox(tr("Deliveries"), right);
    auto* lv = new QVBoxLayout(delBox);
    lv->setContentsMargins(4, 4, 4, 4);
    m_deliveries = new QTreeWidget(delBox);
    m_deliveries->setColumnCount(4);
    m_deliveries->setHeaderLabels({ tr("Channel / attempt"), tr("Time"), tr("Outcome"), tr("Latency") });
    m_deliveries->setAlternatingRowColors(true);
    m_deliveries->setAccessibleName(tr("Delivery attempts"));
    // The outcome is read whole ("failed, will retry · HTTP 503"): the channel's column gives
    // way instead, and the error rows span the whole width below their attempt.
    m_deliveries->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_deliveries->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_deliveries->header()->setStretchLastSection(false);
    lv->addWidget(m_deliveries);

    auto* eventsBox = new QGroupBox(tr("State changes"), right);
    auto* ev = new QVBoxLayout(eventsBox);
    ev->setContentsMargins(4, 4, 4, 4);
    m_events = new QTreeWidget(eventsBox);
    m_events->setColumnCount(4);
    m_events->setHeaderLabels({ tr("Time"), tr("Change"), tr("By"), tr("Note") });
    m_events->setRootIsDecorated(false);
    m_events->setAlternatingRowColors(true);
    m_events->setUniformRowHeights(true);
    m_events->setAccessibleName(tr("State changes"));
    m_events->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_events->header()->setStretchLastSection(true);
    ev->addWidget(m_events);
    right->addWidget(delBox);
    right->addWidget(eventsBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    page->setStretchFactor(0, 4);
    page->setStretchFactor(1, 3);
    page->setStretchFactor(2, 5);
    page->setSizes({ 400, 280, 420 });
    m_stack->addWidget(page);
    KeyboardHelpers::setEntryFocus(this, m_data);
}

AlertDetailsPane::~AlertDetailsPane() = default;

void AlertDetailsPane::fillJsonTree(
    QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key, const QJsonValue& value)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, key);
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        item->setText(1, tr("{%n field(s)}", nullptr, static_cast<int>(o.size())));
        item->setForeground(1, UiText::mutedColor());
        for (auto it = o.begin(); it != o.end(); ++it)
            fillJsonTree(tree, item, it.key(), it.value());
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray a = value.toArray();
        item->setText(1, tr("[%n item(s)]", nullptr, static_cast<int>(a.size())));
        item->setForeground(1, UiText::mutedColor());
        for (qsizetype i = 0; i < a.size(); ++i)
            fillJsonTree(tree, item, QStringLiteral("[%1]").arg(i), a.at(i));
        break;
    }
    case QJsonValue::String:
        item->setText(1, value.toString());
        break;
    case QJsonValue::Double:
        item->setText(1, QString::number(value.toDouble(), 'g', 15));
        break;
    case QJsonValue::Bool:
        item->setText(1, value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        item->setText(1, QStringLiteral("null"));
        item->setForeground(1, UiText::mutedColor());
        break;
    }
    item->setToolTip(1, item->text(1));
}

void AlertDetailsPane::showAlert(const QString& alertId)
{
    m_alertId = alertId;
    reloadCurrent();
}

void AlertDetailsPane::reloadCurrent()
{
    std::optional<Alert> a;
    if (m_db && !m_alertId.isEmpty())
        a = AlertStore(*m_db).get(m_alertId);
    if (!a) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_heading->setText(priorityEmoji(a->priority) + QLatin1Char(' ') + a->title);
    m_fields[FId]->setText(a->id);
    m_fields[FType]->setText(UiText::type(a->type));
    m_fields[FPriority]->setText(UiText::priority(a->priority));
    QPalette pal = m_fields[FPriority]->palette();
    pal.setColor(QPalette::WindowText, UiText::priorityTextColor(a->priority));
    m_fields[FPriority]->setPalette(pal);
    m_fields[FState]->setText(UiText::state(a->state));
    m_fields[FSymbol]->setText(orNone(a->symbol));
    m_fields[FStrategy]->setText(orNone(a->strategy));
    m_fields[FPosition]->setText(orNone(a->position));
    m_fields[FCreated]->setText(UiText::time(a->createdAt));
    m_fields[FUpdated]->setText(UiText::time(a->updatedAt));
    m_fields[FDedup]->setText(orNone(a->dedupKey));
    m_fields[FChannels]->setText(
        a->channels.isEmpty() ? tr("every enabled channel") : a->channels.join(QStringLiteral(", ")));
    m_fields[FOccurrences]->setText(QLocale().toString(a->occurrences));
    m_fields[FLastSeen]->setText(UiText::time(a->lastSeenAt.isValid() ? a->lastSeenAt : a->createdAt));
    m_fields[FSnoozedUntil]->setText(a->snoozedUntil.isValid() ? UiText::time(a->snoozedUntil) : QStringLiteral("—"));
    if (m_message->toPlainText() != a->message)
        m_message->setPlainText(a->message);
    m_messageBox->setVisible(!a->message.isEmpty());

    const int dataScroll = m_data->verticalScrollBar()->value();
    m_data->clear();
    if (a->data.isEmpty()) {
        auto* item = new QTreeWidgetItem(m_data, { tr("(no data)") });
        item->setForeground(0, UiText::mutedColor());
    }
    for (auto it = a->data.begin(); it != a->data.end(); ++it)
        fillJsonTree(m_data, nullptr, it.key(), it.value());
    m_data->expandAll();
    m_data->verticalScrollBar()->setValue(dataScroll);
    loadDeliveries();
    loadEvents();
    m_stack->setCurrentIndex(1);
}

void AlertDetailsPane::loadDeliveries()
{
    // Keep the user's place in the tree across live refreshes.
    const int scroll = m_deliveries->verticalScrollBar()->value();
    m_deliveries->clear();
    QHash<qint64, QTreeWidgetItem*> byDelivery;
    const QList<DeliveryRow> rows = OutboxStore(*m_db).forAlert(m_alertId);
    if (rows.isEmpty()) {
        auto* item = new QTreeWidgetItem(m_deliveries, { tr("(no delivery: no channel was targeted)") });
        item->setForeground(0, UiText::mutedColor());
        return;
    }
    // An error gets a row of its own under its attempt, across the columns: platform errors are long.
    auto addError = [](QTreeWidgetItem* parent, const QString& stored) {
        if (stored.isEmpty())
            return;
        const QString error = localizedDeliveryError(stored);
        auto* e = new QTreeWidgetItem(parent, { error });
        e->setFirstColumnSpanned(true);
        e->setForeground(0, UiText::errorColor());
        e->setToolTip(0, error);
    };
    for (const DeliveryRow& d : rows) {
        auto* item = new QTreeWidgetItem(m_deliveries);
        item->setText(0, d.channel);
        item->setText(1, UiText::shortTime(d.finishedAt > 0 ? d.finishedAt : d.createdAt));
        item->setToolTip(1, UiText::time(d.finishedAt > 0 ? d.finishedAt : d.createdAt));
        item->setText(2, UiText::deliveryStatus(d.status)); // its attempts are the rows below
        item->setToolTip(2, tr("%1 after %n attempt(s)", nullptr, d.attempts).arg(UiText::deliveryStatus(d.status)));
        item->setText(3, UiText::latency(static_cast<double>(d.latencyMs)));
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        item->setForeground(2,
            d.status == DeliveryStatus::Delivered    ? UiText::okColor()
                : d.status == DeliveryStatus::Failed ? UiText::errorColor()
                                                     : UiText::mutedColor());
        byDelivery.insert(d.id, item);
        if (d.attempts == 0)
            addError(item, d.lastError); // failed before any attempt (no such channel, say)
    }
    QHash<qint64, int> numbers;
    for (const HistoryAttempt& t : HistoryQuery(*m_db).attempts(m_alertId)) {
        QTreeWidgetItem* parent = byDelivery.value(t.deliveryId);
        if (!parent)
            continue;
        const int n = ++numbers[t.deliveryId];
        auto* item = new QTreeWidgetItem(parent);
        item->setText(0, tr("Attempt %1").arg(n));
        item->setText(1, UiText::shortTime(t.startedAt));
        item->setToolTip(1, UiText::time(t.startedAt));
        item->setText(2,
            t.httpStatus > 0 ? tr("%1 · HTTP %2").arg(UiText::outcome(t.outcome)).arg(t.httpStatus)
                             : UiText::outcome(t.outcome));
        item->setToolTip(2, item->text(2)); // whole, should the pane be narrower than the text
        item->setText(3, UiText::latency(static_cast<double>(t.latencyMs)));
        item->setForeground(2, t.outcome == QLatin1String("delivered") ? UiText::okColor() : UiText::errorColor());
        addError(item, t.error);
    }
    m_deliveries->expandAll();
    m_deliveries->verticalScrollBar()->setValue(scroll);
}

} // namespace alertdesk

namespace alertdesk {

QString AlertDetailsPane::fieldText(int field) const
{
    return field >= 0 && field < FCount && m_fields[field] ? m_fields[field]->text() : QString();
}

QString AlertDetailsPane::clusterSilenceText() const
{
    return m_clusterSilences->isHidden() ? QString() : m_clusterSilences->text();
}

QString AlertDetailsPane::clusterSilenceSentence(const AlertEvent& e)
{
    const QString who = e.silence.createdBy.isEmpty() ? tr("(unnamed)") : e.silence.createdBy;
    QString s = e.kind == AlertEvent::Kind::ClusterSilenceEnded
        ? tr("The silence on the cluster by %1 ended at %2").arg(who, UiText::time(e.silence.endsAt))
        : tr("Silenced on the cluster by %1 until %2").arg(who, UiText::time(e.silence.endsAt));
    if (!e.silence.comment.isEmpty())
        s = tr("%1: %2").arg(s, e.silence.comment);
    return s;
}

void AlertDetailsPane::showClusterSilences(const QList<AlertEvent>& events)
{
    // Each silence as it stands: its latest event (seen, changed, ended), in the order first seen.
    QStringList order;
    QHash<QString, AlertEvent> latest;
    for (const AlertEvent& e : events) {
        if (e.kind == AlertEvent::Kind::State)
            continue;
        if (!latest.contains(e.silence.id))
            order << e.silence.id;
        latest.insert(e.silence.id, e);
    }
    QStringList lines;
    for (const QString& id : std::as_const(order))
        lines << clusterSilenceSentence(latest.value(id));
    m_clusterSilences->setText(lines.join(QLatin1Char('\n')));
    m_clusterSilences->setHidden(lines.isEmpty());
}

void AlertDetailsPane::loadEvents()
{
    m_events->clear();
    const QList<AlertEvent> events = LifecycleStore(*m_db).events(m_alertId);
    showClusterSilences(events);
    if (events.isEmpty()) {
        auto* item = new QTreeWidgetItem(m_events, { tr("(no change yet: the alert is as it arrived)") });
        item->setFirstColumnSpanned(true);
        item->setForeground(0, UiText::mutedColor());
        return;
    }
    for (const AlertEvent& e : events) {
        auto* item = new QTreeWidgetItem(m_events);
        item->setText(0, UiText::shortTime(e.at.toMSecsSinceEpoch()));
        item->setToolTip(0, UiText::time(e.at));
        item->setText(2, eventSourceName(e.source).toUpper());
        if (e.kind == AlertEvent::Kind::State) {
            item->setText(1, tr("%1 → %2").arg(UiText::state(e.from), UiText::state(e.to)));
            item->setText(3, e.note);
            item->setToolTip(3, e.note);
        } else {
            item->setText(1,
                e.kind == AlertEvent::Kind::ClusterSilenced ? tr("Silenced on the cluster")
                                                            : tr("Cluster silence ended"));
            // Who, until (or at) when and why; the whole sentence in the tooltip.
            const QString who = e.silence.createdBy.isEmpty() ? tr("(unnamed)") : e.silence.createdBy;
            QString note = e.kind == AlertEvent::Kind::ClusterSilenced
                ? tr("%1, until %2").arg(who, UiText::time(e.silence.endsAt))
                : tr("%1, ended at %2").arg(who, UiText::time(e.silence.endsAt));
            if (!e.silence.comment.isEmpty())
                note = tr("%1: %2").arg(note, e.silence.comment);
            item->setText(3, note);
            item->setToolTip(3, clusterSilenceSentence(e));
        }
    }
    m_events->scrollToBottom();
}

} // namespace alertdesk
