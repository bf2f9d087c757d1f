// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/NtfyChannel.h"
#include "net/HttpTransport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// ntfy: the exact JSON published, priorities and their emoji tags, the click link, the
// message limit, and how ntfy's answers are read.
class TestNtfyPayload final : public QObject {
    Q_OBJECT

    static QJsonObject published(const Alert& a)
    {
        return QJsonDocument::fromJson(ntfyPayload(a, QStringLiteral("desk-alerts"))).object();
    }

private Q_SLOTS:
    void golden()
    {
        Alert a = goldenAlert();
        a.data.insert(QStringLiteral("url"), QStringLiteral("https://www.tradingview.com/chart/?symbol=BTCUSDT"));
        const QByteArray actual = ntfyPayload(a, QStringLiteral("desk-alerts"));
        QCOMPARE(actual, readGolden(QStringLiteral("ntfy.json"), actual));
    }

    void priorities_data()
    {
        QTest::addColumn<int>("priority");
        QTest::addColumn<int>("ntfy");
        QTest::addColumn<QString>("tag");
        QTest::newRow("critical") << int(Priority::Critical) << 5 << QStringLiteral("red_circle");
        QTest::newRow("high") << int(Priority::High) << 4 << QStringLiteral("orange_circle");
        QTest::newRow("medium") << int(Priority::Medium) << 3 << QStringLiteral("yellow_circle");
        QTest::newRow("low") << int(Priority::Low) << 2 << QStringLiteral("green_circle");
        QTest::newRow("info") << int(Priority::Info) << 1 << QStringLiteral("information_source");
    }

    void priorities()
    {
        QFETCH(int, priority);
        QFETCH(int, ntfy);
        QFETCH(QString, tag);
        Alert a = goldenAlert();
        a.priority = Priority(priority);
        const QJsonObject m = published(a);
        QCOMPARE(m.value(QStringLiteral("priority")).toInt(), ntfy);
        QCOMPARE(m.value(QStringLiteral("tags")).toArray().first().toString(), tag);
    }

    void noLinkNoClick()
    {
        Alert a = goldenAlert();
        QVERIFY(!published(a).contains(QStringLiteral("click")));
        a.data.insert(QStringLiteral("url"), QStringLiteral("javascript:alert(1)"));
        QVERIFY(!published(a).contains(QStringLiteral("click")));
        a.data.insert(QStringLiteral("link"), QStringLiteral("https://example.com/x"));
        QCOMPARE(published(a).value(QStringLiteral("click")).toString(), QStringLiteral("https://example.com/x"));
    }

    void longMessageStaysAMessage()
    {
        Alert a = goldenAlert();
        a.message = longText(20000);
        const QString m = published(a).value(QStringLiteral("message")).toString();
        QVERIFY(m.toUtf8().size() <= NtfyLimits::messageBytes);
        QVERIFY(m.endsWith(QStringLiteral("\u2026")));
        a.message = emojiText();
        QCOMPARE(published(a).value(QStringLiteral("message")).toString(), emojiText());
    }

    void answers()
    {
        Redactor redactor;
        redactor.addSecret(QStringLiteral("tk_secret0123456789"));
        HttpResponse ok;
        ok.status = 200;
        ok.body = R"({"id":"abc","event":"message"})";
        QCOMPARE(int(ntfyOutcome(ok, 0, redactor).kind), int(SendOutcome::Kind::Delivered));

        HttpResponse forbidden;
        forbidden.status = 403;
        forbidden.body
            = R"({"code":40301,"http":403,"error":"forbidden tk_secret0123456789","link":"https://ntfy.sh/docs"})";
        const SendOutcome f = ntfyOutcome(forbidden, 0, redactor);
        QCOMPARE(int(f.kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(f.error, QStringLiteral("ntfy error 40301: forbidden [redacted]"));

        HttpResponse limited;
        limited.status = 429;
        limited.body = R"({"code":42901,"http":429,"error":"limit reached: too many requests"})";
        const SendOutcome l = ntfyOutcome(limited, 0, redactor);
        QCOMPARE(int(l.kind), int(SendOutcome::Kind::Retry));
        QVERIFY(l.rateLimited);
        QCOMPARE(l.error, QStringLiteral("ntfy error 42901: limit reached: too many requests"));
    }
};

QTEST_GUILESS_MAIN(TestNtfyPayload)
#include "TestNtfyPayload.moc"
