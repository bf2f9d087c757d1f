// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "config/SecretStore.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace alertdesk;
using namespace alertdesk::test;

// alertdesk-cli and KeychainSecretStore against the real Secret Service (gnome-keyring on a
// private D-Bus session): secrets go to the keychain and back, never to the profile folder.
class TestCliKeychain final : public QObject {
    Q_OBJECT

    static QJsonObject readConfig(const QString& dir)
    {
        QFile f(QDir(dir).filePath(QStringLiteral("config.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

    static QList<QByteArray> forms(const QString& secret)
    {
        return { secret.toUtf8(), QUrl::toPercentEncoding(secret) };
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

    void keychainStoreRoundTrip_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("webhook URL") << QStringLiteral(
            "https://hooks.example.com/services/T0/B0/abcdefghijklmnopqrstuvwx");
        QTest::newRow("unicode") << QStringLiteral("p\u00e4ssw\u00f6rd \u2013 \U0001F511 with spaces");
        QTest::newRow("JSON headers") << QStringLiteral("{\"Authorization\":\"Bearer x+y/z==\",\"X-Key\":\"a\\\"b\"}");
        QTest::newRow("long") << QString(4000, QLatin1Char('k'));
    }

    void keychainStoreRoundTrip()
    {
        QFETCH(QString, value);
        const QString profileId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString key = SecretStore::key(profileId, QStringLiteral("hook"), QStringLiteral("url"));
        QCOMPARE(key, profileId + QStringLiteral("/hook/url"));

        const SecretResult missing = TestKeychain::read(key);
        QVERIFY(!missing.ok);
        QVERIFY2(missing.notFound, qPrintable(missing.error));

        const SecretResult w
            = TestKeychain::call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.write(key, value, cb); });
        QVERIFY2(w.ok, qPrintable(w.error));
        const SecretResult r = TestKeychain::read(key);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.value, value);

        // Writing again replaces the value.
        const QString second = value + QStringLiteral("-2");
        QVERIFY(
            TestKeychain::call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.write(key, second, cb); }).ok);
        QCOMPARE(TestKeychain::read(key).value, second);

        // Another field of the same channel is another entry.
        const QString otherKey = SecretStore::key(profileId, QStringLiteral("hook"), QStringLiteral("hmac_secret"));
        QVERIFY(TestKeychain::read(otherKey).notFound);

        const SecretResult rm
            = TestKeychain::call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.remove(key, cb); });
        QVERIFY2(rm.ok, qPrintable(rm.error));
        const SecretResult gone = TestKeychain::read(key);
        QVERIFY(!gone.ok);
        QVERIFY2(gone.notFound, qPrintable(gone.error));
        // The value never shows in an error.
        QVERIFY(!gone.error.contains(value));
        // Removing what is not there is no failure.
        QVERIFY(TestKeychain::call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.remove(key, cb); }).ok);
    }

    void webhookChannelRoundTrip_data()
    {
        QTest::addColumn<bool>("urlFromStdin");
        QTest::addColumn<bool>("hmacFromStdin");
        QTest::newRow("options") << false << false;
        QTest::newRow("url from stdin") << true << false;
        QTest::newRow("hmac from stdin") << false << true;
        QTest::newRow("both from stdin") << true << true;
    }

    void webhookChannelRoundTrip()
    {
        QFETCH(bool, urlFromStdin);
        QFETCH(bool, hmacFromStdin);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());

        const QString token = QStringLiteral("Tk") + QUuid::createUuid().toString(QUuid::Id128);
        const QString url = server.url(QStringLiteral("/hooks/") + token);
        const QString headerValue = QStringLiteral("hv-") + QUuid::createUuid().toString(QUuid::Id128);
        const QString hmacSecret
            = QStringLiteral("hm+ac/") + QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral("==");

        QByteArray input;
        if (urlFromStdin)
            input += url.toUtf8() + '\n';
        if (hmacFromStdin)
            input += hmacSecret.toUtf8() + '\n';
        const CliResult add
            = cli.run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"),
                          QStringLiteral("hook"), QStringLiteral("--url"), urlFromStdin ? QStringLiteral("-") : url,
                          QStringLiteral("--header"), QStringLiteral("X-Api-Key:") + headerValue,
                          QStringLiteral("--hmac-secret"), hmacFromStdin ? QStringLiteral("-") : hmacSecret },
                input);
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        QVERIFY2(add.out.contains("added channel hook"), qPrintable(add.describe()));

        // The profile names the secret fields; the values are in the keychain under profile-id/channel/field.
        const QJsonObject config = readConfig(dir.path());
        const QString profileId = config.value(QStringLiteral("profile_id")).toString();
        QVERIFY(!profileId.isEmpty());
        const QJsonArray channels = config.value(QStringLiteral("channels")).toArray();
        QCOMPARE(channels.size(), 1);
        QStringList fields;
        for (const QJsonValue& v : channels.first().toObject().value(QStringLiteral("secret_fields")).toArray())
            fields << v.toString();
        fields.sort();
        QCOMPARE(
            fields, (QStringList { QStringLiteral("headers"), QStringLiteral("hmac_secret"), QStringLiteral("url") }));
        const SecretResult storedUrl
            = TestKeychain::read(SecretStore::key(profileId, QStringLiteral("hook"), QStringLiteral("url")));
        QVERIFY2(storedUrl.ok, qPrintable(storedUrl.error));
        QCOMPARE(storedUrl.value, url);
        const SecretResult storedHmac
            = TestKeychain::read(SecretStore::key(profileId, QStringLiteral("hook"), QStringLiteral("hmac_secret")));
        QVERIFY2(storedHmac.ok, qPrintable(storedHmac.error));
        QCOMPARE(storedHmac.value, hmacSecret);
        const SecretResult storedHeaders
            = TestKeychain::read(SecretStore::key(profileId, QStringLiteral("hook"), QStringLiteral("headers")));
        QVERIFY2(storedHeaders.ok, qPrintable(storedHeaders.error));
        QCOMPARE(QJsonDocument::fromJson(storedHeaders.value.toUtf8())
                     .object()
                     .value(QStringLiteral("X-Api-Key"))
                     .toString(),
            headerValue);

        // channel list: JSON, secrets only as "set".
        const CliResult list = cli.run({ QStringLiteral("channel"), QStringLiteral("list") });
        QVERIFY2(list.exitedWith(0), qPrintable(list.describe()));
        const QJsonArray listed = list.json().array();
        QCOMPARE(listed.size(), 1);
        const QJsonObject entry = listed.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("name")).toString(), QStringLiteral("hook"));
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("webhook"));
        QCOMPARE(entry.value(QStringLiteral("enabled")).toBool(), true);
        const QJsonObject secrets = entry.value(QStringLiteral("secrets")).toObject();
        QCOMPARE(secrets.keys(), fields);
        for (const QString& f : std::as_const(fields))
            QCOMPARE(secrets.value(f).toString(), QStringLiteral("set"));

        // A send reaches the server with the URL, the header and a valid signature.
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const CliResult send = cli.run({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("PRICE"),
            QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"),
            QStringLiteral("BTC above 100k"), QStringLiteral("--message"), QStringLiteral("crossed up") });
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(QString::fromUtf8(req.path), QStringLiteral("/hooks/") + token);
        QCOMPARE(QString::fromUtf8(req.header("X-Api-Key")), headerValue);
        const QJsonObject report = send.json().object();
        const QJsonObject result = report.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        QCOMPARE(QString::fromLatin1(req.header("Idempotency-Key")),
            result.value(QStringLiteral("idempotency_key")).toString());
        QCOMPARE(req.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("BTC above 100k"));
        // X-AlertDesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>, checked here
        // independently of the code that made it.
        const QList<QByteArray> parts = req.header("X-AlertDesk-Signature").split(',');
        QCOMPARE(parts.size(), 2);
        QVERIFY(parts[0].startsWith("t="));
        QVERIFY(parts[1].startsWith("v1="));
        const QByteArray ts = parts[0].mid(2);
        QVERIFY(ts.toLongLong() >= before && ts.toLongLong() <= QDateTime::currentSecsSinceEpoch());
        const QByteArray expected
            = QMessageAuthenticationCode::hash(ts + '.' + req.body, hmacSecret.toUtf8(), QCryptographicHash::Sha256)
                  .toHex();
        QCOMPARE(parts[1].mid(3), expected);

        // No secret in the profile folder nor in anything the CLI printed.
        for (const QString& s : { url, token, headerValue, hmacSecret }) {
            for (const QByteArray& form : forms(s)) {
                QVERIFY2(!cli.transcript().contains(form), qPrintable(QStringLiteral("CLI output shows a secret")));
                for (const auto& file : readFilesUnder(dir.path()))
                    QVERIFY2(
                        !file.second.contains(form), qPrintable(QStringLiteral("%1 holds a secret").arg(file.first)));
            }
        }

        // channel remove deletes the keychain entries.
        const CliResult remove
            = cli.run({ QStringLiteral("channel"), QStringLiteral("remove"), QStringLiteral("hook") });
        QVERIFY2(remove.exitedWith(0), qPrintable(remove.describe()));
        for (const QString& f : std::as_const(fields)) {
            const SecretResult gone = TestKeychain::read(SecretStore::key(profileId, QStringLiteral("hook"), f));
            QVERIFY2(!gone.ok && gone.notFound, qPrintable(f + QStringLiteral(": ") + gone.error));
        }
        QVERIFY(readConfig(dir.path()).value(QStringLiteral("channels")).toArray().isEmpty());
        const CliResult listAfter = cli.run({ QStringLiteral("channel"), QStringLiteral("list") });
        QVERIFY2(listAfter.exitedWith(0), qPrintable(listAfter.describe()));
        QCOMPARE(listAfter.json().array().size(), 0);
    }

    void noKeychain_data()
    {
        QTest::addColumn<bool>("busRuns");
        QTest::newRow("no session bus") << false;
        QTest::newRow("session bus without a Secret Service") << true;
    }

    void noKeychain()
    {
        QFETCH(bool, busRuns);
        QTemporaryDir dir;
        QTemporaryDir busDir;
        QVERIFY(dir.isValid() && busDir.isValid());
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());

        QProcess bus;
        QString address = QStringLiteral("unix:path=") + busDir.filePath(QStringLiteral("no-such-bus"));
        if (busRuns) {
            // A bus of our own with no service folders, so nothing can be activated on it.
            QFile conf(busDir.filePath(QStringLiteral("bus.conf")));
            QVERIFY(conf.open(QIODevice::WriteOnly));
            conf.write(
                QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                               "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                               "<busconfig><type>session</type><listen>unix:path=%1</listen><auth>EXTERNAL</auth>"
                               "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                               "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                    .arg(busDir.filePath(QStringLiteral("bus")))
                    .toUtf8());
            conf.close();
            bus.start(QStringLiteral("dbus-daemon"),
                { QStringLiteral("--nofork"), QStringLiteral("--print-address"),
                    QStringLiteral("--config-file=") + conf.fileName() });
            QVERIFY2(bus.waitForStarted(5000), "dbus-daemon (package dbus) is needed");
            QVERIFY(waitUntil([&] { return bus.canReadLine() || bus.state() == QProcess::NotRunning; }, 10000));
            address = QString::fromUtf8(bus.readLine()).trimmed();
            QVERIFY2(address.startsWith(QLatin1String("unix:")), qPrintable(address));
        }
        cli.environment().insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);

        const QString url
            = QStringLiteral("http://127.0.0.1:9/hooks/NoKeychainToken") + QUuid::createUuid().toString(QUuid::Id128);
        const QString hmac = QStringLiteral("NoKeychainHmac") + QUuid::createUuid().toString(QUuid::Id128);
        const CliResult add = cli.run(
            { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), QStringLiteral("hook"),
                QStringLiteral("--url"), QStringLiteral("-"), QStringLiteral("--hmac-secret"), hmac },
            url.toUtf8() + '\n');
        if (busRuns) {
            bus.terminate();
            bus.waitForFinished(5000);
        }
        QVERIFY2(add.exitedWith(1), qPrintable(add.describe()));
        QVERIFY2(add.err.contains("no keychain is available"), qPrintable(add.describe()));
        QVERIFY2(!add.out.contains("added"), qPrintable(add.describe()));

        // Nothing was saved: no channel in config.json, no secret anywhere in the folder.
        QVERIFY(readConfig(dir.path()).value(QStringLiteral("channels")).toArray().isEmpty());
        const auto files = readFilesUnder(dir.path());
        for (const QString& s : { url, hmac }) {
            for (const QByteArray& form : forms(s)) {
                QVERIFY2(!add.out.contains(form) && !add.err.contains(form), "the CLI printed a secret");
                for (const auto& file : files)
                    QVERIFY2(
                        !file.second.contains(form), qPrintable(QStringLiteral("%1 holds a secret").arg(file.first)));
            }
        }
        for (const auto& file : files)
            QVERIFY2(!file.second.contains("NoKeychain"),
                qPrintable(QStringLiteral("%1 holds a secret fragment").arg(file.first)));
        const CliResult list = cli.run({ QStringLiteral("channel"), QStringLiteral("list") });
        QVERIFY2(list.exitedWith(0), qPrintable(list.describe()));
        QCOMPARE(list.json().array().size(), 0);
    }

    void sendWithoutKeychain()
    {
        // The channel was saved while the keychain was there; now it is gone: the delivery
        // fails at once with a message that says why, instead of waiting or sending nowhere.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        const CliResult add = cli.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook")));
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));

        QTemporaryDir busDir;
        QVERIFY(busDir.isValid());
        CliRunner noBus(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        noBus.environment().insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("unix:path=") + busDir.filePath(QStringLiteral("no-such-bus")));
        const CliResult send = noBus.run(
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("HEALTH"), QStringLiteral("--priority"),
                QStringLiteral("LOW"), QStringLiteral("--title"), QStringLiteral("feed stale") });
        QVERIFY2(send.exitedWith(1), qPrintable(send.describe()));
        const QJsonObject result = send.json().object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(result.value(QStringLiteral("error")).toString().startsWith(QLatin1String("no keychain is available")),
            qPrintable(send.describe()));
        QCOMPARE(server.requestCount(), 0);
        const CliResult test = noBus.run({ QStringLiteral("test-channel"), QStringLiteral("hook") });
        QVERIFY2(test.exitedWith(1), qPrintable(test.describe()));
        QVERIFY2(test.json()
                     .object()
                     .value(QStringLiteral("error"))
                     .toString()
                     .startsWith(QLatin1String("no keychain is available")),
            qPrintable(test.describe()));
        QCOMPARE(server.requestCount(), 0);

        // With the keychain back, the channel works again.
        const CliResult again = cli.run({ QStringLiteral("test-channel"), QStringLiteral("hook") });
        QVERIFY2(again.exitedWith(0), qPrintable(again.describe()));
        QCOMPARE(server.requestCount(), 1);
    }

    // network.proxy through the command line: the URL in the profile, the password in the
    // keychain, and a delivery to a host that does not resolve, through a recording proxy.
    void proxyPasswordInTheKeychain()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer proxy;
        QVERIFY(proxy.listen());
        const QByteArray password = "pa55-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
        proxy.setHandler([password](const RecordedRequest& req) {
            if (req.header("Proxy-Authorization") != "Basic " + QByteArray("trader:" + password).toBase64())
                return ScriptedResponse::withStatus(407).header("Proxy-Authenticate", "Basic realm=\"desk\"");
            return ScriptedResponse::ok("via proxy");
        });

        const QString stored = QStringLiteral("http://trader@127.0.0.1:%1").arg(proxy.port());
        const CliResult set
            = cli.run({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("network.proxy"),
                QStringLiteral("http://trader:%1@127.0.0.1:%2").arg(QString::fromLatin1(password)).arg(proxy.port()) });
        QVERIFY2(set.exitedWith(0), qPrintable(set.describe()));
        QCOMPARE(set.out.trimmed(), QByteArray("\"" + stored.toLatin1() + "\""));
        const QJsonObject config = readConfig(dir.path());
        QVERIFY(!QJsonDocument(config).toJson().contains(password));
        const QString key = SecretStore::key(config.value(QStringLiteral("profile_id")).toString(),
            QStringLiteral("@network"), QStringLiteral("proxy_password"));
        QCOMPARE(TestKeychain::read(key).value.toLatin1(), password);

        QVERIFY2(cli.addWebhook(QStringLiteral("desk"), QStringLiteral("http://alerts.invalid/hook")).exitedWith(0),
            qPrintable(QString::fromUtf8(cli.transcript())));
        const CliResult send = cli.run({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("CUSTOM"),
            QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"),
            QStringLiteral("via the proxy"), QStringLiteral("--message"), QStringLiteral("m") });
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        const RecordedRequest& last = proxy.requests().last();
        QCOMPARE(last.method, QByteArray("POST"));
        QCOMPARE(last.path, QByteArray("http://alerts.invalid/hook"));
        QCOMPARE(last.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("via the proxy"));

        // A proxy that refuses: the delivery fails naming the proxy, and "none" drops the password.
        quint16 closedPort = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            closedPort = s.serverPort();
        }
        QVERIFY(cli.run({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("delivery.max_retries"),
                            QStringLiteral("0") })
                    .exitedWith(0));
        QVERIFY(cli.run({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("network.proxy"),
                            QStringLiteral("http://127.0.0.1:%1").arg(closedPort) })
                    .exitedWith(0));
        const CliResult refused = cli.run({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("CUSTOM"),
            QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"), QStringLiteral("refused"),
            QStringLiteral("--message"), QStringLiteral("m") });
        QVERIFY2(!refused.exitedWith(0), qPrintable(refused.describe()));
        QVERIFY2(refused.out.contains("proxy: ") || refused.err.contains("proxy: "), qPrintable(refused.describe()));
        QVERIFY(TestKeychain::read(key).notFound);
        QVERIFY(!cli.transcript().contains(password));
    }
};

QTEST_GUILESS_MAIN(TestCliKeychain)
#include "TestCliKeychain.moc"
