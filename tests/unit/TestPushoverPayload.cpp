// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PushoverChannel.h"
#include "net/HttpTransport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Pushover: the exact JSON posted, priorities (emergency with retry and expire), limits, HTML
// off unless asked, and Pushover's errors array as the failure text.
class TestPushoverPayload final : public QObject {
    Q_OBJECT

    static constexpr const char* kToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    static constexpr const char* kUser = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    static QJsonObject posted(const Alert& a, const PushoverOptions& o = {})
    {
        return QJsonDocument::fromJson(pushoverPayload(a, QString::fromLatin1(kToken), QString::fromLatin1(kUser), o))
            .object();
    }

private Q_SLOTS:
    void golden()
    {
        PushoverOptions o;
        o.devices = QStringList { QStringLiteral("iphone"), QStringLiteral("pixel") };
        o.sound = QStringLiteral("siren");
        const QByteArray actual
            = pushoverPayload(goldenAlert(), QString::fromLatin1(kToken), QString::fromLatin1(kUser), o);
        QCOMPARE(actual, readGolden(QStringLiteral("pushover.json"), actual));
        Alert critical = goldenAlert();
        critical.priority = Priority::Critical;
        const QByteArray emergency
            = pushoverPayload(critical, QString::fromLatin1(kToken), QString::fromLatin1(kUser), {});
        QCOMPARE(emergency, readGolden(QStringLiteral("pushover-emergency.json"), emergency));
    }

    void priorities_data()
    {
        QTest::addColumn<int>("priority");
        QTest::addColumn<int>("pushover");
        QTest::newRow("critical") << int(Priority::Critical) << 2;
        QTest::newRow("high") << int(Priority::High) << 1;
        QTest::newRow("medium") << int(Priority::Medium) << 0;
        QTest::newRow("low") << int(Priority::Low) << -1;
        QTest::newRow("info") << int(Priority::Info) << -2;
    }

    void priorities()
    {
        QFETCH(int, priority);
        QFETCH(int, pushover);
        Alert a = goldenAlert();
        a.priority = Priority(priority);
        const QJsonObject m = posted(a);
        QCOMPARE(m.value(QStringLiteral("priority")).toInt(99), pushover);
        // retry and expire mean something for an emergency only.
        QCOMPARE(m.contains(QStringLiteral("retry")), pushover == 2);
        QCOMPARE(m.contains(QStringLiteral("expire")), pushover == 2);
    }

    void emergencyBounds()
    {
        Alert a = goldenAlert();
        a.priority = Priority::Critical;
        PushoverOptions o;
        QCOMPARE(posted(a, o).value(QStringLiteral("retry")).toInt(), 60);
        QCOMPARE(posted(a, o).value(QStringLiteral("expire")).toInt(), 3600);
        o.retry = 5;
        o.expire = 99999;
        QCOMPARE(posted(a, o).value(QStringLiteral("retry")).toInt(), PushoverLimits::minRetry);
        QCOMPARE(posted(a, o).value(QStringLiteral("expire")).toInt(), PushoverLimits::maxExpire);
    }

    void limits()
    {
        Alert a = goldenAlert();
        a.title = longText(600);
        a.message = longText(5000);
        const QJsonObject m = posted(a);
        QVERIFY(m.value(QStringLiteral("title")).toString().size() <= PushoverLimits::title);
        QVERIFY(m.value(QStringLiteral("message")).toString().size() <= PushoverLimits::message);
        QVERIFY(m.value(QStringLiteral("message")).toString().endsWith(QStringLiteral("\u2026")));
    }

    void htmlOffUnlessAsked()
    {
        Alert a = goldenAlert();
        a.message = markupText();
        QJsonObject m = posted(a);
        QVERIFY(!m.contains(QStringLiteral("html")));
        QCOMPARE(m.value(QStringLiteral("message")).toString(), markupText());
        PushoverOptions o;
        o.html = true;
        m = posted(a, o);
        QCOMPARE(m.value(QStringLiteral("html")).toInt(), 1);
        // The alert's own text stays text even then.
        QVERIFY(m.value(QStringLiteral("message")).toString().startsWith(QStringLiteral("&lt;b&gt;bold?")));
    }

    void answers()
    {
        Redactor redactor;
        redactor.addSecret(QString::fromLatin1(kUser));
        HttpResponse ok;
        ok.status = 200;
        ok.body = R"({"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"})";
        QCOMPARE(int(pushoverOutcome(ok, 0, redactor).kind), int(SendOutcome::Kind::Delivered));

        HttpResponse invalid;
        invalid.status = 400;
        invalid.body
            = R"({"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key uQiRzpo4DXghDmr9QzzfQu27cmVRsG"],"status":0,"request":"5042853c"})";
        const SendOutcome f = pushoverOutcome(invalid, 0, redactor);
        QCOMPARE(int(f.kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(f.error,
            QStringLiteral("Pushover: user identifier is not a valid user, group, or subscribed user key [redacted]"));

        HttpResponse notOne;
        notOne.status = 200;
        notOne.body = R"({"status":0,"errors":["application token is invalid"]})";
        const SendOutcome n = pushoverOutcome(notOne, 0, redactor);
        QCOMPARE(int(n.kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(n.error, QStringLiteral("Pushover: application token is invalid"));

        HttpResponse down;
        down.status = 500;
        down.body = "oops";
        QCOMPARE(int(pushoverOutcome(down, 0, redactor).kind), int(SendOutcome::Kind::Retry));
    }
};

QTEST_GUILESS_MAIN(TestPushoverPayload)
#include "TestPushoverPayload.moc"
