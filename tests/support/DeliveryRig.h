// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QTest>

namespace alertdesk::test {

// A temporary profile with an Engine on a FakeClock, for delivery tests against
// ScriptedHttpServers. start() turns the dispatcher's poll off unless asked: then every
// wake-up a test sees comes from the dispatcher's own schedule, which is what is under test.
class DeliveryRig final {
public:
    DeliveryRig()
        : m_profile(&m_clock)
    {
    }

    FakeClock& clock() { return m_clock; }
    TestProfile& profile() { return m_profile; }
    Engine& engine() { return m_profile.engine(); }
    Dispatcher& dispatcher() { return engine().notifications().dispatcher(); }
    NotificationService& notifications() { return engine().notifications(); }
    AlertManager& alertManager() { return engine().alertManager(); }
    OutboxStore& outbox() { return engine().outbox(); }

    bool set(const char* key, const QString& value) { return m_profile.setSetting(QString::fromLatin1(key), value); }
    QStringList start(bool poll = false)
    {
        if (!poll) {
            // No periodic timers on the fake clock: the tests read the dispatcher's own wake-ups.
            dispatcher().setPollIntervalMs(0);
            engine().policy().setPollIntervalMs(0);
            engine().lifecycle().setPollIntervalMs(0);
        }
        return m_profile.start();
    }

    static QJsonObject alertJson(
        const QStringList& channels = {}, const QString& title = QStringLiteral("Position risk exceeded"))
    {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("RISK") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") }, { QStringLiteral("title"), title },
            { QStringLiteral("message"), QStringLiteral("BTC position exceeds risk limit by 15%") },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
        if (!channels.isEmpty())
            o.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
        return o;
    }
    // Submits an alert (to every enabled channel when channels is empty); its id, or "" with *error.
    QString submit(const QStringList& channels = {}, QString* error = nullptr)
    {
        FieldError fe;
        const auto a = alertManager().submit(alertJson(channels), &fe);
        if (!a && error)
            *error = fe.toString();
        return a ? a->id : QString();
    }
    // Waits (real time) until every delivery of the alert is final; returns its report.
    DeliveryReport waitReport(const QString& alertId, int timeoutMs = 5000)
    {
        waitUntil([&] { return outbox().alertComplete(alertId); }, timeoutMs);
        return notifications().report(alertId);
    }
    // Waits until the dispatcher has a wake-up at exactly atMs on the fake clock.
    bool waitWakeAt(qint64 atMs, int timeoutMs = 2000)
    {
        return waitUntil([&] { return m_clock.nextDueAt() == atMs; }, timeoutMs);
    }
    QList<DeliveryRow> rows(const QString& alertId) { return outbox().forAlert(alertId); }

    // Asserts that nothing is sent until exactly `atMs` on the fake clock and that the next
    // attempt (`starting` of them) starts right then. Needs the dispatcher's own wake-up (poll off).
    static void expectNextAttemptAt(DeliveryRig& rig, ScriptedHttpServer& server, qint64 atMs, int starting = 1)
    {
        const int before = server.requestCount();
        QVERIFY2(rig.waitWakeAt(atMs),
            qPrintable(QStringLiteral("next wake-up at %1, expected %2")
                           .arg(rig.clock().nextDueAt() - rig.clock().nowMs())
                           .arg(atMs - rig.clock().nowMs())));
        rig.clock().advance(atMs - 1 - rig.clock().nowMs());
        QCOMPARE(rig.dispatcher().inFlightCount(), 0);
        QCOMPARE(server.requestCount(), before);
        rig.clock().advance(1);
        QCOMPARE(rig.dispatcher().inFlightCount(), starting); // started synchronously by the wake-up
        QVERIFY(server.waitForRequests(before + starting));
    }

private:
    FakeClock m_clock; // outlives the engine
    TestProfile m_profile;
};

} // namespace alertdesk::test
