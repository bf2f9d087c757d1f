#include "Engine.h"

#include "AlertManager.h"
#include "NotificationService.h"
#include "RuleService.h"
#include "channels/ChannelRegistry.h"
#include "config/Profile.h"
#include "config/ProfileLock.h"
#include "config/SecretStore.h"
#include "delivery/Dispatcher.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"

namespace alertdesk {

Engine::Engine() = default;

Engine::~Engine()
{
    // Children that reference the stores go first; the rules save their state on the way out.
    delete m_rules;
    delete m_alertManager;
    delete m_notifications;
}

std::unique_ptr<Engine> Engine::open(const Options& options, QString* error, QString* warning)
{
    std::unique_ptr<Engine> e(new Engine);
    const QString dir = options.profileDir.isEmpty() ? Profile::defaultDir() : options.profileDir;
    auto profile = Profile::load(dir, error, warning);
    if (!profile)
        return nullptr;
    e->m_profile = std::make_unique<Profile>(*profile);
    e->m_db = Database::open(e->m_profile->databasePath(), error);
    if (!e->m_db)
        return nullptr;
    e->m_alerts = std::make_unique<AlertStore>(*e->m_db);
    e->m_outbox = std::make_unique<OutboxStore>(*e->m_db);
    e->m_lock = std::make_unique<ProfileLock>(e->m_profile->lockPath());
    e->m_secrets = options.secrets ? options.secrets : new KeychainSecretStore(e.get());
    e->m_clock = options.clock ? options.clock : SystemClock::instance();
    e->m_notifications = new NotificationService(*e->m_profile, *e->m_db, *e->m_alerts, *e->m_outbox, *e->m_secrets,
                                                 *e->m_clock, e.get());
    e->m_alertManager = new AlertManager(*e->m_db, *e->m_alerts, *e->m_outbox, *e->m_notifications, *e->m_clock, e.get());
    e->m_rules = new RuleService(*e->m_profile, *e->m_db, *e->m_alertManager, *e->m_clock, e.get());
    QStringList ruleWarnings;
    if (!e->m_rules->load(error, &ruleWarnings))
        return nullptr;
    if (warning && !ruleWarnings.isEmpty())
        *warning = (warning->isEmpty() ? QString() : *warning + QLatin1Char('\n')) + ruleWarnings.join(QLatin1Char('\n'));
    return e;
}

bool Engine::acquireDriverLock() { return m_lock->isLocked() || m_lock->tryLock(); }

qint64 Engine::lockOwnerPid() const { return m_lock->ownerPid(); }

void Engine::startDelivery(const QStringList& channels, std::function<void(const QStringList&)> done)
{
    m_notifications->loadChannels(channels, [this, done = std::move(done)](const QStringList& errors) {
        m_notifications->dispatcher().start();
        done(errors);
    });
}

void Engine::saveChannel(const ChannelConfig& config, const SecretMap& secrets, bool replace,
                         std::function<void(const QString&)> done)
{
    const ChannelKindInfo* kind = findChannelKind(config.kind);
    if (!kind) {
        done(QStringLiteral("unknown channel kind '%1'").arg(config.kind));
        return;
    }
    if (!Profile::isValidChannelName(config.name)) {
        done(QStringLiteral("channel name '%1' is not valid: use 1-64 letters, digits, '_', '.' or '-', starting with a "
                            "letter or digit")
                 .arg(config.name));
        return;
    }
    if (!replace && m_profile->channel(config.name)) {
        done(QStringLiteral("a channel named '%1' exists already").arg(config.name));
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
    };
    auto st = std::make_shared<State>();
    auto finish = [this, st, stored, done] {
        if (!st->error.isEmpty()) {
            done(st->error);
            return;
        }
        m_profile->replaceChannel(stored);
        QString error;
        done(m_profile->save(&error) ? QString() : error);
    };
    for (const QString& field : std::as_const(stored.secretFields)) {
        ++st->outstanding;
        m_secrets->write(SecretStore::key(m_profile->id(), stored.name, field), secrets.value(field),
                         [st, finish](const SecretResult& r) {
                             if (!r.ok && st->error.isEmpty())
                                 st->error = r.error;
                             if (--st->outstanding == 0)
                                 finish();
                         });
    }
    if (st->outstanding == 0)
        finish();
}

void Engine::removeChannel(const QString& name, std::function<void(const QString&)> done)
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
        m_secrets->remove(SecretStore::key(m_profile->id(), name, field), [outstanding, firstError, done](const SecretResult& r) {
            if (!r.ok && firstError->isEmpty())
                *firstError = r.error;
            if (--*outstanding == 0)
                done(*firstError);
        });
    }
    if (fields.isEmpty())
        done({});
}

} // namespace alertdesk
