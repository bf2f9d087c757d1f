// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SmtpTestServer.h"

#include "channels/EmailMessage.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace alertdesk;
using namespace alertdesk::test;

// The pure MIME builder: exact bytes (golden), RFC 2047 subjects, quoted-printable bodies,
// escaping and header injection. What the bytes mean is checked by Python's email package, a
// parser that owes nothing to ours.
class TestEmailMessage final : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_files = 0;

    static Alert fixedAlert()
    {
        Alert a;
        a.id = QStringLiteral("7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f");
        a.type = AlertType::Risk;
        a.priority = Priority::High;
        a.title = QStringLiteral("Position risk exceeded");
        a.message = QStringLiteral("BTC position exceeds risk limit by 15%.\nReduce exposure = now.");
        a.symbol = QStringLiteral("BTCUSDT");
        a.strategy = QStringLiteral("Momentum <v2> & co");
        a.position = QStringLiteral("Long 1.5 BTC");
        a.data = QJsonObject { { QStringLiteral("exposure"), 0.15 }, { QStringLiteral("limit"), QStringLiteral("10%") },
            { QStringLiteral("legs"), QJsonArray { 1, 2 } } };
        a.createdAt = QDateTime(QDate(2024, 3, 5), QTime(14, 29, 58), QTimeZone::utc());
        return a;
    }

    static EmailMessageOptions fixedOptions()
    {
        EmailMessageOptions o;
        o.from = Mailbox { QStringLiteral("AlertDesk Bot"), QStringLiteral("alerts@example.com") };
        o.to = QStringList { QStringLiteral("trader@example.com"), QStringLiteral("risk@example.org") };
        o.date = QDateTime(QDate(2024, 3, 5), QTime(14, 30, 0), QTimeZone::utc());
        const QString key = QStringLiteral("0b7e5a44-1d2c-5f3e-9a8b-7c6d5e4f3a2b");
        o.messageId = emailMessageId(key, o.from.address);
        o.boundary = emailBoundary(key);
        return o;
    }

    // Python's reading of the bytes.
    QJsonObject parsed(const QByteArray& message)
    {
        const QString path = m_tmp.filePath(QStringLiteral("m%1.eml").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return { { QStringLiteral("error"), QStringLiteral("cannot write %1").arg(path) } };
        f.write(message);
        f.close();
        return SmtpTestServer::parse(path);
    }

    static QList<QByteArray> headerLines(const QByteArray& message)
    {
        return message.left(message.indexOf("\r\n\r\n") + 1).split('\n');
    }

    // One encoded-word decoded on its own, as a strict reader would.
    static QByteArray decodeWord(const QByteArray& word, bool* ok)
    {
        static const QRegularExpression re(QStringLiteral("^=\\?UTF-8\\?([QB])\\?([^?]*)\\?=$"));
        const auto m = re.match(QString::fromLatin1(word));
        *ok = m.hasMatch();
        if (!*ok)
            return {};
        const QByteArray payload = m.captured(2).toLatin1();
        if (m.captured(1) == QLatin1String("B")) {
            const auto r = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
            *ok = static_cast<bool>(r);
            return r.decoded;
        }
        QByteArray out;
        for (qsizetype i = 0; i < payload.size(); ++i) {
            if (payload[i] == '_') {
                out += ' ';
            } else if (payload[i] == '=' && i + 2 < payload.size()) {
                out += QByteArray::fromHex(payload.mid(i + 1, 2));
                i += 2;
            } else {
                out += payload[i];
            }
        }
        return out;
    }

    static bool isValidUtf8(const QByteArray& bytes)
    {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString s = decoder(bytes);
        Q_UNUSED(s);
        return !decoder.hasError();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void golden()
    {
        const QByteArray actual = emailMessage(fixedAlert(), fixedOptions());
        QFile f(QStringLiteral(ALERTDESK_SOURCE_DIR "/tests/unit/golden/email_message.eml"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray expected = f.readAll();
        if (actual != expected) {
            QFile out(QStringLiteral("email_message.actual.eml"));
            if (out.open(QIODevice::WriteOnly))
                out.write(actual);
            QFAIL(qPrintable(QStringLiteral("the message differs from %1; see %2")
                                 .arg(f.fileName(), QFileInfo(out).absoluteFilePath())));
        }
        // Same input, same bytes.
        QCOMPARE(emailMessage(fixedAlert(), fixedOptions()), actual);
    }

    void goldenAsParsed()
    {
        const Alert a = fixedAlert();
        const QJsonObject p = parsed(emailMessage(a, fixedOptions()));
        QVERIFY2(!p.contains(QStringLiteral("error")), qPrintable(p.value(QStringLiteral("error")).toString()));
        QCOMPARE(p.value(QStringLiteral("defects")).toArray(), QJsonArray());
        QCOMPARE(p.value(QStringLiteral("subject")).toString(), QStringLiteral("🟠 Position risk exceeded"));
        QCOMPARE(p.value(QStringLiteral("from")).toObject().value(QStringLiteral("display_name")).toString(),
            QStringLiteral("AlertDesk Bot"));
        QCOMPARE(p.value(QStringLiteral("from")).toObject().value(QStringLiteral("address")).toString(),
            QStringLiteral("alerts@example.com"));
        QCOMPARE(p.value(QStringLiteral("to")).toArray(),
            QJsonArray({ QStringLiteral("trader@example.com"), QStringLiteral("risk@example.org") }));
        QCOMPARE(p.value(QStringLiteral("message_id")).toString(),
            QStringLiteral("<alertdesk.0b7e5a44-1d2c-5f3e-9a8b-7c6d5e4f3a2b@example.com>"));
        QCOMPARE(p.value(QStringLiteral("date")).toString(), QStringLiteral("Tue, 05 Mar 2024 14:30:00 +0000"));
        QCOMPARE(p.value(QStringLiteral("content_type")).toString(), QStringLiteral("multipart/alternative"));
        QVERIFY(!p.value(QStringLiteral("bare_line_feeds")).toBool());
        QVERIFY(p.value(QStringLiteral("max_line_length")).toInt() <= 78);
        const QJsonArray parts = p.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0][QStringLiteral("content_type")].toString(), QStringLiteral("text/plain"));
        QCOMPARE(parts[0][QStringLiteral("charset")].toString(), QStringLiteral("utf-8"));
        QCOMPARE(parts[1][QStringLiteral("content_type")].toString(), QStringLiteral("text/html"));
        QCOMPARE(parts[1][QStringLiteral("charset")].toString(), QStringLiteral("utf-8"));
        QString text = parts[0][QStringLiteral("content")].toString();
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QCOMPARE(text, emailPlainText(a));
        const QString html = parts[1][QStringLiteral("content")].toString();
        QVERIFY(html.contains(QStringLiteral("Momentum &lt;v2&gt; &amp; co")));
        QVERIFY(html.contains(priorityColorHex(a.priority)));
        QVERIFY(html.contains(QStringLiteral("<th align=\"left\" valign=\"top\" style=\"padding:4px 16px 4px "
                                             "0;color:#57606a;font-weight:normal\">legs</th>")));
    }

    void subjectEncoding_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<int>("minWords");
        QTest::newRow("ascii") << QStringLiteral("BTC above 70000") << 1;
        QTest::newRow("ascii long") << QStringLiteral("Drawdown limit breached ").repeated(10).trimmed() << 4;
        QTest::newRow("markup") << QStringLiteral("<b>PnL</b> & \"risk\" * _x_ [y] = ?z? 100%") << 1;
        QTest::newRow("looks encoded") << QStringLiteral("=?UTF-8?B?SGFja2Vk?= and =?iso-8859-1?q?x?=") << 1;
        QTest::newRow("emoji") << QStringLiteral("🚀 BTC to the moon 🌕📈") << 1;
        QTest::newRow("zwj family")
            << QStringLiteral("👨‍👩‍👧‍👦 family 🏳️‍🌈 flag 👍🏽").repeated(3) << 3;
        QTest::newRow("arabic rtl") << QStringLiteral("تنبيه: تجاوز حد المخاطرة في مركز البيتكوين") << 2;
        QTest::newRow("hebrew mixed") << QStringLiteral("התראה BTC/USDT עלה ב-5% היום") << 1;
        QTest::newRow("cjk") << QStringLiteral("比特币价格突破七万美元大关，请注意风险控制").repeated(2) << 3;
        QTest::newRow("combining") << QStringLiteral("Ре́зкий ро́ст e\u0301\u0302\u0303 ").repeated(4) << 2;
        QTest::newRow("256 emoji") << QStringLiteral("😀").repeated(128) << 11;
        QTest::newRow("offset emoji") << QString(QStringLiteral("a") + QStringLiteral("🔥").repeated(60)) << 5;
        QTest::newRow("offset 2") << QString(QStringLiteral("ab") + QStringLiteral("é€😀").repeated(30)) << 6;
        QTest::newRow("max length mixed") << QStringLiteral("x😀é字").repeated(52).left(256) << 10;
    }

    void subjectEncoding()
    {
        QFETCH(QString, title);
        QFETCH(int, minWords);
        Alert a = fixedAlert();
        a.title = title;
        const QByteArray m = emailMessage(a, fixedOptions());

        // Raw form: every word at most 75 characters, every line of it at most 76, and each
        // word decodes on its own to whole UTF-8 characters.
        QByteArray subjectRaw;
        bool inSubject = false;
        for (const QByteArray& line : headerLines(m)) {
            if (line.startsWith("Subject: ")) {
                inSubject = true;
            } else if (!line.startsWith(' ')) {
                inSubject = false;
            }
            if (inSubject) {
                QVERIFY2(line.chopped(1).size() <= 76, line.constData());
                subjectRaw += line.chopped(1);
            }
        }
        const QList<QByteArray> words = subjectRaw.mid(9).split(' ');
        QVERIFY2(words.size() >= minWords, qPrintable(QString::number(words.size())));
        QByteArray joined;
        for (const QByteArray& w : words) {
            QVERIFY2(w.size() <= 75, w.constData());
            bool ok = false;
            const QByteArray bytes = decodeWord(w, &ok);
            QVERIFY2(ok, w.constData());
            QVERIFY2(isValidUtf8(bytes), w.constData());
            joined += bytes;
        }
        QCOMPARE(QString::fromUtf8(joined), emailSubject(a));

        const QJsonObject p = parsed(m);
        QVERIFY2(!p.contains(QStringLiteral("error")), qPrintable(p.value(QStringLiteral("error")).toString()));
        QCOMPARE(p.value(QStringLiteral("defects")).toArray(), QJsonArray());
        QCOMPARE(p.value(QStringLiteral("subject")).toString(), priorityEmoji(a.priority) + QLatin1Char(' ') + title);
        QCOMPARE(
            p.value(QStringLiteral("subject_legacy")).toString(), priorityEmoji(a.priority) + QLatin1Char(' ') + title);
        QCOMPARE(p.value(QStringLiteral("subject_words")).toArray().size(), words.size());
    }

    void encodedWordsAtEveryOffset()
    {
        // Whatever fills the line before it, a 4-byte character is never cut.
        for (int used = 0; used <= 40; ++used) {
            for (int lead = 0; lead < 4; ++lead) {
                const QString text = QString(QString(lead, QLatin1Char('a')) + QStringLiteral("𝄞é😀").repeated(20));
                const QByteArray folded = encodeHeaderWords(text, used);
                QByteArray joined;
                const QList<QByteArray> lines = folded.split('\n');
                for (qsizetype i = 0; i < lines.size(); ++i) {
                    const QByteArray word = lines[i].trimmed();
                    QVERIFY(word.size() <= 75);
                    QVERIFY((i == 0 ? used : 0) + lines[i].size() - (i + 1 < lines.size() ? 1 : 0) <= 76);
                    bool ok = false;
                    const QByteArray bytes = decodeWord(word, &ok);
                    QVERIFY(ok);
                    QVERIFY2(isValidUtf8(bytes), word.constData());
                    joined += bytes;
                }
                QCOMPARE(QString::fromUtf8(joined), text);
            }
        }
    }

    void headerInjection_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("displayName");
        QTest::newRow("crlf bcc") << QStringLiteral("Hi\r\nBcc: evil@example.net") << QStringLiteral("Desk");
        QTest::newRow("lf header") << QStringLiteral("Hi\nX-Injected: 1\n\nbody") << QStringLiteral("Desk");
        QTest::newRow("cr to") << QStringLiteral("Hi\rTo: evil@example.net") << QStringLiteral("Desk");
        QTest::newRow("unicode separators")
            << QStringLiteral("Hi\u2028Bcc: evil@example.net\u0085") << QStringLiteral("Desk");
        QTest::newRow("display name") << QStringLiteral("Hi") << QStringLiteral("Desk\r\nBcc: evil@example.net");
        QTest::newRow("display name quoted")
            << QStringLiteral("Hi") << QStringLiteral("Desk\" <x@y>\r\nBcc: evil@example.net");
    }

    void headerInjection()
    {
        QFETCH(QString, title);
        QFETCH(QString, displayName);
        Alert a = fixedAlert();
        a.title = title; // what validateAlert would refuse: the builder must hold on its own
        EmailMessageOptions o = fixedOptions();
        o.from.displayName = displayName;
        const QByteArray m = emailMessage(a, o);
        const QStringList expected { QStringLiteral("From"), QStringLiteral("To"), QStringLiteral("Subject"),
            QStringLiteral("Date"), QStringLiteral("Message-ID"), QStringLiteral("MIME-Version"),
            QStringLiteral("Content-Type"), QStringLiteral("Auto-Submitted"), QStringLiteral("Importance"),
            QStringLiteral("X-AlertDesk-Alert-Id"), QStringLiteral("X-AlertDesk-Priority"),
            QStringLiteral("X-AlertDesk-Type") };
        for (const QByteArray& line : headerLines(m)) {
            QVERIFY2(line.endsWith('\r'), line.constData());
            QVERIFY2(!line.contains('\r') || line.indexOf('\r') == line.size() - 1, line.constData());
            if (!line.startsWith(' '))
                QVERIFY2(expected.contains(QString::fromLatin1(line.left(line.indexOf(':')))), line.constData());
        }
        const QJsonObject p = parsed(m);
        QVERIFY2(!p.contains(QStringLiteral("error")), qPrintable(p.value(QStringLiteral("error")).toString()));
        QStringList names;
        for (const QJsonValue& v : p.value(QStringLiteral("header_names")).toArray())
            names << v.toString();
        QCOMPARE(names, expected);
        QCOMPARE(p.value(QStringLiteral("to")).toArray().size(), 2);
        QCOMPARE(p.value(QStringLiteral("from")).toObject().value(QStringLiteral("address")).toString(),
            QStringLiteral("alerts@example.com"));
    }

    void bodies_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString();
        QTest::newRow("long line") << QStringLiteral("abcdefghij").repeated(50);
        QTest::newRow("equals") << QStringLiteral("a=b ==c= =\n=3D=\n");
        QTest::newRow("trailing blanks") << QStringLiteral("end with space \nand tab\t\n \n\t");
        QTest::newRow("dots and From") << QStringLiteral(".\n.hidden\nFrom here on\n..\n.");
        QTest::newRow("crlf and cr") << QStringLiteral("one\r\ntwo\rthree\n\nfive");
        QTest::newRow("emoji rtl") << QStringLiteral("🔥 תנודתיות גבוהה 🔥 تقلب عالٍ ").repeated(8);
        QTest::newRow("markup") << QStringLiteral("<script>alert('x')</script> & \"quotes\" *bold* _it_ [link](u)");
        QTest::newRow("10 KB") << QStringLiteral("Line of text with é and 😀 and = signs.\n").repeated(250);
        QTest::newRow("boundary lookalike")
            << QStringLiteral("--=_alertdesk_x\n--%1--").arg(QString::fromLatin1(fixedOptions().boundary));
    }

    void bodies()
    {
        QFETCH(QString, message);
        Alert a = fixedAlert();
        a.message = message;
        a.data.insert(QStringLiteral("<key>"), QStringLiteral("<value> & \"more\"\nsecond line"));
        const QByteArray m = emailMessage(a, fixedOptions());
        for (const QByteArray& line : m.split('\n')) {
            QVERIFY2(line.size() <= 77, line.constData()); // 76 + CR
            for (char c : line)
                QVERIFY(static_cast<unsigned char>(c) < 0x80);
        }
        const QJsonObject p = parsed(m);
        QVERIFY2(!p.contains(QStringLiteral("error")), qPrintable(p.value(QStringLiteral("error")).toString()));
        QCOMPARE(p.value(QStringLiteral("defects")).toArray(), QJsonArray());
        const QJsonArray parts = p.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QString text = parts[0][QStringLiteral("content")].toString();
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QCOMPARE(text, emailPlainText(a));
        QString html = parts[1][QStringLiteral("content")].toString();
        html.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QCOMPARE(html, emailHtml(a));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(!html.contains(QStringLiteral("<key>")));
        QVERIFY(html.contains(QStringLiteral("&lt;key&gt;")));
        QVERIFY(html.contains(QStringLiteral("&lt;value&gt; &amp; &quot;more&quot;<br>second line")));
        if (message.contains(QStringLiteral("<script>")))
            QVERIFY(html.contains(
                QStringLiteral("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")));
    }

    void htmlCarriesPriority_data()
    {
        QTest::addColumn<int>("priority");
        for (Priority p : { Priority::Critical, Priority::High, Priority::Medium, Priority::Low, Priority::Info })
            QTest::newRow(qPrintable(priorityName(p))) << static_cast<int>(p);
    }

    void htmlCarriesPriority()
    {
        QFETCH(int, priority);
        Alert a = fixedAlert();
        a.priority = static_cast<Priority>(priority);
        const QString html = emailHtml(a);
        QVERIFY(
            html.contains(QStringLiteral("<td style=\"background:%1;height:6px").arg(priorityColorHex(a.priority))));
        QVERIFY(
            html.contains(QStringLiteral(">%1 %2</span>").arg(priorityEmoji(a.priority), priorityName(a.priority))));
        const QByteArray m = emailMessage(a, fixedOptions());
        QCOMPARE(
            m.contains("\r\nImportance: high\r\n"), a.priority == Priority::Critical || a.priority == Priority::High);
        QVERIFY(m.contains(QByteArray("\r\nX-AlertDesk-Priority: " + priorityName(a.priority).toLatin1() + "\r\n")));
    }

    void fromDisplayName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("rawStart"); // how the From header starts, when it matters
        QTest::newRow("atoms") << QStringLiteral("AlertDesk Bot")
                               << QByteArray("From: AlertDesk Bot <alerts@example.com>\r\n");
        QTest::newRow("specials") << QStringLiteral("Desk, Inc. (alerts)")
                                  << QByteArray("From: \"Desk, Inc. (alerts)\" <alerts@example.com>\r\n");
        QTest::newRow("quotes") << QStringLiteral("The \"Desk\" \\ bot")
                                << QByteArray("From: \"The \\\"Desk\\\" \\\\ bot\" <alerts@example.com>\r\n");
        QTest::newRow("accents") << QStringLiteral("Müller Trading")
                                 << QByteArray("From: =?UTF-8?Q?M=C3=BCller_Trading?= <alerts@example.com>\r\n");
        QTest::newRow("emoji") << QStringLiteral("🔔 Alerts") << QByteArray();
        QTest::newRow("rtl") << QStringLiteral("مكتب التنبيهات") << QByteArray();
        QTest::newRow("long") << QStringLiteral("Übertrieben langer Absendername ").repeated(4).trimmed()
                              << QByteArray();
        QTest::newRow("long rtl") << QStringLiteral("مكتب التنبيهات ").repeated(6).trimmed() << QByteArray();
        QTest::newRow("none") << QString() << QByteArray("From: <alerts@example.com>\r\n");
    }

    void fromDisplayName()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, rawStart);
        EmailMessageOptions o = fixedOptions();
        o.from.displayName = name;
        const QByteArray m = emailMessage(fixedAlert(), o);
        if (!rawStart.isEmpty())
            QVERIFY2(m.startsWith(rawStart), m.left(120).constData());
        for (const QByteArray& line : headerLines(m))
            QVERIFY2(line.size() <= 79, line.constData());
        const QJsonObject p = parsed(m);
        QCOMPARE(p.value(QStringLiteral("defects")).toArray(), QJsonArray());
        const QJsonObject from = p.value(QStringLiteral("from")).toObject();
        QCOMPARE(from.value(QStringLiteral("address")).toString(), QStringLiteral("alerts@example.com"));
        const QByteArray fromHeader = m.left(m.indexOf("\r\nTo: "));
        if (fromHeader.count("=?") > 1) {
            // Several encoded-words: Python's address parser wrongly keeps the folding space
            // between them (RFC 2047 section 6.2), so read them as RFC 2047 says.
            QCOMPARE(from.value(QStringLiteral("display_name_rfc2047")).toString(), name);
        } else {
            QCOMPARE(from.value(QStringLiteral("display_name")).toString(), name);
        }
    }

    void manyRecipients()
    {
        EmailMessageOptions o = fixedOptions();
        o.to.clear();
        QJsonArray expected;
        for (int i = 0; i < 40; ++i) {
            o.to << QStringLiteral("trader.number.%1@desk-%1.example.com").arg(i);
            expected.append(o.to.last());
        }
        const QByteArray m = emailMessage(fixedAlert(), o);
        for (const QByteArray& line : headerLines(m))
            QVERIFY2(line.size() <= 79, line.constData());
        const QJsonObject p = parsed(m);
        QCOMPARE(p.value(QStringLiteral("defects")).toArray(), QJsonArray());
        QCOMPARE(p.value(QStringLiteral("to")).toArray(), expected);
    }

    void messageIdAndBoundary()
    {
        const QString k1 = QStringLiteral("0b7e5a44-1d2c-5f3e-9a8b-7c6d5e4f3a2b");
        const QString k2 = QStringLiteral("1b7e5a44-1d2c-5f3e-9a8b-7c6d5e4f3a2b");
        QCOMPARE(emailMessageId(k1, QStringLiteral("a@mail.example.com")),
            QStringLiteral("alertdesk.%1@mail.example.com").arg(k1));
        QCOMPARE(emailMessageId(k1, QStringLiteral("a@[127.0.0.1]")),
            QStringLiteral("alertdesk.%1@alertdesk.invalid").arg(k1));
        QCOMPARE(emailMessageId(QStringLiteral("<x>\r\n@y"), QStringLiteral("a@b.example")),
            QStringLiteral("alertdesk.xy@b.example"));
        QCOMPARE(emailBoundary(k1), emailBoundary(k1));
        QVERIFY(emailBoundary(k1) != emailBoundary(k2));
        QVERIFY(emailBoundary(k1).startsWith("=_alertdesk_"));
        QCOMPARE(emailBoundary(k1).size(), 12 + 24);
    }

    void date_data()
    {
        QTest::addColumn<QDateTime>("when");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("utc") << QDateTime(QDate(2024, 3, 5), QTime(14, 30, 0), QTimeZone::utc())
                             << QByteArray("Tue, 05 Mar 2024 14:30:00 +0000");
        QTest::newRow("east") << QDateTime(QDate(2023, 12, 31), QTime(23, 59, 59), QTimeZone(5 * 3600 + 1800))
                              << QByteArray("Sun, 31 Dec 2023 23:59:59 +0530");
        QTest::newRow("west") << QDateTime(QDate(2024, 2, 29), QTime(1, 2, 3), QTimeZone(-8 * 3600))
                              << QByteArray("Thu, 29 Feb 2024 01:02:03 -0800");
    }

    void date()
    {
        QFETCH(QDateTime, when);
        QFETCH(QByteArray, expected);
        QCOMPARE(rfc5322Date(when), expected);
    }

    void mailbox_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("address");
        QTest::newRow("bare") << QStringLiteral("alerts@example.com") << true << QString()
                              << QStringLiteral("alerts@example.com");
        QTest::newRow("named") << QStringLiteral("MasterTrade Alerts <alerts@mastertrade.com>") << true
                               << QStringLiteral("MasterTrade Alerts") << QStringLiteral("alerts@mastertrade.com");
        QTest::newRow("quoted") << QStringLiteral("\"Desk, \\\"Inc\\\"\" <a@b.example>") << true
                                << QStringLiteral("Desk, \"Inc\"") << QStringLiteral("a@b.example");
        QTest::newRow("unicode name") << QStringLiteral("Отдел рисков <risk@example.com>") << true
                                      << QStringLiteral("Отдел рисков") << QStringLiteral("risk@example.com");
        QTest::newRow("angle only") << QStringLiteral("<a@b.example>") << true << QString()
                                    << QStringLiteral("a@b.example");
        QTest::newRow("ip literal") << QStringLiteral("root@[127.0.0.1]") << true << QString()
                                    << QStringLiteral("root@[127.0.0.1]");
        QTest::newRow("plus tag") << QStringLiteral("me+alerts@example.com") << true << QString()
                                  << QStringLiteral("me+alerts@example.com");
        QTest::newRow("no at") << QStringLiteral("alerts.example.com") << false << QString() << QString();
        QTest::newRow("two ats") << QStringLiteral("a@b@example.com") << false << QString() << QString();
        QTest::newRow("double dot") << QStringLiteral("a..b@example.com") << false << QString() << QString();
        QTest::newRow("space") << QStringLiteral("a b@example.com") << false << QString() << QString();
        QTest::newRow("bad domain") << QStringLiteral("a@-example.com") << false << QString() << QString();
        QTest::newRow("empty domain label") << QStringLiteral("a@example..com") << false << QString() << QString();
        QTest::newRow("unicode address") << QStringLiteral("händler@example.com") << false << QString() << QString();
        QTest::newRow("crlf in address") << QStringLiteral("a@example.com\r\nBcc: x@y") << false << QString()
                                         << QString();
        QTest::newRow("crlf in name") << QStringLiteral("A\r\nBcc: x@y <a@example.com>") << false << QString()
                                      << QString();
        QTest::newRow("unclosed") << QStringLiteral("Name <a@example.com") << false << QString() << QString();
        QTest::newRow("empty") << QString() << false << QString() << QString();
    }

    void mailbox()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, name);
        QFETCH(QString, address);
        QString error;
        const auto m = parseMailbox(text, &error);
        QCOMPARE(m.has_value(), valid);
        if (valid) {
            QCOMPARE(m->displayName, name);
            QCOMPARE(m->address, address);
        } else {
            QVERIFY(!error.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestEmailMessage)
#include "TestEmailMessage.moc"
