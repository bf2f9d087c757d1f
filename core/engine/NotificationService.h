// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "model/AlertEvent.h"
#include "model/ChannelHealth.h"
#include "model/DeliveryReport.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <memory>

class QNetworkAccessManager;

namespace alertdesk {

class AlertStore;
class Clock;
class Database;
class Dispatcher;
class OutboxStore;
class Profile;
class SecretStore;

// The channels and their delivery: loads channels with their secrets, decides an alert's
// targets, reports deliveries, health and statistics, and sends test messages.
class NotificationService final : public QObject {
    Q_OBJECT
public:
    NotificationService(Profile& profile, Database& db, AlertStore& alerts, OutboxStore& outbox, SecretStore& secrets,
        Clock& clock, QObject* parent = nullptr);
    ~NotificationService() override;

    // Reads the secrets of the named channels and builds them.
    // done gets one message per channel that could not be loaded.
    void loadChannels(const QStringList& names, std::function<void(const QStringList& errors)> done);
    bool isLoaded(const QString& name) const { return m_channels.contains(name); }
    // Why a channel could not be loaded (name -> reason), from the last attempt.
    const QHash<QString, QString>& loadErrors() const { return m_loadErrors; }
    // The channel could not be loaded because the keychain is locked (or did not answer):
    // loading it again later may work.
    bool waitsForKeychain(const QString& name) const { return m_waitingForKeychain.contains(name); }
    // For the named channels that are not loaded: their open rows fail, or (waiting for the
    // keychain) stay pending for a later try. Returns the channels whose rows stay.
    QStringList failOrHoldUnloaded(const QStringList& names);
    Channel* channel(const QString& name) const;

    // The alert's own channels, else every enabled channel; an empty list and *error when
    // a named channel does not exist or is disabled, or nothing is enabled.
    QStringList resolveTargets(const QStringList& requested, QString* error) const;

    Dispatcher& dispatcher() { return *m_dispatcher; }
    // The network every channel uses (network.proxy applied); the subscribed sources use it too.
    QNetworkAccessManager* network() const { return m_network; }
    // The GUI's notifier for desktop channels loaded from now on; null (the CLI) makes them fail.
    void setDesktopNotifier(DesktopNotifier* notifier) { m_desktop = notifier; }
    DeliveryReport report(const QString& alertId) const;
    QList<DeliveryReport> recentDeliveries(int limit) const;
    QList<ChannelHealth> health() const;
    QJsonObject statistics() const;

    // Takes in what another process changed in the profile on disk (channels, settings), if
    // anything: every pump does, and a source calls it before routing what it was handed.
    void followProfileOnDisk();

    // Keeps the password of network.proxy's user in the keychain (an empty one removes it)
    // and puts it to use; done gets "" or what went wrong.
    void storeProxyPassword(const QString& password, std::function<void(const QString& error)> done);

    // Sends a test alert straight to the channel (no outbox, no retries) and reports it.
    void testChannel(const QString& name, std::function<void(const ChannelResult&)> done);

    // Asks each Alertmanager channel which colleagues' silences hold the alert (clusterSilences).
    void checkClusterSilences(const QString& alertId);

Q_SIGNALS:
    // An Alertmanager channel's answer to that, or after a re-send (AlertmanagerChannel::clusterSilences).
    void clusterSilences(const QString& alertId, const QList<alertdesk::ClusterSilence>& current,
        const QList<alertdesk::ClusterSilence>& ended);
    // Another process changed these settings (keys) in the profile on disk; the delivery.*
    // ones are applied already.
    void settingsChanged(const QStringList& keys);
    // Another process changed the profile on disk (channels, settings, policies) and this
    // one has read it again.
    void profileChangedOnDisk();

private:
    void onMissingChannels(const QStringList& names);
    void onChannelSettingsChanged(const QString& name, const QJsonObject& settings);
    void retire(std::shared_ptr<Channel> channel);
    // Puts the profile's network.proxy (with its password from the keychain) on the channels'
    // network if it changed since, then runs then.
    void refreshProxy(std::function<void()> then);

    // What a loaded channel was built from, to rebuild only what changed.
    struct LoadedAs {
        QJsonObject config;
        SecretMap secrets;
        bool operator==(const LoadedAs& o) const { return config == o.config && secrets == o.secrets; }
    };

    Profile& m_profile;
    Database& m_db;
    AlertStore& m_alerts;
    OutboxStore& m_outbox;
    SecretStore& m_secrets;
    Clock& m_clock;
    QNetworkAccessManager* m_network = nullptr; // child
    DesktopNotifier* m_desktop = nullptr; // owned by the GUI
    Dispatcher* m_dispatcher = nullptr; // child
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    QSet<QString> m_waitingForKeychain;
    QSet<QString> m_reloading; // channels loaded again by onMissingChannels right now
    QHash<QString, QString> m_loadErrors;
    QHash<QString, LoadedAs> m_loadedAs;
    QDateTime m_configStamp; // config.json's time stamp when last read
    QString m_proxyApplied; // network.proxy as the network uses it; empty before the first
};

} // namespace alertdesk
