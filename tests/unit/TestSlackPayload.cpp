// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PayloadText.h"
#include "channels/SlackChannel.h"
#include "net/HttpTransport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Slack Block Kit message: exact bytes for a fixed alert, limits and intact text for
// awkward ones, and how chat.postMessage answers are read.
class TestSlackPayload final : public QObject {
    Q_OBJECT

    static QJsonObject parse(const QByteArray& bytes)
    {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(bytes, &e);
        if (e.error != QJsonParseError::NoError)
            qWarning() << "not JSON:" << e.errorString();
        return d.object();
    }

    // Every text object of every block, in order.
    static QStringList allTexts(const QJsonArray& blocks)
    {
        QStringList out;
        for (const QJsonValue& b : blocks) {
            const QJsonObject o = b.toObject();
            if (o.contains(QStringLiteral("text")))
                out << o.value(QStringLiteral("text")).toObject().value(QStringLiteral("text")).toString();
            for (const QJsonValue& f : o.value(QStringLiteral("fields")).toArray())
                out << f.toObject().value(QStringLiteral("text")).toString();
            for (const QJsonValue& e : o.value(QStringLiteral("elements")).toArray())
                out << e.toObject().value(QStringLiteral("text")).toString();
        }
        return out;
    }

private Q_SLOTS:
    void goldenWebhook()
    {
        const QByteArray actual = slackWebhookPayload(goldenAlert());
        QCOMPARE(actual, readGolden(QStringLiteral("slack-webhook.json"), actual));
    }

    void goldenPostMessage()
    {
        const QByteArray actual = slackPostMessagePayload(goldenAlert(), QStringLiteral("C01234567890"));
        QCOMPARE(actual, readGolden(QStringLiteral("slack-postmessage.json"), actual));
    }

    void structure()
    {
        const QJsonObject m = parse(slackWebhookPayload(goldenAlert()));
        const QJsonArray top = m.value(QStringLiteral("blocks")).toArray();
        QCOMPARE(top.at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("header"));
        QCOMPARE(top.at(0).toObject().value(QStringLiteral("text")).toObject().value(QStringLiteral("text")).toString(),
            priorityEmoji(Priority::High) + QStringLiteral(" Position risk exceeded"));
        const QJsonObject att = m.value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(att.value(QStringLiteral("color")).toString(), QStringLiteral("#F57C00"));
        const QStringList texts = allTexts(att.value(QStringLiteral("blocks")).toArray());
        QVERIFY(texts.contains(QStringLiteral("Symbol: BTCUSDT")));
        QVERIFY(texts.contains(QStringLiteral("Strategy: mean-reversion")));
        QVERIFY(texts.contains(QStringLiteral("Position: LONG 2.5 BTC")));
        QVERIFY(texts.join(QLatin1Char('\n')).contains(QStringLiteral("risk_pct: 11.5")));
        QVERIFY(texts.contains(QStringLiteral("*Priority:* HIGH")));
        QVERIFY(texts.contains(QStringLiteral("*Type:* RISK")));
        QVERIFY(texts.join(QLatin1Char('\n')).contains(QStringLiteral("3f1c2a9e-5b7d-4e21-9c8a-0d6f4b2e7a10")));
    }

    void edgeCases_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<bool>("withData");

        QTest::newRow("emoji") << emojiText() << emojiText() << QStringLiteral("\U0001F680") << true;
        QTest::newRow("rtl") << rtlText() << rtlText() << QStringLiteral("\u05D1\u05D9\u05D8") << true;
        QTest::newRow("markup") << markupText() << markupText() << QStringLiteral("<&>*_[]") << true;
        QTest::newRow("10KB message") << QStringLiteral("Long") << longText() << QStringLiteral("ETH") << true;
        QTest::newRow("long title") << QString(256, QLatin1Char('T')) << QStringLiteral("m") << QString() << false;
        QTest::newRow("empty optional fields") << QStringLiteral("Only a title") << QString() << QString() << false;
    }

    void edgeCases()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(QString, symbol);
        QFETCH(bool, withData);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.symbol = symbol;
        if (!withData) {
            a.strategy.clear();
            a.position.clear();
            a.data = {};
        } else {
            a.data.insert(QStringLiteral("note"), message);
        }
        const QJsonObject m = parse(slackPostMessagePayload(a, QStringLiteral("C1")));
        const QJsonArray top = m.value(QStringLiteral("blocks")).toArray();
        const QJsonArray inner = m.value(QStringLiteral("attachments"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("blocks"))
                                     .toArray();
        QVERIFY(top.size() + inner.size() <= SlackLimits::blocks);

        const QString header
            = top.at(0).toObject().value(QStringLiteral("text")).toObject().value(QStringLiteral("text")).toString();
        QVERIFY(header.size() <= SlackLimits::headerText);
        const QString fullHeader = priorityEmoji(a.priority) + QLatin1Char(' ') + title;
        if (fullHeader.size() <= SlackLimits::headerText) {
            QCOMPARE(header, fullHeader);
        } else {
            QVERIFY(header.endsWith(truncationMarker()));
            QVERIFY(fullHeader.startsWith(header.chopped(1)));
        }
        for (const QJsonArray& blocks : { top, inner }) {
            for (const QJsonValue& b : blocks) {
                const QJsonObject o = b.toObject();
                const QString t = o.value(QStringLiteral("text")).toObject().value(QStringLiteral("text")).toString();
                if (o.value(QStringLiteral("type")) == QLatin1String("section") && o.contains(QStringLiteral("text"))) {
                    QVERIFY(!t.isEmpty());
                    QVERIFY2(t.size() <= SlackLimits::sectionText, qPrintable(QString::number(t.size())));
                }
            }
        }
        // The message arrives as typed: plain_text, no escaping; or cut with the marker.
        if (message.trimmed().isEmpty()) {
            QCOMPARE(top.size(), 1);
        } else {
            const QString shown = top.at(1)
                                      .toObject()
                                      .value(QStringLiteral("text"))
                                      .toObject()
                                      .value(QStringLiteral("text"))
                                      .toString();
            if (message.size() <= SlackLimits::sectionText) {
                QCOMPARE(shown, message);
            } else {
                QVERIFY(shown.endsWith(truncationMarker()));
                QVERIFY(message.startsWith(shown.chopped(1)));
                QVERIFY(shown.size() > SlackLimits::sectionText - 20); // cut near the limit, not far before
            }
        }
        const QStringList texts = allTexts(inner);
        if (!symbol.isEmpty())
            QVERIFY(texts.contains(QStringLiteral("Symbol: ") + symbol));
        else
            QVERIFY(!texts.join(QString()).contains(QStringLiteral("Symbol")));
        // The notification text is mrkdwn: &, <, > escaped, nothing else touched.
        const QString fallback = m.value(QStringLiteral("text")).toString();
        QVERIFY(!fallback.contains(QLatin1Char('<')) && !fallback.contains(QLatin1Char('>')));
        QVERIFY(fallback.contains(escapeHtmlMinimal(title)));
        QCOMPARE(m.value(QStringLiteral("channel")).toString(), QStringLiteral("C1"));
    }

    void apiAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<QString>("error");

        QTest::newRow("ok") << 200 << QByteArray(R"({"ok":true,"channel":"C1","ts":"1.2"})") << QByteArray()
                            << int(SendOutcome::Kind::Delivered) << qint64(-1) << QString();
        QTest::newRow("channel_not_found")
            << 200 << QByteArray(R"({"ok":false,"error":"channel_not_found"})") << QByteArray()
            << int(SendOutcome::Kind::Failed) << qint64(-1) << QStringLiteral("Slack error: channel_not_found");
        QTest::newRow("invalid_auth") << 200 << QByteArray(R"({"ok":false,"error":"invalid_auth"})") << QByteArray()
                                      << int(SendOutcome::Kind::Failed) << qint64(-1)
                                      << QStringLiteral("Slack error: invalid_auth");
        QTest::newRow("ratelimited") << 200 << QByteArray(R"({"ok":false,"error":"ratelimited"})") << QByteArray("3")
                                     << int(SendOutcome::Kind::Retry) << qint64(3000)
                                     << QStringLiteral("Slack error: ratelimited");
        QTest::newRow("internal_error") << 200 << QByteArray(R"({"ok":false,"error":"internal_error"})") << QByteArray()
                                        << int(SendOutcome::Kind::Retry) << qint64(-1)
                                        << QStringLiteral("Slack error: internal_error");
        QTest::newRow("429") << 429 << QByteArray() << QByteArray("30") << int(SendOutcome::Kind::Retry)
                             << qint64(30000) << QStringLiteral("HTTP 429");
        QTest::newRow("not json") << 200 << QByteArray("<html>proxy</html>") << QByteArray()
                                  << int(SendOutcome::Kind::Retry) << qint64(-1)
                                  << QStringLiteral("unexpected answer from Slack: <html>proxy</html>");
    }

    void apiAnswers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfter);
        QFETCH(int, kind);
        QFETCH(qint64, waitMs);
        QFETCH(QString, error);
        HttpResponse r;
        r.status = status;
        r.body = body;
        if (!retryAfter.isEmpty())
            r.headers.append({ "Retry-After", retryAfter });
        const SendOutcome o = slackApiOutcome(r, 0, Redactor());
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.retryAfterMs, waitMs);
        QCOMPARE(o.error, error);
        QCOMPARE(o.rateLimited, status == 429 || body.contains("ratelimited"));
    }
};

QTEST_GUILESS_MAIN(TestSlackPayload)
#include "TestSlackPayload.moc"
