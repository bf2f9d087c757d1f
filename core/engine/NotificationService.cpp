// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "NotificationService.h"

#include "channels/AlertmanagerChannel.h"
#include "channels/ChannelRegistry.h"
#include "config/Profile.h"
#include "config/SecretStore.h"
#include "delivery/Dispatcher.h"
#include "net/NetworkProxy.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <algorithm>

namespace alertdesk {

NotificationService::NotificationService(Profile& profile, Database& db, AlertStore& alerts, OutboxStore& outbox,
    SecretStore& secrets, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_profile(profile)
    , m_db(db)
    , m_alerts(alerts)
    , m_outbox(outbox)
    , m_secrets(secrets)
    , m_clock(clock)
    , m_network(new QNetworkAccessManager(this))
    , m_dispatcher(new Dispatcher(outbox, alerts, clock, this))
{
    m_dispatcher->setSettings(profile.deliverySettings());
    m_configStamp = QFileInfo(profile.configPath()).lastModified();
    connect(m_dispatcher, &Dispatcher::missingChannels, this, &NotificationService::onMissingChannels);
    connect(m_dispatcher, &Dispatcher::aboutToPump, this, &NotificationService::followProfileOnDisk);
}

NotificationService::~NotificationService() = default;

Channel* NotificationService::channel(const QString& name) const
{
    auto it = m_channels.find(name);
    return it == m_channels.end() ? nullptr : it->get();
}

void NotificationService::refreshProxy(std::function<void()> then)
{
    const QString text = m_profile.setting(QStringLiteral("network.proxy")).toString();
    if (text == m_proxyApplied) {
        if (then)
            then();
        return;
    }
    m_proxyApplied = text;
    QString error;
    const auto proxy = parseProxySetting(text, &error);
    if (!proxy || proxy->mode != ProxySetting::Mode::Http || proxy->user.isEmpty()) {
        applyProxySetting(m_network, proxy.value_or(ProxySetting()));
        if (then)
            then();
        return;
    }
    const QString key = SecretStore::key(m_profile.id(), ProxySetting::secretChannel(), ProxySetting::secretField());
    m_secrets.read(key, [this, setting = *proxy, then = std::move(then)](const SecretResult& r) {
        if (!r.ok)
            qCWarning(lcEngine).noquote() << "network.proxy names a user, but its password is not at hand:"
                                          << (r.notFound ? QStringLiteral("not in the keychain") : r.error);
        applyProxySetting(m_network, setting, r.value);
        if (then)
            then();
    });
}

void NotificationService::storeProxyPassword(const QString& password, std::function<void(const QString&)> done)
{
    const QString key = SecretStore::key(m_profile.id(), ProxySetting::secretChannel(), ProxySetting::secretField());
    auto stored = [this, done = std::move(done)](const SecretResult& r) {
        if (!r.ok && !r.notFound)
            return done(QStringLiteral("cannot keep the proxy's password in the keychain: %1").arg(r.error));
        m_proxyApplied.clear(); // the same setting, another password
        refreshProxy({});
        done({});
    };
    if (password.isEmpty())
        m_secrets.remove(key, std::move(stored));
    else
        m_secrets.write(key, password, std::move(stored));
}

void NotificationService::loadChannels(const QStringList& names, std::function<void(const QStringList&)> done)
{
    // Nothing is sent before the network goes the way the profile says.
    if (m_profile.setting(QStringLiteral("network.proxy")).toString() != m_proxyApplied)
        return refreshProxy([this, names, done = std::move(done)]() mutable { loadChannels(names, std::move(done)); });
    const QStringList& wanted = names;
    struct Pending {
        int outstanding = 0;
        QHash<QString, SecretMap> secrets;
        QHash<QString, QString> errors;
        QSet<QString> waitingForKeychain;
        std::function<void(const QStringList&)> done;
    };
    auto state = std::make_shared<Pending>();
    state->done = std::move(done);

    auto finish = [this, state] {
        QStringList errors;
        for (auto it = state->secrets.begin(); it != state->secrets.end(); ++it) {
            const QString& name = it.key();
            const ChannelConfig* cfg = m_profile.channel(name);
            const ChannelKindInfo* kind = cfg ? findChannelKind(cfg->kind) : nullptr;
            QString error = state->errors.value(name);
            if (error.isEmpty())
                error = kind
                    ? kind->validate(*cfg, it.value())
                    : QStringLiteral("channel %1 has an unknown kind '%2'").arg(name, cfg ? cfg->kind : QString());
            if (state->waitingForKeychain.contains(name))
                m_waitingForKeychain.insert(name);
            else
                m_waitingForKeychain.remove(name);
            // A channel without a kind has an error by now (from loading, or the one just set);
            // `|| !kind` says so to the reader and to the static analyzer.
            if (!error.isEmpty() || !kind) {
                m_loadErrors.insert(name, error);
                errors << QStringLiteral("%1: %2").arg(name, error);
                continue;
            }
            m_loadErrors.remove(name);
            // Loaded already as it is now: keep it, with its rate limit and circuit state.
            const LoadedAs now { cfg->toJson(), it.value() };
            if (m_channels.contains(name) && m_loadedAs.value(name) == now) {
                if (!m_dispatcher->hasChannel(name))
                    m_dispatcher->addChannel(m_channels.value(name).get());
                continue;
            }
            std::shared_ptr<Channel> ch = kind->create(*cfg, it.value(), ChannelEnv { m_network, &m_clock, m_desktop });
            if (auto old = m_channels.value(name))
                retire(std::move(old));
            connect(ch.get(), &Channel::settingsChanged, this, &NotificationService::onChannelSettingsChanged);
            if (auto* am = qobject_cast<AlertmanagerChannel*>(ch.get()))
                connect(am, &AlertmanagerChannel::clusterSilences, this, &NotificationService::clusterSilences);
            m_channels.insert(name, ch);
            m_loadedAs.insert(name, now);
            m_dispatcher->addChannel(ch.get());
        }
        state->done(errors);
    };

    for (const QString& name : wanted) {
        const ChannelConfig* cfg = m_profile.channel(name);
        if (!cfg) {
            state->errors.insert(name, QStringLiteral("no channel named %1").arg(name));
            state->secrets.insert(name, {});
            continue;
        }
        state->secrets.insert(name, {});
        for (const QString& field : cfg->secretFields) {
            ++state->outstanding;
            m_secrets.read(
                SecretStore::key(m_profile.id(), name, field), [state, name, field, finish](const SecretResult& r) {
                    if (r.ok)
                        state->secrets[name].insert(field, r.value);
                    else if (!state->errors.contains(name)) {
                        if (r.unavailable)
                            state->waitingForKeychain.insert(name);
                        // The profile says this secret was stored: its absence is an error of its own.
                        state->errors.insert(name,
                            r.notFound ? QStringLiteral("the secret '%1' of channel %2 is missing from the "
                                                        "keychain; add the channel again")
                                             .arg(field, name)
                                       : r.error);
                    }
                    if (--state->outstanding == 0)
                        finish();
                });
        }
    }
    if (state->outstanding == 0)
        QMetaObject::invokeMethod(this, finish, Qt::QueuedConnection);
}

QStringList NotificationService::resolveTargets(const QStringList& requested, QString* error) const
{
    if (requested.isEmpty()) {
        QStringList all = m_profile.enabledChannelNames();
        if (all.isEmpty())
            *error = QStringLiteral("no channel is enabled: add one first (alertdesk-cli channel add ...)");
        return all;
    }
    QStringList configured;
    for (const auto& c : m_profile.channels())
        configured << c.name;
    for (const QString& name : requested) {
        const ChannelConfig* cfg = m_profile.channel(name);
        if (!cfg) {
            *error
                = QStringLiteral("no channel named '%1' (configured: %2)")
                      .arg(name, configured.isEmpty() ? QStringLiteral("none") : configured.join(QStringLiteral(", ")));
            return {};
        }
        if (!cfg->enabled) {
            *error = QStringLiteral("channel '%1' is disabled").arg(name);
            return {};
        }
    }
    return requested;
}

DeliveryReport NotificationService::report(const QString& alertId) const
{
    DeliveryReport r;
    r.alertId = alertId;
    if (const auto a = m_alerts.get(alertId))
        r.startedAt = a->createdAt;
    qint64 finished = 0;
    for (const DeliveryRow& row : m_outbox.forAlert(alertId)) {
        r.results << row.toResult();
        finished = std::max(finished, row.finishedAt);
    }
    if (r.complete() && finished > 0)
        r.finishedAt = QDateTime::fromMSecsSinceEpoch(finished, Qt::UTC);
    return r;
}

QList<DeliveryReport> NotificationService::recentDeliveries(int limit) const
{
    QList<DeliveryReport> out;
    for (const Alert& a : m_alerts.recent(limit))
        out << report(a.id);
    return out;
}

namespace {
double percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
    return static_cast<double>(v.at(std::clamp<qsizetype>(idx, 0, v.size() - 1)));
}
} // namespace

QList<ChannelHealth> NotificationService::health() const
{
    QList<ChannelHealth> out;
    for (const ChannelConfig& c : m_profile.channels()) {
        const ChannelStats s = m_outbox.stats(c.name);
        ChannelHealth h;
        h.channel = c.name;
        h.kind = c.kind;
        h.enabled = c.enabled;
        h.sent = s.delivered;
        h.failed = s.failed;
        h.retried = s.retried;
        h.lastError = s.lastError;
        if (s.lastErrorAt > 0)
            h.lastErrorAt = QDateTime::fromMSecsSinceEpoch(s.lastErrorAt, Qt::UTC);
        if (s.lastSuccessAt > 0)
            h.lastSuccessAt = QDateTime::fromMSecsSinceEpoch(s.lastSuccessAt, Qt::UTC);
        h.latencyP50Ms = percentile(s.recentLatencies, 50);
        h.latencyP95Ms = percentile(s.recentLatencies, 95);
        const QList<RecentOutcome> newest = m_outbox.recentOutcomes(c.name, 1);
        h.lastAttemptFailed = !newest.isEmpty() && !newest.first().delivered;
        h.circuit = m_dispatcher->circuitState(c.name);
        if (h.circuit == CircuitState::Open)
            h.circuitRetryAt
                = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs() + m_dispatcher->circuitWaitMs(c.name), Qt::UTC);
        if (m_loadErrors.contains(c.name) && h.lastError.isEmpty())
            h.lastError = m_loadErrors.value(c.name);
        out << h;
    }
    return out;
}

QJsonObject NotificationService::statistics() const
{
    qint64 sent = 0, failed = 0, retried = 0;
    QJsonArray channels;
    for (const ChannelHealth& h : health()) {
        sent += h.sent;
        failed += h.failed;
        retried += h.retried;
        channels.append(h.toJson());
    }
    const qint64 total = sent + failed;
    return {
        { QStringLiteral("alerts"), m_alerts.count() },
        { QStringLiteral("deliveries_sent"), sent },
        { QStringLiteral("deliveries_failed"), failed },
        { QStringLiteral("attempts_retried"), retried },
        { QStringLiteral("deliveries_open"), m_outbox.openCount() },
        { QStringLiteral("success_rate"),
            total == 0 ? 100.0 : 100.0 * static_cast<double>(sent) / static_cast<double>(total) },
        { QStringLiteral("channels"), channels },
    };
}

void NotificationService::testChannel(const QString& name, std::function<void(const ChannelResult&)> done)
{
    auto run = [this, name, done = std::move(done)] {
        ChannelResult result;
        result.channel = name;
        Channel* ch = channel(name);
        if (!ch) {
            result.status = DeliveryStatus::Failed;
            result.error = m_loadErrors.value(name, QStringLiteral("no channel named %1").arg(name));
            done(result);
            return;
        }
        Alert a;
        a.id = newAlertId();
        a.type = AlertType::Custom;
        a.priority = Priority::Info;
        a.title = QStringLiteral("AlertDesk test");
        a.message = QStringLiteral("This is a test message from AlertDesk to the channel '%1'.").arg(name);
        a.createdAt = a.updatedAt = m_clock.now();
        const DeliveryContext ctx { OutboxStore::idempotencyKey(a.id, name), 1,
            m_profile.deliverySettings().timeoutMs };
        result.idempotencyKey = ctx.idempotencyKey; // what the receiver saw in Idempotency-Key
        ch->send(a, ctx, [result, done, name, this](const SendOutcome& o) mutable {
            result.attempts = 1;
            result.finishedAt = m_clock.now();
            result.status = o.kind == SendOutcome::Kind::Delivered ? DeliveryStatus::Delivered : DeliveryStatus::Failed;
            result.latencyMs = result.success() ? o.latencyMs : -1; // as in reports: of a success only
            result.error = o.error;
            // Kept before the answer, so that the health read after it names a failed test.
            QString dbError;
            if (!m_outbox.recordTest(name, m_clock.nowMs(), result.success(), o.httpStatus, o.error, &dbError))
                qCWarning(lcEngine).noquote() << "cannot record the test of channel" << name << ":" << dbError;
            m_dispatcher->noteTestOutcome(name, o);
            done(result);
        });
    };
    if (isLoaded(name))
        run();
    else
        loadChannels({ name }, [run](const QStringList&) { run(); });
}

void NotificationService::checkClusterSilences(const QString& alertId)
{
    for (const auto& ch : std::as_const(m_channels)) {
        if (auto* am = qobject_cast<AlertmanagerChannel*>(ch.get()))
            am->checkSilences(alertId, m_dispatcher->settings().timeoutMs);
    }
}

void NotificationService::onChannelSettingsChanged(const QString& name, const QJsonObject& settings)
{
    // Settings are never secret, so they go to config.json like any other edit.
    const ChannelConfig* cfg = m_profile.channel(name);
    if (!cfg)
        return;
    ChannelConfig changed = *cfg;
    changed.settings = settings;
    m_profile.replaceChannel(changed);
    QString error;
    if (m_profile.save(&error))
        qCInfo(lcEngine).noquote() << "saved the new settings of channel" << name;
    else
        qCWarning(lcEngine).noquote() << "cannot save the new settings of channel" << name << ":" << error;
}

void NotificationService::retire(std::shared_ptr<Channel> channel)
{
    // Its requests in flight still report to the dispatcher: keep it until they have timed out.
    m_clock.schedule(m_dispatcher->settings().timeoutMs + 1000, this, [channel = std::move(channel)] {});
}

void NotificationService::followProfileOnDisk()
{
    // Another process (alertdesk-cli channel add/remove) changed the profile: channels removed
    // there are dropped here, the others are read again with their secrets, and those that
    // changed (a rotated webhook URL, say) are rebuilt. Every save rewrites config.json, so
    // its time stamp tells when to look.
    if (m_profile.setting(QStringLiteral("network.proxy")).toString() != m_proxyApplied)
        refreshProxy({}); // changed in this process (the window's Settings)
    const QDateTime stamp = QFileInfo(m_profile.configPath()).lastModified();
    if (stamp == m_configStamp)
        return;
    m_configStamp = stamp;
    // Our own save: the profile in memory is already what the file says (and may hold more,
    // such as settings a test applied without saving).
    if (stamp == m_profile.savedStamp())
        return;
    QString error, warning;
    auto fresh = Profile::load(m_profile.dir(), &error, &warning);
    if (!fresh)
        return;
    QStringList changedSettings;
    for (const SettingSpec& spec : settingSpecs()) {
        if (fresh->setting(spec.key) != m_profile.setting(spec.key))
            changedSettings << spec.key;
    }
    m_profile = *fresh;
    Q_EMIT profileChangedOnDisk();
    // `settings set` from another process: delivery.* apply from the next send on; the
    // engine restarts what reads its settings only when it starts (the ingest API).
    if (!changedSettings.isEmpty()) {
        if (std::any_of(changedSettings.begin(), changedSettings.end(),
                [](const QString& k) { return k.startsWith(QLatin1String("delivery.")); }))
            m_dispatcher->setSettings(m_profile.deliverySettings());
        if (changedSettings.contains(QStringLiteral("network.proxy")))
            refreshProxy({});
        qCInfo(lcEngine).noquote() << "settings changed on disk:" << changedSettings.join(QStringLiteral(", "));
        Q_EMIT settingsChanged(changedSettings);
    }
    QStringList reload;
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if (m_profile.channel(it.key())) {
            reload << it.key();
            ++it;
            continue;
        }
        m_dispatcher->removeChannel(it.key());
        m_loadedAs.remove(it.key());
        retire(it.value());
        it = m_channels.erase(it);
    }
    m_loadErrors.clear();
    m_waitingForKeychain.clear();
    // Nothing goes out through a channel until it is known to be as the profile says.
    for (const QString& name : std::as_const(reload))
        m_dispatcher->suspendChannel(name);
    if (!reload.isEmpty()) {
        // A channel that changed was replaced (and so resumed) by now; one that could not be
        // read again goes on as it was.
        loadChannels(reload, [this, reload](const QStringList&) {
            for (const QString& name : reload)
                m_dispatcher->resumeChannel(name);
        });
    }
}

void NotificationService::onMissingChannels(const QStringList& names)
{
    // Another process (a CLI hand-off) may have added channels since this one loaded its
    // profile: re-read it, then load them; rows for channels that still do not exist fail.
    QString error, warning;
    if (auto fresh = Profile::load(m_profile.dir(), &error, &warning))
        m_profile = *fresh;
    QStringList toLoad;
    for (const QString& n : names) {
        // Tried once more at every poll while it waits for the keychain, one try at a time.
        if (m_reloading.contains(n))
            continue;
        if (m_loadErrors.contains(n) && m_profile.channel(n) && !waitsForKeychain(n)) {
            m_dispatcher->failChannel(n, m_loadErrors.value(n));
            continue;
        }
        if (!m_profile.channel(n)) {
            m_dispatcher->failChannel(n, QStringLiteral("channel %1 is not configured").arg(n));
            continue;
        }
        toLoad << n;
    }
    if (toLoad.isEmpty())
        return;
    for (const QString& n : std::as_const(toLoad))
        m_reloading.insert(n);
    loadChannels(toLoad, [this, toLoad](const QStringList&) {
        for (const QString& n : toLoad)
            m_reloading.remove(n);
        failOrHoldUnloaded(toLoad);
    });
}

QStringList NotificationService::failOrHoldUnloaded(const QStringList& names)
{
    QStringList held;
    for (const QString& n : names) {
        if (isLoaded(n))
            continue;
        const QString error = m_loadErrors.value(n, QStringLiteral("channel %1 is not configured").arg(n));
        if (waitsForKeychain(n)) {
            m_dispatcher->holdChannel(n, error);
            held << n;
        } else {
            m_dispatcher->failChannel(n, error);
        }
    }
    return held;
}

} // namespace alertdesk
