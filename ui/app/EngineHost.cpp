// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/EngineHost.h"

#include "UiLogging.h"
#include "app/TrayNotifier.h"
#include "channels/ChannelRegistry.h"
#include "config/AppriseUrl.h"
#include "config/Autostart.h"
#include "config/ChannelArgs.h"
#include "config/DotEnv.h"
#include "config/EnvImport.h"
#include "config/Profile.h"
#include "config/SecretStore.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "engine/ProfileImporter.h"
#include "engine/RuleService.h"
#include "policy/PolicyConfig.h"
#include "sources/IngestServer.h"
#include "sources/PriceFeed.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "storage/SourcePositionStore.h"
#include "util/TsanHandOver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

namespace alertdesk {

EngineHost::EngineHost(QString profileDir, Factory factory, QObject* parent)
    : QObject(parent)
    , m_profileDir(profileDir.isEmpty() ? Profile::defaultDir() : std::move(profileDir))
    , m_keychainPromptCheck(factory ? std::function<KeychainPrompt(QString*)>()
                                    : std::function<KeychainPrompt(QString*)>(keychainPromptOnStore))
    , m_factory(factory ? std::move(factory) : systemFactory())
    , m_thread(new QThread(this))
    , m_desktop(new TrayNotifier(this))
{
    m_thread->setObjectName(QStringLiteral("alertdesk-engine"));
}

bool EngineHost::mayWriteKeychain(const std::function<void(const QString& error)>& reply)
{
    if (!m_beforeKeychainWrite || !m_keychainPromptCheck)
        return true;
    QString keyring;
    const KeychainPrompt prompt = m_keychainPromptCheck(&keyring);
    if (prompt == KeychainPrompt::None || m_beforeKeychainWrite(prompt, keyring))
        return true;
    reply(tr("cancelled before the keychain was opened; nothing was stored"));
    return false;
}

EngineHost::~EngineHost()
{
    if (m_worker && m_thread->isRunning()) {
        // The engine and everything it made belong to the engine thread: destroy them there.
        QObject* worker = m_worker;
        QThread* gui = thread();
        QMetaObject::invokeMethod(
            m_worker,
            [this, worker, gui] {
                m_engine.reset();
                worker->moveToThread(gui);
            },
            Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
    }
    delete m_worker;
}

EngineHost::Factory EngineHost::systemFactory()
{
    return [](const Engine::Options& o, QString* error, QString* warning) { return Engine::open(o, error, warning); };
}

void EngineHost::start()
{
    if (m_state != State::Stopped)
        return;
    m_state = State::Starting;
    m_worker = new QObject;
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker, [this] { openOnEngineThread(); }, Qt::QueuedConnection);
}

void EngineHost::post(const QPointer<QObject>& context, std::function<void()> fn)
{
    tsan::handOver(this); // Qt's queue orders the two threads; TSan cannot see it (TsanHandOver.h)
    QMetaObject::invokeMethod(
        this,
        [this, context, fn = std::move(fn)] {
            tsan::takeOver(this);
            if (context)
                fn();
        },
        Qt::QueuedConnection);
}

void EngineHost::openOnEngineThread()
{
    QString error, warning;
    const QPointer<QObject> self(this);
    Engine::Options options;
    options.profileDir = m_profileDir;
    // A locked keychain shows the system's unlock prompt; a call waits two minutes for it at most.
    options.keychainUnlockWaitMs = 120000;
    options.onHistoryUpgrade = [this, self](int, int) {
        post(self, [this] {
            m_upgradingHistory = true;
            Q_EMIT historyUpgrading();
        });
    };
    m_engine = m_factory(options, &error, &warning);
    if (!m_engine) {
        qCWarning(lcUi) << "cannot open the profile:" << error;
        post(self, [this, error] {
            m_state = State::Failed;
            m_upgradingHistory = false;
            m_error = error;
            Q_EMIT failed(error);
        });
        return;
    }
    Engine& e = *m_engine;
    // Desktop channels show their notifications through the window's tray icon.
    e.notifications().setDesktopNotifier(m_desktop);
    m_engineDriver = e.acquireDriverLock();
    const qint64 owner = m_engineDriver ? 0 : e.lockOwnerPid();
    // Nobody drives it and this process cannot: the profile cannot be written (read-only).
    const QString readOnlyReason = m_engineDriver || owner != 0 ? QString() : e.lockError();
    const QString dbPath = e.database().path();

    // Relays: emitted here on the engine thread, they reach GUI-thread receivers queued.
    connect(
        &e.alertManager(), &AlertManager::alertAccepted, &e, [this](const Alert& a) { Q_EMIT alertAccepted(a.id); });
    Dispatcher& d = e.notifications().dispatcher();
    connect(&d, &Dispatcher::attemptFinished, &e,
        [this](const QString& id, const QString& channel, int, const QString& outcome, qint64, const QString&) {
            Q_EMIT attemptFinished(id, channel, outcome);
        });
    connect(&d, &Dispatcher::alertCompleted, &e, [this](const QString& id) { Q_EMIT alertCompleted(id); });
    connect(&e, &Engine::alertEventsRecorded, &e, [this](const QString& id) { Q_EMIT alertEventsRecorded(id); });
    connect(&e.rules(), &RuleService::rulesChanged, &e, [this] { Q_EMIT rulesChanged(); });
    connect(&e.rules(), &RuleService::ruleFired, &e, [this] { Q_EMIT rulesChanged(); });
    connect(&e.notifications(), &NotificationService::profileChangedOnDisk, &e, [this] {
        Q_EMIT channelsChanged();
        Q_EMIT profileChanged();
    });
    // The window follows what alertdesk-cli changes in the profile while it runs, also when
    // nothing is being delivered. Looking at config.json's time stamp costs a stat; a watcher
    // on the folder would wake at every write to the history beside it.
    auto* follow = new QTimer(&e);
    follow->setInterval(kFollowProfileMs);
    connect(follow, &QTimer::timeout, &e, [&e] { e.notifications().followProfileOnDisk(); });
    follow->start();

    postSourceStatus(e); // the configured sources, running or not
    const bool driver = m_engineDriver;
    post(self, [this, driver, owner, dbPath, warning, readOnlyReason] {
        m_state = driver ? State::Driver : State::ReadOnly;
        m_upgradingHistory = false;
        m_ownerPid = owner;
        m_readOnlyReason = readOnlyReason;
        m_databasePath = dbPath;
        m_warning = warning;
        Q_EMIT opened();
    });
    if (!driver) {
        if (readOnlyReason.isEmpty())
            qCInfo(lcUi) << "another process (pid" << owner << ") drives the profile; running read-only";
        else
            qCWarning(lcUi).noquote() << "running read-only:" << readOnlyReason;
        return;
    }
    // Rule changes made with alertdesk-cli while the window runs reach this engine too.
    e.rules().startSync();
    // The enabled channels, and any other configured channel that still has deliveries open.
    QStringList channels = e.profile().enabledChannelNames();
    for (const QString& c : e.outbox().channelsWithPending()) {
        if (!channels.contains(c) && e.profile().channel(c))
            channels << c;
    }
    e.startDelivery(channels, [this, self](const QStringList& errors) {
        for (const QString& err : errors)
            qCWarning(lcUi) << "channel not loaded:" << err;
        post(self, [this, errors] { Q_EMIT deliveryStarted(errors); });
        // As `alertdesk-cli run`: the price feed, then the API; without them the engine still delivers.
        if (m_engine) {
            startFeedOnEngineThread(*m_engine);
            startSourcesOnEngineThread(*m_engine);
            startIngestOnEngineThread(*m_engine);
        }
    });
}

void EngineHost::postFeedStatus(const FeedStatus& status)
{
    post(QPointer<QObject>(this), [this, status] {
        m_feedStatus = status;
        Q_EMIT feedChanged(status);
    });
}

void EngineHost::startFeedOnEngineThread(Engine& e)
{
    if (!m_engineDriver || e.priceFeed())
        return;
    FeedStatus st;
    st.known = true;
    QString error;
    const Engine::FeedStart started = e.startFeedIfEnabled(&error);
    st.enabled = started != Engine::FeedStart::Disabled;
    if (started == Engine::FeedStart::Failed) {
        qCWarning(lcUi) << "the price feed is off:" << error;
        st.error = error;
    }
    PriceFeed* feed = e.priceFeed();
    if (!feed) {
        postFeedStatus(st);
        return;
    }
    auto report = [this, feed, st]() mutable {
        st.state = feed->state();
        st.symbols = static_cast<int>(feed->symbols().size());
        st.failedAttempts = feed->failedAttempts();
        st.host = feed->currentUrl().host();
        postFeedStatus(st);
    };
    connect(feed, &PriceFeed::stateChanged, feed, report);
    // The symbols follow the rules: their count shows in the status bar.
    connect(&e.rules(), &RuleService::rulesChanged, feed, report);
    report();
}

void EngineHost::postSourceStatus(Engine& e)
{
    QList<SourceStatus> out;
    for (const SourceConfig& c : e.profile().sources()) {
        SourceStatus st;
        st.config = c;
        st.position = e.sourcePositions().position(c.name);
        st.error = m_sourceStartErrors.value(c.name);
        if (const NtfySource* s = e.sources().value(c.name)) {
            st.running = true;
            st.state = s->state();
            st.failedAttempts = s->failedAttempts();
            st.taken = s->messagesTaken();
            st.error = s->lastError();
        }
        out << st;
    }
    post(QPointer<QObject>(this), [this, out] {
        m_sourceStatus = out;
        Q_EMIT sourcesChanged();
    });
}

void EngineHost::startSourcesOnEngineThread(Engine& e)
{
    if (!m_engineDriver)
        return;
    // Each source's connection changes are reported as they come; a new or replaced source
    // gets its own connection the moment the engine makes it.
    auto follow = [this, &e] {
        for (NtfySource* s : e.sources()) {
            if (s->property("alertdesk_followed").toBool())
                continue; // a lambda's connection cannot be made unique: marked instead
            s->setProperty("alertdesk_followed", true);
            connect(s, &NtfySource::stateChanged, s, [this, &e] { postSourceStatus(e); });
            connect(s, &NtfySource::messageTaken, s, [this, &e] { postSourceStatus(e); });
        }
        postSourceStatus(e);
    };
    connect(&e, &Engine::sourcesChanged, &e, follow);
    e.startSources([this, follow](const QStringList& errors) {
        m_sourceStartErrors.clear();
        for (const QString& err : errors) {
            qCWarning(lcUi).noquote() << err;
            // "source NAME: reason"
            const QString name = err.section(QLatin1Char(' '), 1, 1).chopped(1);
            m_sourceStartErrors.insert(name, err.section(QStringLiteral(": "), 1));
        }
        follow();
    });
}

void EngineHost::saveSource(const SourceConfig& config, const SecretMap& secrets, bool replace, QObject* context,
    std::function<void(const QString&)> reply)
{
    if (!secrets.isEmpty() && !mayWriteKeychain(reply))
        return;
    const QPointer<QObject> guard(context);
    run([this, config, secrets, replace, guard, reply = std::move(reply)](Engine& e) {
        if (!m_engineDriver) {
            const QString error = tr("another AlertDesk drives this profile; change its sources there");
            post(guard, [reply, error] { reply(error); });
            return;
        }
        e.saveSource(config, secrets, replace, [this, &e, name = config.name, guard, reply](const QString& error) {
            if (error.isEmpty())
                m_sourceStartErrors.remove(name);
            else if (e.profile().source(name))
                m_sourceStartErrors.insert(name, error); // saved, but not subscribed
            postSourceStatus(e);
            post(guard, [reply, error] { reply(error); });
        });
    });
}

void EngineHost::removeSource(const QString& name, QObject* context, std::function<void(const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, name, guard, reply = std::move(reply)](Engine& e) {
        if (!m_engineDriver) {
            const QString error = tr("another AlertDesk drives this profile; change its sources there");
            post(guard, [reply, error] { reply(error); });
            return;
        }
        e.removeSource(name, [this, &e, name, guard, reply](const QString& error) {
            m_sourceStartErrors.remove(name);
            postSourceStatus(e);
            post(guard, [reply, error] { reply(error); });
        });
    });
}

void EngineHost::postIngestStatus(const IngestStatus& status)
{
    post(QPointer<QObject>(this), [this, status] {
        m_ingestStatus = status;
        Q_EMIT ingestChanged(status);
    });
}

void EngineHost::startIngestOnEngineThread(Engine& e)
{
    if (!m_engineDriver || e.ingestServer())
        return;
    // Read only: making the token at start would store a secret before the trader has, and
    // on a new machine the keychain would prompt for a new keyring over the welcome panel.
    // Without a token the API refuses every request until one is made (Settings › Ingest,
    // alertdesk-cli api-token).
    e.ingestToken(
        [this, &e](const QString& token, const QString& error) {
            IngestStatus st;
            st.known = true;
            st.tokenMade = !token.isEmpty();
            st.port = static_cast<quint16>(e.profile().setting(QStringLiteral("ingest.port")).toInt());
            QString why = token.isEmpty() && error.startsWith(QLatin1String("cannot read")) ? error : QString();
            if (why.isEmpty() && e.startIngest(token, &why)) {
                st.serving = true;
                st.port = e.ingestServer()->port();
            } else {
                // IngestServer::start's words for a port it cannot take.
                st.portBusy = why.startsWith(QLatin1String("cannot listen"));
                st.error = why;
                qCWarning(lcUi) << "the ingest API is not available:" << why;
            }
            postIngestStatus(st);
        },
        false);
}

void EngineHost::run(std::function<void(Engine&)> fn)
{
    if (!m_worker)
        return;
    tsan::handOver(m_worker); // as in post()
    QMetaObject::invokeMethod(
        m_worker,
        [this, fn = std::move(fn)] {
            tsan::takeOver(m_worker);
            if (m_engine)
                fn(*m_engine);
        },
        Qt::QueuedConnection);
}

void EngineHost::loadChannelOnEngineThread(Engine& e, const QString& name)
{
    if (!m_engineDriver)
        return;
    e.notifications().loadChannels({ name }, [name](const QStringList& errors) {
        for (const QString& err : errors)
            qCWarning(lcUi) << "channel" << name << "not loaded:" << err;
    });
}

void EngineHost::fetchChannels(QObject* context, std::function<void(const QList<ChannelStatus>&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, guard, reply = std::move(reply)](Engine& e) {
        QList<ChannelStatus> out;
        const QList<ChannelHealth> health = e.notifications().health();
        for (const ChannelConfig& c : e.profile().channels()) {
            ChannelStatus s;
            s.config = c;
            if (const ChannelKindInfo* kind = findChannelKind(c.kind))
                s.secretFields = kind->secretFields;
            for (const ChannelHealth& h : health) {
                if (h.channel == c.name)
                    s.health = h;
            }
            s.loaded = e.notifications().isLoaded(c.name);
            s.loadError = e.notifications().loadErrors().value(c.name);
            out << s;
        }
        post(guard, [reply, out] { reply(out); });
    });
}

void EngineHost::testChannel(const QString& name, QObject* context, std::function<void(const ChannelResult&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, name, guard, reply = std::move(reply)](Engine& e) {
        e.notifications().testChannel(
            name, [this, guard, reply](const ChannelResult& r) { post(guard, [reply, r] { reply(r); }); });
    });
}

void EngineHost::saveChannel(
    const ChannelConfig& config, const SecretMap& secrets, QObject* context, std::function<void(const QString&)> reply)
{
    saveChannel(config, secrets, false, context, std::move(reply));
}

void EngineHost::saveChannel(const ChannelConfig& config, const SecretMap& secrets, bool replace, QObject* context,
    std::function<void(const QString&)> reply)
{
    if (!secrets.isEmpty() && !mayWriteKeychain(reply))
        return;
    const QPointer<QObject> guard(context);
    run([this, config, secrets, replace, guard, reply = std::move(reply)](Engine& e) {
        e.saveChannel(config, secrets, replace,
            [this, &e, name = config.name, enabled = config.enabled, guard, reply](const QString& error) {
                if (error.isEmpty() && enabled)
                    loadChannelOnEngineThread(e, name);
                post(guard, [reply, error] { reply(error); });
                if (error.isEmpty())
                    Q_EMIT channelsChanged();
            });
    });
}

void EngineHost::readChannelSecrets(
    const QString& name, QObject* context, std::function<void(const SecretMap&, const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, name, guard, reply = std::move(reply)](Engine& e) {
        const ChannelConfig* c = e.profile().channel(name);
        if (!c) {
            const QString error = tr("There is no channel named %1.").arg(name);
            post(guard, [reply, error] { reply({}, error); });
            return;
        }
        struct State {
            int outstanding = 0;
            SecretMap secrets;
            QString error;
        };
        auto st = std::make_shared<State>();
        st->outstanding = static_cast<int>(c->secretFields.size());
        if (st->outstanding == 0) {
            post(guard, [reply] { reply({}, {}); });
            return;
        }
        for (const QString& field : c->secretFields) {
            e.secrets().read(SecretStore::key(e.profile().id(), name, field),
                [this, st, field, guard, reply](const SecretResult& r) {
                    if (r.ok)
                        st->secrets.insert(field, r.value);
                    else if (st->error.isEmpty())
                        st->error = r.notFound ? tr("its %1 is missing from the keychain").arg(field) : r.error;
                    if (--st->outstanding == 0)
                        post(guard, [reply, st] { reply(st->error.isEmpty() ? st->secrets : SecretMap(), st->error); });
                });
        }
    });
}

void EngineHost::importEnvFile(const QString& path, QObject* context, std::function<void(const ImportOutcome&)> reply)
{
    if (!mayWriteKeychain([&reply](const QString& error) {
            ImportOutcome o;
            o.exitCode = 1;
            o.error = error;
            reply(o);
        }))
        return;
    const QPointer<QObject> guard(context);
    run([this, path, guard, reply = std::move(reply)](Engine& e) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            ImportOutcome o;
            o.exitCode = 1;
            o.error = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
            post(guard, [reply, o] { reply(o); });
            return;
        }
        auto* importer = new ProfileImporter(e, planDotEnvImport(parseDotEnv(QString::fromUtf8(f.readAll()))), &e);
        importer->start([this, &e, importer, guard, reply] {
            ImportOutcome o;
            o.summary = importer->summary();
            o.exitCode = importer->exitCode();
            importer->deleteLater();
            if (m_engineDriver) {
                // New and changed channels deliver at once (the unchanged ones stay as they are).
                e.notifications().loadChannels(e.profile().enabledChannelNames(), [](const QStringList& errors) {
                    for (const QString& err : errors)
                        qCWarning(lcUi) << "imported channel not loaded:" << err;
                });
            }
            post(guard, [reply, o] { reply(o); });
            Q_EMIT channelsChanged();
        });
    });
}

void EngineHost::addChannelFromUrl(const QString& url, const QString& name, QObject* context,
    std::function<void(const QString&, const QStringList&, const QString&)> reply)
{
    if (!mayWriteKeychain([&reply](const QString& error) { reply({}, {}, error); }))
        return;
    const QPointer<QObject> guard(context);
    run([this, url, name, guard, reply = std::move(reply)](Engine& e) {
        auto fail
            = [this, guard, reply](const QString& error) { post(guard, [reply, error] { reply({}, {}, error); }); };
        // The URL holds the secrets: no message below quotes it.
        QString error;
        const auto parsed = parseAppriseUrl(url.trimmed(), &error);
        if (!parsed)
            return fail(error);
        ChannelConfig cfg;
        cfg.kind = parsed->kind;
        SecretMap secrets;
        if (QString b = buildChannelFromOptions(parsed->kind, parsed->options, &cfg.settings, &secrets); !b.isEmpty())
            return fail(QStringLiteral("%1:// URL: %2").arg(parsed->scheme, appriseTerms(b)));
        cfg.name = name.trimmed();
        if (cfg.name.isEmpty()) {
            cfg.name = parsed->defaultName;
            for (int n = 2; e.profile().channel(cfg.name); ++n)
                cfg.name = QStringLiteral("%1-%2").arg(parsed->defaultName).arg(n);
        }
        e.saveChannel(cfg, secrets, false, [this, &e, cfg, notes = parsed->notes, guard, reply](const QString& err) {
            if (err.isEmpty())
                loadChannelOnEngineThread(e, cfg.name);
            post(guard,
                [reply, err, notes, name = cfg.name] { err.isEmpty() ? reply(name, notes, {}) : reply({}, {}, err); });
            if (err.isEmpty())
                Q_EMIT channelsChanged();
        });
    });
}

void EngineHost::setChannelEnabled(
    const QString& name, bool enabled, QObject* context, std::function<void(const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, name, enabled, guard, reply = std::move(reply)](Engine& e) {
        const ChannelConfig* current = e.profile().channel(name);
        QString error;
        if (!current) {
            error = tr("There is no channel named %1.").arg(name);
        } else {
            ChannelConfig c = *current;
            c.enabled = enabled;
            e.profile().replaceChannel(c);
            if (e.profile().save(&error)) {
                error.clear();
                if (enabled && !e.notifications().isLoaded(name))
                    loadChannelOnEngineThread(e, name);
            }
        }
        post(guard, [reply, error] { reply(error); });
        if (error.isEmpty())
            Q_EMIT channelsChanged();
    });
}

void EngineHost::removeChannel(const QString& name, QObject* context, std::function<void(const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, name, guard, reply = std::move(reply)](Engine& e) {
        e.removeChannel(name, [this, &e, name, guard, reply](const QString& error) {
            // Its open deliveries then fail as "not configured" instead of going out.
            e.notifications().dispatcher().removeChannel(name);
            post(guard, [reply, error] { reply(error); });
            Q_EMIT channelsChanged();
        });
    });
}

void EngineHost::submitAlert(
    const QJsonObject& alert, QObject* context, std::function<void(const QString&, const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, alert, guard, reply = std::move(reply)](Engine& e) {
        FieldError fe;
        QString id, error;
        if (const auto a = e.alertManager().submit(alert, &fe))
            id = a->id;
        else
            error = fe.toString();
        post(guard, [reply, id, error] { reply(id, error); });
    });
}

void EngineHost::changeAlerts(const QStringList& ids, AlertAction action, qint64 snoozeUntilMs, const QString& note,
    QObject* context, std::function<void(const QStringList&, const QStringList&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, ids, action, snoozeUntilMs, note, guard, reply = std::move(reply)](Engine& e) {
        AlertLifecycle& lifecycle = e.lifecycle();
        QStringList changed, errors;
        for (const QString& id : ids) {
            LifecycleResult r;
            switch (action) {
            case AlertAction::Acknowledge:
                r = lifecycle.acknowledge(id, note, EventSource::UI);
                break;
            case AlertAction::Snooze:
                r = lifecycle.snoozeUntil(id, snoozeUntilMs, note, EventSource::UI);
                break;
            case AlertAction::Resolve:
                r = lifecycle.resolve(id, note, EventSource::UI);
                break;
            case AlertAction::Reopen:
                r = lifecycle.reopen(id, note, EventSource::UI);
                break;
            }
            if (r.ok())
                changed << r.alert.id;
            else
                errors << id + QStringLiteral(": ") + r.message;
        }
        post(guard, [reply, changed, errors] { reply(changed, errors); });
    });
}

void EngineHost::changeAlertBatch(const QStringList& ids, AlertAction action, qint64 snoozeUntilMs, const QString& note,
    QObject* context, std::function<void(const QStringList&, const QStringList&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, ids, action, snoozeUntilMs, note, guard, reply = std::move(reply)](Engine& e) {
        AlertState to = AlertState::Open;
        switch (action) {
        case AlertAction::Acknowledge:
            to = AlertState::Acknowledged;
            break;
        case AlertAction::Snooze:
            to = AlertState::Snoozed;
            break;
        case AlertAction::Resolve:
            to = AlertState::Resolved;
            break;
        case AlertAction::Reopen:
            to = AlertState::Open;
            break;
        }
        QStringList changed, errors;
        for (const LifecycleResult& r : e.lifecycle().changeBatch(ids, to, snoozeUntilMs, note, EventSource::UI)) {
            if (r.ok())
                changed << r.alert.id;
            else
                errors << r.alert.id + QStringLiteral(": ") + r.message;
        }
        post(guard, [reply, changed, errors] { reply(changed, errors); });
    });
}

void EngineHost::fetchSettings(QObject* context, std::function<void(const QJsonObject&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, guard, reply = std::move(reply)](Engine& e) {
        QJsonObject values;
        for (const SettingSpec& s : settingSpecs())
            values.insert(s.key, e.profile().setting(s.key));
        post(guard, [reply, values] { reply(values); });
    });
}

void EngineHost::applySettings(
    const QHash<QString, QString>& values, QObject* context, std::function<void(const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, values, guard, reply = std::move(reply)](Engine& e) {
        // All or nothing: check every value on a copy before touching the profile.
        Profile candidate = e.profile();
        QString error;
        for (auto it = values.begin(); it != values.end() && error.isEmpty(); ++it)
            candidate.setSetting(it.key(), it.value(), &error);
        const QString portKey = QStringLiteral("ingest.port");
        const QString bodyKey = QStringLiteral("ingest.max_body_bytes");
        const bool ingestChanged = candidate.setting(portKey) != e.profile().setting(portKey)
            || candidate.setting(bodyKey) != e.profile().setting(bodyKey);
        const int newPort = candidate.setting(portKey).toInt();
        if (error.isEmpty() && ingestChanged && m_engineDriver && newPort != 0
            && !(e.ingestServer() && e.ingestServer()->port() == newPort)) {
            // A port another program holds is refused before anything is stored.
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, static_cast<quint16>(newPort)))
                error = tr("ingest.port: port %1 on 127.0.0.1 is in use by another program (%2)")
                            .arg(newPort)
                            .arg(probe.errorString());
        }
        const QString autostartKey = QStringLiteral("ui.autostart");
        if (error.isEmpty() && candidate.setting(autostartKey) != e.profile().setting(autostartKey))
            Autostart::apply(candidate.setting(autostartKey).toBool(), e.profile().dir(), &error);
        if (error.isEmpty()) {
            for (auto it = values.begin(); it != values.end(); ++it)
                e.profile().setSetting(it.key(), it.value(), &error);
            if (e.profile().save(&error)) {
                error.clear();
                e.notifications().dispatcher().setSettings(e.profile().deliverySettings());
                e.policy().followPause(); // a resume releases what the pause held at once
                if (ingestChanged && m_engineDriver) {
                    e.stopIngest();
                    startIngestOnEngineThread(e);
                }
            }
        }
        post(guard, [reply, error] { reply(error); });
    });
}

void EngineHost::readIngestToken(QObject* context, std::function<void(const QString&, const QString&)> reply)
{
    // Copy makes the token when there is none yet: a first secret for the keychain.
    if (!m_ingestStatus.tokenMade && isDriver()
        && !mayWriteKeychain([&reply](const QString& error) { reply({}, error); }))
        return;
    const QPointer<QObject> guard(context);
    const QPointer<EngineHost> self(this);
    run([this, self, guard, reply = std::move(reply)](Engine& e) {
        e.ingestToken(
            [self, guard, reply](const QString& token, const QString& error) {
                if (!self)
                    return;
                // The token's state for the Settings page, then the answer if its asker still lives.
                self->post(QPointer<QObject>(self.data()), [self, guard, reply, token, error] {
                    if (!token.isEmpty() && !self->m_ingestStatus.tokenMade) {
                        self->m_ingestStatus.tokenMade = true;
                        Q_EMIT self->ingestChanged(self->m_ingestStatus);
                    }
                    if (guard)
                        reply(token, error);
                });
            },
            m_engineDriver);
    });
}

void EngineHost::storeProxyPassword(
    const QString& password, QObject* context, std::function<void(const QString&)> reply)
{
    if (!password.isEmpty() && !mayWriteKeychain(reply))
        return;
    const QPointer<QObject> guard(context);
    run([this, password, guard, reply = std::move(reply)](Engine& e) {
        e.notifications().storeProxyPassword(
            password, [this, guard, reply](const QString& error) { post(guard, [reply, error] { reply(error); }); });
    });
}

void EngineHost::regenerateIngestToken(QObject* context, std::function<void(const QString&)> reply)
{
    if (!mayWriteKeychain(reply))
        return;
    const QPointer<QObject> guard(context);
    run([this, guard, reply = std::move(reply)](Engine& e) {
        if (!m_engineDriver) {
            const QString error = tr("another AlertDesk drives this profile; regenerate the token there");
            post(guard, [reply, error] { reply(error); });
            return;
        }
        e.regenerateIngestToken(
            [this, guard, reply](const QString& error) { post(guard, [reply, error] { reply(error); }); });
    });
}

void EngineHost::fetchPolicies(QObject* context, std::function<void(const QJsonObject&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, guard, reply = std::move(reply)](Engine& e) {
        const QJsonObject policies = e.profile().policies().json;
        post(guard, [reply, policies] { reply(policies); });
    });
}

void EngineHost::savePolicies(const QJsonObject& policies, QObject* context, std::function<void(const QString&)> reply)
{
    const QPointer<QObject> guard(context);
    run([this, policies, guard, reply = std::move(reply)](Engine& e) {
        // The steps of `alertdesk-cli policies set`, so the messages are the same.
        QString error;
        if (!m_engineDriver)
            error = tr("another AlertDesk drives this profile; change its policies there");
        else if (e.profile().setPolicies(policies, &error) && e.profile().save(&error)) {
            error.clear();
            e.policy().changed(); // re-plans releases and escalations under the new policies
        }
        post(guard, [reply, error] { reply(error); });
    });
}

} // namespace alertdesk
