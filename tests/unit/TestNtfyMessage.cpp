// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/SourceArgs.h"
#include "sources/NtfySource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

// An ntfy message event mapped to an alert, the subscription URL, and the source's options
// as `source add ntfy` and the window's form read them.
class TestNtfyMessage final : public QObject {
    Q_OBJECT

    static QJsonObject event(const QString& message, const QJsonObject& extra = {})
    {
        QJsonObject e { { QStringLiteral("id"), QStringLiteral("hwQ2YpKdmg") }, { QStringLiteral("time"), 1795687200 },
            { QStringLiteral("event"), QStringLiteral("message") }, { QStringLiteral("topic"), QStringLiteral("tv") },
            { QStringLiteral("message"), message } };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            e.insert(it.key(), it.value());
        return e;
    }
    static NtfySourceDefaults defaults()
    {
        NtfySourceDefaults d;
        d.source = QStringLiteral("tradingview");
        d.topic = QStringLiteral("tv");
        return d;
    }
    static QDateTime now() { return QDateTime::fromSecsSinceEpoch(1795687201, Qt::UTC); }

private Q_SLOTS:
    void priorities_data()
    {
        QTest::addColumn<int>("ntfy");
        QTest::addColumn<QString>("expected");
        QTest::newRow("5 max") << 5 << "CRITICAL";
        QTest::newRow("4 high") << 4 << "HIGH";
        QTest::newRow("3 default") << 3 << "MEDIUM";
        QTest::newRow("2 low") << 2 << "LOW";
        QTest::newRow("1 min") << 1 << "INFO";
        QTest::newRow("0 none") << 0 << "";
        QTest::newRow("6 out of range") << 6 << "";
    }
    void priorities()
    {
        QFETCH(int, ntfy);
        QFETCH(QString, expected);
        const auto p = priorityFromNtfy(ntfy);
        QCOMPARE(p ? priorityName(*p) : QString(), expected);
    }

    void tradingViewPlainText()
    {
        // TradingView's default alert message, placeholders left as the trader typed them.
        const Alert a = ntfyMessageAlert(
            event(QStringLiteral("{{ticker}} crossing {{close}}\nInterval {{interval}}, exchange {{exchange}}\nvolume "
                                 "{{volume}}")),
            defaults(), now());
        QCOMPARE(a.title, QStringLiteral("{{ticker}} crossing {{close}}"));
        QCOMPARE(a.message, QStringLiteral("Interval {{interval}}, exchange {{exchange}}\nvolume {{volume}}"));
        QCOMPARE(a.type, AlertType::Custom);
        QCOMPARE(a.priority, Priority::Medium);
        QVERIFY(a.channels.isEmpty());
        const QJsonObject origin = a.data.value(QStringLiteral("ntfy")).toObject();
        QCOMPARE(origin.value(QStringLiteral("id")).toString(), QStringLiteral("hwQ2YpKdmg"));
        QCOMPARE(origin.value(QStringLiteral("source")).toString(), QStringLiteral("tradingview"));
        QCOMPARE(origin.value(QStringLiteral("topic")).toString(), QStringLiteral("tv"));
        QCOMPARE(origin.value(QStringLiteral("time")).toString(), QStringLiteral("2026-11-26T10:00:00Z"));
        QVERIFY(!validateAlert(a));
    }

    void oneLineIsTheTitle()
    {
        const Alert a = ntfyMessageAlert(event(QStringLiteral("BTCUSDT above 100000")), defaults(), now());
        QCOMPARE(a.title, QStringLiteral("BTCUSDT above 100000"));
        QCOMPARE(a.message, QString());
        QVERIFY(!validateAlert(a));
    }

    void ntfyTitlePriorityAndTags()
    {
        const Alert a
            = ntfyMessageAlert(event(QStringLiteral("Long entry 1\nsize 2"),
                                   QJsonObject { { QStringLiteral("title"), QStringLiteral("BTC breakout") },
                                       { QStringLiteral("priority"), 5 },
                                       { QStringLiteral("tags"),
                                           QJsonArray { QStringLiteral("rotating_light"), QStringLiteral("desk-a") } },
                                       { QStringLiteral("click"), QStringLiteral("https://tv.example/x") } }),
                defaults(), now());
        QCOMPARE(a.title, QStringLiteral("BTC breakout"));
        QCOMPARE(a.message, QStringLiteral("Long entry 1\nsize 2")); // the whole text: the title came apart
        QCOMPARE(a.priority, Priority::Critical);
        QCOMPARE(a.data.value(QStringLiteral("tags")).toArray(),
            (QJsonArray { QStringLiteral("rotating_light"), QStringLiteral("desk-a") }));
        QCOMPARE(a.data.value(QStringLiteral("click")).toString(), QStringLiteral("https://tv.example/x"));
    }

    void sourceDefaultsApply()
    {
        NtfySourceDefaults d = defaults();
        d.type = AlertType::Price;
        d.priority = Priority::High;
        d.channels = QStringList { QStringLiteral("desk"), QStringLiteral("phone") };
        const Alert plain = ntfyMessageAlert(event(QStringLiteral("ETH below 3000")), d, now());
        QCOMPARE(plain.type, AlertType::Price);
        QCOMPARE(plain.priority, Priority::High);
        QCOMPARE(plain.channels, d.channels);
        // ntfy's own priority is the message's: it wins over the source's default.
        const Alert urgent = ntfyMessageAlert(
            event(QStringLiteral("ETH below 2500"), { { QStringLiteral("priority"), 1 } }), d, now());
        QCOMPARE(urgent.priority, Priority::Info);
    }

    void ingestFormTakenAsIs()
    {
        NtfySourceDefaults d = defaults();
        d.type = AlertType::Price;
        d.priority = Priority::Low;
        d.channels = QStringList { QStringLiteral("desk") };
        const QByteArray body = R"({"type":"RISK","priority":"CRITICAL","title":"Margin call","message":"equity 12%",
            "symbol":"BTCUSDT","strategy":"grid","data":{"equity_pct":12},"channels":["pager"],"dedup_key":"margin"})";
        const Alert a = ntfyMessageAlert(
            event(QString::fromUtf8(body), { { QStringLiteral("priority"), 2 }, { QStringLiteral("title"), "x" } }), d,
            now());
        QCOMPARE(a.type, AlertType::Risk);
        QCOMPARE(a.priority, Priority::Critical);
        QCOMPARE(a.title, QStringLiteral("Margin call"));
        QCOMPARE(a.message, QStringLiteral("equity 12%"));
        QCOMPARE(a.symbol, QStringLiteral("BTCUSDT"));
        QCOMPARE(a.strategy, QStringLiteral("grid"));
        QCOMPARE(a.channels, QStringList { QStringLiteral("pager") });
        QCOMPARE(a.dedupKey, QStringLiteral("margin"));
        QCOMPARE(a.data.value(QStringLiteral("equity_pct")).toInt(), 12);
        QCOMPARE(a.data.value(QStringLiteral("ntfy")).toObject().value(QStringLiteral("id")).toString(),
            QStringLiteral("hwQ2YpKdmg"));
    }

    void ingestFormFilledByDefaults()
    {
        NtfySourceDefaults d = defaults();
        d.type = AlertType::Price;
        d.channels = QStringList { QStringLiteral("desk") };
        const Alert a = ntfyMessageAlert(
            event(QStringLiteral(R"({"message":"from a bot","symbol":"SOLUSDT"})"),
                { { QStringLiteral("priority"), 4 }, { QStringLiteral("title"), QStringLiteral("Bot says") },
                    { QStringLiteral("tags"), QJsonArray { QStringLiteral("bot") } } }),
            d, now());
        QCOMPARE(a.type, AlertType::Price);
        QCOMPARE(a.priority, Priority::High); // ntfy's 4
        QCOMPARE(a.title, QStringLiteral("Bot says"));
        QCOMPARE(a.message, QStringLiteral("from a bot"));
        QCOMPARE(a.symbol, QStringLiteral("SOLUSDT"));
        QCOMPARE(a.channels, QStringList { QStringLiteral("desk") });
        QCOMPARE(a.data.value(QStringLiteral("tags")).toArray(), QJsonArray { QStringLiteral("bot") });
    }

    void otherJsonIsText()
    {
        // A bot's own JSON (not the ingest form): nothing of it is lost, it is the text.
        const QString body = QStringLiteral(R"({"ticker":"{{ticker}}","price":"{{close}}"})");
        const Alert a = ntfyMessageAlert(event(body), defaults(), now());
        QCOMPARE(a.title, body);
        QCOMPARE(a.type, AlertType::Custom);
    }

    void emptyMessageStillAnAlert()
    {
        const Alert a = ntfyMessageAlert(event(QString()), defaults(), now());
        QVERIFY(!a.title.isEmpty());
        QVERIFY(!validateAlert(a));
    }

    void subscribeUrl()
    {
        QCOMPARE(ntfySubscribeUrl(QStringLiteral("https://ntfy.sh"), QStringLiteral("tv"), {}).toString(),
            QStringLiteral("https://ntfy.sh/tv/json"));
        QCOMPARE(
            ntfySubscribeUrl(QStringLiteral("https://ntfy.example/base/"), QStringLiteral("tv"), QStringLiteral("abc"))
                .toString(),
            QStringLiteral("https://ntfy.example/base/tv/json?since=abc"));
    }

    void options_data()
    {
        QTest::addColumn<QStringList>("words"); // option=value
        QTest::addColumn<QString>("field"); // "" when they build
        QTest::newRow("topic only") << QStringList { "topic=tv-alerts_1" } << "";
        QTest::newRow("everything") << QStringList { "topic=tv", "server=https://ntfy.example/", "token=tk_abc",
            "type=price", "priority=high", "channel=desk", "channel=phone,sms" }
                                    << "";
        QTest::newRow("no topic") << QStringList { "server=https://ntfy.sh" } << "topic";
        QTest::newRow("topic with a slash") << QStringList { "topic=a/b" } << "topic";
        QTest::newRow("topic too long") << QStringList { "topic=" + QString(65, QLatin1Char('a')) } << "topic";
        QTest::newRow("ftp server") << QStringList { "topic=tv", "server=ftp://ntfy.sh" } << "server";
        QTest::newRow("server with a login") << QStringList { "topic=tv", "server=https://me:pw@ntfy.sh" } << "server";
        QTest::newRow("bad type") << QStringList { "topic=tv", "type=WEATHER" } << "type";
        QTest::newRow("bad priority") << QStringList { "topic=tv", "priority=URGENT" } << "priority";
        QTest::newRow("bad channel") << QStringList { "topic=tv", "channel=no way" } << "channel";
        QTest::newRow("token with a space") << QStringList { "topic=tv", "token=tk abc" } << "token";
    }
    void options()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, field);
        QMap<QString, QStringList> options;
        for (const QString& w : words) {
            const qsizetype eq = w.indexOf(QLatin1Char('='));
            options[w.left(eq)] << w.mid(eq + 1);
        }
        QJsonObject settings;
        SecretMap secrets;
        const auto e = buildNtfySource(options, &settings, &secrets);
        QCOMPARE(e ? e->field : QString(), field);
        if (e) {
            QVERIFY2(e->text().contains(QStringLiteral("--") + field), qPrintable(e->text()));
            return;
        }
        QVERIFY(!settings.value(QStringLiteral("server")).toString().endsWith(QLatin1Char('/')));
        QVERIFY(!QJsonDocument(settings).toJson().contains("tk_abc")); // the token is no setting
        if (options.contains(QStringLiteral("token")))
            QCOMPARE(secrets.value(QStringLiteral("token")), QStringLiteral("tk_abc"));
        if (options.contains(QStringLiteral("channel"))) {
            QCOMPARE(settings.value(QStringLiteral("channels")).toArray(),
                (QJsonArray { QStringLiteral("desk"), QStringLiteral("phone"), QStringLiteral("sms") }));
            QCOMPARE(settings.value(QStringLiteral("type")).toString(), QStringLiteral("PRICE"));
            QCOMPARE(settings.value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
        }
        // And back: the form edits what the builder made.
        SourceConfig c;
        c.settings = settings;
        QJsonObject again;
        SecretMap none;
        QVERIFY(!buildNtfySource(ntfySourceOptions(c), &again, &none));
        QCOMPARE(again, settings);
    }
};

QTEST_GUILESS_MAIN(TestNtfyMessage)
#include "TestNtfyMessage.moc"
