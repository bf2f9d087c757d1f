// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "MemorySecretStore.h"
#include "channels/Channel.h"
#include "engine/Engine.h"

#include <QTemporaryDir>
#include <memory>

namespace alertdesk::test {

// A fresh profile in a temporary folder with an Engine on it: in-memory secrets, and the
// given clock (the system clock when null). Helpers wait with a deadline, never sleep.
class TestProfile final {
public:
    explicit TestProfile(Clock* clock = nullptr);
    ~TestProfile();

    bool isValid() const { return m_engine != nullptr; }
    QString error() const { return m_error; }
    QString dir() const { return m_dir.path(); }
    Engine& engine() { return *m_engine; }
    MemorySecretStore& secrets() { return *m_secrets; }

    // Saves a webhook channel (its URL in the secret store); returns "" or the error.
    QString addWebhook(
        const QString& name, const QString& url, const QJsonObject& settings = {}, const SecretMap& extraSecrets = {});
    // Saves any channel through Engine::saveChannel (validation included); "" or the error.
    QString addChannel(const ChannelConfig& config, const SecretMap& secrets);
    // Sets a setting and hands the new delivery settings to the dispatcher.
    bool setSetting(const QString& key, const QString& value);
    // Loads the channels (default: every enabled one) and starts delivery; waits until loaded.
    QStringList start(const QStringList& channels = {});
    // Closes the engine (as a process exit would) and opens the same profile again: a restart.
    bool reopen();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<Engine> m_engine;
    Clock* m_clock = nullptr;
    QString m_error;
};

// Runs the event loop until pred() holds or timeoutMs passes; returns pred().
bool waitUntil(const std::function<bool()>& pred, int timeoutMs = 5000);

// Walks a profile folder: "<path> <mode>" for the folder when it is not 0700 and for every
// file in it that is not 0600 (empty: all private). *files (when given) gets the file names seen.
QStringList notPrivate(const QString& profileDir, QStringList* files = nullptr);

} // namespace alertdesk::test
