// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "config/ChannelConfig.h"
#include "config/SecretStore.h"
#include "config/SourceConfig.h"
#include "engine/Engine.h"
#include "model/ChannelHealth.h"
#include "model/DeliveryReport.h"
#include "sources/NtfySource.h"
#include "sources/PriceFeed.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QThread;

namespace alertdesk {

class TrayNotifier;

// One channel as the Channels page shows it: its configuration (no secret values), whether
// each secret field is set, and its health.
struct ChannelStatus {
    ChannelConfig config;
    QStringList secretFields; // every secret field of the kind
    ChannelHealth health;
    bool loaded = false; // the engine has built it (its secrets were readable)
    QString loadError;
};

// The local ingest API as the window shows it.
struct IngestStatus {
    bool known = false; // the engine has tried to serve it (only the profile's driver does)
    bool serving = false;
    QString address = QStringLiteral("127.0.0.1");
    quint16 port = 0; // the port it serves on, or the one it could not take
    bool portBusy = false; // not served because another program holds the port
    bool tokenMade = false; // a token is in the keychain (else every request is refused)
    QString error; // why it is not served (never quotes the token)
};

// The price feed as the window shows it.
struct FeedStatus {
    bool known = false; // the engine has decided (only the profile's driver runs the feed)
    bool enabled = false; // setting feed.enabled
    PriceFeed::State state = PriceFeed::State::Off;
    int symbols = 0; // symbols streamed
    int failedAttempts = 0;
    QString host; // the feed's host
    QString error; // why it is off although enabled (a bad feed.url)
};

// One alert source (an ntfy topic) as the window shows it: its configuration (no secret
// value) and, while the profile's driver runs it, its connection.
struct SourceStatus {
    SourceConfig config;
    bool running = false; // subscribed by this window's engine
    NtfySource::State state = NtfySource::State::Off;
    int failedAttempts = 0;
    qint64 taken = 0; // messages taken since it started
    QString position; // the id it resumes after
    QString error; // the last connection failure, or why it could not start (never the token)
};

// Owns the engine thread. The Engine is created, used and destroyed on that thread only;
// the GUI talks to it through this object: requests run there, replies and engine events
// come back queued to the GUI thread. The window never waits for the engine.
// Every keychain call of the process must come from the engine thread: QtKeychain queues its
// jobs on one process-wide object that stays on the first thread that used it (a second
// thread, or a later engine thread, gets no answers or crashes it).
class EngineHost final : public QObject {
    Q_OBJECT
public:
    // Builds the engine on the engine thread from options (the profile directory and the
    // history-upgrade notice filled in). Tests inject one with in-memory secrets.
    using Factory = std::function<std::unique_ptr<Engine>(Engine::Options options, QString* error, QString* warning)>;
    enum class State { Stopped, Starting, Driver, ReadOnly, Failed };
    // How often the engine looks whether another process changed the profile on disk.
    static constexpr int kFollowProfileMs = 400;

    explicit EngineHost(QString profileDir, Factory factory = {}, QObject* parent = nullptr);
    ~EngineHost() override; // destroys the engine on its thread and joins the thread

    static Factory systemFactory(); // the system keychain and the system clock

    // Opens the engine on its thread; emits opened() or failed().
    void start();

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Driver || m_state == State::ReadOnly; }
    bool isDriver() const { return m_state == State::Driver; }
    qint64 ownerPid() const { return m_ownerPid; }
    // Read-only because the profile cannot be written (a read-only folder or mount): why.
    // Empty when another process drives the profile (ownerPid()).
    QString readOnlyReason() const { return m_readOnlyReason; }
    // While starting: the history is being updated for this version (historyUpgrading()).
    bool upgradingHistory() const { return m_upgradingHistory; }
    QString profileDir() const { return m_profileDir; }
    QString databasePath() const { return m_databasePath; }
    QString error() const { return m_error; }
    QString warning() const { return m_warning; }
    QThread* thread() const { return m_thread; }
    IngestStatus ingestStatus() const { return m_ingestStatus; }
    FeedStatus feedStatus() const { return m_feedStatus; }
    // The desktop channel's notifier (GUI thread), handed to every engine this host opens.
    TrayNotifier* desktopNotifier() const { return m_desktop; }

    // Runs fn with the engine on the engine thread (dropped when the engine is not open).
    void run(std::function<void(Engine&)> fn);

    // Runs fn with the engine on the engine thread and hands its result to reply on the GUI
    // thread, only while context still exists: the generic form of the requests below.
    template <typename R>
    void request(QObject* context, std::function<R(Engine&)> fn, std::function<void(const R&)> reply)
    {
        const QPointer<QObject> guard(context);
        run([this, guard, fn = std::move(fn), reply = std::move(reply)](Engine& e) {
            R result = fn(e);
            post(guard, [reply, result] { reply(result); });
        });
    }

    // Asked on the GUI thread before a request stores a secret in the keychain, with what the
    // system will ask the user first: false cancels the request (the window explains a
    // keychain prompt before it appears). Unset: the request goes on.
    using BeforeKeychainWrite = std::function<bool(KeychainPrompt prompt, const QString& keyring)>;
    void setBeforeKeychainWrite(BeforeKeychainWrite gate) { m_beforeKeychainWrite = std::move(gate); }
    // How the keychain's prompt is found out (keychainPromptOnStore; tests set their own).
    void setKeychainPromptCheck(std::function<KeychainPrompt(QString* keyring)> check)
    {
        m_keychainPromptCheck = std::move(check);
    }

    // The requests below answer on the GUI thread, and only while context still exists.
    void fetchChannels(QObject* context, std::function<void(const QList<ChannelStatus>&)> reply);
    void testChannel(const QString& name, QObject* context, std::function<void(const ChannelResult&)> reply);
    // Saves through Engine::saveChannel (secrets to the keychain first), then loads the channel
    // so that it delivers at once. reply("") on success, else the reason.
    void saveChannel(const ChannelConfig& config, const SecretMap& secrets, QObject* context,
        std::function<void(const QString& error)> reply);
    // The same; replace: an existing channel of that name is replaced (an edit).
    void saveChannel(const ChannelConfig& config, const SecretMap& secrets, bool replace, QObject* context,
        std::function<void(const QString& error)> reply);
    // The channel's stored secrets, read from the keychain on the engine thread (for an edit
    // form that keeps the ones left empty; never shown). reply(secrets, "") or ({}, reason).
    void readChannelSecrets(const QString& name, QObject* context,
        std::function<void(const SecretMap& secrets, const QString& error)> reply);

    // What an import did, for the window to show.
    struct ImportOutcome {
        QStringList summary; // one line per channel and setting, then the rejected variables
        int exitCode = 0; // as `alertdesk-cli import-env`: 0 all imported, 2 some input rejected, 1 failed
        QString error; // the file could not be read
    };
    // `alertdesk-cli import-env FILE` on the engine thread (ProfileImporter), then loads the
    // enabled channels.
    void importEnvFile(const QString& path, QObject* context, std::function<void(const ImportOutcome&)> reply);
    // `alertdesk-cli channel add-url URL [NAME]`: an Apprise URL through the kind's builder and
    // check, saved as a new channel. reply(name, notes, "") or ("", {}, reason); the reason
    // never quotes the URL.
    void addChannelFromUrl(const QString& url, const QString& name, QObject* context,
        std::function<void(const QString& name, const QStringList& notes, const QString& error)> reply);
    void setChannelEnabled(
        const QString& name, bool enabled, QObject* context, std::function<void(const QString& error)> reply);
    void removeChannel(const QString& name, QObject* context, std::function<void(const QString& error)> reply);
    // AlertManager::submit: reply(alertId, "") or ("", error naming the field).
    void submitAlert(const QJsonObject& alert, QObject* context,
        std::function<void(const QString& alertId, const QString& error)> reply);
    // Acknowledge, snooze (until snoozeUntilMs) or resolve alerts through AlertLifecycle, as
    // `alertdesk-cli ack/snooze/resolve` do, with source UI: one transaction per alert.
    // reply(the ids changed, "id: reason" for each refused) after the commits.
    // Reopen: an acknowledged, snoozed or resolved alert open again (the trader's undo).
    enum class AlertAction { Acknowledge, Snooze, Resolve, Reopen };
    void changeAlerts(const QStringList& ids, AlertAction action, qint64 snoozeUntilMs, const QString& note,
        QObject* context, std::function<void(const QStringList& changed, const QStringList& errors)> reply);
    // The same on a batch of full ids in one transaction (AlertLifecycle::changeBatch): the
    // window's bulk actions write batch by batch.
    void changeAlertBatch(const QStringList& ids, AlertAction action, qint64 snoozeUntilMs, const QString& note,
        QObject* context, std::function<void(const QStringList& changed, const QStringList& errors)> reply);
    void fetchSettings(QObject* context, std::function<void(const QJsonObject& values)> reply);
    // key -> text; all or nothing. reply("") or the first error.
    // A changed ingest.port or ingest.max_body_bytes restarts the ingest API (a new port is
    // tried before anything is stored); ingestChanged() tells the outcome.
    void applySettings(
        const QHash<QString, QString>& values, QObject* context, std::function<void(const QString& error)> reply);

    // The ingest API's token from the keychain (for Copy); reply(token, "") or ("", reason).
    void readIngestToken(QObject* context, std::function<void(const QString& token, const QString& error)> reply);
    // A new token in the keychain, used by the running server at once. reply("") or the reason.
    void regenerateIngestToken(QObject* context, std::function<void(const QString& error)> reply);
    // The password of network.proxy's user, into the keychain and to use (empty: removed).
    void storeProxyPassword(const QString& password, QObject* context, std::function<void(const QString& error)> reply);

    // The sources as the profile holds them, with their connection state (also sourcesChanged()).
    QList<SourceStatus> sourceStatus() const { return m_sourceStatus; }
    // Engine::saveSource (the token to the keychain first; none given keeps the stored one),
    // then the running engine subscribes it again. reply("") or the reason.
    void saveSource(const SourceConfig& config, const SecretMap& secrets, bool replace, QObject* context,
        std::function<void(const QString& error)> reply);
    void removeSource(const QString& name, QObject* context, std::function<void(const QString& error)> reply);

    // The profile's "policies" section as stored (config.json).
    void fetchPolicies(QObject* context, std::function<void(const QJsonObject& policies)> reply);
    // Validates and stores a new "policies" section as `alertdesk-cli policies set` does
    // (Profile::setPolicies, the same messages), and the running engine follows at once.
    void savePolicies(const QJsonObject& policies, QObject* context, std::function<void(const QString& error)> reply);

Q_SIGNALS:
    void opened(); // state() is Driver or ReadOnly
    void historyUpgrading(); // upgradingHistory() is true
    void failed(const QString& error); // state() is Failed
    void deliveryStarted(const QStringList& errors);
    void alertAccepted(const QString& alertId);
    void attemptFinished(const QString& alertId, const QString& channel, const QString& outcome);
    void alertCompleted(const QString& alertId);
    void alertEventsRecorded(const QString& alertId); // a colleague's silence on the cluster, say
    void channelsChanged();
    void ingestChanged(const alertdesk::IngestStatus& status); // also ingestStatus()
    void rulesChanged(); // a rule was added, changed, removed or fired (by any process)
    void feedChanged(const alertdesk::FeedStatus& status); // also feedStatus()
    void sourcesChanged(); // sourceStatus() changed: a source added, edited, removed or its connection
    // Another process (alertdesk-cli) changed the profile's settings, policies or channels;
    // channelsChanged() comes with it.
    void profileChanged();

private:
    // Called on the engine thread: posts fn to the GUI thread, run there if context still lives.
    void post(const QPointer<QObject>& context, std::function<void()> fn);
    void openOnEngineThread();
    void loadChannelOnEngineThread(Engine& e, const QString& name);
    // Serves the ingest API as `alertdesk-cli run` does (token from the keychain), then
    // reports the outcome to the GUI thread.
    void startIngestOnEngineThread(Engine& e);
    void postIngestStatus(const IngestStatus& status);
    // Starts the price feed as `alertdesk-cli run` does (Engine::startFeedIfEnabled) and
    // reports its state to the GUI thread from then on.
    void startFeedOnEngineThread(Engine& e);
    void postFeedStatus(const FeedStatus& status);
    // Subscribes the profile's sources as `alertdesk-cli run` does (Engine::startSources) and
    // reports their state to the GUI thread from then on.
    void startSourcesOnEngineThread(Engine& e);
    void postSourceStatus(Engine& e); // engine thread: the sources as they stand, to the GUI

    // GUI thread: false when the user declined the keychain's prompt (reply was told so).
    bool mayWriteKeychain(const std::function<void(const QString& error)>& reply);

    QString m_profileDir;
    BeforeKeychainWrite m_beforeKeychainWrite;
    std::function<KeychainPrompt(QString* keyring)> m_keychainPromptCheck; // before m_factory takes the factory
    Factory m_factory;
    QThread* m_thread = nullptr; // child
    TrayNotifier* m_desktop = nullptr; // child: outlives the engine, which calls it
    QObject* m_worker = nullptr; // lives on m_thread; requests are queued to it
    std::unique_ptr<Engine> m_engine; // touched on the engine thread only
    bool m_engineDriver = false; // engine thread only

    // GUI thread state
    State m_state = State::Stopped;
    qint64 m_ownerPid = 0;
    QString m_readOnlyReason;
    bool m_upgradingHistory = false;
    QString m_databasePath;
    QString m_error;
    QString m_warning;
    IngestStatus m_ingestStatus;
    FeedStatus m_feedStatus;
    QList<SourceStatus> m_sourceStatus;
    QHash<QString, QString> m_sourceStartErrors; // engine thread: why a source did not start
};

} // namespace alertdesk

Q_DECLARE_METATYPE(alertdesk::IngestStatus)
Q_DECLARE_METATYPE(alertdesk::FeedStatus)
