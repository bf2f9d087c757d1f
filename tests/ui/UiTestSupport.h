#pragma once

#include "EngineHost.h"
#include "MainWindow.h"
#include "MemorySecretStore.h"
#include "TestProfile.h"
#include "engine/Engine.h"

#include <QAtomicPointer>
#include <QTemporaryDir>
#include <memory>

namespace alertdesk::test {

// An engine factory with the secrets in memory. The store is made on the engine thread and
// owned by the engine; *created (when given) points to it once the engine is open.
inline EngineHost::Factory memoryEngineFactory(QAtomicPointer<MemorySecretStore>* created = nullptr)
{
    return [created](const QString& dir, QString* error, QString* warning) -> std::unique_ptr<Engine> {
        auto* store = new MemorySecretStore;
        Engine::Options o;
        o.profileDir = dir;
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

} // namespace alertdesk::test
