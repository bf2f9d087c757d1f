// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/DiscordChannel.h"
#include "channels/PayloadText.h"
#include "net/HttpTransport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// The Discord embed: exact bytes for a fixed alert, every limit for awkward ones, markdown
// escaped so that text arrives as typed, and how Discord's answers are read.
class TestDiscordPayload final : public QObject {
    Q_OBJECT

    // What a Discord client shows for escaped markdown: the backslash before punctuation goes.
    static QString shown(const QString& escaped)
    {
        static const QRegularExpression re(QStringLiteral("\\\\([^A-Za-z0-9\\s])"));
        QString s = escaped;
        return s.replace(re, QStringLiteral("\\1"));
    }

    static QJsonObject embedOf(const Alert& a)
    {
        return QJsonDocument::fromJson(discordPayload(a))
            .object()
            .value(QStringLiteral("embeds"))
            .toArray()
            .at(0)
            .toObject();
    }

    static void checkLimits(const QJsonObject& e)
    {
        QVERIFY(e.value(QStringLiteral("title")).toString().size() <= DiscordLimits::title);
        QVERIFY(e.value(QStringLiteral("description")).toString().size() <= DiscordLimits::description);
        const QJsonArray fields = e.value(QStringLiteral("fields")).toArray();
        QVERIFY(fields.size() <= DiscordLimits::fields);
        for (const QJsonValue& f : fields) {
            const QString name = f.toObject().value(QStringLiteral("name")).toString();
            const QString value = f.toObject().value(QStringLiteral("value")).toString();
            QVERIFY(!name.isEmpty() && name.size() <= DiscordLimits::fieldName);
            QVERIFY(!value.isEmpty() && value.size() <= DiscordLimits::fieldValue);
        }
        QVERIFY(e.value(QStringLiteral("footer")).toObject().value(QStringLiteral("text")).toString().size()
            <= DiscordLimits::footer);
        QVERIFY2(discordEmbedLength(e) <= DiscordLimits::total, qPrintable(QString::number(discordEmbedLength(e))));
    }

private Q_SLOTS:
    void golden()
    {
        const QByteArray actual = discordPayload(goldenAlert());
        QCOMPARE(actual, readGolden(QStringLiteral("discord.json"), actual));
    }

    void structure()
    {
        const QJsonObject root = QJsonDocument::fromJson(discordPayload(goldenAlert())).object();
        QCOMPARE(root.value(QStringLiteral("allowed_mentions")).toObject().value(QStringLiteral("parse")).toArray(),
            QJsonArray());
        const QJsonObject e = embedOf(goldenAlert());
        QCOMPARE(e.value(QStringLiteral("color")).toInt(), 0xF57C00);
        QCOMPARE(e.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-18T09:30:00.000Z"));
        QCOMPARE(e.value(QStringLiteral("description")).toString(),
            QStringLiteral("BTC position exceeds risk limit by 15%"));
        QCOMPARE(e.value(QStringLiteral("footer")).toObject().value(QStringLiteral("text")).toString(),
            QStringLiteral("AlertDesk \u00b7 Alert ID: 3f1c2a9e-5b7d-4e21-9c8a-0d6f4b2e7a10"));
    }

    void escaping_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << QStringLiteral("BTC up 5%") << QStringLiteral("BTC up 5%");
        QTest::newRow("bold") << QStringLiteral("*a* _b_") << QStringLiteral("\\*a\\* \\_b\\_");
        QTest::newRow("link") << QStringLiteral("[x](http://y)") << QStringLiteral("\\[x\\](http://y)");
        QTest::newRow("code, spoiler, strike")
            << QStringLiteral("`c` ||s|| ~~t~~") << QStringLiteral("\\`c\\` \\|\\|s\\|\\| \\~\\~t\\~\\~");
        QTest::newRow("heading and quote") << QStringLiteral("# h\n> q") << QStringLiteral("\\# h\n\\> q");
        QTest::newRow("list marker only at line start")
            << QStringLiteral("- a - b\n  + c") << QStringLiteral("\\- a - b\n  \\+ c");
        QTest::newRow("mention") << QStringLiteral("<@123> @everyone") << QStringLiteral("\\<@123\\> @everyone");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\\\b");
        QTest::newRow("emoji and rtl untouched") << emojiText() + rtlText() << emojiText() + rtlText();
    }

    void escaping()
    {
        QFETCH(QString, raw);
        QFETCH(QString, escaped);
        QCOMPARE(escapeDiscordMarkdown(raw), escaped);
        QCOMPARE(shown(escaped), raw);
    }

    void edgeCases_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("dataKeys");
        QTest::addColumn<int>("dataValueSize");

        QTest::newRow("emoji") << emojiText() << emojiText() << 2 << 10;
        QTest::newRow("rtl") << rtlText() << rtlText() << 2 << 10;
        QTest::newRow("markup") << markupText() << markupText() << 2 << 10;
        QTest::newRow("10KB message") << QStringLiteral("Long") << longText() << 3 << 10;
        QTest::newRow("escape-heavy long message") << QStringLiteral("x") << QString(5000, QLatin1Char('*')) << 0 << 0;
        QTest::newRow("long title of markup") << QString(256, QLatin1Char('_')) << QStringLiteral("m") << 0 << 0;
        QTest::newRow("40 data keys") << QStringLiteral("Many") << QStringLiteral("m") << 40 << 10;
        QTest::newRow("huge data values") << QStringLiteral("Big") << longText(4000) << 8 << 3000;
        QTest::newRow("empty optional fields") << QStringLiteral("Only a title") << QString() << 0 << 0;
    }

    void edgeCases()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(int, dataKeys);
        QFETCH(int, dataValueSize);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.data = {};
        for (int i = 0; i < dataKeys; ++i)
            a.data.insert(
                QStringLiteral("key%1").arg(i, 2, 10, QLatin1Char('0')), QString(dataValueSize, QLatin1Char('v')));
        if (dataKeys == 0) {
            a.symbol.clear();
            a.strategy.clear();
            a.position.clear();
        }
        const QJsonObject e = embedOf(a);
        checkLimits(e);

        const QString fullTitle = priorityEmoji(a.priority) + QLatin1Char(' ') + title;
        const QString shownTitle = shown(e.value(QStringLiteral("title")).toString());
        if (escapeDiscordMarkdown(fullTitle).size() <= DiscordLimits::title) {
            QCOMPARE(shownTitle, fullTitle);
        } else {
            QVERIFY(shownTitle.endsWith(truncationMarker()));
            QVERIFY(fullTitle.startsWith(shownTitle.chopped(1)));
        }
        const QString desc = e.value(QStringLiteral("description")).toString();
        if (message.isEmpty()) {
            QVERIFY(!e.contains(QStringLiteral("description")));
        } else if (escapeDiscordMarkdown(message).size() <= DiscordLimits::description) {
            QCOMPARE(shown(desc), message);
        } else {
            QVERIFY(desc.endsWith(truncationMarker()));
            QVERIFY(!desc.chopped(1).endsWith(QLatin1Char('\\')) || desc.chopped(1).endsWith(QStringLiteral("\\\\")));
            QVERIFY(message.startsWith(shown(desc.chopped(1))));
            QVERIFY(desc.size() > DiscordLimits::description - 20);
        }
        const QJsonArray fields = e.value(QStringLiteral("fields")).toArray();
        QStringList names;
        for (const QJsonValue& f : fields)
            names << f.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(names.contains(QStringLiteral("Symbol")), !a.symbol.isEmpty());
        QVERIFY(names.contains(QStringLiteral("Priority")));
        if (dataKeys > 0 && !names.contains(QStringLiteral("key%1").arg(dataKeys - 1, 2, 10, QLatin1Char('0')))) {
            // Whatever did not fit is announced, not silently dropped.
            QCOMPARE(names.last(), truncationMarker());
            QVERIFY(fields.last()
                        .toObject()
                        .value(QStringLiteral("value"))
                        .toString()
                        .contains(QStringLiteral("more data fields")));
        }
    }

    void answers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfterHeader");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<QString>("error");

        QTest::newRow("200 message") << 200 << QByteArray(R"({"id":"1","type":0})") << QByteArray()
                                     << int(SendOutcome::Kind::Delivered) << qint64(-1) << QString();
        QTest::newRow("204") << 204 << QByteArray() << QByteArray() << int(SendOutcome::Kind::Delivered) << qint64(-1)
                             << QString();
        QTest::newRow("429 float")
            << 429 << QByteArray(R"({"message":"You are being rate limited.","retry_after":0.631,"global":false})")
            << QByteArray("1") << int(SendOutcome::Kind::Retry) << qint64(631)
            << QStringLiteral("HTTP 429: You are being rate limited.");
        QTest::newRow("429 global")
            << 429 << QByteArray(R"({"message":"You are being rate limited.","retry_after":12.5,"global":true})")
            << QByteArray() << int(SendOutcome::Kind::Retry) << qint64(12500)
            << QStringLiteral("HTTP 429: You are being rate limited. (global)");
        QTest::newRow("429 header only") << 429 << QByteArray() << QByteArray("2") << int(SendOutcome::Kind::Retry)
                                         << qint64(2000) << QStringLiteral("HTTP 429");
        QTest::newRow("unknown webhook") << 404 << QByteArray(R"({"message":"Unknown Webhook","code":10015})")
                                         << QByteArray() << int(SendOutcome::Kind::Failed) << qint64(-1)
                                         << QStringLiteral("HTTP 404: Unknown Webhook (code 10015)");
        QTest::newRow("invalid form body")
            << 400 << QByteArray(R"({"message":"Invalid Form Body","code":50035,"errors":{}})") << QByteArray()
            << int(SendOutcome::Kind::Failed) << qint64(-1)
            << QStringLiteral("HTTP 400: Invalid Form Body (code 50035)");
        QTest::newRow("502") << 502 << QByteArray("bad gateway") << QByteArray() << int(SendOutcome::Kind::Retry)
                             << qint64(-1) << QStringLiteral("HTTP 502: bad gateway");
    }

    void answers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfterHeader);
        QFETCH(int, kind);
        QFETCH(qint64, waitMs);
        QFETCH(QString, error);
        HttpResponse r;
        r.status = status;
        r.body = body;
        if (!retryAfterHeader.isEmpty())
            r.headers.append({ "Retry-After", retryAfterHeader });
        const SendOutcome o = discordOutcome(r, 0, Redactor());
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.retryAfterMs, waitMs);
        QCOMPARE(o.error, error);
        QCOMPARE(o.rateLimited, status == 429);
    }

    void executeUrl()
    {
        QCOMPARE(discordExecuteUrl(QStringLiteral("https://discord.com/api/webhooks/1/tok")).toString(),
            QStringLiteral("https://discord.com/api/webhooks/1/tok?wait=true"));
        const QUrl u
            = discordExecuteUrl(QStringLiteral("https://discord.com/api/webhooks/1/tok?thread_id=9&wait=false"));
        QCOMPARE(QUrlQuery(u).queryItemValue(QStringLiteral("thread_id")), QStringLiteral("9"));
        QCOMPARE(QUrlQuery(u).allQueryItemValues(QStringLiteral("wait")), QStringList { QStringLiteral("true") });
    }
};

QTEST_GUILESS_MAIN(TestDiscordPayload)
#include "TestDiscordPayload.moc"
