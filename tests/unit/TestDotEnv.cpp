// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/DotEnv.h"

#include <QTest>

using namespace alertdesk;

using Pairs = QList<QPair<QString, QString>>;

// The .env parser: what python-dotenv and docker compose files hold, value by value, and the
// lines it refuses (named by line, never quoting a value).
class TestDotEnv final : public QObject {
    Q_OBJECT

    static Pairs pairs(const DotEnvParseResult& r)
    {
        Pairs out;
        for (const DotEnvEntry& e : r.entries)
            out.append({ e.key, e.value });
        return out;
    }

private Q_SLOTS:
    void values_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Pairs>("expected");
        auto one = [](const char* k, const QString& v) { return Pairs { { QString::fromLatin1(k), v } }; };

        QTest::newRow("plain") << QStringLiteral("A=b\n") << one("A", QStringLiteral("b"));
        QTest::newRow("no final newline") << QStringLiteral("A=b") << one("A", QStringLiteral("b"));
        QTest::newRow("empty value") << QStringLiteral("A=\n") << one("A", QString());
        QTest::newRow("empty with comment") << QStringLiteral("A= # nothing\n") << one("A", QString());
        QTest::newRow("spaces around =") << QStringLiteral("A = b c  \n") << one("A", QStringLiteral("b c"));
        QTest::newRow("equals inside") << QStringLiteral("URL=https://x.test/a?b=c&d=e\n")
                                       << one("URL", QStringLiteral("https://x.test/a?b=c&d=e"));
        QTest::newRow("hash without space") << QStringLiteral("P=abc#def\n") << one("P", QStringLiteral("abc#def"));
        QTest::newRow("hash first") << QStringLiteral("P=#abc\n") << one("P", QStringLiteral("#abc"));
        QTest::newRow("inline comment") << QStringLiteral("A=b # comment\n") << one("A", QStringLiteral("b"));
        QTest::newRow("tab comment") << QStringLiteral("A=b\t# comment\n") << one("A", QStringLiteral("b"));
        QTest::newRow("export") << QStringLiteral("export A=b\n") << one("A", QStringLiteral("b"));
        QTest::newRow("export with tabs") << QStringLiteral("  export\tA=b\n") << one("A", QStringLiteral("b"));
        QTest::newRow("key named export") << QStringLiteral("export=1\n") << one("export", QStringLiteral("1"));
        QTest::newRow("key starting with export")
            << QStringLiteral("exported=1\n") << one("exported", QStringLiteral("1"));
        QTest::newRow("crlf") << QStringLiteral("A=b\r\nC=d\r\n")
                              << Pairs { { QStringLiteral("A"), QStringLiteral("b") },
                                     { QStringLiteral("C"), QStringLiteral("d") } };
        QTest::newRow("crlf quoted") << QStringLiteral("A=\"b\"\r\nC='d'\r\n")
                                     << Pairs { { QStringLiteral("A"), QStringLiteral("b") },
                                            { QStringLiteral("C"), QStringLiteral("d") } };
        QTest::newRow("bom") << QStringLiteral("\uFEFFA=b\n") << one("A", QStringLiteral("b"));
        QTest::newRow("comments and blanks")
            << QStringLiteral("# head\n\n   \n  # indented\nA=b\n\n# tail") << one("A", QStringLiteral("b"));
        QTest::newRow("single quotes literal") << QStringLiteral("A='x\\ny $HOME # not a comment'\n")
                                               << one("A", QStringLiteral("x\\ny $HOME # not a comment"));
        QTest::newRow("single quotes keep double")
            << QStringLiteral("A='say \"hi\"'\n") << one("A", QStringLiteral("say \"hi\""));
        QTest::newRow("double quotes escapes") << QStringLiteral("A=\"l1\\nl2\\tt \\\"q\\\" \\\\ \\$x \\'s\"\n")
                                               << one("A", QStringLiteral("l1\nl2\tt \"q\" \\ $x 's"));
        QTest::newRow("double quotes unknown escape kept")
            << QStringLiteral("A=\"C:\\path\\x\"\n") << one("A", QStringLiteral("C:\\path\\x"));
        QTest::newRow("double quotes with hash")
            << QStringLiteral("A=\"p#ss # word\" # real comment\n") << one("A", QStringLiteral("p#ss # word"));
        QTest::newRow("display name") << QStringLiteral(
            "SMTP_FROM_EMAIL=\"MasterTrade Alerts <alerts@mastertrade.com>\"\n")
                                      << one("SMTP_FROM_EMAIL",
                                             QStringLiteral("MasterTrade Alerts <alerts@mastertrade.com>"));
        QTest::newRow("unquoted display name")
            << QStringLiteral("SMTP_FROM_EMAIL=MasterTrade Alerts <alerts@mastertrade.com>\n")
            << one("SMTP_FROM_EMAIL", QStringLiteral("MasterTrade Alerts <alerts@mastertrade.com>"));
        QTest::newRow("multiline double") << QStringLiteral("A=\"one\ntwo\"\nB=c\n")
                                          << Pairs { { QStringLiteral("A"), QStringLiteral("one\ntwo") },
                                                 { QStringLiteral("B"), QStringLiteral("c") } };
        QTest::newRow("multiline single crlf") << QStringLiteral("A='one\r\ntwo'\r\nB=c\r\n")
                                               << Pairs { { QStringLiteral("A"), QStringLiteral("one\ntwo") },
                                                      { QStringLiteral("B"), QStringLiteral("c") } };
        QTest::newRow("quoted empty") << QStringLiteral(
            "A=\"\"\nB=''\n") << Pairs { { QStringLiteral("A"), QString() }, { QStringLiteral("B"), QString() } };
        QTest::newRow("unicode") << QStringLiteral("NAME=Désk 🚨 نداء\n") << one("NAME", QStringLiteral("Désk 🚨 نداء"));
        QTest::newRow("dollar literal") << QStringLiteral("P=pa$$w0rd${X}\n")
                                        << one("P", QStringLiteral("pa$$w0rd${X}"));
        QTest::newRow("duplicates kept in order")
            << QStringLiteral("A=1\nA=2\n")
            << Pairs { { QStringLiteral("A"), QStringLiteral("1") }, { QStringLiteral("A"), QStringLiteral("2") } };
        QTest::newRow("underscore and digits") << QStringLiteral("_A1_B2=x\n") << one("_A1_B2", QStringLiteral("x"));
    }

    void values()
    {
        QFETCH(QString, text);
        QFETCH(Pairs, expected);
        const DotEnvParseResult r = parseDotEnv(text);
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.isEmpty() ? QString() : r.errors.first().message));
        QCOMPARE(pairs(r), expected);
    }

    void lineNumbers()
    {
        const DotEnvParseResult r = parseDotEnv(QStringLiteral("# c\r\nA=1\r\n\r\nB=\"x\ny\"\r\nC=3\r\n"));
        QCOMPARE(r.entries.size(), 3);
        QCOMPARE(r.entries[0].line, 2);
        QCOMPARE(r.entries[1].line, 4);
        QCOMPARE(r.entries[2].line, 6);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::addColumn<Pairs>("kept"); // the good lines around it still count

        QTest::newRow("no equals") << QStringLiteral("A=1\nSECRET_WORD\nB=2\n") << 2 << QStringLiteral("SECRET_WORD")
                                   << QStringLiteral("line 2: SECRET_WORD has no '=' and no value")
                                   << Pairs { { QStringLiteral("A"), QStringLiteral("1") },
                                          { QStringLiteral("B"), QStringLiteral("2") } };
        QTest::newRow("bad key") << QStringLiteral("1A=hunter2\nB=2\n") << 1 << QString()
                                 << QStringLiteral("line 1 is not a KEY=value assignment")
                                 << Pairs { { QStringLiteral("B"), QStringLiteral("2") } };
        QTest::newRow("dash in key") << QStringLiteral("MY-KEY=hunter2\n") << 1 << QStringLiteral("MY")
                                     << QStringLiteral("line 1: MY must be followed by '='") << Pairs {};
        QTest::newRow("unclosed double") << QStringLiteral("P=\"hunter2\nB=2\n") << 1 << QStringLiteral("P")
                                         << QStringLiteral("line 1: the double quote of P is never closed")
                                         << Pairs { { QStringLiteral("B"), QStringLiteral("2") } };
        QTest::newRow("unclosed single") << QStringLiteral("A=1\nP='hunter2\n") << 2 << QStringLiteral("P")
                                         << QStringLiteral("line 2: the single quote of P is never closed")
                                         << Pairs { { QStringLiteral("A"), QStringLiteral("1") } };
        QTest::newRow("text after quote") << QStringLiteral("P=\"hunter\"2\nB=2\n") << 1 << QStringLiteral("P")
                                          << QStringLiteral("line 1: P has text after its closing quote")
                                          << Pairs { { QStringLiteral("B"), QStringLiteral("2") } };
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, key);
        QFETCH(QString, message);
        QFETCH(Pairs, kept);
        const DotEnvParseResult r = parseDotEnv(text);
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.errors.first().line, line);
        QCOMPARE(r.errors.first().key, key);
        QVERIFY2(r.errors.first().message.startsWith(message), qPrintable(r.errors.first().message));
        QVERIFY2(!r.errors.first().message.contains(QLatin1String("hunter")), qPrintable(r.errors.first().message));
        QCOMPARE(pairs(r), kept);
    }
};

QTEST_GUILESS_MAIN(TestDotEnv)
#include "TestDotEnv.moc"
