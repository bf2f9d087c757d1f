// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "util/Logging.h"
#include "util/Redactor.h"

#include <QTest>
#include <QUrl>

using namespace alertdesk;

// Secrets never leave in an error or log line: plain and percent-encoded forms are replaced.
class TestRedactor final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void redacts_data()
    {
        QTest::addColumn<QStringList>("secrets");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");

        const QString hook = QStringLiteral("https://hooks.slack.com/services/T000/B000/XXXXsecret");
        QTest::newRow("plain token") << QStringList { QStringLiteral("xoxb-123_456_abc") }
                                     << QStringLiteral("invalid_auth for xoxb-123_456_abc, retry later")
                                     << QStringLiteral("invalid_auth for [redacted], retry later");
        QTest::newRow("every occurrence")
            << QStringList { QStringLiteral("s3cr3t") } << QStringLiteral("s3cr3t and s3cr3t again")
            << QStringLiteral("[redacted] and [redacted] again");
        QTest::newRow("whole webhook URL")
            << QStringList { hook } << QStringLiteral("Error transferring %1 - server replied: Not Found").arg(hook)
            << QStringLiteral("Error transferring [redacted] - server replied: Not Found");
        QTest::newRow("percent-encoded") << QStringList { QStringLiteral("p@ss word/1") }
                                         << QStringLiteral("url=https://x/?key=p%40ss%20word%2F1&y=2")
                                         << QStringLiteral("url=https://x/?key=[redacted]&y=2");
        QTest::newRow("percent-encoded, lower-case hex")
            << QStringList { QStringLiteral("p@ss word/1") } << QStringLiteral("key=p%40ss%20word%2f1")
            << QStringLiteral("key=[redacted]");
        QTest::newRow("encoded URL in a query")
            << QStringList { hook } << QStringLiteral("callback=") + QString::fromLatin1(QUrl::toPercentEncoding(hook))
            << QStringLiteral("callback=[redacted]");
        QTest::newRow("longest first") << QStringList { QStringLiteral("abcd"), QStringLiteral("abcdefgh") }
                                       << QStringLiteral("x abcdefgh y abcd")
                                       << QStringLiteral("x [redacted] y [redacted]");
        QTest::newRow("too short to be a secret")
            << QStringList { QStringLiteral("id") } << QStringLiteral("id is fine") << QStringLiteral("id is fine");
        QTest::newRow("nothing to hide") << QStringList { QStringLiteral("secretvalue") }
                                         << QStringLiteral("HTTP 500: boom") << QStringLiteral("HTTP 500: boom");
    }
    void redacts()
    {
        QFETCH(QStringList, secrets);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        Redactor r;
        for (const QString& s : secrets)
            r.addSecret(s);
        QCOMPARE(r.apply(text), expected);
    }

    void listOfUrlsWithParts()
    {
        // Slack and Discord keep their webhook URLs as one JSON list: a server that echoes only
        // the path, or only the token segment, of one of them is redacted too.
        Redactor r;
        r.addSecretWithParts(QStringLiteral(
            "[\"https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx\",\"https://x.test/h/y\"]"));
        QCOMPARE(r.apply(QStringLiteral("Cannot POST /services/T0001/B0001/abcdefghijklmnopqrstuvwx")),
            QStringLiteral("Cannot POST [redacted]"));
        QCOMPARE(r.apply(QStringLiteral("no such token abcdefghijklmnopqrstuvwx")),
            QStringLiteral("no such token [redacted]"));
        QCOMPARE(r.apply(QStringLiteral("to https://x.test/h/y")), QStringLiteral("to [redacted]"));
    }

    void emptyRedactorChangesNothing()
    {
        Redactor r;
        QVERIFY(r.isEmpty());
        QCOMPARE(r.apply(QStringLiteral("a b c")), QStringLiteral("a b c"));
        r.addSecret(QStringLiteral("ab"));
        QVERIFY(r.isEmpty());
        r.addSecret(QStringLiteral("abcd"));
        QVERIFY(!r.isEmpty());
    }

    // Qt's own network and HTTP server categories print request headers: kept quiet even
    // when every category's debug output is asked for; ours still speak.
    void qtNetworkCategoriesStayQuiet()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        QLoggingCategory httpServer("qt.httpserver");
        QLoggingCategory http2("qt.network.http2");
        QVERIFY(httpServer.isDebugEnabled()); // what the rules alone would do
        guardQtNetworkLogging();
        QVERIFY(!httpServer.isDebugEnabled());
        QVERIFY(!httpServer.isInfoEnabled());
        QVERIFY(!http2.isDebugEnabled());
        QVERIFY(httpServer.isWarningEnabled());
        QVERIFY(lcChannels().isDebugEnabled());
        QLoggingCategory::setFilterRules(QString());
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "TestRedactor.moc"
