// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "SmtpTestServer.h"
#include "TestCertificates.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>

using namespace alertdesk;
using namespace alertdesk::test;

// Redaction that cannot miss, channel kind by channel kind: every kind with a secret gets
// distinctive random secrets, its receiver echoes the request back in its errors (path,
// query, headers, body; 400, 401, 403, 404, 503 and an answer over 1 KB with the secret
// across the points where error texts are cut), every log category is on (Qt's own
// included), and the ingest API is called with its bearer token. Then every byte of every
// command's output and of the profile folder is searched for each secret, its
// percent-encoded forms, the encoded forms the protocols send (Basic, SMTP PLAIN), and
// every 12-character piece of it: a secret cut first and redacted after leaves such a piece.
class TestCliSecretScanKinds final : public QObject {
    Q_OBJECT

    // How the receivers answer during one round of deliveries.
    enum class Mode { KindJson400, Plain401, Json403, Plain404, Plain503, Long };

    // One value that must never show. pieces: its every 12-character piece must not show either.
    struct Secret {
        QString channel;
        QByteArray value;
        bool pieces = false;
    };

    static QByteArray random(int n, const char* alphabet)
    {
        const int size = static_cast<int>(qstrlen(alphabet));
        QByteArray out;
        for (int i = 0; i < n; ++i)
            out += alphabet[QRandomGenerator::global()->bounded(size)];
        return out;
    }
    static QByteArray alnum(int n)
    {
        return random(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    }
    static QByteArray digits(int n) { return random(1, "123456789") + random(n - 1, "0123456789"); }
    static QByteArray hex(int n) { return random(n, "0123456789abcdef"); }

    static QStringList words(std::initializer_list<const char*> list)
    {
        QStringList out;
        for (const char* w : list)
            out << QString::fromUtf8(w);
        return out;
    }

    // Every form of a secret the scan looks for.
    static QList<QByteArray> formsOf(const Secret& s)
    {
        QList<QByteArray> forms { s.value, QUrl::toPercentEncoding(QString::fromUtf8(s.value)),
            QUrl::toPercentEncoding(QString::fromUtf8(s.value), "/:?=&") };
        if (s.pieces) {
            constexpr int kPiece = 12;
            const QList<QByteArray> whole = forms;
            for (const QByteArray& w : whole) {
                for (qsizetype i = 0; i + kPiece <= w.size(); ++i)
                    forms << w.mid(i, kPiece);
            }
        }
        QList<QByteArray> unique;
        for (const QByteArray& f : std::as_const(forms)) {
            if (!unique.contains(f))
                unique << f;
        }
        return unique;
    }

    // What a careless server quotes back: the request line (raw and decoded), the
    // Authorization header, the body, then every other header (the credentials come first, so
    // that they are within the part of an answer that an error text keeps).
    static QByteArray echo(const RecordedRequest& r)
    {
        QByteArray e = r.method + ' ' + r.path + " (" + QByteArray::fromPercentEncoding(r.path) + ")";
        if (!r.header("Authorization").isEmpty())
            e += "; Authorization: " + r.header("Authorization");
        e += "; body: " + r.body;
        for (const auto& h : r.headers) {
            if (h.first.compare("Authorization", Qt::CaseInsensitive) != 0)
                e += "; " + h.first + ": " + h.second;
        }
        return e;
    }

    TestKeychain m_keychain;
    QTemporaryDir m_certDir;
    TestCertificates m_certs;

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        QVERIFY(m_certDir.isValid());
        const QString certs = m_certs.create(m_certDir.path());
        QVERIFY2(certs.isEmpty(), qPrintable(certs));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void noSecretOfAnyKindShows()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        // Every category at debug, Qt's own (qt.network.*, qt.httpserver) among them.
        cli.environment().insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));

        ScriptedHttpServer server;
        QVERIFY(server.listen());
        SmtpTestServer::Options smtpOptions = SmtpTestServer::options(SmtpTestServer::Mode::StartTls, m_certs);
        smtpOptions.echoAuth = true;
        SmtpTestServer smtp(smtpOptions);
        const QString smtpProblem = smtp.start();
        QVERIFY2(smtpProblem.isEmpty(), qPrintable(smtpProblem));

        QList<Secret> secrets;
        // The secret each receiver finds in its request: the long answer puts it where texts are cut.
        QHash<QByteArray, QByteArray> sentSecret; // path prefix -> secret as sent

        // Slack incoming webhook: the URL's path is the credential.
        const QByteArray slackHookToken = alnum(24);
        const QByteArray slackHookPath = "/slack-hook/services/T" + random(10, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
            + "/B" + random(10, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") + "/" + slackHookToken;
        const QByteArray slackHookUrl = server.url(QString::fromLatin1(slackHookPath)).toUtf8();
        secrets << Secret { "slack-hook", slackHookUrl } << Secret { "slack-hook", slackHookPath }
                << Secret { "slack-hook", slackHookToken, true };
        sentSecret.insert("/slack-hook/", slackHookToken);
        // Slack bot token.
        const QByteArray slackBotToken = "xoxb-" + digits(12) + "-" + digits(13) + "-" + alnum(24);
        secrets << Secret { "slack-bot", slackBotToken, true };
        sentSecret.insert("/slack-api/", slackBotToken);
        // Discord: /api/webhooks/<id>/<token>.
        const QByteArray discordToken = random(68, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        const QByteArray discordPath = "/discord/api/webhooks/" + digits(19) + "/" + discordToken;
        const QByteArray discordUrl = server.url(QString::fromLatin1(discordPath)).toUtf8();
        secrets << Secret { "discord", discordUrl } << Secret { "discord", discordPath }
                << Secret { "discord", discordToken, true };
        sentSecret.insert("/discord/", discordToken);
        // Telegram bot token, in the path of every request (/bot<token>/sendMessage).
        const QByteArray telegramToken
            = digits(10) + ":AA" + random(33, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        secrets << Secret { "telegram", telegramToken, true };
        sentSecret.insert("/telegram/", telegramToken);
        // Twilio: the account SID names the account (it is in the URL and the settings); the
        // auth token is the secret, sent as Basic base64(SID:token).
        const QByteArray smsSid = "AC" + hex(32);
        const QByteArray smsToken = hex(32);
        const QByteArray smsBasic = QByteArray(smsSid + ':' + smsToken).toBase64();
        // Base64 characters from the first group made of token bytes only.
        const qsizetype tokenGroups = (smsSid.size() + 1 + 2) / 3;
        secrets << Secret { "sms", smsToken, true } << Secret { "sms", smsBasic }
                << Secret { "sms", smsBasic.mid(tokenGroups * 4), true };
        sentSecret.insert("/twilio/", smsBasic);
        // Twilio voice: another account, the same Basic credentials; calls that are never placed.
        const QByteArray voiceSid = "AC" + hex(32);
        const QByteArray voiceToken = hex(32);
        const QByteArray voiceBasic = QByteArray(voiceSid + ':' + voiceToken).toBase64();
        secrets << Secret { "voice", voiceToken, true } << Secret { "voice", voiceBasic }
                << Secret { "voice", voiceBasic.mid(tokenGroups * 4), true };
        sentSecret.insert("/voice/", voiceBasic);
        // ntfy: a Bearer access token on one channel, Basic user:password on another.
        const QByteArray ntfyToken = "tk_" + alnum(29);
        secrets << Secret { "ntfy-token", ntfyToken, true };
        sentSecret.insert("/ntfy-token/", ntfyToken);
        const QByteArray ntfyPassword = alnum(24);
        const QByteArray ntfyBasic = QByteArray("trader:" + ntfyPassword).toBase64();
        secrets << Secret { "ntfy-user", ntfyPassword, true } << Secret { "ntfy-user", ntfyBasic }
                << Secret { "ntfy-user", ntfyBasic.mid(3 * 4), true };
        sentSecret.insert("/ntfy-user/", ntfyBasic);
        // Pushover: the user key and the application token, both in the body.
        const QByteArray pushoverUser = alnum(30);
        const QByteArray pushoverToken = alnum(30);
        secrets << Secret { "pushover", pushoverUser, true } << Secret { "pushover", pushoverToken, true };
        sentSecret.insert("/pushover/", pushoverToken);
        // Teams Workflows URL: the sig= query value is the credential.
        const QByteArray teamsSig = random(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        const QByteArray teamsUrl = server
                                        .url(QStringLiteral("/teams/workflows/%1/triggers/manual/paths/invoke")
                                                 .arg(QString::fromLatin1(hex(32))))
                                        .toUtf8()
            + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + teamsSig;
        secrets << Secret { "teams", teamsUrl } << Secret { "teams", teamsSig, true };
        sentSecret.insert("/teams/", teamsSig);
        // PagerDuty: a 32-character routing key in the body.
        const QByteArray routingKey = hex(32);
        secrets << Secret { "pagerduty", routingKey, true };
        sentSecret.insert("/pagerduty/", routingKey);
        // A webhook: URL path token, a bearer header and an HMAC secret.
        const QByteArray hookToken = alnum(32);
        const QByteArray hookUrl = server.url(QStringLiteral("/hook/") + QString::fromLatin1(hookToken)).toUtf8();
        const QByteArray hookBearer = alnum(40);
        const QByteArray hookHmac = "Hm+ac/" + alnum(30) + "==";
        secrets << Secret { "webhook", hookUrl } << Secret { "webhook", hookToken, true }
                << Secret { "webhook", hookBearer, true } << Secret { "webhook", hookHmac, true };
        sentSecret.insert("/hook/", hookBearer);
        // Alertmanager: basic auth (sent as Basic base64(user:password)) on one cluster, a bearer
        // token on another.
        const QByteArray amUser = "desk";
        const QByteArray amPassword = alnum(32);
        const QByteArray amBasic = QByteArray(amUser + ':' + amPassword).toBase64();
        const qsizetype amUserGroups = (amUser.size() + 1 + 2) / 3;
        secrets << Secret { "am-basic", amPassword, true } << Secret { "am-basic", amBasic }
                << Secret { "am-basic", amBasic.mid(amUserGroups * 4), true };
        sentSecret.insert("/am-basic/", amBasic);
        const QByteArray amToken = alnum(40);
        secrets << Secret { "am-bearer", amToken, true };
        sentSecret.insert("/am-bearer/", amToken);
        // Email: the SMTP password, and what goes over the wire for it (AUTH PLAIN / LOGIN).
        const QByteArray mailUser = "trader";
        const QByteArray mailPassword = alnum(32);
        secrets << Secret { "email", mailPassword, true } << Secret { "email", mailPassword.toBase64() }
                << Secret { "email", QByteArray('\0' + mailUser + '\0' + mailPassword).toBase64() };

        Mode mode = Mode::KindJson400;
        server.setHandler([&](const RecordedRequest& r) {
            const QByteArray path = r.path;
            QByteArray prefix;
            for (auto it = sentSecret.cbegin(); it != sentSecret.cend(); ++it) {
                if (path.startsWith(it.key()))
                    prefix = it.key();
            }
            const QByteArray said = echo(r);
            const bool slackApi = prefix == "/slack-api/";
            switch (mode) {
            case Mode::KindJson400: {
                // In each platform's own error shape, the echo where its message goes.
                const QString text = QString::fromUtf8(said);
                QJsonObject o;
                int status = 400;
                if (slackApi) {
                    status = 200;
                    o = { { "ok", false }, { "error", text } };
                } else if (prefix == "/telegram/") {
                    o = { { "ok", false }, { "error_code", 400 }, { "description", text } };
                } else if (prefix == "/discord/") {
                    o = { { "message", text }, { "code", 50006 } };
                } else if (prefix == "/twilio/" || prefix == "/voice/") {
                    o = { { "code", 21211 }, { "message", text }, { "status", 400 } };
                } else if (prefix == "/teams/") {
                    o = { { "error", QJsonObject { { "code", text }, { "message", text } } } };
                } else if (prefix == "/ntfy-token/" || prefix == "/ntfy-user/") {
                    o = { { "code", 40001 }, { "http", 400 }, { "error", text } };
                } else if (prefix == "/pushover/") {
                    o = { { "user", "invalid" }, { "errors", QJsonArray { text } }, { "status", 0 } };
                } else if (prefix == "/pagerduty/") {
                    o = { { "status", "invalid event" }, { "message", text }, { "errors", QJsonArray { text } } };
                } else {
                    o = { { "error", text } };
                }
                return ScriptedResponse::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact));
            }
            case Mode::Plain401:
                return ScriptedResponse::withStatus(
                    401, "unauthorized: " + r.header("Authorization") + " is not valid for " + said);
            case Mode::Json403:
                return ScriptedResponse::json(403,
                    QJsonDocument(QJsonObject { { "error", QString::fromUtf8(said) } }).toJson(QJsonDocument::Compact));
            case Mode::Plain404:
                return ScriptedResponse::withStatus(404, "Cannot POST " + said);
            case Mode::Plain503:
                return ScriptedResponse::withStatus(
                    503, "overloaded: " + server.url(QString::fromUtf8(path)).toUtf8() + " " + said);
            case Mode::Long: {
                // Over 1 KB: the secret across character 200 (Slack's cut of an unreadable
                // answer) and 600 (the cut of every answer's text), 24 characters of it before
                // the cut, and at the end.
                const QByteArray secret = sentSecret.value(prefix);
                QByteArray body = QByteArray(176, 'a') + secret;
                body += QByteArray(std::max<qsizetype>(1, 576 - body.size()), 'b') + secret;
                body += QByteArray(std::max<qsizetype>(1, 1100 - body.size()), 'c') + said + ' ' + secret;
                return ScriptedResponse::withStatus(slackApi ? 200 : 400, body);
            }
            }
            return ScriptedResponse::withStatus(500, said);
        });

        // Retries fast, so the failures are quick; the ingest API on a port of the system's choice.
        for (const auto& [key, value] : { std::pair { "delivery.max_retries", "1" },
                 std::pair { "delivery.retry_delay_ms", "10" }, std::pair { "ingest.port", "0" } }) {
            const CliResult r = cli.run({ QStringLiteral("settings"), QStringLiteral("set"), QString::fromLatin1(key),
                QString::fromLatin1(value) });
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }

        // Every secret through standard input, as a user should give it.
        struct Add {
            QStringList args;
            QByteArray input;
        };
        const QList<Add> adds {
            { words({ "channel", "add", "slack", "slack-hook", "--webhook-url", "-" }), slackHookUrl + '\n' },
            { words({ "channel", "add", "slack", "slack-bot", "--bot-token", "-", "--channel-id", "C0123ABCDEF",
                  "--api-base" })
                    << server.url(QStringLiteral("/slack-api/")),
                slackBotToken + '\n' },
            { words({ "channel", "add", "discord", "discord", "--webhook-url", "-" }), discordUrl + '\n' },
            { words({ "channel", "add", "telegram", "telegram", "--bot-token", "-", "--chat-id", "-1001234567890",
                  "--api-base" })
                    << server.url(QStringLiteral("/telegram")),
                telegramToken + '\n' },
            { words({ "channel", "add", "sms", "sms", "--auth-token", "-", "--from", "+15005550006", "--to",
                  "+15005550009", "--account-sid" })
                    << QString::fromLatin1(smsSid) << QStringLiteral("--api-base")
                    << server.url(QStringLiteral("/twilio")),
                smsToken + '\n' },
            { words({ "channel", "add", "voice", "voice", "--auth-token", "-", "--from", "+15005550006", "--to",
                  "+15005550009", "--account-sid" })
                    << QString::fromLatin1(voiceSid) << QStringLiteral("--api-base")
                    << server.url(QStringLiteral("/voice")),
                voiceToken + '\n' },
            { words({ "channel", "add", "ntfy", "ntfy-token", "--topic", "desk-alerts", "--token", "-", "--server" })
                    << server.url(QStringLiteral("/ntfy-token/")),
                ntfyToken + '\n' },
            { words({ "channel", "add", "ntfy", "ntfy-user", "--topic", "desk-alerts", "--user", "trader", "--password",
                  "-", "--server" })
                    << server.url(QStringLiteral("/ntfy-user/")),
                ntfyPassword + '\n' },
            { words({ "channel", "add", "pushover", "pushover", "--user-key", "-", "--app-token", "-", "--api-base" })
                    << server.url(QStringLiteral("/pushover")),
                pushoverUser + '\n' + pushoverToken + '\n' },
            { words({ "channel", "add", "teams", "teams", "--webhook-url", "-" }), teamsUrl + '\n' },
            { words({ "channel", "add", "pagerduty", "pagerduty", "--routing-key", "-", "--api-base" })
                    << server.url(QStringLiteral("/pagerduty")),
                routingKey + '\n' },
            { words({ "channel", "add", "alertmanager", "am-basic", "--basic-auth", "-", "--url" })
                    << server.url(QStringLiteral("/am-basic")),
                amUser + ':' + amPassword + '\n' },
            { words({ "channel", "add", "alertmanager", "am-bearer", "--bearer-token", "-", "--url" })
                    << server.url(QStringLiteral("/am-bearer")),
                amToken + '\n' },
            { words({ "channel", "add", "webhook", "webhook", "--url", "-", "--hmac-secret", "-", "--header" })
                    << QStringLiteral("Authorization:Bearer ") + QString::fromLatin1(hookBearer),
                hookUrl + '\n' + hookHmac + '\n' },
            { words({ "channel", "add", "email", "email", "--smtp-host", "127.0.0.1", "--security", "starttls",
                  "--username", "trader", "--password", "-", "--auth", "plain", "--from", "alerts@example.com", "--to",
                  "trader@example.com", "--smtp-port" })
                    << QString::number(smtp.port()) << QStringLiteral("--ca-file") << m_certs.caFile(),
                mailPassword + '\n' },
        };
        // Every round below fails on purpose; an open circuit would hold the later rounds for its
        // cooldown instead of letting each answer reach the outputs scanned here.
        const CliResult threshold = cli.run({ QStringLiteral("settings"), QStringLiteral("set"),
            QStringLiteral("delivery.breaker_threshold"), QStringLiteral("1000") });
        QVERIFY2(threshold.exitedWith(0), qPrintable(threshold.describe()));
        QStringList channels;
        for (const Add& a : adds) {
            const CliResult r = cli.run(a.args, a.input);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
            channels << a.args.at(3);
        }
        // Refused input must not echo the secret either: a second channel of the same name.
        for (const Add& a : adds) {
            const CliResult again = cli.run(a.args, a.input);
            QVERIFY2(again.exitedWith(2), qPrintable(again.describe()));
        }

        // One round of alerts per way of answering, to every channel.
        const QList<std::pair<Mode, QString>> rounds { { Mode::KindJson400, QStringLiteral("json 400") },
            { Mode::Plain401, QStringLiteral("plain 401") }, { Mode::Json403, QStringLiteral("json 403") },
            { Mode::Plain404, QStringLiteral("plain 404") }, { Mode::Plain503, QStringLiteral("plain 503") },
            { Mode::Long, QStringLiteral("long 400") } };
        for (const auto& [m, title] : rounds) {
            mode = m;
            const CliResult r = cli.run(words({ "send", "--type", "RISK", "--priority", "CRITICAL", "--message",
                                            "Strategy alpha is down 12% today", "--title" })
                << QStringLiteral("Round ") + title);
            QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
        }
        mode = Mode::Plain401;
        for (const QString& c : std::as_const(channels)) {
            const CliResult test = cli.run({ QStringLiteral("test-channel"), c });
            QVERIFY2(test.exitedWith(1), qPrintable(test.describe()));
        }

        // The ingest API with its bearer token (read by a command whose output is not scanned:
        // printing it is that command's purpose), and a caller's wrong token.
        CliRunner tokenCli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        const CliResult tokenResult = tokenCli.run(words({ "api-token" }));
        QVERIFY2(tokenResult.exitedWith(0), qPrintable(tokenResult.describe()));
        const QByteArray ingestToken = tokenResult.out.trimmed();
        QVERIFY(ingestToken.startsWith("adk_"));
        const QByteArray wrongToken = "adk_" + alnum(40);
        secrets << Secret { "ingest", ingestToken, true } << Secret { "ingest", wrongToken, true };
        mode = Mode::Long;
        {
            auto run = cli.start({ QStringLiteral("run") });
            QVERIFY(run);
            QVERIFY2(run->waitForStderr("ingest API on", 15000), qPrintable(run->result().describe()));
            static const QRegularExpression portRe(QStringLiteral("ingest API on http://127\\.0\\.0\\.1:(\\d+)/"));
            const int port = portRe.match(QString::fromUtf8(run->err())).captured(1).toInt();
            QVERIFY(port > 0);
            const int before = server.requestCount();
            QNetworkAccessManager nam;
            auto post = [&](const QByteArray& token) {
                QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/alerts").arg(port)));
                req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
                req.setRawHeader("Authorization", "Bearer " + token);
                QNetworkReply* reply = nam.post(req,
                    QByteArrayLiteral(
                        R"({"type":"RISK","priority":"HIGH","title":"Through the API","message":"drawdown"})"));
                waitUntil([&] { return reply->isFinished(); }, 10000);
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                reply->deleteLater();
                return status;
            };
            QCOMPARE(post(wrongToken), 401);
            QCOMPARE(post(ingestToken), 202);
            // Every HTTP channel hears of it; their errors are logged as they come.
            QVERIFY2(waitUntil([&] { return server.requestCount() >= before + 8; }, 20000),
                qPrintable(run->result().describe()));
            QVERIFY2(run->waitForStderr("ingest: /v1/alerts 202", 10000), run->err().constData());
            // Every channel's answers handled (and so logged), retries included, before the
            // process stops: no delivery of the alert still pending or waiting.
            const auto answered = [&cli] {
                const CliResult h
                    = cli.run({ QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("5") });
                for (const QJsonObject& line : h.jsonLines()) {
                    if (line.value(QStringLiteral("title")).toString() != QLatin1String("Through the API"))
                        continue;
                    const QJsonArray deliveries = line.value(QStringLiteral("deliveries")).toArray();
                    return !deliveries.isEmpty()
                        && std::all_of(deliveries.begin(), deliveries.end(), [](const auto& d) {
                               const QString status = d.toObject().value(QStringLiteral("status")).toString();
                               return status != QLatin1String("pending") && status != QLatin1String("waiting");
                           });
                }
                return false;
            };
            QVERIFY2(waitUntil(answered, 20000), run->err().constData());
            run->terminate();
            QVERIFY(run->waitForFinished(15000));
            cli.record(*run);
        }

        for (const QStringList& a : { words({ "channel", "list" }), words({ "history", "--limit", "50" }),
                 words({ "health" }), words({ "settings", "list" }), words({ "flush" }) }) {
            const CliResult r = cli.run(a);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }

        // The receivers did get the secrets, and the answers quoting them did come back.
        const QByteArray sent = [&] {
            QByteArray all;
            for (const RecordedRequest& r : server.requests())
                all += echo(r) + '\n';
            return all;
        }();
        for (auto it = sentSecret.cbegin(); it != sentSecret.cend(); ++it)
            QVERIFY2(sent.contains(it.value()), it.key().constData());
        QVERIFY2(!smtp.events(QStringLiteral("auth")).isEmpty(), "no AUTH reached the SMTP server");
        QVERIFY2(cli.transcript().contains("[redacted]"), "the echoed errors were not logged");

        // The scan.
        const auto files = readFilesUnder(dir.path());
        QStringList names;
        for (const auto& f : files)
            names << QFileInfo(f.first).fileName();
        QVERIFY2(names.contains(QStringLiteral("config.json")) && names.contains(QStringLiteral("history.db")),
            qPrintable(names.join(QLatin1Char(' '))));
        // Every leak is listed (the first place of each form), not only the first one.
        QStringList leaks;
        for (const Secret& s : std::as_const(secrets)) {
            for (const QByteArray& form : formsOf(s)) {
                const qsizetype at = cli.transcript().indexOf(form);
                if (at >= 0)
                    leaks << QStringLiteral("the CLI printed a secret of channel %1: %2 in ...%3...")
                                 .arg(s.channel, QString::fromUtf8(form),
                                     QString::fromUtf8(cli.transcript().mid(std::max<qsizetype>(0, at - 150), 250)));
                for (const auto& f : files) {
                    if (f.second.contains(form))
                        leaks << QStringLiteral("%1 holds a secret of channel %2: %3")
                                     .arg(f.first, s.channel, QString::fromUtf8(form));
                }
            }
        }
        for (const QString& leak : std::as_const(leaks))
            qWarning().noquote() << leak;
        QVERIFY2(leaks.isEmpty(),
            qPrintable(QStringLiteral("%1 leaks (listed above), the first: %2").arg(leaks.size()).arg(leaks.value(0))));

        // Every round's error reached history, redacted, for every channel.
        const CliResult history = cli.run(words({ "history", "--limit", "50" }));
        QVERIFY2(history.exitedWith(0), qPrintable(history.describe()));
        int roundsSeen = 0;
        int redactedErrors = 0;
        for (const QJsonObject& line : history.jsonLines()) {
            const QString title = line.value(QStringLiteral("title")).toString();
            if (!title.startsWith(QLatin1String("Round ")))
                continue;
            ++roundsSeen;
            QStringList seen;
            for (const QJsonValue& d : line.value(QStringLiteral("deliveries")).toArray()) {
                const QString channel = d.toObject().value(QStringLiteral("channel")).toString();
                const QString error = d.toObject().value(QStringLiteral("error")).toString();
                seen << channel;
                // Where the error quotes the answer (a platform may keep only its own error
                // field, e.g. Telegram's description), what it quotes is redacted.
                const bool quotes = error.contains(QLatin1String("POST /"))
                    || error.contains(QLatin1String("aaaaaaaaaa")) || channel == QLatin1String("email");
                QVERIFY2(!quotes || error.contains(QLatin1String("[redacted]")),
                    qPrintable(QStringLiteral("%1, %2: %3").arg(title, channel, error)));
                if (error.contains(QLatin1String("[redacted]")))
                    ++redactedErrors;
            }
            seen.sort();
            QStringList expected = channels;
            expected.sort();
            QCOMPARE(seen, expected);
        }
        QCOMPARE(roundsSeen, rounds.size());
        // All but a few (Telegram keeps only its description) quote the echo, redacted.
        QVERIFY2(redactedErrors >= channels.size() * (rounds.size() - 1), qPrintable(QString::number(redactedErrors)));
    }
};

QTEST_GUILESS_MAIN(TestCliSecretScanKinds)
#include "TestCliSecretScanKinds.moc"
