// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace alertdesk;

// The durable outbox: rows per (alert, channel), what is due, sequential hand-over, fail-fast
// cancellation and failing a channel, and the idempotency keys.
class TestOutboxStore final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1795000000000;

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertStore> m_alerts;
    std::unique_ptr<OutboxStore> m_outbox;

    // Stores an alert and queues it to channels, in one transaction as the engine does.
    QString queue(const QStringList& channels, bool sequential, qint64 at = kT0, Priority priority = Priority::Medium)
    {
        Alert a;
        a.id = newAlertId();
        a.title = QStringLiteral("t");
        a.priority = priority;
        a.createdAt = a.updatedAt = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
        QString error;
        const bool ok = m_db->transaction(
            [&] {
                return m_alerts->insert(a, &error)
                    && m_outbox->enqueue(a.id, a.priority, channels, sequential, at, &error);
            },
            &error);
        return ok ? a.id : QString();
    }
    QList<DeliveryStatus> statuses(const QString& alertId) const
    {
        QList<DeliveryStatus> out;
        for (const DeliveryRow& r : m_outbox->forAlert(alertId))
            out << r.status;
        return out;
    }
    static QList<qint64> ids(const QList<DeliveryRow>& rows)
    {
        QList<qint64> out;
        for (const DeliveryRow& r : rows)
            out << r.id;
        return out;
    }
    // One attempt's outcome for a row, as the dispatcher writes it.
    bool record(qint64 rowId, const QString& channel, DeliveryStatus status, qint64 nextAt, qint64 at = kT0)
    {
        AttemptRecord a { rowId, channel, at, at + 10,
            status == DeliveryStatus::Delivered     ? QStringLiteral("delivered")
                : status == DeliveryStatus::Pending ? QStringLiteral("retry")
                                                    : QStringLiteral("failed"),
            status == DeliveryStatus::Delivered ? 200 : 500,
            status == DeliveryStatus::Delivered ? QString() : QStringLiteral("HTTP 500: boom"), 10 };
        QString error;
        return m_outbox->recordAttempt(a, status, nextAt, &error);
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QString error;
        m_db = Database::open(m_tmp->filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_alerts = std::make_unique<AlertStore>(*m_db);
        m_outbox = std::make_unique<OutboxStore>(*m_db);
    }
    void cleanup()
    {
        m_outbox.reset();
        m_alerts.reset();
        m_db.reset();
        m_tmp.reset();
    }

    void enqueueParallel()
    {
        const QString id = queue({ QStringLiteral("slack"), QStringLiteral("sms"), QStringLiteral("hook") }, false);
        QVERIFY(!id.isEmpty());
        const QList<DeliveryRow> rows = m_outbox->forAlert(id);
        QCOMPARE(rows.size(), 3);
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].ordinal, i);
            QCOMPARE(rows[i].status, DeliveryStatus::Pending);
            QCOMPARE(rows[i].attempts, 0);
            QCOMPARE(rows[i].nextAttemptAt, kT0);
            QCOMPARE(rows[i].createdAt, kT0);
            QCOMPARE(rows[i].idempotencyKey, OutboxStore::idempotencyKey(id, rows[i].channel));
        }
        QCOMPARE(rows[1].channel, QStringLiteral("sms"));
        QCOMPARE(m_outbox->openCount(), qint64(3));
        QVERIFY(!m_outbox->alertComplete(id));
    }

    void enqueueSequential()
    {
        const QString id = queue({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, true);
        QCOMPARE(statuses(id),
            (QList<DeliveryStatus> { DeliveryStatus::Pending, DeliveryStatus::Waiting, DeliveryStatus::Waiting }));
        // Waiting rows are never due, whatever the time.
        QVERIFY(m_outbox->due(QStringLiteral("b"), kT0 + 1000000, 10, {}).isEmpty());
        QCOMPARE(m_outbox->due(QStringLiteral("a"), kT0, 10, {}).size(), 1);
        QCOMPARE(m_outbox->channelsWithPending(), QStringList { QStringLiteral("a") });
        QCOMPARE(m_outbox->openCount(), qint64(3));
    }

    void dueOrderingAndExclusion()
    {
        const QString first = queue({ QStringLiteral("hook") }, false, kT0);
        const QString second = queue({ QStringLiteral("hook") }, false, kT0);
        const QString later = queue({ QStringLiteral("hook") }, false, kT0 + 5000);
        const QString other = queue({ QStringLiteral("other") }, false, kT0);
        const qint64 r1 = m_outbox->forAlert(first).first().id;
        const qint64 r2 = m_outbox->forAlert(second).first().id;
        const qint64 r3 = m_outbox->forAlert(later).first().id;
        QVERIFY(!other.isEmpty());

        // Not yet due rows and other channels stay out; equal times go by id.
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0, 10, {})), (QList<qint64> { r1, r2 }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 4999, 10, {})), (QList<qint64> { r1, r2 }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 10, {})), (QList<qint64> { r1, r2, r3 }));
        // The limit and the in-flight exclusion.
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 1, {})), (QList<qint64> { r1 }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 1, { r1 })), (QList<qint64> { r2 }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 2, { r1, r2 })), (QList<qint64> { r3 }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 5, { r1, r2, r3 })), QList<qint64>());

        // A retry scheduled later moves behind a row due earlier.
        QVERIFY(record(r1, QStringLiteral("hook"), DeliveryStatus::Pending, kT0 + 6000));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 10000, 10, {})), (QList<qint64> { r2, r3, r1 }));
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook")), kT0);
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("nobody")), qint64(-1));
        QCOMPARE(m_outbox->get(r1)->attempts, 1);
        QCOMPARE(m_outbox->get(r1)->lastError, QStringLiteral("HTTP 500: boom"));

        // Terminal rows are never due again.
        QVERIFY(record(r2, QStringLiteral("hook"), DeliveryStatus::Delivered, kT0));
        QVERIFY(record(r3, QStringLiteral("hook"), DeliveryStatus::Failed, kT0));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 10000, 10, {})), (QList<qint64> { r1 }));
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook")), kT0 + 6000);
        QCOMPARE(m_outbox->get(r2)->latencyMs, qint64(10));
        QCOMPARE(m_outbox->get(r2)->finishedAt, kT0 + 10);
        QCOMPARE(m_outbox->get(r1)->finishedAt, qint64(0));
        QVERIFY(m_outbox->alertComplete(second));
        QVERIFY(!m_outbox->alertComplete(first));
    }

    // Priority lanes: the most urgent due row first, whatever waits in lower lanes; within a
    // lane by due time, then by id. The next due time looks at every lane.
    void dueMostUrgentFirst()
    {
        const qint64 low1 = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0, Priority::Low)).first().id;
        const qint64 low2 = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0, Priority::Low)).first().id;
        const qint64 info
            = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0, Priority::Info)).first().id;
        const qint64 high
            = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0 + 10, Priority::High)).first().id;
        const qint64 crit
            = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0 + 20, Priority::Critical)).first().id;
        const qint64 critLater
            = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0 + 3000, Priority::Critical)).first().id;
        QCOMPARE(m_outbox->get(crit)->priority, Priority::Critical);
        QCOMPARE(m_outbox->get(low1)->priority, Priority::Low);

        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 20, 10, {})),
            (QList<qint64> { crit, high, low1, low2, info }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 20, 2, {})), (QList<qint64> { crit, high }));
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 20, 2, { crit })), (QList<qint64> { high, low1 }));
        // Not yet due: a CRITICAL planned for later does not hold up the due LOW ones.
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 2999, 10, { crit, high })),
            (QList<qint64> { low1, low2, info }));
        // A LOW retry due earlier than a new LOW row goes first within its lane, after the CRITICAL.
        QVERIFY(record(low1, QStringLiteral("hook"), DeliveryStatus::Pending, kT0 + 4000));
        const qint64 low3
            = m_outbox->forAlert(queue({ QStringLiteral("hook") }, false, kT0 + 3500, Priority::Low)).first().id;
        QCOMPARE(ids(m_outbox->due(QStringLiteral("hook"), kT0 + 5000, 10, {})),
            (QList<qint64> { crit, critLater, high, low2, low3, low1, info }));

        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook")), kT0);
        // In flight rows aside, the earliest of every lane counts.
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook"), { low2, info }), kT0 + 10);
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook"), { low2, info, high, crit }), kT0 + 3000);
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook"), { low2, info, high, crit, critLater }), kT0 + 3500);
        QCOMPARE(m_outbox->nextDueAt(QStringLiteral("hook"), { low2, info, high, crit, critLater, low3 }), kT0 + 4000);
        QCOMPARE(
            m_outbox->nextDueAt(QStringLiteral("hook"), { low1, low2, info, high, crit, critLater, low3 }), qint64(-1));
    }

    void promoteNext()
    {
        const QString id = queue({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, true);
        const QList<DeliveryRow> rows = m_outbox->forAlert(id);
        QVERIFY(record(rows[0].id, QStringLiteral("a"), DeliveryStatus::Delivered, kT0));
        QVERIFY(m_outbox->promoteNext(id, kT0 + 100));
        QCOMPARE(statuses(id),
            (QList<DeliveryStatus> { DeliveryStatus::Delivered, DeliveryStatus::Pending, DeliveryStatus::Waiting }));
        QCOMPARE(m_outbox->get(rows[1].id)->nextAttemptAt, kT0 + 100);
        QCOMPARE(ids(m_outbox->due(QStringLiteral("b"), kT0 + 100, 10, {})), QList<qint64> { rows[1].id });

        QVERIFY(record(rows[1].id, QStringLiteral("b"), DeliveryStatus::Failed, kT0 + 200));
        QVERIFY(m_outbox->promoteNext(id, kT0 + 200));
        QVERIFY(record(rows[2].id, QStringLiteral("c"), DeliveryStatus::Delivered, kT0 + 300));
        QVERIFY(!m_outbox->promoteNext(id, kT0 + 300)); // nothing left
        QVERIFY(m_outbox->alertComplete(id));
    }

    void promoteNextKeepsOneAtATime()
    {
        // While a row of the alert is still pending (a retry, say), nothing else may start.
        const QString id = queue({ QStringLiteral("a"), QStringLiteral("b") }, true);
        QVERIFY(!m_outbox->promoteNext(id, kT0));
        QCOMPARE(statuses(id), (QList<DeliveryStatus> { DeliveryStatus::Pending, DeliveryStatus::Waiting }));
    }

    void cancelOpen()
    {
        const QString id
            = queue({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") }, false);
        const QList<DeliveryRow> rows = m_outbox->forAlert(id);
        QVERIFY(record(rows[0].id, QStringLiteral("a"), DeliveryStatus::Failed, kT0));
        // b is in flight: it runs to its end. c and d have not started: cancelled.
        const int n
            = m_outbox->cancelOpen(id, QStringLiteral("not sent: fail-fast after a failed"), kT0 + 5, { rows[1].id });
        QCOMPARE(n, 2);
        QCOMPARE(statuses(id),
            (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Pending, DeliveryStatus::Cancelled,
                DeliveryStatus::Cancelled }));
        QCOMPARE(m_outbox->get(rows[2].id)->lastError, QStringLiteral("not sent: fail-fast after a failed"));
        QCOMPARE(m_outbox->get(rows[2].id)->finishedAt, kT0 + 5);
        QCOMPARE(m_outbox->get(rows[0].id)->lastError, QStringLiteral("HTTP 500: boom")); // terminal rows untouched
        QVERIFY(!m_outbox->alertComplete(id));

        // Waiting (sequential) rows are cancelled too.
        const QString seq = queue({ QStringLiteral("a"), QStringLiteral("b") }, true);
        QCOMPARE(m_outbox->cancelOpen(seq, QStringLiteral("stop"), kT0, {}), 2);
        QVERIFY(m_outbox->alertComplete(seq));
    }

    void failChannel()
    {
        const QString one = queue({ QStringLiteral("broken"), QStringLiteral("ok") }, false);
        const QString two = queue({ QStringLiteral("ok"), QStringLiteral("broken") }, true); // broken is waiting
        const QString three = queue({ QStringLiteral("ok") }, false);
        QStringList touched = m_outbox->failChannel(QStringLiteral("broken"), QStringLiteral("no url"), kT0 + 1);
        touched.sort();
        QStringList expected { one, two };
        expected.sort();
        QCOMPARE(touched, expected);
        QCOMPARE(statuses(one), (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Pending }));
        QCOMPARE(statuses(two), (QList<DeliveryStatus> { DeliveryStatus::Pending, DeliveryStatus::Failed }));
        QCOMPARE(statuses(three), QList<DeliveryStatus> { DeliveryStatus::Pending });
        QCOMPARE(m_outbox->forAlert(one).first().lastError, QStringLiteral("no url"));
        QVERIFY(m_outbox->failChannel(QStringLiteral("broken"), QStringLiteral("again"), kT0).isEmpty());
    }

    // The Alerts page's channel filter: each channel once, whatever the status of its rows.
    void channelsInHistory()
    {
        QVERIFY(m_outbox->channelsInHistory().isEmpty());
        queue({ QStringLiteral("slack"), QStringLiteral("pager") }, true); // pager waits
        queue({ QStringLiteral("slack") }, false);
        const QString failed = queue({ QStringLiteral("broken"), QStringLiteral("desk") }, false);
        m_outbox->failChannel(QStringLiteral("broken"), QStringLiteral("no url"), kT0 + 1);
        QCOMPARE(statuses(failed), (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Pending }));
        QCOMPARE(m_outbox->channelsInHistory(),
            (QStringList {
                QStringLiteral("broken"), QStringLiteral("desk"), QStringLiteral("pager"), QStringLiteral("slack") }));
        QCOMPARE(m_outbox->channelsInHistory(2), (QStringList { QStringLiteral("broken"), QStringLiteral("desk") }));
    }

    void idempotencyKeys()
    {
        const QString a1 = QStringLiteral("0f8e1c52-8f65-4c1a-9d1e-2a3b4c5d6e7f");
        const QString a2 = QStringLiteral("0f8e1c52-8f65-4c1a-9d1e-2a3b4c5d6e80");
        const QString k = OutboxStore::idempotencyKey(a1, QStringLiteral("slack"));
        QCOMPARE(OutboxStore::idempotencyKey(a1, QStringLiteral("slack")), k); // stable
        QVERIFY(OutboxStore::idempotencyKey(a1, QStringLiteral("sms")) != k); // per channel
        QVERIFY(OutboxStore::idempotencyKey(a2, QStringLiteral("slack")) != k); // per alert
        const QUuid u = QUuid::fromString(k);
        QVERIFY(!u.isNull());
        QCOMPARE(u.version(), QUuid::Sha1); // name-based: the same after a restart or an upgrade
        QVERIFY(!k.startsWith(QLatin1Char('{')));
        // Pinned: a receiver deduplicating across an AlertDesk upgrade relies on this value.
        QCOMPARE(k,
            QUuid::createUuidV5(
                QUuid(QStringLiteral("{6f1d3c6e-3b0a-4c55-9a57-2f0e8f6b9a41}")), a1 + QStringLiteral("\nslack"))
                .toString(QUuid::WithoutBraces));
    }

    void stats()
    {
        const QString id = queue({ QStringLiteral("hook") }, false);
        const qint64 row = m_outbox->forAlert(id).first().id;
        QVERIFY(record(row, QStringLiteral("hook"), DeliveryStatus::Pending, kT0 + 1000, kT0));
        QVERIFY(record(row, QStringLiteral("hook"), DeliveryStatus::Delivered, kT0, kT0 + 1000));
        const QString id2 = queue({ QStringLiteral("hook") }, false);
        QVERIFY(record(
            m_outbox->forAlert(id2).first().id, QStringLiteral("hook"), DeliveryStatus::Failed, kT0, kT0 + 2000));
        const ChannelStats s = m_outbox->stats(QStringLiteral("hook"));
        QCOMPARE(s.delivered, qint64(1));
        QCOMPARE(s.failed, qint64(1));
        QCOMPARE(s.retried, qint64(1));
        QCOMPARE(s.lastError, QStringLiteral("HTTP 500: boom"));
        QCOMPARE(s.lastErrorAt, kT0 + 2010);
        QCOMPARE(s.lastSuccessAt, kT0 + 1010);
        QCOMPARE(s.recentLatencies, QList<qint64> { 10 });
    }
};

QTEST_GUILESS_MAIN(TestOutboxStore)
#include "TestOutboxStore.moc"
