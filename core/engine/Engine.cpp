// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Engine.h"

#include "AlertLifecycle.h"
#include "AlertManager.h"
#include "NotificationService.h"
#include "PolicyEngine.h"
#include "RuleService.h"
#include "channels/ChannelRegistry.h"
#include "config/Profile.h"
#include "config/ProfileLock.h"
#include "config/SecretStore.h"
#include "config/SourceArgs.h"
#include "delivery/Dispatcher.h"
#include "rules/RuleEngine.h"
#include "sources/AlertmanagerBatch.h"
#include "sources/IngestServer.h"
#include "sources/NtfySource.h"
#include "sources/PriceFeed.h"
#include "storage/AlertSearchIndex.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "storage/SourcePositionStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

#include <unistd.h>

namespace alertdesk {

namespace {
// New alerts wait this long for the search index, so a storm's alerts go in as one batch
// (searches find them before that by matching the rows past the index directly).
constexpr int kIndexDelayMs = 250;
// Alerts indexed per transaction: a long backlog goes in a batch at a time, between other work.
// Small enough that a CRITICAL alert right after a storm waits a few milliseconds for the
// engine thread, not a batch of 2,000 (p99 118-166 ms to the wire behind 50,000 LOW, 40-53
// ms with 200, at load 15 on 2 cores: alertdesk_bench --only priority).
constexpr int kIndexBatch = 200;
constexpr int kIndexRetryMs = 5000;

// Why a channel is not stored: the Apprise URL dialog shows it in the window's language (the
// context of the channel checks in core/channels).
class ChannelChecks final {
    Q_DECLARE_TR_FUNCTIONS(ChannelChecks)
};
} // namespace

Engine::Engine()
{
    guardQtNetworkLogging(); // before any request or ingest connection could be logged
}

Engine::~Engine()
{
    // Children that reference the stores go first; the rules save their state on the way out.
    delete m_feed;
    qDeleteAll(m_sources);
    m_sources.clear();
    if (m_ingest) {
        delete m_ingest;
        QFile::remove(ingestEndpointPath());
    }
    delete m_rules;
    delete m_lifecycle;
    delete m_alertManager;
    delete m_policy;
    delete m_notifications;
}

std::unique_ptr<Engine> Engine::open(const Options& options, QString* error, QString* warning)
{
    QElapsedTimer took;
    took.start();
    std::unique_ptr<Engine> e(new Engine);
    const QString dir = options.profileDir.isEmpty() ? Profile::defaultDir() : options.profileDir;
    auto profile = Profile::load(dir, error, warning);
    if (!profile)
        return nullptr;
    e->m_profile = std::make_unique<Profile>(*profile);
    const qint64 profileMs = took.elapsed();
    e->m_db = Database::open(e->m_profile->databasePath(), error, Database::Mode::ReadWrite, options.onHistoryUpgrade);
    const qint64 databaseMs = took.elapsed();
    if (!e->m_db && ::access(QFile::encodeName(e->m_profile->dir()).constData(), W_OK) != 0) {
        // A profile that cannot be written (a read-only mount): its history is read, never
        // changed; nobody can take its driver lock, so whoever opens it runs read-only.
        QString readOnlyError;
        e->m_db = Database::open(e->m_profile->databasePath(), &readOnlyError, Database::Mode::ReadOnly);
    }
    if (!e->m_db)
        return nullptr;
    e->m_alerts = std::make_unique<AlertStore>(*e->m_db);
    e->m_outbox = std::make_unique<OutboxStore>(*e->m_db);
    e->m_lifecycleStore = std::make_unique<LifecycleStore>(*e->m_db);
    e->m_policyStore = std::make_unique<PolicyStore>(*e->m_db);
    e->m_sourcePositions = std::make_unique<SourcePositionStore>(*e->m_db);
    e->m_lock = std::make_unique<ProfileLock>(e->m_profile->lockPath());
    e->m_secrets = options.secrets ? options.secrets : new KeychainSecretStore(e.get(), options.keychainUnlockWaitMs);
    e->m_clock = options.clock ? options.clock : SystemClock::instance();
    e->m_notifications = new NotificationService(
        *e->m_profile, *e->m_db, *e->m_alerts, *e->m_outbox, *e->m_secrets, *e->m_clock, e.get());
    e->m_notifications->setDesktopNotifier(options.desktop);
    connect(e->m_notifications, &NotificationService::settingsChanged, e.get(),
        [engine = e.get()](const QStringList& keys) { engine->onSettingsChanged(keys); });
    connect(e->m_notifications, &NotificationService::clusterSilences, e.get(),
        [engine = e.get()](const QString& alertId, const QList<ClusterSilence>& current,
            const QList<ClusterSilence>& ended) { engine->recordClusterSilences(alertId, current, ended); });
    e->m_alertManager
        = new AlertManager(*e->m_db, *e->m_alerts, *e->m_outbox, *e->m_notifications, *e->m_clock, e.get());
    e->m_policy = new PolicyEngine(*e->m_profile, *e->m_db, *e->m_alerts, *e->m_outbox, *e->m_lifecycleStore,
        *e->m_policyStore, *e->m_notifications, *e->m_clock, e.get());
    e->m_alertManager->setPolicyEngine(e->m_policy);
    e->m_lifecycle
        = new AlertLifecycle(*e->m_db, *e->m_alerts, *e->m_lifecycleStore, *e->m_policy, *e->m_clock, e.get());
    e->m_rules = new RuleService(*e->m_profile, *e->m_db, *e->m_alertManager, *e->m_clock, e.get());
    QStringList ruleWarnings;
    if (!e->m_rules->load(error, &ruleWarnings))
        return nullptr;
    if (warning && !ruleWarnings.isEmpty())
        *warning
            = (warning->isEmpty() ? QString() : *warning + QLatin1Char('\n')) + ruleWarnings.join(QLatin1Char('\n'));
    qCDebug(lcEngine) << "opened in" << took.elapsed() << "ms: profile" << profileMs << "ms, history"
                      << databaseMs - profileMs << "ms";
    return e;
}

bool Engine::acquireDriverLock()
{
    return m_lock->isLocked() || m_lock->tryLock();
}

qint64 Engine::lockOwnerPid() const
{
    return m_lock->ownerPid();
}

QString Engine::lockError() const
{
    return m_lock->errorString();
}

void Engine::startDelivery(const QStringList& channels, std::function<void(const QStringList&)> done)
{
    m_notifications->loadChannels(channels, [this, done = std::move(done)](const QStringList& errors) {
        m_notifications->dispatcher().start();
        m_policy->start();
        m_lifecycle->start();
        done(errors);
    });
    // The driver indexes what came in while none ran (the command line's sends, say), then
    // each batch of new alerts.
    // Wall time, not the engine's Clock: housekeeping that no policy waits on (and that a test's
    // stopped clock would hold back).
    if (!m_indexTimer) {
        m_searchIndex = std::make_unique<AlertSearchIndex>(*m_db);
        m_indexTimer = new QTimer(this);
        m_indexTimer->setSingleShot(true);
        connect(m_indexTimer, &QTimer::timeout, this, &Engine::indexForSearch);
        connect(m_alertManager, &AlertManager::alertAccepted, this, [this] {
            if (!m_indexTimer->isActive())
                m_indexTimer->start(kIndexDelayMs);
        });
        m_indexTimer->start(0);
    }
}

void Engine::recordClusterSilences(
    const QString& alertId, const QList<ClusterSilence>& current, const QList<ClusterSilence>& ended)
{
    const auto a = m_alerts->get(alertId);
    if (!a)
        return;
    // Shown, not acted on: a colleague's silence mutes the cluster's receivers, while this desk
    // still owns the alert (its state, escalation and own silences stay as they are).
    int recorded = 0;
    QString error;
    const bool ok = m_db->transaction(
        [&] {
            recorded
                = m_lifecycleStore->recordClusterSilences(alertId, a->state, current, ended, m_clock->nowMs(), &error);
            return recorded >= 0;
        },
        &error);
    if (!ok) {
        qCWarning(lcEngine).noquote() << "cannot record the cluster's silences of alert" << alertId << ":" << error;
        return;
    }
    if (recorded > 0) {
        qCInfo(lcEngine).noquote() << "alert" << alertId << ":" << recorded << "cluster silence event(s) recorded";
        Q_EMIT alertEventsRecorded(alertId);
    }
}

void Engine::indexForSearch()
{
    QString error;
    const int n = m_searchIndex->indexPending(kIndexBatch, &error);
    if (n < 0) {
        qCWarning(lcEngine) << "cannot index alerts for search:" << error;
        m_indexTimer->start(kIndexRetryMs); // the database busy, say: searches still find them
    } else if (n == kIndexBatch) {
        m_indexTimer->start(0); // the rest of a backlog, after what else is waiting
    }
}

void Engine::saveChannel(
    const ChannelConfig& config, const SecretMap& secrets, bool replace, std::function<void(const QString&)> done)
{
    const ChannelKindInfo* kind = findChannelKind(config.kind);
    if (!kind) {
        done(ChannelChecks::tr("unknown channel kind '%1'").arg(config.kind));
        return;
    }
    if (config.name == QLatin1String("ingest")) {
        done(ChannelChecks::tr(
            "channel name 'ingest' is reserved (the ingest API keeps its token under it in the keychain)"));
        return;
    }
    if (!Profile::isValidChannelName(config.name)) {
        done(ChannelChecks::tr("channel name '%1' is not valid: use 1-64 letters, digits, '_', '.' or '-', starting "
                               "with a letter or digit")
                 .arg(config.name));
        return;
    }
    if (!replace && m_profile->channel(config.name)) {
        done(ChannelChecks::tr("a channel named '%1' exists already").arg(config.name));
        return;
    }
    if (QString e = kind->validate(config, secrets); !e.isEmpty()) {
        done(e);
        return;
    }
    ChannelConfig stored = config;
    stored.secretFields.clear();
    for (auto it = secrets.begin(); it != secrets.end(); ++it) {
        if (!it.value().isEmpty())
            stored.secretFields << it.key();
    }
    struct State {
        int outstanding = 0;
        QString error;
        QStringList written;
    };
    auto st = std::make_shared<State>();
    std::optional<ChannelConfig> previous;
    if (const ChannelConfig* c = m_profile->channel(config.name))
        previous = *c;
    auto finish = [this, st, stored, previous, done = std::move(done), replace] {
        if (st->error.isEmpty()) {
            m_profile->replaceChannel(stored);
            if (m_profile->save(&st->error)) {
                // A replaced channel's secrets that the new one no longer has would otherwise
                // stay in the keychain with nothing pointing at them.
                QStringList stale;
                if (previous) {
                    for (const QString& f : previous->secretFields) {
                        if (!stored.secretFields.contains(f))
                            stale << f;
                    }
                }
                if (stale.isEmpty()) {
                    done({});
                    return;
                }
                auto left = std::make_shared<int>(static_cast<int>(stale.size()));
                for (const QString& field : std::as_const(stale)) {
                    m_secrets->remove(
                        SecretStore::key(m_profile->id(), stored.name, field), [left, done](const SecretResult& r) {
                            if (!r.ok)
                                qCWarning(lcSecrets)
                                    << "a replaced channel's old secret could not be removed:" << r.error;
                            if (--*left == 0)
                                done({});
                        });
                }
                return;
            }
            if (previous)
                m_profile->replaceChannel(*previous);
            else
                m_profile->removeChannel(stored.name);
        }
        // A new channel that could not be saved leaves no secret behind in the keychain
        // (done waits for that: a CLI exits as soon as it is told).
        const QStringList undo = replace ? QStringList() : st->written;
        if (undo.isEmpty()) {
            done(st->error);
            return;
        }
        auto left = std::make_shared<int>(static_cast<int>(undo.size()));
        for (const QString& field : undo) {
            m_secrets->remove(
                SecretStore::key(m_profile->id(), stored.name, field), [left, st, done](const SecretResult&) {
                    if (--*left == 0)
                        done(st->error);
                });
        }
    };
    for (const QString& field : std::as_const(stored.secretFields)) {
        ++st->outstanding;
        m_secrets->write(SecretStore::key(m_profile->id(), stored.name, field), secrets.value(field),
            [st, finish, field](const SecretResult& r) {
                if (r.ok)
                    st->written << field;
                else if (st->error.isEmpty())
                    st->error = r.error;
                if (--st->outstanding == 0)
                    finish();
            });
    }
    if (st->outstanding == 0)
        finish();
}

void Engine::removeChannel(const QString& name, const std::function<void(const QString&)>& done)
{
    const ChannelConfig* cfg = m_profile->channel(name);
    if (!cfg) {
        done(QStringLiteral("no channel named '%1'").arg(name));
        return;
    }
    const QStringList fields = cfg->secretFields;
    m_profile->removeChannel(name);
    QString error;
    if (!m_profile->save(&error)) {
        done(error);
        return;
    }
    auto outstanding = std::make_shared<int>(static_cast<int>(fields.size()));
    auto firstError = std::make_shared<QString>();
    for (const QString& field : fields) {
        m_secrets->remove(
            SecretStore::key(m_profile->id(), name, field), [outstanding, firstError, done](const SecretResult& r) {
                if (!r.ok && firstError->isEmpty())
                    *firstError = r.error;
                if (--*outstanding == 0)
                    done(*firstError);
            });
    }
    if (fields.isEmpty())
        done({});
}

QString Engine::ingestEndpointPath() const
{
    return m_profile->dir() + QStringLiteral("/ingest.json");
}

void Engine::ingestToken(std::function<void(const QString&, const QString&)> done, bool create)
{
    const QString key = SecretStore::key(m_profile->id(), QStringLiteral("ingest"), QStringLiteral("token"));
    // A token made or found now also serves an ingest API started before there was one.
    auto serve = [this](const QString& token) {
        if (m_ingestToken.isEmpty() && m_ingest) {
            m_ingestToken = token;
            m_ingest->setToken(token.toLatin1());
        }
    };
    m_secrets->read(key, [this, key, create, serve, done = std::move(done)](const SecretResult& r) {
        if (r.ok && !r.value.isEmpty()) {
            serve(r.value);
            return done(r.value, QString());
        }
        if (!r.ok && !r.notFound)
            return done(QString(), QStringLiteral("cannot read the ingest API token: %1").arg(r.error));
        if (!create)
            return done(QString(), QStringLiteral("no ingest API token has been made for this profile yet"));
        const QString token = QString::fromLatin1(IngestServer::generateToken());
        m_secrets->write(key, token, [token, serve, done](const SecretResult& w) {
            if (!w.ok)
                return done(QString(), QStringLiteral("cannot store the ingest API token: %1").arg(w.error));
            qCInfo(lcSources) << "generated a new ingest API token";
            serve(token);
            done(token, QString());
        });
    });
}

void Engine::stopIngest()
{
    if (!m_ingest)
        return;
    delete m_ingest;
    m_ingest = nullptr;
    QFile::remove(ingestEndpointPath());
}

void Engine::regenerateIngestToken(std::function<void(const QString&)> done)
{
    const QString key = SecretStore::key(m_profile->id(), QStringLiteral("ingest"), QStringLiteral("token"));
    const QByteArray token = IngestServer::generateToken();
    m_secrets->write(key, QString::fromLatin1(token), [this, token, done = std::move(done)](const SecretResult& w) {
        if (!w.ok)
            return done(QStringLiteral("cannot store the ingest API token: %1").arg(w.error));
        m_ingestToken = QString::fromLatin1(token); // a restart on new settings keeps the new token
        if (m_ingest)
            m_ingest->setToken(token);
        qCInfo(lcSources) << "regenerated the ingest API token";
        done(QString());
    });
}

bool Engine::startIngest(const QString& token, QString* error)
{
    return startIngestOn(static_cast<quint16>(m_profile->setting(QStringLiteral("ingest.port")).toInt()), token, error);
}

void Engine::onSettingsChanged(const QStringList& keys)
{
    if (!m_ingest
        || (!keys.contains(QStringLiteral("ingest.port")) && !keys.contains(QStringLiteral("ingest.max_body_bytes"))))
        return;
    // The old server lets go of its port first: the new one may want the same.
    const quint16 oldPort = m_ingest->port();
    delete m_ingest;
    m_ingest = nullptr;
    QFile::remove(ingestEndpointPath());
    QString error;
    if (startIngestOn(
            static_cast<quint16>(m_profile->setting(QStringLiteral("ingest.port")).toInt()), m_ingestToken, &error)) {
        qCInfo(lcEngine) << "the ingest API follows the new settings on port" << m_ingest->port();
        return;
    }
    qCWarning(lcEngine).noquote() << "the ingest API cannot follow the new settings:" << error << "- it stays on port"
                                  << oldPort;
    if (!startIngestOn(oldPort, m_ingestToken, &error))
        qCWarning(lcEngine).noquote() << "the ingest API stopped:" << error;
}

bool Engine::startIngestOn(quint16 port, const QString& token, QString* error)
{
    if (m_ingest) {
        *error = QStringLiteral("the ingest API is running already");
        return false;
    }
    if (!acquireDriverLock()) {
        *error = QStringLiteral("another AlertDesk (pid %1) drives this profile and serves its ingest API")
                     .arg(lockOwnerPid());
        return false;
    }
    IngestServer::Options o;
    o.port = port;
    o.maxBodyBytes = m_profile->setting(QStringLiteral("ingest.max_body_bytes")).toInteger();
    o.token = token.toLatin1();
    IngestHandlers h;
    h.submitAlert = [this](const QJsonObject& in, FieldError* e) -> std::optional<QJsonObject> {
        // Routed with the channels as they are on disk now: a `channel add` a moment ago counts.
        m_notifications->followProfileOnDisk();
        AlertParseResult r = parseAlert(in, m_clock->now());
        if (!r.ok()) {
            *e = r.error;
            return std::nullopt;
        }
        const auto adm = m_alertManager->admit(*r.alert, e);
        if (!adm)
            return std::nullopt;
        // What became of it, so that a handing-off `alertdesk-cli send` reports as a local one.
        QJsonObject out = adm->toJson();
        out.insert(QStringLiteral("id"), adm->alert.id);
        return out;
    };
    h.together = [this](const std::function<void()>& work, QString* e) {
        return m_db->transaction(
            [&] {
                work();
                return true;
            },
            e);
    };
    h.submitSample = [this](const QString& metric, double value, qint64 timeMs) {
        m_notifications->followProfileOnDisk();
        const SampleResult r = m_rules->submitSample(metric, value, timeMs);
        IngestSampleOutcome o;
        o.evaluated = r.status == RuleEngine::SampleStatus::Evaluated || r.status == RuleEngine::SampleStatus::NoRules;
        if (!o.evaluated)
            o.reason = RuleEngine::statusText(r.status);
        for (const Alert& a : r.alerts)
            o.alertIds << a.id;
        o.errors = r.errors;
        return o;
    };
    h.lookUpToken = [this] {
        ingestToken(
            [this](const QString& token, const QString&) {
                if (m_ingest)
                    m_ingest->tokenLookedUp(token.toLatin1());
            },
            false);
    };
    h.health = [this] {
        return QJsonObject { { QStringLiteral("profile"), m_profile->id() },
            { QStringLiteral("pid"), QCoreApplication::applicationPid() },
            { QStringLiteral("rules"), static_cast<qint64>(m_rules->engine().ruleCount()) },
            { QStringLiteral("channels"), static_cast<qint64>(m_profile->enabledChannelNames().size()) },
            { QStringLiteral("outbox_open"), m_outbox->openCount() } };
    };
    h.alertmanager = [this](const AlertmanagerBatch& batch) {
        AlertmanagerOutcome out;
        m_notifications->followProfileOnDisk();
        if (!batch.firing.isEmpty()) {
            QString targetError;
            if (m_notifications->resolveTargets(batch.firing.first().channels, &targetError).isEmpty()) {
                out.error = { QStringLiteral("channel"), targetError };
                return out;
            }
        }
        for (const Alert& a : batch.firing) {
            // Our own alert, pushed by the alertmanager channel and routed back to this desk: the
            // loop ends here (an id of another desk is not in this history: raised as usual).
            const QString ownId
                = a.data.value(QStringLiteral("labels")).toObject().value(QStringLiteral("alertdesk_id")).toString();
            if (!ownId.isEmpty() && m_alerts->get(ownId)) {
                ++out.ours;
                m_notifications->checkClusterSilences(ownId); // a colleague may have silenced it since
                continue;
            }
            // Alertmanager repeats a group's open alerts in every notification: one alert each.
            if (m_alerts->latestUnresolvedByDedupKey(a.dedupKey)) {
                ++out.duplicates;
                continue;
            }
            FieldError fe;
            if (const auto stored = m_alertManager->submit(a, &fe))
                out.created << stored->id;
            else
                out.errors << fe.toString();
        }
        for (const QString& key : batch.resolved) {
            const auto open = m_alerts->latestUnresolvedByDedupKey(key);
            if (!open) {
                ++out.unknownResolved;
                continue;
            }
            QString e;
            if (m_alerts->setState(open->id, AlertState::Resolved, m_clock->nowMs(), &e))
                ++out.resolved;
            else
                out.errors << QStringLiteral("storage: ") + e;
        }
        return out;
    };
    auto* server = new IngestServer(o, std::move(h), *m_clock, this);
    if (!server->start(error)) {
        delete server;
        return false;
    }
    m_ingest = server;
    m_ingestToken = token;
    // Other processes (alertdesk-cli metric/send) find the API here, whatever port it got.
    QSaveFile f(ingestEndpointPath());
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(QJsonObject { { QStringLiteral("pid"), QCoreApplication::applicationPid() },
                                  { QStringLiteral("port"), server->port() } })
                    .toJson(QJsonDocument::Compact));
        f.commit();
    }
    return true;
}

Engine::FeedStart Engine::startFeedIfEnabled(QString* error)
{
    if (!m_profile->setting(QStringLiteral("feed.enabled")).toBool())
        return FeedStart::Disabled;
    return startFeed(error) ? FeedStart::Started : FeedStart::Failed;
}

bool Engine::startFeed(QString* error)
{
    if (m_feed) {
        *error = QStringLiteral("the price feed is running already");
        return false;
    }
    PriceFeed::Options o;
    o.url = QUrl(m_profile->setting(QStringLiteral("feed.url")).toString());
    if (!o.url.isValid() || (o.url.scheme() != QLatin1String("ws") && o.url.scheme() != QLatin1String("wss"))) {
        *error = QStringLiteral("feed.url must be a ws:// or wss:// URL");
        return false;
    }
    o.staleAfterMs = m_profile->setting(QStringLiteral("feed.stale_after_ms")).toInteger();
    m_feed = new PriceFeed(o, *m_clock, this);
    connect(m_feed, &PriceFeed::sample, this, [this](const QString& metric, double value, qint64 timeMs) {
        const SampleResult r = m_rules->submitSample(metric, value, timeMs);
        for (const QString& e : r.errors)
            qCWarning(lcEngine).noquote() << "price feed:" << e;
    });
    connect(m_feed, &PriceFeed::healthAlert, this, [this](const Alert& alert) {
        FieldError fe;
        if (!m_alertManager->submit(alert, &fe))
            qCWarning(lcEngine).noquote() << "price feed health alert refused:" << fe.toString();
    });
    auto follow = [this] {
        QStringList metrics;
        for (const Rule& r : m_rules->rules()) {
            if (r.enabled)
                metrics << r.metric;
        }
        m_feed->setSymbols(feedSymbolsForMetrics(metrics));
    };
    connect(m_rules, &RuleService::rulesChanged, m_feed, follow);
    follow();
    m_feed->start();
    return true;
}

QString Engine::sourceSecretKey(const QString& source, const QString& field) const
{
    return SecretStore::key(m_profile->id(), QStringLiteral("source:") + source, field);
}

void Engine::startSources(std::function<void(const QStringList&)> done)
{
    m_sourcesStarted = true;
    struct State {
        int outstanding = 1;
        QStringList errors;
    };
    auto st = std::make_shared<State>();
    auto finishOne = [st, done = std::move(done)] {
        if (--st->outstanding == 0)
            done(st->errors);
    };
    for (const SourceConfig& c : m_profile->sources()) {
        if (!c.enabled || m_sources.contains(c.name))
            continue;
        ++st->outstanding;
        startSource(c, [st, finishOne, name = c.name](const QString& error) {
            if (!error.isEmpty())
                st->errors << QStringLiteral("source %1: %2").arg(name, error);
            finishOne();
        });
    }
    finishOne();
}

void Engine::startSource(const SourceConfig& config, const std::function<void(const QString&)>& done)
{
    if (config.kind != QLatin1String("ntfy")) {
        done(QStringLiteral("unknown source kind '%1'").arg(config.kind));
        return;
    }
    auto build = [this, config, done](const QString& token) {
        if (!acquireDriverLock()) {
            done(QStringLiteral("another AlertDesk (pid %1) drives this profile").arg(lockOwnerPid()));
            return;
        }
        stopSource(config.name);
        const QJsonObject& s = config.settings;
        NtfySource::Options o;
        o.server = s.value(QStringLiteral("server")).toString(ntfysource::kDefaultServer);
        o.topic = s.value(QStringLiteral("topic")).toString();
        o.token = token;
        o.defaults.source = config.name;
        o.defaults.topic = o.topic;
        o.defaults.type = alertTypeFromString(s.value(QStringLiteral("type")).toString());
        o.defaults.priority = priorityFromString(s.value(QStringLiteral("priority")).toString());
        for (const QJsonValue& v : s.value(QStringLiteral("channels")).toArray())
            o.defaults.channels << v.toString();
        QString error;
        o.position = m_sourcePositions->position(config.name, &error);
        if (!error.isEmpty()) {
            done(QStringLiteral("cannot read where it stands: %1").arg(error));
            return;
        }
        const QString name = config.name;
        // The alert and the position it moves to in one transaction: a crash between the two
        // would otherwise lose the message or take it twice.
        auto commit = [this, name](const std::optional<Alert>& alert, const QString& position, QString* e) {
            m_notifications->followProfileOnDisk(); // a `channel add` a moment ago counts
            return m_db->transaction(
                [&] {
                    if (alert) {
                        FieldError fe;
                        if (!m_alertManager->admit(*alert, &fe)) {
                            if (fe.field == QLatin1String("storage")) {
                                *e = fe.message;
                                return false;
                            }
                            // Refused for its content (a channel that does not exist): it
                            // would be refused again, so it is passed over, not re-read forever.
                            qCWarning(lcEngine).noquote() << "source" << name << ": message" << position
                                                          << "refused, passed over:" << fe.toString();
                        }
                    }
                    return m_sourcePositions->setPosition(name, position, m_clock->nowMs(), e);
                },
                e);
        };
        auto* source = new NtfySource(o, m_notifications->network(), *m_clock, commit, this);
        m_sources.insert(name, source);
        source->start();
        Q_EMIT sourcesChanged();
        done({});
    };
    if (!config.secretFields.contains(QStringLiteral("token"))) {
        build({});
        return;
    }
    m_secrets->read(sourceSecretKey(config.name, QStringLiteral("token")), [build, done](const SecretResult& r) {
        if (!r.ok) {
            done(r.notFound ? QStringLiteral("its token is missing from the keychain")
                            : QStringLiteral("cannot read its token: %1").arg(r.error));
            return;
        }
        build(r.value);
    });
}

void Engine::stopSource(const QString& name)
{
    NtfySource* old = m_sources.take(name);
    if (!old)
        return;
    old->stop();
    old->deleteLater();
    Q_EMIT sourcesChanged();
}

void Engine::saveSource(
    const SourceConfig& config, const SecretMap& secrets, bool replace, const std::function<void(const QString&)>& done)
{
    if (const auto e = checkSourceName(config.name)) {
        done(e->text());
        return;
    }
    if (config.kind != QLatin1String("ntfy")) {
        done(QStringLiteral("unknown source kind '%1' (known: ntfy)").arg(config.kind));
        return;
    }
    const SourceConfig* existing = m_profile->source(config.name);
    if (!replace && existing) {
        done(QStringLiteral("a source named '%1' exists already").arg(config.name));
        return;
    }
    // The stored settings go through the builder again: a source is never saved unchecked.
    QJsonObject settings;
    SecretMap ignored;
    if (const auto e = buildNtfySource(ntfySourceOptions(config), &settings, &ignored)) {
        done(e->text());
        return;
    }
    SourceConfig stored = config;
    stored.settings = settings;
    stored.secretFields = existing ? existing->secretFields : QStringList();
    const QString key = sourceSecretKey(config.name, QStringLiteral("token"));
    const bool tokenGiven = secrets.contains(QStringLiteral("token"));
    const QString token = secrets.value(QStringLiteral("token"));
    if (tokenGiven) {
        stored.secretFields.removeAll(QStringLiteral("token"));
        if (!token.isEmpty())
            stored.secretFields << QStringLiteral("token");
    }
    auto save = [this, stored, done](const QString& secretError) {
        if (!secretError.isEmpty()) {
            done(secretError);
            return;
        }
        const std::optional<SourceConfig> previous
            = m_profile->source(stored.name) ? std::optional(*m_profile->source(stored.name)) : std::nullopt;
        m_profile->replaceSource(stored);
        QString error;
        if (!m_profile->save(&error)) {
            if (previous)
                m_profile->replaceSource(*previous);
            else
                m_profile->removeSource(stored.name);
            done(error);
            return;
        }
        if (!m_sourcesStarted) {
            done({});
            return;
        }
        if (!stored.enabled) {
            stopSource(stored.name);
            done({});
            return;
        }
        startSource(stored, [done](const QString& e) { done(e); });
    };
    if (!tokenGiven) {
        save({});
        return;
    }
    if (token.isEmpty()) {
        m_secrets->remove(key, [save](const SecretResult& r) { save(r.ok ? QString() : r.error); });
        return;
    }
    m_secrets->write(key, token, [save](const SecretResult& r) { save(r.ok ? QString() : r.error); });
}

void Engine::removeSource(const QString& name, std::function<void(const QString&)> done)
{
    const SourceConfig* c = m_profile->source(name);
    if (!c) {
        done(QStringLiteral("no source named '%1'").arg(name));
        return;
    }
    const bool hadToken = c->secretFields.contains(QStringLiteral("token"));
    stopSource(name);
    m_profile->removeSource(name);
    QString error;
    if (!m_profile->save(&error)) {
        done(error);
        return;
    }
    // A source of the same name made later starts afresh, not from this one's position.
    if (!m_db->transaction([&] { return m_sourcePositions->remove(name, &error); }, &error))
        qCWarning(lcEngine).noquote() << "the removed source's position stays:" << error;
    if (!hadToken) {
        done({});
        return;
    }
    m_secrets->remove(sourceSecretKey(name, QStringLiteral("token")),
        [done = std::move(done)](const SecretResult& r) { done(r.ok ? QString() : r.error); });
}

} // namespace alertdesk
