// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PayloadText.h"
#include "channels/TelegramChannel.h"
#include "net/HttpTransport.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Telegram HTML messages: exact bytes for a fixed alert; for awkward alerts, the 4,096 limit,
// allowed and balanced tags only, every user character escaped and intact; Telegram's answers.
class TestTelegramPayload final : public QObject {
    Q_OBJECT

    // The text a reader sees: tags dropped, the three entities we write decoded.
    static QString shown(const QString& html)
    {
        static const QRegularExpression tags(QStringLiteral("</?[a-z]+>"));
        QString s = html;
        s.remove(tags);
        s.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        s.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
        s.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        return s;
    }

    static void checkMarkup(const QString& html)
    {
        static const QRegularExpression tag(QStringLiteral("<(/?)([^<>]*)>"));
        static const QStringList allowed { QStringLiteral("b"), QStringLiteral("i"), QStringLiteral("code"),
            QStringLiteral("pre") };
        QStringList open;
        auto it = tag.globalMatch(html);
        while (it.hasNext()) {
            const auto m = it.next();
            const QString name = m.captured(2);
            QVERIFY2(allowed.contains(name), qPrintable(QStringLiteral("tag <%1>").arg(name)));
            if (m.captured(1).isEmpty()) {
                open << name;
            } else {
                QVERIFY(!open.isEmpty());
                QCOMPARE(open.takeLast(), name);
            }
        }
        QVERIFY(open.isEmpty());
        // Every & starts one of our entities: nothing was cut inside one.
        static const QRegularExpression amp(QStringLiteral("&(?!(lt|gt|amp);)"));
        QVERIFY(!amp.match(html).hasMatch());
        // No < or > outside the allowed tags.
        QString stripped = html;
        stripped.remove(tag);
        QVERIFY(!stripped.contains(QLatin1Char('<')) && !stripped.contains(QLatin1Char('>')));
    }

private Q_SLOTS:
    void golden()
    {
        const QByteArray actual = telegramPayload(goldenAlert(), QStringLiteral("-1001234567890"));
        QCOMPARE(actual, readGolden(QStringLiteral("telegram.json"), actual));
    }

    void visibleLength_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<int>("length");
        QTest::newRow("plain") << QStringLiteral("abc") << 3;
        QTest::newRow("tags") << QStringLiteral("<b>ab</b> <i>c</i>") << 4;
        QTest::newRow("entities") << QStringLiteral("a &lt;b&gt; &amp;") << 7;
        QTest::newRow("surrogates count twice") << QStringLiteral("\U0001F680") << 2;
    }

    void visibleLength()
    {
        QFETCH(QString, html);
        QFETCH(int, length);
        QCOMPARE(telegramVisibleLength(html), qsizetype(length));
    }

    void edgeCases_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<int>("dataSize");

        QTest::newRow("emoji") << emojiText() << emojiText() << QStringLiteral("\U0001F680") << 10;
        QTest::newRow("rtl") << rtlText() << rtlText() << QStringLiteral("\u05D1\u05D9\u05D8") << 10;
        QTest::newRow("markup") << markupText() << markupText() << QStringLiteral("<&>*_[]") << 10;
        QTest::newRow("entity-like text")
            << QStringLiteral("&lt; is not <") << QStringLiteral("&amp;&amp;&#60;") << QString() << 0;
        QTest::newRow("10KB message") << QStringLiteral("Long") << longText() << QStringLiteral("ETH") << 10;
        QTest::newRow("10KB of markup") << QStringLiteral("<>") << QString(10240, QLatin1Char('<')) << QString() << 0;
        QTest::newRow("10KB message and 60KB data")
            << QString(256, QLatin1Char('&')) << longText() << QStringLiteral("X") << 60000;
        QTest::newRow("empty optional fields") << QStringLiteral("Only a title") << QString() << QString() << 0;
    }

    void edgeCases()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(QString, symbol);
        QFETCH(int, dataSize);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.symbol = symbol;
        a.data = {};
        if (dataSize > 0)
            a.data.insert(QStringLiteral("blob<&>"), longText(dataSize));
        else {
            a.strategy.clear();
            a.position.clear();
        }
        const QString html = telegramText(a);
        checkMarkup(html);
        const qsizetype visible = telegramVisibleLength(html);
        QVERIFY2(visible <= TelegramLimits::text, qPrintable(QString::number(visible)));
        const QString text = shown(html);
        QCOMPARE(visible, text.size()); // the counting agrees with what a reader sees
        QVERIFY(text.startsWith(priorityEmoji(a.priority) + QLatin1Char(' ') + title + QStringLiteral("\n\n")));
        if (!symbol.isEmpty())
            QVERIFY(text.contains(QStringLiteral("Symbol: ") + symbol));
        else
            QVERIFY(!text.contains(QStringLiteral("Symbol:")));
        QVERIFY(text.endsWith(QStringLiteral("Alert ID: ") + a.id));
        if (message.isEmpty())
            return;
        const qsizetype at = text.indexOf(QStringLiteral("\n\n")) + 2;
        const QString shownMessage = text.mid(at, std::min(message.size(), text.size() - at));
        if (text.contains(message)) {
            QCOMPARE(shownMessage, message);
        } else {
            // Cut with the marker, and cut late: most of the 4,096 went to the message.
            const qsizetype markerAt = text.indexOf(truncationMarker(), at);
            QVERIFY(markerAt > 0);
            QVERIFY(message.startsWith(text.mid(at, markerAt - at)));
            QVERIFY2(markerAt - at > 2500, qPrintable(QString::number(markerAt - at)));
            QVERIFY(visible > TelegramLimits::text - 20);
        }
    }

    void answers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<QString>("migrateTo");
        QTest::addColumn<QString>("error");

        QTest::newRow("ok") << 200 << QByteArray(R"({"ok":true,"result":{"message_id":7}})")
                            << int(SendOutcome::Kind::Delivered) << qint64(-1) << QString() << QString();
        QTest::newRow("429")
            << 429
            << QByteArray(
                   R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}})")
            << int(SendOutcome::Kind::Retry) << qint64(5000) << QString()
            << QStringLiteral("Telegram 429: Too Many Requests: retry after 5");
        QTest::newRow("migrate")
            << 400
            << QByteArray(
                   R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876543210}})")
            << int(SendOutcome::Kind::Failed) << qint64(-1) << QStringLiteral("-1009876543210")
            << QStringLiteral("Telegram 400: Bad Request: group chat was upgraded to a supergroup chat");
        QTest::newRow("chat not found")
            << 400 << QByteArray(R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})")
            << int(SendOutcome::Kind::Failed) << qint64(-1) << QString()
            << QStringLiteral("Telegram 400: Bad Request: chat not found");
        QTest::newRow("bad entities")
            << 400
            << QByteArray("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities\"}")
            << int(SendOutcome::Kind::Failed) << qint64(-1) << QString()
            << QStringLiteral("Telegram 400: Bad Request: can\'t parse entities");
        QTest::newRow("unauthorized") << 401
                                      << QByteArray(R"({"ok":false,"error_code":401,"description":"Unauthorized"})")
                                      << int(SendOutcome::Kind::Failed) << qint64(-1) << QString()
                                      << QStringLiteral("Telegram 401: Unauthorized");
        QTest::newRow("blocked")
            << 403
            << QByteArray(R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})")
            << int(SendOutcome::Kind::Failed) << qint64(-1) << QString()
            << QStringLiteral("Telegram 403: Forbidden: bot was blocked by the user");
        QTest::newRow("502") << 502 << QByteArray(R"({"ok":false,"error_code":502,"description":"Bad Gateway"})")
                             << int(SendOutcome::Kind::Retry) << qint64(-1) << QString()
                             << QStringLiteral("Telegram 502: Bad Gateway");
    }

    void answers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(qint64, waitMs);
        QFETCH(QString, migrateTo);
        QFETCH(QString, error);
        HttpResponse r;
        r.status = status;
        r.body = body;
        const TelegramAnswer a = telegramAnswer(r, 0, Redactor());
        QCOMPARE(int(a.outcome.kind), kind);
        QCOMPARE(a.outcome.retryAfterMs, waitMs);
        QCOMPARE(a.migrateToChatId, migrateTo);
        QCOMPARE(a.outcome.error, error);
        QCOMPARE(a.outcome.rateLimited, status == 429);
    }
};

QTEST_GUILESS_MAIN(TestTelegramPayload)
#include "TestTelegramPayload.moc"
