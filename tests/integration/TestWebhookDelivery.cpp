// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryRig.h"

#include "channels/WebhookChannel.h"
#include "storage/AlertStore.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTest>

Q_DECLARE_METATYPE(alertdesk::Alert)

using namespace alertdesk;
using namespace alertdesk::test;

// What a webhook receiver gets: the exact JSON bytes, a signature it can verify, the custom
// headers, and one Idempotency-Key per (alert, channel) however often it is retried.
class TestWebhookDelivery final : public QObject {
    Q_OBJECT

    static Alert fixedAlert()
    {
        Alert a;
        a.id = QStringLiteral("0f8e1c52-8f65-4c1a-9d1e-2a3b4c5d6e7f");
        a.type = AlertType::Risk;
        a.priority = Priority::High;
        a.title = QStringLiteral("Position risk exceeded");
        a.message = QStringLiteral("BTC position exceeds risk limit by 15%");
        a.symbol = QStringLiteral("BTCUSDT");
        a.data = QJsonObject { { QStringLiteral("position_size"), 2.5 }, { QStringLiteral("risk_pct"), 6.5 } };
        a.createdAt = a.updatedAt = QDateTime(QDate(2026, 11, 26), QTime(14, 0), Qt::UTC);
        return a;
    }

    // What a receiver does (README "Verifying the signature"): split t and v1, recompute
    // HMAC-SHA256(secret, t + "." + raw body), compare.
    static bool verifySignature(
        const QByteArray& secret, const QByteArray& header, const QByteArray& body, qint64* timestamp = nullptr)
    {
        QByteArray t, v1;
        for (const QByteArray& part : header.split(',')) {
            const qsizetype eq = part.indexOf('=');
            if (eq <= 0)
                return false;
            const QByteArray key = part.left(eq).trimmed();
            if (key == "t")
                t = part.mid(eq + 1);
            else if (key == "v1")
                v1 = part.mid(eq + 1);
        }
        if (t.isEmpty() || v1.isEmpty())
            return false;
        if (timestamp)
            *timestamp = t.toLongLong();
        const QByteArray expected
            = QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256).toHex();
        // Constant time, as a receiver should.
        if (expected.size() != v1.size())
            return false;
        int diff = 0;
        for (qsizetype i = 0; i < expected.size(); ++i)
            diff |= expected[i] ^ v1[i];
        return diff == 0;
    }

private Q_SLOTS:
    void goldenPayload_data()
    {
        QTest::addColumn<Alert>("alert");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("README example")
            << fixedAlert()
            << QByteArray(R"({"alert":{"channels":[],"created_at":"2026-11-26T14:00:00.000Z",)"
                          R"("data":{"position_size":2.5,"risk_pct":6.5},"id":"0f8e1c52-8f65-4c1a-9d1e-2a3b4c5d6e7f",)"
                          R"("message":"BTC position exceeds risk limit by 15%","position":"","priority":"HIGH",)"
                          R"("priority_color":"#F57C00","priority_emoji":"🟠","state":"open","strategy":"",)"
                          R"("symbol":"BTCUSDT","title":"Position risk exceeded","type":"RISK",)"
                          R"("updated_at":"2026-11-26T14:00:00.000Z"},"event":"alert",)"
                          R"("idempotency_key":"5b0d7c9e-1111-5222-8333-444455556666","version":1})");

        Alert b = fixedAlert();
        b.type = AlertType::Price;
        b.priority = Priority::Critical;
        b.title = QStringLiteral("BTC \"flash\" crash 📉");
        b.message = QStringLiteral("Line 1\nLine 2\twith tab \\ and </script> é");
        b.data = {};
        b.channels = { QStringLiteral("ops"), QStringLiteral("sms") };
        b.dedupKey = QStringLiteral("btc-crash");
        b.state = AlertState::Acknowledged;
        b.updatedAt = b.createdAt.addMSecs(1500);
        QTest::newRow("escapes, dedup key, channels")
            << b
            << QByteArray(
                   R"({"alert":{"channels":["ops","sms"],"created_at":"2026-11-26T14:00:00.000Z","data":{},)"
                   R"("dedup_key":"btc-crash","id":"0f8e1c52-8f65-4c1a-9d1e-2a3b4c5d6e7f",)"
                   R"("message":"Line 1\nLine 2\twith tab \\ and </script> é","position":"","priority":"CRITICAL",)"
                   R"("priority_color":"#D32F2F","priority_emoji":"🔴","state":"acknowledged","strategy":"",)"
                   // (not a raw string: moc 6.4 loses the class at a \" inside one)
                   "\"symbol\":\"BTCUSDT\",\"title\":\"BTC \\\"flash\\\" crash 📉\",\"type\":\"PRICE\","
                   R"("updated_at":"2026-11-26T14:00:01.500Z"},"event":"alert",)"
                   R"("idempotency_key":"5b0d7c9e-1111-5222-8333-444455556666","version":1})");
    }
    void goldenPayload()
    {
        QFETCH(Alert, alert);
        QFETCH(QByteArray, expected);
        const QByteArray got = webhookPayload(alert, QStringLiteral("5b0d7c9e-1111-5222-8333-444455556666"));
        QCOMPARE(got, expected);
        QCOMPARE(webhookPayload(alert, QStringLiteral("5b0d7c9e-1111-5222-8333-444455556666")), got); // pure
    }

    void signatureFormat()
    {
        const QByteArray body = R"({"a":1})";
        const QByteArray sig = webhookSignature("whsec_abc", 1795701600, body);
        QVERIFY(sig.startsWith("t=1795701600,v1="));
        QCOMPARE(sig.size(), qsizetype(16 + 64));
        QVERIFY(verifySignature("whsec_abc", sig, body));
        QVERIFY(!verifySignature("whsec_abd", sig, body));
        QVERIFY(!verifySignature("whsec_abc", sig, R"({"a":2})"));
        QVERIFY(!verifySignature("whsec_abc", "t=1795701601" + sig.mid(12), body)); // the time is signed too
    }

    void receiverSeesSignedPayloadWithHeaders()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QVERIFY(rig.profile().isValid());
        const QByteArray secret = "whsec_5f2b9c1e7d";
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/alerts?src=desk")), {},
                     { { QStringLiteral("hmac_secret"), QString::fromLatin1(secret) },
                         { QStringLiteral("headers"),
                             QStringLiteral(R"({"X-Api-Key":"key-7781","X-Team":"risk desk"})") } }),
            QString());
        QVERIFY(rig.start().isEmpty());
        rig.clock().advance(12345); // the signature's time comes from the engine's clock
        const QString id = rig.submit();
        QVERIFY(server.waitForRequests(1));
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/alerts?src=desk"));
        QCOMPARE(req.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(req.header("User-Agent"), QByteArray("AlertDesk/1"));
        QCOMPARE(req.header("X-Api-Key"), QByteArray("key-7781"));
        QCOMPARE(req.header("X-Team"), QByteArray("risk desk"));
        const QByteArray key = OutboxStore::idempotencyKey(id, QStringLiteral("hook")).toLatin1();
        QCOMPARE(req.header("Idempotency-Key"), key);

        // The body is the pure payload of the stored alert, byte for byte.
        const auto stored = rig.engine().alerts().get(id);
        QVERIFY(stored);
        QCOMPARE(req.body, webhookPayload(*stored, QString::fromLatin1(key)));
        QCOMPARE(req.json().value(QStringLiteral("idempotency_key")).toString(), QString::fromLatin1(key));
        QCOMPARE(req.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString(), id);

        qint64 t = 0;
        const QByteArray sig = req.header(WebhookChannel::kSignatureHeader);
        QVERIFY2(verifySignature(secret, sig, req.body, &t), sig.constData());
        QCOMPARE(t, rig.clock().nowMs() / 1000);
        QVERIFY(!verifySignature("whsec_wrong", sig, req.body));
        QVERIFY(!verifySignature(secret, sig, req.body + ' '));
        QCOMPARE(rig.waitReport(id).results.first().status, DeliveryStatus::Delivered);
    }

    void noSignatureWithoutSecret()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url()), QString());
        QVERIFY(rig.start().isEmpty());
        rig.submit();
        QVERIFY(server.waitForRequests(1));
        QVERIFY(server.requests().first().header(WebhookChannel::kSignatureHeader).isEmpty());
    }

    void idempotencyKeyStableAcrossRetries()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url(), {},
                     { { QStringLiteral("hmac_secret"), QStringLiteral("whsec_retry") } }),
            QString());
        QVERIFY(rig.set("delivery.retry_delay_ms", QStringLiteral("1000")));
        QVERIFY(rig.set("delivery.jitter", QStringLiteral("0")));
        server.enqueue(ScriptedResponse::withStatus(500, "boom"));
        server.enqueue(ScriptedResponse::withStatus(429, "slow").header("Retry-After", "2"));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        rig.clock().advance(1000);
        QVERIFY(waitUntil([&] { return attempts.size() == 2; }));
        rig.clock().advance(2000);
        QCOMPARE(rig.waitReport(id).results.first().attempts, 3);
        const QString other = rig.submit();
        QCOMPARE(rig.waitReport(other).results.first().status, DeliveryStatus::Delivered);

        QCOMPARE(server.requestCount(), 4);
        const QByteArray key = OutboxStore::idempotencyKey(id, QStringLiteral("hook")).toLatin1();
        for (int i = 0; i < 3; ++i) {
            const RecordedRequest& r = server.requests().at(i);
            QCOMPARE(r.header("Idempotency-Key"), key);
            QCOMPARE(r.json().value(QStringLiteral("idempotency_key")).toString().toLatin1(), key);
            // Each retry is signed afresh with the time it is sent at.
            QVERIFY(verifySignature("whsec_retry", r.header(WebhookChannel::kSignatureHeader), r.body));
        }
        QCOMPARE(server.requests().at(0).body, server.requests().at(2).body);
        QVERIFY(server.requests().at(0).header(WebhookChannel::kSignatureHeader)
            != server.requests().at(2).header(WebhookChannel::kSignatureHeader));
        QVERIFY(server.requests().at(3).header("Idempotency-Key") != key);
    }

    void secretsNeverReachTheReport()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        const QString url = server.url(QStringLiteral("/hooks/T0001/B0002/s3cr3tT0k3n"));
        QCOMPARE(
            rig.profile().addWebhook(QStringLiteral("hook"), url, {},
                { { QStringLiteral("headers"), QStringLiteral(R"({"Authorization":"Bearer tok_live_9f8e7d6c"})") } }),
            QString());
        // A receiver that echoes what it got, as many error pages do.
        server.setDefault(ScriptedResponse::withStatus(
            401, "invalid credentials Bearer tok_live_9f8e7d6c (token tok_live_9f8e7d6c) for " + url.toLatin1()));
        QVERIFY(rig.start().isEmpty());
        const QString id = rig.submit();
        const DeliveryReport r = rig.waitReport(id);
        const QString error = r.results.first().error;
        QVERIFY2(!error.contains(QStringLiteral("tok_live_9f8e7d6c")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("s3cr3tT0k3n")), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("HTTP 401: invalid credentials")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("[redacted]")));
        const QString health = QString::fromUtf8(QJsonDocument(rig.notifications().statistics()).toJson());
        QVERIFY(!health.contains(QStringLiteral("tok_live_9f8e7d6c")));
    }
};

QTEST_GUILESS_MAIN(TestWebhookDelivery)
#include "TestWebhookDelivery.moc"
