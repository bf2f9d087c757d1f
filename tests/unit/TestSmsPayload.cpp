// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PayloadText.h"
#include "channels/SmsChannel.h"
#include "net/HttpTransport.h"

#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// The SMS text and Twilio form: segment counting (GSM-7 and UCS-2), a text that fits one
// segment where it can, the exact form bytes, and how Twilio's answers are read.
class TestSmsPayload final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void segments_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("gsm");
        QTest::addColumn<int>("units");
        QTest::addColumn<int>("segments");

        const QString rocket = QStringLiteral("\U0001F680");
        QTest::newRow("empty") << QString() << true << 0 << 0;
        QTest::newRow("160 GSM") << QString(160, QLatin1Char('a')) << true << 160 << 1;
        QTest::newRow("161 GSM") << QString(161, QLatin1Char('a')) << true << 161 << 2;
        QTest::newRow("306 GSM") << QString(306, QLatin1Char('a')) << true << 306 << 2;
        QTest::newRow("307 GSM") << QString(307, QLatin1Char('a')) << true << 307 << 3;
        QTest::newRow("GSM accents are one septet")
            << QStringLiteral("\u00e9\u00e8\u00e0\u00fc\u00c4\u00a3\u00a5\u0394") << true << 8 << 1;
        QTest::newRow("80 euro signs = 160 septets") << QString(80, QChar(0x20AC)) << true << 160 << 1;
        // 81 x 2 septets: 76 pairs per 153-septet segment (an escape pair is never split).
        QTest::newRow("81 euro signs") << QString(81, QChar(0x20AC)) << true << 162 << 2;
        QTest::newRow("brackets are extension") << QStringLiteral("[x]{y}~|^\\") << true << 18 << 1;
        QTest::newRow("70 UCS-2") << QString(70, QChar(0x0436)) << false << 70 << 1;
        QTest::newRow("71 UCS-2") << QString(71, QChar(0x0436)) << false << 71 << 2;
        QTest::newRow("134 UCS-2") << QString(134, QChar(0x0436)) << false << 134 << 2;
        QTest::newRow("135 UCS-2") << QString(135, QChar(0x0436)) << false << 135 << 3;
        QTest::newRow("one emoji switches everything") << rocket + QString(68, QLatin1Char('a')) << false << 70 << 1;
        QTest::newRow("one emoji, 69 letters") << rocket + QString(69, QLatin1Char('a')) << false << 71 << 2;
        // 36 emoji = 72 units; 33 pairs (66 units) per 67-unit segment.
        QTest::newRow("36 emoji") << rocket.repeated(36) << false << 72 << 2;
        QTest::newRow("rtl") << rtlText() << false << int(rtlText().size()) << 1;
    }

    void segments()
    {
        QFETCH(QString, text);
        QFETCH(bool, gsm);
        QFETCH(int, units);
        QFETCH(int, segments);
        const SmsSegments s = smsSegments(text);
        QCOMPARE(s.encoding == SmsEncoding::Gsm7, gsm);
        QCOMPARE(isGsm7(text), gsm);
        QCOMPARE(s.units, units);
        QCOMPARE(s.segments, segments);
    }

    void golden()
    {
        const QByteArray actual
            = twilioForm(QStringLiteral("+15551230001"), QStringLiteral("+15557650002"), smsText(goldenAlert()));
        QCOMPARE(actual, readGolden(QStringLiteral("twilio-form.txt"), actual));
        QCOMPARE(smsText(goldenAlert()),
            QStringLiteral("HIGH: Position risk exceeded (BTCUSDT)\nBTC position exceeds risk limit by 15%"));
    }

    void form()
    {
        const QByteArray f
            = twilioForm(QStringLiteral("+1 555"), QStringLiteral("Desk"), QStringLiteral("a+b&c=d e\n\U0001F680"));
        QCOMPARE(f, QByteArray("To=%2B1+555&From=Desk&Body=a%2Bb%26c%3Dd+e%0A%F0%9F%9A%80"));
        // What a form decoder makes of it.
        QUrlQuery q(QString::fromLatin1(QByteArray(f).replace('+', "%20")));
        QCOMPARE(q.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded), QStringLiteral("a+b&c=d e\n\U0001F680"));
    }

    void texts_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<int>("maxSegments");
        QTest::addColumn<bool>("expectGsm");
        QTest::addColumn<bool>("expectMessage"); // at least part of the message is there

        QTest::newRow("fits") << QStringLiteral("Risk") << QStringLiteral("Up 5%") << QStringLiteral("BTC") << 1 << true
                              << true;
        QTest::newRow("long GSM message")
            << QStringLiteral("Risk") << QString(500, QLatin1Char('m')) << QStringLiteral("BTC") << 1 << true << true;
        QTest::newRow("emoji message") << QStringLiteral("Risk") << emojiText().repeated(5) << QStringLiteral("BTC")
                                       << 1 << false << true;
        QTest::newRow("emoji far out is cut away")
            << QStringLiteral("Risk") << QString(300, QLatin1Char('m')) + QStringLiteral("\U0001F680")
            << QStringLiteral("BTC") << 1 << true << true;
        QTest::newRow("rtl") << rtlText() << rtlText() << QString() << 1 << false << true;
        // The backtick is not in GSM 03.38: UCS-2.
        QTest::newRow("markup") << markupText().left(60) << markupText() << QStringLiteral("<&>*_[]") << 1 << false
                                << false;
        QTest::newRow("markup without backtick")
            << QStringLiteral("<b>&*_[]{}") << QStringLiteral("a <b> & c *d* _e_ [f] ~g~ |h| ^i^ \\ \u20ac").repeated(6)
            << QStringLiteral("<&>*_[]") << 1 << true << true;
        QTest::newRow("long title") << QString(256, QLatin1Char('T')) << QStringLiteral("m")
                                    << QStringLiteral("BTCUSDT") << 1 << true << false;
        QTest::newRow("long emoji title") << QStringLiteral("\U0001F4C9").repeated(128) << QString()
                                          << QStringLiteral("BTCUSDT") << 1 << false << false;
        QTest::newRow("10KB, 3 segments")
            << QStringLiteral("Long") << longText() << QStringLiteral("ETH") << 3 << false << true;
        QTest::newRow("10KB GSM, 10 segments") << QStringLiteral("Long") << QString(10240, QLatin1Char('g'))
                                               << QStringLiteral("ETH") << 10 << true << true;
        QTest::newRow("title only") << QStringLiteral("Only a title") << QString() << QString() << 1 << true << false;
    }

    void texts()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(QString, symbol);
        QFETCH(int, maxSegments);
        QFETCH(bool, expectGsm);
        QFETCH(bool, expectMessage);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.symbol = symbol;
        const QString text = smsText(a, maxSegments);
        const SmsSegments s = smsSegments(text);
        QVERIFY2(s.segments <= maxSegments, qPrintable(QStringLiteral("%1 segments: %2").arg(s.segments).arg(text)));
        QVERIFY(text.size() <= SmsLimits::body);
        QCOMPARE(s.encoding == SmsEncoding::Gsm7, expectGsm);
        QVERIFY2(text.startsWith(QStringLiteral("HIGH: ")), qPrintable(text));
        QVERIFY(!text.contains(priorityEmoji(a.priority)));
        const QString symbolPart = symbol.isEmpty() ? QString() : QStringLiteral(" (") + symbol + QLatin1Char(')');
        const QString marker = expectGsm ? QStringLiteral("...") : truncationMarker();
        const QString firstLine = text.section(QLatin1Char('\n'), 0, 0);
        if (firstLine == QStringLiteral("HIGH: ") + title + symbolPart) {
            // Title whole.
        } else {
            // Title cut: the symbol stays, the marker shows the cut.
            QVERIFY2(firstLine.endsWith(marker + symbolPart), qPrintable(firstLine));
            QVERIFY(title.startsWith(firstLine.mid(6).chopped(marker.size() + symbolPart.size())));
        }
        QCOMPARE(text.contains(QLatin1Char('\n')), expectMessage);
        if (expectMessage) {
            const QString shown = text.section(QLatin1Char('\n'), 1);
            if (shown != message.trimmed()) {
                QVERIFY2(shown.endsWith(marker), qPrintable(shown));
                QVERIFY(message.startsWith(shown.chopped(marker.size())));
                // Cut late: one more character would not have fitted (give or take the marker).
                const int cap = expectGsm ? (maxSegments == 1 ? 160 : 153 * maxSegments)
                                          : (maxSegments == 1 ? 70 : 67 * maxSegments);
                QVERIFY2(s.units > cap - 8 || text.size() > SmsLimits::body - 8, qPrintable(QString::number(s.units)));
            }
        }
    }

    void answers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<QString>("error");

        QTest::newRow("201") << 201 << QByteArray(R"({"sid":"SM1","status":"queued"})") << QByteArray()
                             << int(SendOutcome::Kind::Delivered) << qint64(-1) << QString();
        QTest::newRow("21610 never retried")
            << 400
            << QByteArray("{\"code\":21610,\"message\":\"Attempt to send to unsubscribed "
                          "recipient\",\"more_info\":\"https://www.twilio.com/docs/errors/21610\",\"status\":400}")
            << QByteArray("5") << int(SendOutcome::Kind::Failed) << qint64(-1)
            << QStringLiteral("Twilio error 21610: Attempt to send to unsubscribed recipient");
        QTest::newRow("20429 retried") << 429
                                       << QByteArray(R"({"code":20429,"message":"Too Many Requests","status":429})")
                                       << QByteArray("3") << int(SendOutcome::Kind::Retry) << qint64(3000)
                                       << QStringLiteral("Twilio error 20429: Too Many Requests");
        QTest::newRow("20429 without 429")
            << 400 << QByteArray(R"({"code":20429,"message":"Too Many Requests","status":400})") << QByteArray()
            << int(SendOutcome::Kind::Retry) << qint64(-1) << QStringLiteral("Twilio error 20429: Too Many Requests");
        QTest::newRow("invalid To") << 400
                                    << QByteArray("{\"code\":21211,\"message\":\"The \'To\' number +1555 is not a "
                                                  "valid phone number.\",\"status\":400}")
                                    << QByteArray() << int(SendOutcome::Kind::Failed) << qint64(-1)
                                    << QStringLiteral(
                                           "Twilio error 21211: The \'To\' number +1555 is not a valid phone number.");
        QTest::newRow("auth") << 401 << QByteArray(R"({"code":20003,"message":"Authenticate","status":401})")
                              << QByteArray() << int(SendOutcome::Kind::Failed) << qint64(-1)
                              << QStringLiteral("Twilio error 20003: Authenticate");
        QTest::newRow("500") << 500 << QByteArray("oops") << QByteArray() << int(SendOutcome::Kind::Retry) << qint64(-1)
                             << QStringLiteral("HTTP 500: oops");
    }

    void answers()
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
        const SendOutcome o = twilioOutcome(r, 0, Redactor());
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.retryAfterMs, waitMs);
        QCOMPARE(o.error, error);
    }
};

QTEST_GUILESS_MAIN(TestSmsPayload)
#include "TestSmsPayload.moc"
