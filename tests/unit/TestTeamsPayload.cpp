// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PayloadText.h"
#include "channels/TeamsChannel.h"
#include "net/HttpTransport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Teams Adaptive Card: exact bytes for a fixed alert, the size limit and intact text for
// awkward alerts, and how the Workflows webhook's answers are read.
class TestTeamsPayload final : public QObject {
    Q_OBJECT

    static QJsonObject cardOf(const QByteArray& payload)
    {
        const QJsonObject root = QJsonDocument::fromJson(payload).object();
        return root.value(QStringLiteral("attachments"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("content"))
            .toObject();
    }

    // The text of every TextRun, one string per RichTextBlock.
    static QStringList blockTexts(const QJsonArray& items)
    {
        QStringList out;
        for (const QJsonValue& v : items) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("type")) == QLatin1String("Container")) {
                out << blockTexts(o.value(QStringLiteral("items")).toArray());
                continue;
            }
            QString text;
            for (const QJsonValue& r : o.value(QStringLiteral("inlines")).toArray())
                text += r.toObject().value(QStringLiteral("text")).toString();
            out << text;
        }
        return out;
    }

private Q_SLOTS:
    void golden()
    {
        const QByteArray actual = teamsPayload(goldenAlert());
        QCOMPARE(actual, readGolden(QStringLiteral("teams.json"), actual));
    }

    void envelope()
    {
        const QJsonObject root = QJsonDocument::fromJson(teamsPayload(goldenAlert())).object();
        QCOMPARE(root.value(QStringLiteral("type")).toString(), QStringLiteral("message"));
        const QJsonObject att = root.value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(att.value(QStringLiteral("contentType")).toString(),
            QStringLiteral("application/vnd.microsoft.card.adaptive"));
        const QJsonObject card = att.value(QStringLiteral("content")).toObject();
        QCOMPARE(card.value(QStringLiteral("type")).toString(), QStringLiteral("AdaptiveCard"));
        QCOMPARE(card.value(QStringLiteral("version")).toString(), QStringLiteral("1.4"));
        const QJsonObject head = card.value(QStringLiteral("body")).toArray().at(0).toObject();
        QCOMPARE(head.value(QStringLiteral("style")).toString(), QStringLiteral("warning"));
        const QStringList texts = blockTexts(card.value(QStringLiteral("body")).toArray());
        QCOMPARE(texts.first(), priorityEmoji(Priority::High) + QStringLiteral(" Position risk exceeded"));
        QVERIFY(texts.contains(QStringLiteral("Symbol: BTCUSDT")));
        QVERIFY(texts.contains(QStringLiteral("HIGH \u00b7 RISK \u00b7 2026-11-18 09:30:00 UTC")));
        QVERIFY(texts.last().endsWith(goldenAlert().id));
    }

    void priorityStyles_data()
    {
        QTest::addColumn<int>("priority");
        QTest::addColumn<QString>("style");
        QTest::newRow("critical") << int(Priority::Critical) << QStringLiteral("attention");
        QTest::newRow("medium") << int(Priority::Medium) << QStringLiteral("warning");
        QTest::newRow("low") << int(Priority::Low) << QStringLiteral("good");
        QTest::newRow("info") << int(Priority::Info) << QStringLiteral("accent");
    }

    void priorityStyles()
    {
        QFETCH(int, priority);
        QFETCH(QString, style);
        Alert a = goldenAlert();
        a.priority = Priority(priority);
        const QJsonObject head = cardOf(teamsPayload(a)).value(QStringLiteral("body")).toArray().at(0).toObject();
        QCOMPARE(head.value(QStringLiteral("style")).toString(), style);
    }

    void edgeCases_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("dataText");

        QTest::newRow("emoji") << emojiText() << emojiText() << emojiText();
        QTest::newRow("rtl") << rtlText() << rtlText() << rtlText();
        QTest::newRow("markup") << markupText() << markupText() << markupText();
        QTest::newRow("10KB message") << QStringLiteral("Long") << longText() << QStringLiteral("x");
        QTest::newRow("32KB message") << QStringLiteral("Longer") << QString(32768, QLatin1Char('m'))
                                      << QStringLiteral("x");
        QTest::newRow("32KB of CJK") << QStringLiteral("CJK") << QString(32768, QChar(0x4E2D)) << QStringLiteral("x");
        QTest::newRow("32KB of quotes") << QStringLiteral("Quotes") << QString(32768, QLatin1Char('"')) << QString();
        QTest::newRow("20KB message, 60KB data") << QStringLiteral("Both") << longText(20000) << longText(60000);
        QTest::newRow("empty optional fields") << QStringLiteral("Only a title") << QString() << QString();
    }

    void edgeCases()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(QString, dataText);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.data = {};
        if (!dataText.isEmpty()) {
            a.data.insert(QStringLiteral("text"), dataText);
        } else {
            a.symbol.clear();
            a.strategy.clear();
            a.position.clear();
        }
        const QByteArray bytes = teamsPayload(a);
        QVERIFY2(bytes.size() <= TeamsLimits::payloadBytes, qPrintable(QString::number(bytes.size())));
        const QStringList texts = blockTexts(cardOf(bytes).value(QStringLiteral("body")).toArray());
        QCOMPARE(texts.first(), priorityEmoji(a.priority) + QLatin1Char(' ') + title);
        if (message.isEmpty()) {
            QVERIFY(!texts.contains(QStringLiteral("Symbol: ")));
            QCOMPARE(texts.size(), 3); // title, footer line, alert id
            return;
        }
        const QString shown = texts.at(1);
        if (shown != message) {
            QVERIFY(shown.endsWith(truncationMarker()));
            QVERIFY(message.startsWith(shown.chopped(1)));
            QVERIFY(bytes.size() > TeamsLimits::payloadBytes - 200); // cut near the limit
        }
        if (message.size() < 11000)
            QCOMPARE(shown, message); // a 10 KB message fits whole
        if (!dataText.isEmpty()) {
            const qsizetype at = texts.indexOf(QStringLiteral("Details"));
            QVERIFY(at > 0);
            const QString data = texts.at(at + 1);
            QVERIFY(data.startsWith(QStringLiteral("text: ")));
            if (data != QStringLiteral("text: ") + dataText)
                QVERIFY(data.endsWith(truncationMarker()));
        }
    }

    void answers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("error");
        QTest::newRow("202") << 202 << QByteArray() << int(SendOutcome::Kind::Delivered) << QString();
        QTest::newRow("400 flow error")
            << 400
            << QByteArray(
                   R"({"error":{"code":"InvalidRequestContent","message":"The input body for trigger manual of type Request did not match its schema definition."}})")
            << int(SendOutcome::Kind::Failed)
            << QStringLiteral("HTTP 400: InvalidRequestContent: The input body for trigger manual of type Request did "
                              "not match its schema definition.");
        QTest::newRow("401 signature")
            << 401
            << QByteArray(
                   R"({"error":{"code":"DirectApiAuthorizationRequired","message":"sig=abcdefsecret is not valid"}})")
            << int(SendOutcome::Kind::Failed)
            << QStringLiteral("HTTP 401: DirectApiAuthorizationRequired: sig=[redacted] is not valid");
        QTest::newRow("429") << 429 << QByteArray("Too many requests") << int(SendOutcome::Kind::Retry)
                             << QStringLiteral("HTTP 429: Too many requests");
        QTest::newRow("502") << 502 << QByteArray() << int(SendOutcome::Kind::Retry) << QStringLiteral("HTTP 502");
    }

    void answers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, error);
        HttpResponse r;
        r.status = status;
        r.body = body;
        Redactor redactor;
        redactor.addSecret(QStringLiteral("abcdefsecret"));
        const SendOutcome o = teamsOutcome(r, 0, redactor);
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.error, error);
    }
};

QTEST_GUILESS_MAIN(TestTeamsPayload)
#include "TestTeamsPayload.moc"
