// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/EnvImport.h"

#include <QObject>
#include <functional>

namespace alertdesk {

class Engine;

// Applies an import plan to an engine's profile, one channel after the other: a channel the
// profile and the keychain already hold exactly is left alone ("unchanged"); a different one
// of the same kind is replaced ("updated"); a new one is added. Then the settings. Running the
// same import twice therefore writes nothing the second time.
class ProfileImporter final : public QObject {
    Q_OBJECT
public:
    ProfileImporter(Engine& engine, EnvImportPlan plan, QObject* parent = nullptr);
    ~ProfileImporter() override;

    void start(std::function<void()> done);

    // The whole report: variables, channels and settings with what became of each.
    QJsonObject report() const;
    // Lines for a person: one per channel and setting, then the rejected variables.
    QStringList summary() const;
    // 0 everything usable imported; 2 some input rejected (or nothing to import);
    // 1 the keychain or the profile failed, or a channel of another kind has the name.
    int exitCode() const;

private:
    struct ChannelOutcome {
        QString name;
        QString kind;
        bool enabled = true;
        QString result; // added, updated, unchanged, failed, conflict, rejected
        QString reason;
        QStringList notes;
    };
    void next();
    void compareSecrets(const PlannedChannel& p, const std::function<void(bool same, const QString& error)>& done);
    void save(const PlannedChannel& p, bool replace);
    void record(const PlannedChannel& p, const QString& result, const QString& reason = {});
    void applySettings();

    Engine& m_engine;
    EnvImportPlan m_plan;
    int m_index = 0;
    QList<ChannelOutcome> m_channels;
    QJsonArray m_settings;
    bool m_failed = false;
    std::function<void()> m_done;
};

} // namespace alertdesk
