// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "config/SourceConfig.h"
#include "model/AlertEvent.h"
#include "storage/Database.h"

#include <QMap>
#include <QObject>
#include <memory>

class QTimer;

namespace alertdesk {

class AlertLifecycle;
class AlertManager;
class AlertSearchIndex;
class AlertStore;
class LifecycleStore;
class Clock;
class NotificationService;
class OutboxStore;
class PolicyEngine;
class PolicyStore;
class Profile;
class IngestServer;
class PriceFeed;
class ProfileLock;
class RuleService;
class SecretStore;
class NtfySource;
class SourcePositionStore;

// Wires one profile's parts together: config, history database, secrets, channels, delivery
// and the AlertManager. The CLI runs it on its main thread, the GUI on an engine thread.
class Engine final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString profileDir;
        SecretStore* secrets = nullptr; // default: the system keychain (owned by the engine)
        // With the default keychain: 0 fails a call on a locked keychain at once (the command
        // line); more shows the system's unlock prompt and waits that long for it (the window).
        int keychainUnlockWaitMs = 0;
        Clock* clock = nullptr; // default: the system clock
        DesktopNotifier* desktop = nullptr; // the GUI's notifier; none in the command line
        Database::UpgradeNotice onHistoryUpgrade; // before an older history is migrated
    };

    // Returns nullptr and sets *error when the profile or its database cannot be opened.
    static std::unique_ptr<Engine> open(const Options& options, QString* error, QString* warning = nullptr);
    ~Engine() override;

    Profile& profile() { return *m_profile; }
    Database& database() { return *m_db; }
    AlertStore& alerts() { return *m_alerts; }
    OutboxStore& outbox() { return *m_outbox; }
    SecretStore& secrets() { return *m_secrets; }
    Clock& clock() { return *m_clock; }
    NotificationService& notifications() { return *m_notifications; }
    AlertManager& alertManager() { return *m_alertManager; }
    LifecycleStore& lifecycleStore() { return *m_lifecycleStore; }
    PolicyStore& policyStore() { return *m_policyStore; }
    PolicyEngine& policy() { return *m_policy; }
    AlertLifecycle& lifecycle() { return *m_lifecycle; }
    RuleService& rules() { return *m_rules; }

    // Only the holder of the profile lock drives its outbox.
    bool acquireDriverLock();
    qint64 lockOwnerPid() const;
    // Why the lock could not be taken when no process holds it (the file cannot be written).
    QString lockError() const;

    // Loads the named channels and starts delivering the outbox, releasing held
    // notifications, escalating and ending snoozes; keeps the search index up to date.
    void startDelivery(const QStringList& channels, std::function<void(const QStringList& errors)> done);

    // Validates, writes the secrets to the keychain, then saves the channel in the profile.
    // Nothing is saved when a secret cannot be stored. done("") on success, else the reason.
    void saveChannel(const ChannelConfig& config, const SecretMap& secrets, bool replace,
        std::function<void(const QString& error)> done);
    void removeChannel(const QString& name, const std::function<void(const QString& error)>& done);

    // The ingest API's bearer token, from the keychain (key "<profile-id>/ingest/token"); the
    // first call generates and stores it (unless create is false). done(token, "") or
    // done("", reason). An ingest API started without a token serves with the one found.
    void ingestToken(std::function<void(const QString& token, const QString& error)> done, bool create = true);
    // Serves the ingest API on 127.0.0.1 (port: setting ingest.port) with the given token,
    // wired to the AlertManager and the rules, and records the port in ingestEndpointPath()
    // for other processes. Only the holder of the driver lock may serve it.
    bool startIngest(const QString& token, QString* error);
    IngestServer* ingestServer() const { return m_ingest; }
    // Stops the ingest API and removes its endpoint file (before serving it on new settings).
    void stopIngest();
    // Stores a new ingest API token in the keychain; a running server takes it at once and
    // refuses the old one from then on. done("") or the reason (the store keeps the old one).
    void regenerateIngestToken(std::function<void(const QString& error)> done);
    QString ingestEndpointPath() const; // JSON {"pid", "port"} while an ingest API is served

    // Streams the prices the enabled rules watch (SYMBOL.price, SYMBOL.change_24h_pct) from the
    // ticker feed at setting feed.url into the rules; its HEALTH alerts go to the AlertManager.
    // Follows rule changes. Returns false when the feed is running already.
    bool startFeed(QString* error);
    PriceFeed* priceFeed() const { return m_feed; }
    // What the profile's driver does on start (`alertdesk-cli run` and the window alike): the
    // feed when setting feed.enabled is on. Disabled: feed.enabled is off; Failed: *error says why.
    enum class FeedStart { Disabled, Started, Failed };
    FeedStart startFeedIfEnabled(QString* error);

    // The profile's alert sources (an ntfy topic each): every enabled one subscribed, its
    // token from the keychain, resuming from the position stored in the history. Only the
    // profile's driver runs them. done gets one message per source that could not start.
    void startSources(std::function<void(const QStringList& errors)> done);
    const QMap<QString, NtfySource*>& sources() const { return m_sources; }
    SourcePositionStore& sourcePositions() { return *m_sourcePositions; }
    // Validates, writes the token to the keychain (secrets without "token" keep the stored
    // one, an empty "token" removes it), saves the source in the profile and, when sources
    // run, subscribes it again with the new settings. done("") or the reason.
    void saveSource(const SourceConfig& config, const SecretMap& secrets, bool replace,
        const std::function<void(const QString& error)>& done);
    // Stops it, removes it from the profile, its token from the keychain and its position.
    void removeSource(const QString& name, std::function<void(const QString& error)> done);
    // Where a source's secret field lives in the keychain: apart from the channels' (a source
    // and a channel may share a name; ':' is in no channel name).
    QString sourceSecretKey(const QString& source, const QString& field) const;

Q_SIGNALS:
    void sourcesChanged(); // a source was subscribed, replaced or stopped
    // Events that are no state change were added to the alert's trail (a colleague's silence
    // on the Alertmanager cluster, or its end).
    void alertEventsRecorded(const QString& alertId);

private:
    Engine();
    void startSource(const SourceConfig& config, const std::function<void(const QString& error)>& done);
    void stopSource(const QString& name);
    // Settings another process changed on disk: the ingest API moves to its new port/limit.
    void onSettingsChanged(const QStringList& keys);
    bool startIngestOn(quint16 port, const QString& token, QString* error);
    // What an Alertmanager channel found of colleagues' silences, into the alert's trail.
    void recordClusterSilences(
        const QString& alertId, const QList<ClusterSilence>& current, const QList<ClusterSilence>& ended);
    // Indexes a batch of new alerts for search; goes on at once while a backlog remains.
    void indexForSearch();

    std::unique_ptr<Profile> m_profile;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertStore> m_alerts;
    std::unique_ptr<OutboxStore> m_outbox;
    std::unique_ptr<LifecycleStore> m_lifecycleStore;
    std::unique_ptr<PolicyStore> m_policyStore;
    std::unique_ptr<ProfileLock> m_lock;
    SecretStore* m_secrets = nullptr;
    Clock* m_clock = nullptr;
    NotificationService* m_notifications = nullptr; // child
    AlertManager* m_alertManager = nullptr; // child
    PolicyEngine* m_policy = nullptr; // child
    AlertLifecycle* m_lifecycle = nullptr; // child
    RuleService* m_rules = nullptr; // child
    IngestServer* m_ingest = nullptr; // child
    PriceFeed* m_feed = nullptr; // child
    std::unique_ptr<SourcePositionStore> m_sourcePositions;
    QMap<QString, NtfySource*> m_sources; // children, by name
    bool m_sourcesStarted = false; // startSources() ran: saved sources subscribe at once
    QString m_ingestToken; // to restart the API when its settings change
    std::unique_ptr<AlertSearchIndex> m_searchIndex;
    QTimer* m_indexTimer = nullptr; // child; coalesces the alerts of a storm into one batch
};

} // namespace alertdesk
