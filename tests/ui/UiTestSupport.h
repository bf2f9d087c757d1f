// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "MemorySecretStore.h"
#include "TestProfile.h"
#include "app/EngineHost.h"
#include "app/MainWindow.h"
#include "config/ChannelArgs.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"

#include <QAtomicPointer>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <functional>
#include <memory>

namespace alertdesk::test {

// An engine factory with the secrets in memory. The store is made on the engine thread and
// owned by the engine; *created (when given) points to it once the engine is open.
inline EngineHost::Factory memoryEngineFactory(QAtomicPointer<MemorySecretStore>* created = nullptr)
{
    return [created](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
        auto* store = new MemorySecretStore;
        o.secrets = store;
        std::unique_ptr<Engine> e = Engine::open(o, error, warning);
        if (!e) {
            delete store;
            return nullptr;
        }
        store->setParent(e.get());
        if (created)
            created->storeRelease(store);
        return e;
    };
}

// A window on a fresh temporary profile, its engine on its own thread.
struct WindowFixture {
    explicit WindowFixture(EngineHost::Factory factory = memoryEngineFactory())
        : host(std::make_unique<EngineHost>(dir.path(), std::move(factory)))
        , window(std::make_unique<MainWindow>(*host))
    {
        window->resize(1280, 800);
        // The window serves the ingest API: on any free port, so that tests never collide.
        QString error;
        if (auto p = Profile::load(dir.path(), &error)) {
            p->setSetting(QStringLiteral("ingest.port"), QStringLiteral("0"), &error);
            p->save(&error);
        }
    }
    ~WindowFixture()
    {
        window.reset(); // before the engine it talks to
        host.reset();
    }
    // Starts the engine, shows the window and waits until the history and the channels are loaded.
    bool start()
    {
        window->show();
        host->start();
        return waitUntil([this] { return window->isReady() || host->state() == EngineHost::State::Failed; }, 10000)
            && window->isReady();
    }
    // Runs fn on the engine thread and waits for it.
    bool onEngine(const std::function<void(Engine&)>& fn)
    {
        auto done = std::make_shared<QAtomicInt>(0);
        host->run([fn, done](Engine& e) {
            fn(e);
            done->storeRelease(1);
        });
        return waitUntil([done] { return done->loadAcquire() == 1; }, 10000);
    }

    QTemporaryDir dir;
    std::unique_ptr<EngineHost> host;
    std::unique_ptr<MainWindow> window;
};

// A real system tray on the test X server: Debian's trayer, a small panel with an XEmbed tray
// (installed by scripts/install-deps.sh). Stopped again when this object goes.
class TrayHost final {
public:
    TrayHost() = default;
    TrayHost(const TrayHost&) = delete;
    TrayHost& operator=(const TrayHost&) = delete;
    ~TrayHost() { stop(); }

    // Starts the tray and waits until Qt sees it; returns false with *why otherwise.
    bool start(QString* why)
    {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("trayer"));
        if (exe.isEmpty()) {
            *why = QStringLiteral("trayer is not installed (scripts/install-deps.sh installs it)");
            return false;
        }
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(exe,
            { QStringLiteral("--SetDockType"), QStringLiteral("false"), QStringLiteral("--expand"),
                QStringLiteral("false"), QStringLiteral("--transparent"), QStringLiteral("false") });
        if (!m_process.waitForStarted(5000)) {
            *why = QStringLiteral("trayer did not start: %1").arg(m_process.errorString());
            return false;
        }
        if (!waitUntil([] { return QSystemTrayIcon::isSystemTrayAvailable(); }, 10000)) {
            *why = QStringLiteral("trayer runs, but Qt sees no system tray");
            return false;
        }
        return true;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
        waitUntil([] { return !QSystemTrayIcon::isSystemTrayAvailable(); }, 5000);
    }

private:
    QProcess m_process;
};

// Saves a channel through the engine (no keychain needed for a desktop channel); "" or the error.
inline QString saveChannel(WindowFixture& f, const ChannelConfig& c, const SecretMap& secrets = {})
{
    QString error = QStringLiteral("pending");
    f.host->saveChannel(c, secrets, f.window.get(), [&error](const QString& e) { error = e; });
    if (!waitUntil([&error] { return error != QStringLiteral("pending"); }, 10000))
        return QStringLiteral("saveChannel did not answer");
    return error;
}

// Adds a webhook channel to url as the command line's options make one; "" or the error.
inline QString addWebhook(WindowFixture& f, const QString& name, const QString& url)
{
    ChannelConfig c;
    c.name = name;
    c.kind = QStringLiteral("webhook");
    SecretMap secrets;
    const QString e = buildChannelFromOptions(c.kind, { { QStringLiteral("url"), { url } } }, &c.settings, &secrets);
    return e.isEmpty() ? saveChannel(f, c, secrets) : e;
}

// Submits an alert through the engine; its id, or "" with *error.
inline QString submitAlert(WindowFixture& f, const QJsonObject& alert, QString* error)
{
    QString id, e;
    bool answered = false;
    f.host->submitAlert(alert, f.window.get(), [&](const QString& i, const QString& err) {
        id = i;
        e = err;
        answered = true;
    });
    if (!waitUntil([&answered] { return answered; }, 10000))
        e = QStringLiteral("submitAlert did not answer");
    if (error)
        *error = e;
    return id;
}

// Submits a LOW alert titled "BTC" to one channel; false (with a warning) when it is refused.
inline bool sendAlert(WindowFixture& f, const QString& channel)
{
    QString error;
    const QString id = submitAlert(f,
        { { QStringLiteral("type"), QStringLiteral("CUSTOM") }, { QStringLiteral("title"), QStringLiteral("BTC") },
            { QStringLiteral("priority"), QStringLiteral("LOW") },
            { QStringLiteral("channels"), QJsonArray { channel } } },
        &error);
    if (id.isEmpty())
        qWarning() << error;
    return !id.isEmpty();
}

// The alert's delivery report, read on the engine thread.
inline DeliveryReport deliveryReport(WindowFixture& f, const QString& alertId)
{
    DeliveryReport r;
    f.onEngine([&r, alertId](Engine& e) { r = e.notifications().report(alertId); });
    return r;
}

// A secret as the window's engine holds it. Through the engine's own store, on the engine
// thread: QtKeychain queues its jobs on one process-wide object that lives on the first
// thread to use it, so every keychain call of a process must come from that thread (here,
// and in the app, the engine thread).
// keyOf runs on the engine thread too (the profile's id lives there).
inline SecretResult readEngineSecret(WindowFixture& f, std::function<QString(Engine&)> keyOf, int timeoutMs = 10000)
{
    auto result = std::make_shared<SecretResult>();
    auto done = std::make_shared<QAtomicInt>(0);
    f.host->run([keyOf = std::move(keyOf), result, done](Engine& e) {
        e.secrets().read(keyOf(e), [result, done](const SecretResult& r) {
            *result = r;
            done->storeRelease(1);
        });
    });
    if (!waitUntil([done] { return done->loadAcquire() == 1; }, timeoutMs))
        result->error = QStringLiteral("the keychain did not answer");
    return *result;
}

inline SecretResult readEngineSecret(WindowFixture& f, const QString& key)
{
    return readEngineSecret(f, [key](Engine&) { return key; });
}

// A channel's secret field, keyed by the engine's profile.
inline SecretResult readEngineSecret(WindowFixture& f, const QString& channel, const QString& field)
{
    return readEngineSecret(
        f, [channel, field](Engine& e) { return SecretStore::key(e.profile().id(), channel, field); });
}

} // namespace alertdesk::test
