// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace alertdesk;
using namespace alertdesk::test;

// No secret reaches the disk or the terminal: channels with distinctive secrets, receivers
// that echo the request back in their errors, then every byte of the profile folder and of
// every command's output is searched for the secrets and their percent-encoded forms.
class TestCliSecretScan final : public QObject {
    Q_OBJECT

    static QString unique(const QString& prefix) { return prefix + QUuid::createUuid().toString(QUuid::Id128); }

    static QStringList args(std::initializer_list<const char*> words)
    {
        QStringList out;
        for (const char* w : words)
            out << QString::fromUtf8(w);
        return out;
    }

    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void noSecretOnDiskOrInOutput()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        // Every log line too: debug output must be as clean as errors.
        cli.environment().insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("alertdesk.*.debug=true"));

        // The receiver echoes what it was sent, as careless servers do: the path in a 404, the
        // API key in a 401, the whole URL in a 503, the path and query in a 400.
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([&server](const RecordedRequest& r) {
            const QByteArray path = r.path;
            if (path.startsWith("/ok/"))
                return ScriptedResponse::ok();
            if (path.startsWith("/missing/"))
                return ScriptedResponse::withStatus(404, "Cannot POST " + path);
            if (path.startsWith("/auth/"))
                return ScriptedResponse::json(401, "{\"error\":\"invalid api key " + r.header("X-Api-Key") + "\"}");
            if (path.startsWith("/busy/"))
                return ScriptedResponse::withStatus(503, "overloaded: " + server.url(QString::fromUtf8(path)).toUtf8());
            return ScriptedResponse::withStatus(400, "bad request to " + path + " with " + r.header("Authorization"));
        });
        // A port with nobody listening: connection refused.
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            closedPort = probe.serverPort();
        }

        struct Hook {
            QString name;
            QString url;
            QString header; // "Name:Value"
            QString hmac;
            QStringList secrets; // every value that must never show
        };
        QList<Hook> hooks;
        auto addHook = [&](const QString& name, const QString& base, const QString& headerName,
                           bool withQuery = false) {
            const QString token = unique(QStringLiteral("PathTok"));
            const QString queryToken = unique(QStringLiteral("QryTok"));
            QString url = base + token;
            if (withQuery)
                url += QStringLiteral("?sig=") + queryToken;
            const QString headerValue = headerName == QLatin1String("Authorization")
                ? QStringLiteral("Bearer ") + unique(QStringLiteral("BearerTok"))
                : unique(QStringLiteral("HdrTok"));
            const QString hmac = QStringLiteral("Hm+ac/") + unique(QStringLiteral("Sec")) + QStringLiteral("==");
            Hook h { name, url, headerName + QLatin1Char(':') + headerValue, hmac, { url, token, headerValue, hmac } };
            if (withQuery)
                h.secrets << queryToken;
            if (headerName == QLatin1String("Authorization"))
                h.secrets << headerValue.mid(7);
            hooks << h;
        };
        addHook(QStringLiteral("ok"), server.url(QStringLiteral("/ok/")), QStringLiteral("X-Api-Key"));
        addHook(QStringLiteral("missing"), server.url(QStringLiteral("/missing/")), QStringLiteral("X-Api-Key"));
        addHook(QStringLiteral("auth"), server.url(QStringLiteral("/auth/")), QStringLiteral("X-Api-Key"));
        addHook(QStringLiteral("busy"), server.url(QStringLiteral("/busy/")), QStringLiteral("X-Api-Key"));
        addHook(QStringLiteral("query"), server.url(QStringLiteral("/query/")), QStringLiteral("Authorization"), true);
        addHook(QStringLiteral("refused"), QStringLiteral("http://127.0.0.1:%1/refused/").arg(closedPort),
            QStringLiteral("X-Api-Key"));

        // Retries fast, so the failures are quick.
        for (const auto& [key, value] :
            { std::pair { "delivery.max_retries", "1" }, std::pair { "delivery.retry_delay_ms", "10" } }) {
            const CliResult r = cli.run({ QStringLiteral("settings"), QStringLiteral("set"), QString::fromLatin1(key),
                QString::fromLatin1(value) });
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }
        for (int i = 0; i < hooks.size(); ++i) {
            const Hook& h = hooks.at(i);
            // The URL from standard input always, the HMAC secret too for every other channel.
            const bool hmacFromStdin = i % 2 == 0;
            const CliResult r = hmacFromStdin
                ? cli.run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), h.name,
                              QStringLiteral("--url"), QStringLiteral("-"), QStringLiteral("--header"), h.header,
                              QStringLiteral("--hmac-secret"), QStringLiteral("-") },
                    h.url.toUtf8() + '\n' + h.hmac.toUtf8() + '\n')
                : cli.addWebhook(h.name, h.url, { h.header }, h.hmac);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }
        // Refused input must not echo the secret either.
        const Hook& first = hooks.first();
        const CliResult duplicate = cli.addWebhook(first.name, first.url, { first.header }, first.hmac);
        QVERIFY2(duplicate.exitedWith(2), qPrintable(duplicate.describe()));
        const CliResult badHeader
            = cli.addWebhook(QStringLiteral("bad"), first.url, { first.header.section(QLatin1Char(':'), 1) });
        QVERIFY2(badHeader.exitedWith(2), qPrintable(badHeader.describe()));
        QVERIFY2(badHeader.err.contains("--header"), qPrintable(badHeader.describe()));

        // Alerts to every channel, one by one and all at once; test sends too.
        const CliResult all = cli.run(args({ "send", "--type", "RISK", "--priority", "CRITICAL", "--title",
            "Drawdown 12%", "--message", "Strategy alpha is down 12% today", "--symbol", "BTCUSDT" }));
        QVERIFY2(all.exitedWith(1), qPrintable(all.describe()));
        for (const Hook& h : std::as_const(hooks)) {
            const CliResult one
                = cli.run(args({ "send", "--type", "PRICE", "--priority", "HIGH", "--title", "BTC above 100k" })
                    << QStringLiteral("--channel") << h.name);
            QVERIFY2(one.exitedWith(h.name == QLatin1String("ok") ? 0 : 1), qPrintable(one.describe()));
            const CliResult test = cli.run({ QStringLiteral("test-channel"), h.name });
            QVERIFY2(test.exitedWith(h.name == QLatin1String("ok") ? 0 : 1), qPrintable(test.describe()));
        }
        for (const QStringList& a : { args({ "channel", "list" }), args({ "history", "--limit", "50" }),
                 args({ "health" }), args({ "settings", "list" }), args({ "flush" }) }) {
            const CliResult r = cli.run(a);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }

        const auto files = readFilesUnder(dir.path());
        QStringList names;
        for (const auto& f : files)
            names << QFileInfo(f.first).fileName();
        QVERIFY2(names.contains(QStringLiteral("config.json")) && names.contains(QStringLiteral("history.db")),
            qPrintable(names.join(QLatin1Char(' '))));
        for (const Hook& h : std::as_const(hooks)) {
            for (const QString& secret : h.secrets) {
                const QList<QByteArray> forms { secret.toUtf8(), QUrl::toPercentEncoding(secret),
                    QUrl::toPercentEncoding(secret, "/:?=&") };
                for (const QByteArray& form : forms) {
                    QVERIFY2(!cli.transcript().contains(form),
                        qPrintable(QStringLiteral("the CLI printed a secret of channel %1: %2")
                                       .arg(h.name, QString::fromUtf8(form))));
                    for (const auto& f : files)
                        QVERIFY2(!f.second.contains(form),
                            qPrintable(QStringLiteral("%1 holds a secret of channel %2: %3")
                                           .arg(f.first, h.name, QString::fromUtf8(form))));
                }
            }
        }

        // The errors were there and echoed the secrets: they reached history redacted.
        const CliResult history = cli.run(args({ "history", "--limit", "50" }));
        QVERIFY2(history.exitedWith(0), qPrintable(history.describe()));
        QMap<QString, QString> errors;
        for (const QJsonObject& line : history.jsonLines()) {
            if (line.value(QStringLiteral("title")).toString() != QLatin1String("Drawdown 12%"))
                continue;
            for (const QJsonValue& d : line.value(QStringLiteral("deliveries")).toArray())
                errors.insert(d.toObject().value(QStringLiteral("channel")).toString(),
                    d.toObject().value(QStringLiteral("error")).toString());
        }
        QCOMPARE(errors.size(), hooks.size());
        QVERIFY2(errors.value(QStringLiteral("missing")).startsWith(QLatin1String("HTTP 404: Cannot POST [redacted]")),
            qPrintable(errors.value(QStringLiteral("missing"))));
        QVERIFY2(errors.value(QStringLiteral("auth")).contains(QLatin1String("invalid api key [redacted]")),
            qPrintable(errors.value(QStringLiteral("auth"))));
        QVERIFY2(errors.value(QStringLiteral("busy")).contains(QLatin1String("HTTP 503: overloaded: [redacted]")),
            qPrintable(errors.value(QStringLiteral("busy"))));
        QVERIFY2(errors.value(QStringLiteral("query")).contains(QLatin1String("HTTP 400: bad request to [redacted]")),
            qPrintable(errors.value(QStringLiteral("query"))));
        QVERIFY2(errors.value(QStringLiteral("refused")).contains(QLatin1String("Connection refused")),
            qPrintable(errors.value(QStringLiteral("refused"))));
        QVERIFY(server.requestCount() > 0);
    }
};

QTEST_GUILESS_MAIN(TestCliSecretScan)
#include "TestCliSecretScan.moc"
