// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "ChannelConfig.h"
#include "Settings.h"
#include "SourceConfig.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace alertdesk {

struct PolicyConfig;

// A profile is a folder: config.json (non-secret settings and channels, versioned JSON),
// history.db (SQLite) and engine.lock. Its secrets are in the keychain under its id.
class Profile final {
public:
    static constexpr int kConfigVersion = 1;

    // Loads the profile in dir, creating the folder and a default config when there is none.
    // A config that cannot be read is moved aside (config.json.corrupt-<time>) and reported in
    // *warning; a config from a newer AlertDesk is refused (returns nullopt, sets *error).
    static std::optional<Profile> load(const QString& dir, QString* error, QString* warning = nullptr);
    static QString defaultDir();
    static bool isValidChannelName(const QString& name);
    // The folder 0700 and every file in it 0600 (the owner's alone); load() does it.
    static void makePrivate(const QString& dir);

    bool save(QString* error) const; // atomic (QSaveFile)
    // config.json's time stamp right after this object last wrote it: a later stamp means
    // another process changed the profile.
    QDateTime savedStamp() const { return m_savedStamp; }

    QString dir() const { return m_dir; }
    QString id() const { return m_id; }
    QString configPath() const;
    QString databasePath() const;
    QString lockPath() const;

    const QList<ChannelConfig>& channels() const { return m_channels; }
    const ChannelConfig* channel(const QString& name) const;
    QStringList enabledChannelNames() const;
    bool addChannel(const ChannelConfig& c, QString* error); // refuses a duplicate name
    void replaceChannel(const ChannelConfig& c); // adds or replaces by name
    bool removeChannel(const QString& name);

    // Alert sources the profile's driver subscribes to (an ntfy topic each).
    const QList<SourceConfig>& sources() const { return m_sources; }
    const SourceConfig* source(const QString& name) const;
    void replaceSource(const SourceConfig& s); // adds or replaces by name
    bool removeSource(const QString& name);

    QJsonValue setting(const QString& key) const; // the stored value or the default
    bool setSetting(const QString& key, const QString& text, QString* error);
    DeliverySettings deliverySettings() const { return DeliverySettings::fromSettings(m_settings); }

    // Quiet hours, escalation, aggregation, templates, routing (policy/PolicyConfig.h).
    const PolicyConfig& policies() const;
    // Validates and takes a new "policies" section; *error names the field at fault.
    bool setPolicies(const QJsonObject& policies, QString* error);

private:
    bool parse(const QJsonObject& root, QString* error);
    QJsonObject settingsToSave() const;

    QString m_dir;
    QString m_id;
    QList<ChannelConfig> m_channels;
    QList<SourceConfig> m_sources;
    QJsonObject m_settings;
    // Settings on disk whose value was wrong (the default applies): written back as they were,
    // so that saving the profile for another reason overwrites none of them.
    QJsonObject m_rejectedSettings;
    QStringList m_warnings; // from the last load
    mutable QDateTime m_savedStamp;
    std::shared_ptr<const PolicyConfig> m_policies; // immutable, shared by copies
};

} // namespace alertdesk
