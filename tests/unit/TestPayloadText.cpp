// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/PayloadText.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;

// The text helpers every payload builder leans on: cutting at a limit without breaking a
// character, rendering data, reading a platform's wait.
class TestPayloadText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void truncate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("max");
        QTest::addColumn<QString>("expected");

        const QString m = truncationMarker();
        QTest::newRow("fits") << QStringLiteral("hello") << 5 << QStringLiteral("hello");
        QTest::newRow("cut") << QStringLiteral("hello world") << 6 << QStringLiteral("hello") + m;
        QTest::newRow("trailing space dropped") << QStringLiteral("ab cd") << 4 << QStringLiteral("ab") + m;
        // U+1F680 is a surrogate pair: never cut between its halves.
        QTest::newRow("surrogate pair") << QStringLiteral("ab\U0001F680cd") << 4 << QStringLiteral("ab") + m;
        QTest::newRow("surrogate pair fits")
            << QStringLiteral("ab\U0001F680cd") << 5 << QStringLiteral("ab\U0001F680") + m;
        // A ZWJ family is one character on screen: all or nothing.
        QTest::newRow("zwj sequence") << QStringLiteral("a\U0001F468\u200D\U0001F469\u200D\U0001F467b") << 8
                                      << QStringLiteral("a") + m;
        QTest::newRow("combining mark") << QStringLiteral("abe\u0301cd") << 4 << QStringLiteral("ab") + m;
        QTest::newRow("flag") << QStringLiteral("x\U0001F1E9\U0001F1EAy") << 4 << QStringLiteral("x") + m;
        QTest::newRow("tiny limit") << QStringLiteral("hello") << 1 << m;
        QTest::newRow("below marker") << QStringLiteral("hello") << 0 << QString();
    }

    void truncate()
    {
        QFETCH(QString, text);
        QFETCH(int, max);
        QFETCH(QString, expected);
        const QString t = truncateText(text, max);
        QCOMPARE(t, expected);
        QVERIFY(t.size() <= max);
        // The measured variant agrees when the measure is the UTF-16 length.
        QCOMPARE(truncateMeasured(text, max, [](const QString& s) { return s.size(); }), expected);
    }

    void truncateMeasuredCustomUnits()
    {
        // Each 'W' costs 2 units: 10 units hold 4 W's and the 1-unit marker... no: 4*2+1 = 9.
        auto units = [](const QString& s) { return s.size() + s.count(QLatin1Char('W')); };
        const QString t = truncateMeasured(QStringLiteral("WWWWWWWW"), 10, units, QStringLiteral("."));
        QCOMPARE(t, QStringLiteral("WWWW."));
    }

    void dataLines()
    {
        const QJsonObject data { { QStringLiteral("b"), 11.5 }, { QStringLiteral("a"), QStringLiteral("text <&>") },
            { QStringLiteral("c"), QJsonArray { 1, 2 } },
            { QStringLiteral("d"), QJsonObject { { QStringLiteral("x"), true } } },
            { QStringLiteral("e"), QJsonValue::Null }, { QStringLiteral("f"), 10 } };
        QCOMPARE(
            renderDataLines(data), QStringLiteral("a: text <&>\nb: 11.5\nc: [1,2]\nd: {\"x\":true}\ne: null\nf: 10"));
        QCOMPARE(renderDataLines({}), QString());
    }

    void retrySeconds_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("float") << QJsonValue(0.631) << qint64(631);
        QTest::newRow("sub-ms rounds up") << QJsonValue(0.6314) << qint64(632);
        QTest::newRow("integer") << QJsonValue(5) << qint64(5000);
        QTest::newRow("zero") << QJsonValue(0) << qint64(0);
        QTest::newRow("negative") << QJsonValue(-1) << qint64(-1);
        QTest::newRow("string") << QJsonValue(QStringLiteral("5")) << qint64(-1);
        QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << qint64(-1);
        // Found by fuzz_answer_discord and fuzz_answer_telegram: the cast of 1e300 s to qint64
        // was undefined (x86 made it the most negative number: no wait at all).
        QTest::newRow("beyond qint64") << QJsonValue(1e300) << qint64(9'000'000'000'000'000);
        QTest::newRow("at the bound") << QJsonValue(9.0e12) << qint64(9'000'000'000'000'000);
    }

    void retrySeconds()
    {
        QFETCH(QJsonValue, value);
        QFETCH(qint64, ms);
        QCOMPARE(secondsToRetryMs(value), ms);
    }

    void escapes()
    {
        QCOMPARE(escapeHtmlMinimal(QStringLiteral("a<b>&c\"'*")), QStringLiteral("a&lt;b&gt;&amp;c\"'*"));
    }

    void secretLists()
    {
        const QStringList urls { QStringLiteral("https://a/x?y=1,2"), QStringLiteral("https://b/\"q\"") };
        QCOMPARE(decodeSecretList(encodeSecretList(urls)), urls);
        QCOMPARE(decodeSecretList(QStringLiteral("https://plain")), QStringList { QStringLiteral("https://plain") });
        QCOMPARE(decodeSecretList(QString()), QStringList());
    }

    void rates()
    {
        QCOMPARE(ratePolicyFromSettings({}, 1.0, 2).perSecond, 1.0);
        QCOMPARE(ratePolicyFromSettings({}, 1.0, 2).burst, 2);
        const QJsonObject s { { QStringLiteral("rate_per_second"), 0.5 }, { QStringLiteral("rate_burst"), 4 } };
        QCOMPARE(ratePolicyFromSettings(s, 1.0, 2).perSecond, 0.5);
        QCOMPARE(ratePolicyFromSettings(s, 1.0, 2).burst, 4);
    }
};

QTEST_GUILESS_MAIN(TestPayloadText)
#include "TestPayloadText.moc"
