#include "PolicyEngine.h"

#include "NotificationService.h"
#include "channels/Channel.h"
#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

namespace alertdesk {

namespace {
constexpr int kBatch = 200;

QString titlePrefix(NotifyPurpose p, int round)
{
    switch (p) {
    case NotifyPurpose::Renotify:
        return QStringLiteral("[Snooze ended] ");
    case NotifyPurpose::Escalation:
        return QStringLiteral("[Escalated] ");
    case NotifyPurpose::Reminder:
        return QStringLiteral("[Reminder %1] ").arg(round);
    case NotifyPurpose::Acknowledged:
        return QStringLiteral("[Acknowledged] ");
    case NotifyPurpose::Resolved:
        return QStringLiteral("[Resolved] ");
    case NotifyPurpose::Alert:
    case NotifyPurpose::Digest:
        break;
    }
    return {};
}
} // namespace

PolicyEngine::PolicyEngine(Profile& profile, Database& db, AlertStore& alerts, OutboxStore& outbox, LifecycleStore& lifecycle,
                           PolicyStore& store, NotificationService& notifications, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_profile(profile)
    , m_db(db)
    , m_alerts(alerts)
    , m_outbox(outbox)
    , m_lifecycle(lifecycle)
    , m_store(store)
    , m_notifications(notifications)
    , m_clock(clock)
{
    notifications.dispatcher().setComposer([this](const DeliveryRow& row, const Channel& ch) { return compose(row, ch); });
}

PolicyEngine::~PolicyEngine() = default;

bool PolicyEngine::tracksLifecycle(const ChannelConfig& c)
{
    const QJsonValue v = c.settings.value(QStringLiteral("lifecycle_updates"));
    if (v.isBool())
        return v.toBool();
    return c.kind == QLatin1String("pagerduty");
}

QStringList PolicyEngine::route(const Alert& a, QString* error) const
{
    return m_notifications.resolveTargets(a.channels, error);
}

std::optional<QString> PolicyEngine::findDuplicate(const QString& dedupKey) const
{
    return m_lifecycle.findActiveByDedupKey(dedupKey);
}

bool PolicyEngine::recordOccurrence(const QString& alertId, Alert* updated, QString* error)
{
    if (m_lifecycle.recordOccurrence(alertId, m_clock.nowMs(), error) < 0)
        return false;
    const auto a = m_alerts.get(alertId);
    if (!a) {
        *error = QStringLiteral("alert %1 vanished while counting a repeat").arg(alertId);
        return false;
    }
    *updated = *a;
    return true;
}

bool PolicyEngine::queue(const Alert& a, int round, NotifyPurpose purpose, const QString& channel, bool waiting,
                         const QString& digestId, qint64* deliveryId, QString* error)
{
    const QString key = OutboxStore::idempotencyKey(a.id, channel, round);
    const qint64 id = m_outbox.enqueueOne(a.id, channel, key, waiting, m_clock.nowMs(), error);
    if (id < 0)
        return false;
    if (deliveryId)
        *deliveryId = id;
    // The first notification needs no note: the plain alert is what a row sends by default.
    if (purpose == NotifyPurpose::Alert && round == 1 && digestId.isEmpty())
        return true;
    return m_store.addDeliveryMeta({id, notifyPurposeName(purpose), round, digestId}, error);
}

bool PolicyEngine::notify(const Alert& a, int round, NotifyPurpose purpose, const QStringList& channels, NotificationPlan* plan,
                          QString* error)
{
    const bool sequential = !m_notifications.dispatcher().settings().parallel;
    for (const QString& channel : channels) {
        const bool waiting = sequential && !plan->queued.isEmpty();
        if (!queue(a, round, purpose, channel, waiting, {}, nullptr, error))
            return false;
        plan->queued << channel;
    }
    return true;
}

bool PolicyEngine::startEscalation(const Alert&, QString*)
{
    return true;
}

bool PolicyEngine::onStateChange(const Alert& a, AlertState to, NotificationPlan* followUps, QString* error)
{
    if (!m_store.stopEscalation(a.id, error))
        return false;
    if (to != AlertState::Acknowledged && to != AlertState::Resolved)
        return true; // a snooze keeps what is held: it is re-checked when released
    const qint64 now = m_clock.nowMs();
    m_store.dropHeld(a.id, QStringLiteral("not sent: the alert was %1").arg(alertStateName(to)), now);

    // Channels that track state hear of it if they were told of the alert (or are about to be).
    QStringList told;
    for (const DeliveryRow& r : m_outbox.forAlert(a.id)) {
        if (r.status == DeliveryStatus::Failed || r.status == DeliveryStatus::Cancelled || told.contains(r.channel))
            continue;
        const ChannelConfig* cfg = m_profile.channel(r.channel);
        if (cfg && cfg->enabled && tracksLifecycle(*cfg))
            told << r.channel;
    }
    if (told.isEmpty())
        return true;
    const NotifyPurpose purpose = to == AlertState::Acknowledged ? NotifyPurpose::Acknowledged : NotifyPurpose::Resolved;
    for (const QString& channel : told) {
        const int round = m_lifecycle.nextRound(a.id, error);
        if (round < 0 || !queue(a, round, purpose, channel, false, {}, nullptr, error))
            return false;
        followUps->queued << channel;
    }
    return true;
}

void PolicyEngine::changed()
{
    m_notifications.dispatcher().wake();
    if (m_started)
        scheduleNext();
}

void PolicyEngine::start()
{
    if (m_started)
        return;
    m_started = true;
    tick();
    if (m_pollIntervalMs > 0)
        m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void PolicyEngine::poll()
{
    // Another process (a CLI send or snooze) may have written rows that fall due.
    scheduleNext();
    m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void PolicyEngine::scheduleWake(qint64 atMs)
{
    if (m_wakeAt > 0 && m_wakeAt <= atMs)
        return;
    m_wakeAt = atMs;
    const quint64 generation = ++m_wakeGeneration;
    m_clock.schedule(std::max<qint64>(0, atMs - m_clock.nowMs()), this, [this, generation] {
        if (generation != m_wakeGeneration)
            return;
        m_wakeAt = 0;
        tick();
    });
}

void PolicyEngine::scheduleNext()
{
    qint64 next = m_store.nextRelease();
    const qint64 esc = m_store.nextEscalation();
    if (esc >= 0 && (next < 0 || esc < next))
        next = esc;
    if (next >= 0)
        scheduleWake(next);
}

void PolicyEngine::tick()
{
    const qint64 now = m_clock.nowMs();
    int work = 0;
    for (;;) {
        const int n = releaseDue(now) + escalateDue(now);
        work += n;
        if (n < kBatch)
            break;
    }
    if (work > 0)
        m_notifications.dispatcher().wake();
    scheduleNext();
}

int PolicyEngine::releaseDue(qint64)
{
    return 0;
}

int PolicyEngine::escalateDue(qint64)
{
    return 0;
}

std::optional<Alert> PolicyEngine::compose(const DeliveryRow& row, const Channel&) const
{
    std::optional<Alert> a = m_alerts.get(row.alertId);
    if (!a)
        return std::nullopt;
    const auto meta = m_store.deliveryMeta(row.id);
    if (!meta)
        return a;
    const NotifyPurpose purpose = notifyPurposeFromString(meta->purpose).value_or(NotifyPurpose::Alert);
    // A follow-up carries the state it reports, whatever happened to the alert since.
    if (purpose == NotifyPurpose::Acknowledged)
        a->state = AlertState::Acknowledged;
    else if (purpose == NotifyPurpose::Resolved)
        a->state = AlertState::Resolved;
    a->title = titlePrefix(purpose, meta->round) + a->title;
    return a;
}

} // namespace alertdesk
