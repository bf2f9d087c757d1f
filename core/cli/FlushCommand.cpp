// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "util/Clock.h"

#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace alertdesk {

// alertdesk-cli flush

void FlushCommand::execute(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("flush takes no arguments"));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return fail(Failed,
            QStringLiteral("another AlertDesk (pid %1) drives this profile and delivers its outbox itself")
                .arg(m_engine->lockOwnerPid()));
    auto delivered = std::make_shared<int>(0);
    auto failed = std::make_shared<int>(0);
    // Channels whose secrets are in a locked keychain: their rows stay pending for a later flush.
    auto heldBack = std::make_shared<QStringList>();
    Dispatcher& dispatcher = m_engine->notifications().dispatcher();
    auto checkDone = [this, delivered, failed, heldBack] {
        if (isFinished() || m_engine->notifications().dispatcher().inFlightCount() > 0)
            return;
        qint64 held = 0;
        if (heldBack->isEmpty()) {
            if (m_engine->outbox().openCount() > 0)
                return;
        } else {
            for (const QString& c : m_engine->outbox().channelsWithPending(false)) {
                if (!heldBack->contains(c))
                    return;
            }
            for (const QString& c : std::as_const(*heldBack)) {
                const qint64 n = m_engine->outbox().pendingCount(c);
                held += n;
                if (n > 0)
                    m_err << "alertdesk-cli: " << n << " deliveries to " << c
                          << " stay queued: " << m_engine->notifications().loadErrors().value(c) << '\n';
            }
        }
        QJsonObject out { { QStringLiteral("delivered"), *delivered }, { QStringLiteral("failed"), *failed } };
        if (held > 0)
            out.insert(QStringLiteral("waiting_for_keychain"), held);
        printJson(out, true);
        done(*failed == 0 && held == 0 ? Ok : Failed);
    };
    connect(&dispatcher, &Dispatcher::deliveryFinished, this,
        [this, delivered, failed, checkDone](const QString&, const QString&, DeliveryStatus s) {
            if (s == DeliveryStatus::Delivered)
                ++*delivered;
            else
                ++*failed;
            // Outcomes are committed in batches and reported one by one: count the whole
            // batch before deciding the outbox is empty.
            QTimer::singleShot(0, this, checkDone);
        });
    // Waiting rows too: a sequential alert's next channel must be loaded when its turn comes.
    QStringList channels = m_engine->outbox().channelsWithPending(true);
    // Held notifications that fall due are released when the engine starts: load their channels too.
    for (const QString& c : m_engine->policyStore().channelsWithDueHeld(m_engine->clock().nowMs())) {
        if (!channels.contains(c))
            channels << c;
    }
    QStringList configured, unknown;
    for (const QString& c : channels)
        (m_engine->profile().channel(c) ? configured : unknown) << c;
    m_engine->startDelivery(configured, [this, configured, unknown, checkDone, heldBack](const QStringList& errors) {
        Dispatcher& d = m_engine->notifications().dispatcher();
        for (const QString& e : errors)
            m_err << "warning: " << e << '\n';
        *heldBack = m_engine->notifications().failOrHoldUnloaded(configured);
        for (const QString& c : unknown)
            d.failChannel(c, QStringLiteral("channel %1 is not configured").arg(c));
        checkDone();
    });
}

} // namespace alertdesk
