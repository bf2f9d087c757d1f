// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/VoiceChannel.h"

#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// Twilio voice: what a call says (speakable, escaped, repeated), the exact Calls.json form,
// and which call statuses are final.
class TestVoicePayload final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void golden()
    {
        const QByteArray actual = twilioCallForm(QStringLiteral("+15551230001"), QStringLiteral("+15557650002"),
            voiceTwiml(goldenAlert(), QStringLiteral("Polly.Joanna"), QStringLiteral("en-US"), 2));
        QCOMPARE(actual, readGolden(QStringLiteral("twilio-call-form.txt"), actual));
        QCOMPARE(voiceText(goldenAlert()),
            QStringLiteral("High priority alert. Position risk exceeded. Symbol B T C U S D T. BTC position exceeds "
                           "risk limit by 15 percent."));
    }

    void twimlRepeatsWithPauses()
    {
        Alert a = goldenAlert();
        a.symbol.clear();
        a.message.clear();
        QCOMPARE(voiceTwiml(a, {}, {}, 1),
            QStringLiteral("<Response><Say>High priority alert. Position risk exceeded.</Say></Response>"));
        const QString say = QStringLiteral("<Say voice=\"alice\">High priority alert. Position risk exceeded.</Say>");
        QCOMPARE(voiceTwiml(a, QStringLiteral("alice"), {}, 3),
            QStringLiteral("<Response>") + say + QStringLiteral("<Pause length=\"1\"/>") + say
                + QStringLiteral("<Pause length=\"1\"/>") + say + QStringLiteral("</Response>"));
        // Out of range: at least once, at most VoiceLimits::maxRepeat.
        QCOMPARE(voiceTwiml(a, {}, {}, 0).count(QStringLiteral("<Say>")), 1);
        QCOMPARE(voiceTwiml(a, {}, {}, 99).count(QStringLiteral("<Say>")), VoiceLimits::maxRepeat);
    }

    void speakable_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("spoken");
        QTest::newRow("percent") << QStringLiteral("up 15%") << QStringLiteral("up 15 percent");
        QTest::newRow("dollars after the amount")
            << QStringLiteral("PnL -$1,250.50 today") << QStringLiteral("PnL -1,250.50 dollars today");
        QTest::newRow("euros") << QStringLiteral("\u20ac300 margin") << QStringLiteral("300 euros margin");
        QTest::newRow("markup goes") << QStringLiteral("<b>bold</b> & *star* `tick` ~x~")
                                     << QStringLiteral("less than b greater than bold less than slash b greater than "
                                                       "and star tick x");
        QTest::newRow("emoji go") << emojiText() << QStringLiteral("Rocket to the moon family, flag");
        QTest::newRow("pair") << QStringLiteral("BTC/USDT > 50000")
                              << QStringLiteral("BTC slash USDT greater than 50000");
        QTest::newRow("accents stay") << QStringLiteral("Kurs f\u00e4llt") << QStringLiteral("Kurs f\u00e4llt");
        QTest::newRow("lines") << QStringLiteral("a\n\tb  c") << QStringLiteral("a b c");
        QTest::newRow("no space before punctuation")
            << QStringLiteral("Margin at 92%, add \U0001F525!") << QStringLiteral("Margin at 92 percent, add!");
    }

    void speakable()
    {
        QFETCH(QString, text);
        QFETCH(QString, spoken);
        QCOMPARE(speakableText(text), spoken);
    }

    void symbolsAreSpelled()
    {
        QCOMPARE(spokenSymbol(QStringLiteral("BTCUSDT")), QStringLiteral("B T C U S D T"));
        QCOMPARE(spokenSymbol(QStringLiteral("eth-usd")), QStringLiteral("E T H U S D"));
        QCOMPARE(spokenSymbol(QStringLiteral("ES1!")), QStringLiteral("E S 1"));
        QCOMPARE(spokenSymbol(QString()), QString());
    }

    void xmlIsEscapedAndLengthBounded()
    {
        Alert a = goldenAlert();
        a.title = markupText();
        a.message = longText();
        const QString twiml = voiceTwiml(a, QStringLiteral("Polly.Joanna"), QStringLiteral("en-US"), 5);
        QVERIFY(!twiml.contains(QStringLiteral("<b>")));
        QVERIFY(!twiml.contains(QStringLiteral("&amp;amp;")));
        QCOMPARE(twiml.count(QStringLiteral("<Say")), 5);
        QVERIFY2(twiml.size() <= VoiceLimits::twiml, qPrintable(QString::number(twiml.size())));
        // A message cut between words, never mid-word and without a marker to read out.
        const QString text = voiceText(a);
        QVERIFY(!text.contains(QStringLiteral("\u2026")));
        QVERIFY(text.endsWith(QLatin1Char('.')));
        // A title whose symbols all become words still fits, cut between words.
        a.title = QString(AlertLimits::title, QLatin1Char('%'));
        const QString wordy = voiceTwiml(a, QStringLiteral("Polly.Joanna"), QStringLiteral("en-US"), 5);
        QVERIFY2(wordy.size() <= VoiceLimits::twiml, qPrintable(QString::number(wordy.size())));
        QCOMPARE(wordy.count(QStringLiteral("<Say")), 5);
        QVERIFY(wordy.contains(QStringLiteral(" percent percent.</Say>")));
        // Quotes in an attribute cannot end it.
        QVERIFY(voiceTwiml(a, QStringLiteral("a\"b"), {}, 1).contains(QStringLiteral("voice=\"a&quot;b\"")));
    }

    void formDecodes()
    {
        const QString twiml = voiceTwiml(goldenAlert(), {}, {}, 1);
        const QByteArray form = twilioCallForm(QStringLiteral("+15551230001"), QStringLiteral("+15557650002"), twiml);
        const QUrlQuery q(QString::fromLatin1(QByteArray(form).replace('+', "%20")));
        QCOMPARE(q.queryItemValue(QStringLiteral("To"), QUrl::FullyDecoded), QStringLiteral("+15551230001"));
        QCOMPARE(q.queryItemValue(QStringLiteral("From"), QUrl::FullyDecoded), QStringLiteral("+15557650002"));
        QCOMPARE(q.queryItemValue(QStringLiteral("Twiml"), QUrl::FullyDecoded), twiml);
    }

    void callStatuses_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("progress");
        QTest::newRow("queued") << QStringLiteral("queued") << int(CallProgress::Pending);
        QTest::newRow("initiated") << QStringLiteral("initiated") << int(CallProgress::Pending);
        QTest::newRow("ringing") << QStringLiteral("ringing") << int(CallProgress::Pending);
        QTest::newRow("in-progress") << QStringLiteral("in-progress") << int(CallProgress::Pending);
        QTest::newRow("completed") << QStringLiteral("completed") << int(CallProgress::Completed);
        QTest::newRow("busy") << QStringLiteral("busy") << int(CallProgress::Unanswered);
        QTest::newRow("no-answer") << QStringLiteral("no-answer") << int(CallProgress::Unanswered);
        QTest::newRow("failed") << QStringLiteral("failed") << int(CallProgress::Unanswered);
        QTest::newRow("canceled") << QStringLiteral("canceled") << int(CallProgress::Unanswered);
        QTest::newRow("unknown") << QStringLiteral("") << int(CallProgress::Pending);
    }

    void callStatuses()
    {
        QFETCH(QString, status);
        QFETCH(int, progress);
        QCOMPARE(int(callProgress(status)), progress);
    }
};

QTEST_GUILESS_MAIN(TestVoicePayload)
#include "TestVoicePayload.moc"
