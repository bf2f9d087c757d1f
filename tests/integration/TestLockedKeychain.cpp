// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "config/SecretStore.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace alertdesk;
using namespace alertdesk::test;

// A locked keychain, against the real gnome-keyring: alertdesk-cli says so at once (naming the
// locked collection and what to do), stores no secret anywhere else, keeps an alert whose
// channel cannot be read and sends it once the keychain is unlocked again.
//
// The keychain here is a private one: this test starts its own D-Bus session and its own
// gnome-keyring-daemon (its own keyring folder and password) and locks that. Locking the
// shared keyring of scripts/with-test-services.sh would make the tests that run beside this
// one (ctest --parallel) fail or hang on its unlock prompt. The private bus can start the
// system's unlock prompter (gcr-prompter, on the test X server), as a desktop session does,
// so a call that waits for the prompt really waits: nobody answers it here. Unlocking is what
// a log-in does: the daemon is started again with the keyring's password on its standard input.
class TestLockedKeychain final : public QObject {
    Q_OBJECT

    static constexpr auto kPassword = "alertdesk-locked-test";

    QTemporaryDir m_dir; // the bus's socket and configuration, the keyring's folders
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static bool secretServiceRuns()
    {
        QDBusConnectionInterface* bus = QDBusConnection::sessionBus().interface();
        return bus && bus->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")).value();
    }

    // gnome-keyring-daemon on the private bus, its login keyring unlocked with kPassword.
    QString startKeyring()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("run")));
        m_keyring.setProcessEnvironment(env);
        m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
            { QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
        if (!m_keyring.waitForStarted(5000))
            return QStringLiteral("gnome-keyring-daemon (package gnome-keyring) did not start: %1")
                .arg(m_keyring.errorString());
        m_keyring.write(kPassword);
        m_keyring.closeWriteChannel();
        if (!waitUntil([] { return secretServiceRuns(); }, 10000))
            return QStringLiteral("gnome-keyring-daemon did not take org.freedesktop.secrets on the private bus");
        if (collectionLocked() != 0)
            return QStringLiteral("the private keyring is not unlocked after its start");
        return {};
    }

    QString stopKeyring()
    {
        m_keyring.terminate();
        if (!m_keyring.waitForFinished(10000)) {
            m_keyring.kill();
            m_keyring.waitForFinished(5000);
        }
        if (!waitUntil([] { return !secretServiceRuns(); }, 10000))
            return QStringLiteral("org.freedesktop.secrets is still owned after the keyring daemon stopped");
        return {};
    }

    static QString defaultCollection()
    {
        QDBusMessage m = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
            QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("org.freedesktop.Secret.Service"),
            QStringLiteral("ReadAlias"));
        m << QStringLiteral("default");
        const QDBusReply<QDBusObjectPath> reply = QDBusConnection::sessionBus().call(m, QDBus::Block, 5000);
        return reply.isValid() ? reply.value().path() : QString();
    }

    // 1 locked, 0 unlocked, -1 unknown.
    static int collectionLocked()
    {
        const QString collection = defaultCollection();
        if (collection.isEmpty() || collection == QLatin1String("/"))
            return -1;
        QDBusMessage m = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"), collection,
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        m << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
        const QDBusReply<QDBusVariant> reply = QDBusConnection::sessionBus().call(m, QDBus::Block, 5000);
        return reply.isValid() ? (reply.value().variant().toBool() ? 1 : 0) : -1;
    }

    // org.freedesktop.Secret.Service.Lock on the default collection (no prompt is needed to lock).
    static QString lockKeychain()
    {
        const QString collection = defaultCollection();
        if (collection.isEmpty() || collection == QLatin1String("/"))
            return QStringLiteral("the private keyring has no default collection");
        QDBusMessage m = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"),
            QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("org.freedesktop.Secret.Service"),
            QStringLiteral("Lock"));
        m << QVariant::fromValue(QList<QDBusObjectPath> { QDBusObjectPath(collection) });
        const QDBusMessage reply = QDBusConnection::sessionBus().call(m, QDBus::Block, 5000);
        if (reply.type() != QDBusMessage::ReplyMessage)
            return QStringLiteral("Lock failed: %1").arg(reply.errorMessage());
        return collectionLocked() == 1 ? QString() : QStringLiteral("the collection is not locked after Lock");
    }

    // The keyring unlocked again, as after a log-in: the daemon restarted with the password.
    QString unlockKeychain()
    {
        if (QString e = stopKeyring(); !e.isEmpty())
            return e;
        return startKeyring();
    }

    static void verifyNoSecretUnder(const QString& dir, const QList<QByteArray>& secrets)
    {
        const auto files = readFilesUnder(dir);
        QVERIFY(!files.isEmpty());
        for (const QByteArray& secret : secrets) {
            for (const QByteArray& form : { secret, QUrl::toPercentEncoding(QString::fromUtf8(secret)) }) {
                for (const auto& file : files)
                    QVERIFY2(!file.second.contains(form),
                        qPrintable(QStringLiteral("%1 holds the secret %2").arg(file.first, QString::fromUtf8(form))));
            }
        }
    }

    static QJsonObject readConfig(const QString& dir)
    {
        QFile f(QDir(dir).filePath(QStringLiteral("config.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty(),
            "gnome-keyring-daemon is needed (scripts/install-deps.sh installs gnome-keyring)");
        QVERIFY(QDir().mkpath(path(QStringLiteral("data"))));
        QVERIFY(QDir().mkpath(path(QStringLiteral("run"))));
        QVERIFY(
            QFile::setPermissions(path(QStringLiteral("run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        // Only the unlock prompter can be started on this bus: no other keychain stands in.
        QVERIFY(QDir().mkpath(path(QStringLiteral("services"))));
        const QString prompter = QStringLiteral("/usr/libexec/gcr-prompter");
        if (QFile::exists(prompter)) {
            QFile service(path(QStringLiteral("services/org.gnome.keyring.SystemPrompter.service")));
            QVERIFY(service.open(QIODevice::WriteOnly));
            service.write("[D-BUS Service]\nName=org.gnome.keyring.SystemPrompter\nExec=" + prompter.toUtf8() + '\n');
        }
        QFile conf(path(QStringLiteral("bus.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                                  "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                                  "<busconfig><type>session</type><listen>unix:path=%1</listen><auth>EXTERNAL</auth>"
                                  "<servicedir>%2</servicedir>"
                                  "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                  "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                       .arg(path(QStringLiteral("bus")), path(QStringLiteral("services")))
                       .toUtf8());
        conf.close();
        m_bus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_bus.start(QStringLiteral("dbus-daemon"),
            { QStringLiteral("--nofork"), QStringLiteral("--print-address"),
                QStringLiteral("--config-file=") + conf.fileName() });
        QVERIFY2(m_bus.waitForStarted(5000), "dbus-daemon (package dbus) is needed");
        QVERIFY(waitUntil([&] { return m_bus.canReadLine() || m_bus.state() == QProcess::NotRunning; }, 10000));
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        QVERIFY2(m_address.startsWith(QLatin1String("unix:")), qPrintable(m_address));
        // This process (its D-Bus and keychain calls) and every alertdesk-cli it starts use the
        // private bus: nothing here has touched the session bus before.
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
        const QString problem = startKeyring();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init()
    {
        // Each test starts with the keyring unlocked.
        if (collectionLocked() != 0) {
            const QString problem = unlockKeychain();
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void cleanupTestCase()
    {
        stopKeyring();
        m_bus.terminate();
        if (!m_bus.waitForFinished(5000)) {
            m_bus.kill();
            m_bus.waitForFinished(5000);
        }
    }

    // channel add while the keychain is locked: refused at once, saying why and what to do;
    // the channel is not saved and none of its secrets is written anywhere.
    void channelAddRefusedWhileLocked()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        QCOMPARE(cli.run({ QStringLiteral("channel"), QStringLiteral("list") }).exitCode, 0); // the profile exists

        QVERIFY2(lockKeychain().isEmpty(), "cannot lock the private keyring");
        const QByteArray token = "LockedToken" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
        const QByteArray bearer = "LockedBearer" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
        QElapsedTimer clock;
        clock.start();
        const CliResult add = cli.run(
            { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), QStringLiteral("hook"),
                QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9/hook/") + QString::fromLatin1(token),
                QStringLiteral("--header"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(bearer) });
        const qint64 tookMs = clock.elapsed();
        qInfo().noquote() << "channel add on a locked keychain took" << tookMs << "ms:" << add.err.trimmed();
        QVERIFY2(add.finished, "channel add hung on the locked keychain");
        QVERIFY2(add.exitedWith(1), qPrintable(add.describe()));
        QVERIFY2(tookMs < 5000, qPrintable(QStringLiteral("channel add took %1 ms").arg(tookMs)));
        QVERIFY2(add.err.contains("the keychain is locked"), qPrintable(add.describe()));
        QVERIFY2(add.err.contains("\"Login\""), qPrintable(add.describe())); // the collection, by its name
        QVERIFY2(add.err.contains("unlock"), qPrintable(add.describe())); // what to do
        QVERIFY2(!add.out.contains("added"), qPrintable(add.describe()));
        QVERIFY(!cli.transcript().contains(token) && !cli.transcript().contains(bearer));

        // Nothing saved: no channel, no secret in any file of the profile; none in the keychain.
        QVERIFY(readConfig(dir.path()).value(QStringLiteral("channels")).toArray().isEmpty());
        verifyNoSecretUnder(dir.path(), { token, bearer });
        QVERIFY(unlockKeychain().isEmpty());
        const CliResult list = cli.run({ QStringLiteral("channel"), QStringLiteral("list") });
        QVERIFY2(list.exitedWith(0), qPrintable(list.describe()));
        QCOMPARE(list.json().array().size(), 0);
        // Unlocked, the same command works.
        const CliResult again = cli.run(
            { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), QStringLiteral("hook"),
                QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9/hook/") + QString::fromLatin1(token),
                QStringLiteral("--header"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(bearer) });
        QVERIFY2(again.exitedWith(0), qPrintable(again.describe()));
        verifyNoSecretUnder(dir.path(), { token, bearer });
        QVERIFY(cli.run({ QStringLiteral("channel"), QStringLiteral("remove"), QStringLiteral("hook") }).exitedWith(0));
    }

    // send to a channel saved before the keychain was locked: the alert is stored, its delivery
    // stays queued with the keychain's message, and a flush after unlocking sends it.
    void sendWhileLockedKeepsTheAlert()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        const QString token = QStringLiteral("SendToken") + QUuid::createUuid().toString(QUuid::Id128);
        const QString bearer = QStringLiteral("SendBearer") + QUuid::createUuid().toString(QUuid::Id128);
        const CliResult add = cli.addWebhook(QStringLiteral("desk"), server.url(QStringLiteral("/hooks/") + token),
            { QStringLiteral("Authorization: Bearer ") + bearer });
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));

        QVERIFY2(lockKeychain().isEmpty(), "cannot lock the private keyring");
        QElapsedTimer clock;
        clock.start();
        const CliResult send = cli.run({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"),
            QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"),
            QStringLiteral("margin call"), QStringLiteral("--message"), QStringLiteral("equity below maintenance") });
        const qint64 tookMs = clock.elapsed();
        qInfo().noquote() << "send on a locked keychain took" << tookMs << "ms:" << send.err.trimmed();
        QVERIFY2(send.finished, "send hung on the locked keychain");
        QVERIFY2(send.exitedWith(1), qPrintable(send.describe()));
        QVERIFY2(tookMs < 5000, qPrintable(QStringLiteral("send took %1 ms").arg(tookMs)));
        const QJsonObject report = send.json().object();
        const QString alertId = report.value(QStringLiteral("alert_id")).toString();
        QVERIFY2(!alertId.isEmpty(), qPrintable(send.describe()));
        const QJsonObject result = report.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("channel")).toString(), QStringLiteral("desk"));
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY2(result.value(QStringLiteral("error")).toString().startsWith(QLatin1String("the keychain is locked")),
            qPrintable(send.describe()));
        QVERIFY2(send.err.contains("alertdesk-cli flush"), qPrintable(send.describe()));
        QCOMPARE(server.requestCount(), 0);

        // The alert is in the history, its delivery queued with the reason.
        const CliResult history = cli.run({ QStringLiteral("history"), QStringLiteral("--alert"), alertId });
        QVERIFY2(history.exitedWith(0), qPrintable(history.describe()));
        QCOMPARE(history.json().object().value(QStringLiteral("title")).toString(), QStringLiteral("margin call"));
        const QJsonObject queued
            = history.json().object().value(QStringLiteral("deliveries")).toArray().first().toObject();
        QCOMPARE(queued.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY2(queued.value(QStringLiteral("error")).toString().contains(QLatin1String("keychain is locked")),
            qPrintable(history.describe()));

        // A flush while it is still locked keeps it queued and says why.
        const CliResult stillLocked = cli.run({ QStringLiteral("flush") });
        QVERIFY2(stillLocked.exitedWith(1), qPrintable(stillLocked.describe()));
        QCOMPARE(stillLocked.json().object().value(QStringLiteral("waiting_for_keychain")).toInt(), 1);
        QVERIFY2(stillLocked.err.contains("the keychain is locked"), qPrintable(stillLocked.describe()));
        QCOMPARE(server.requestCount(), 0);
        verifyNoSecretUnder(dir.path(), { token.toUtf8(), bearer.toUtf8() });
        QVERIFY(!cli.transcript().contains(token.toUtf8()) && !cli.transcript().contains(bearer.toUtf8()));

        // Unlocked: the flush delivers it, with the channel's secrets.
        const QString unlocked = unlockKeychain();
        QVERIFY2(unlocked.isEmpty(), qPrintable(unlocked));
        const CliResult flush = cli.run({ QStringLiteral("flush") });
        QVERIFY2(flush.exitedWith(0), qPrintable(flush.describe()));
        QCOMPARE(flush.json().object().value(QStringLiteral("delivered")).toInt(), 1);
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(QString::fromUtf8(req.path), QStringLiteral("/hooks/") + token);
        QCOMPARE(QString::fromUtf8(req.header("Authorization")), QStringLiteral("Bearer ") + bearer);
        QCOMPARE(req.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString(), alertId);
        const CliResult after = cli.run({ QStringLiteral("history"), QStringLiteral("--alert"), alertId });
        QCOMPARE(after.json()
                     .object()
                     .value(QStringLiteral("deliveries"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("delivered"));
        verifyNoSecretUnder(dir.path(), { token.toUtf8(), bearer.toUtf8() });
        QVERIFY(cli.run({ QStringLiteral("channel"), QStringLiteral("remove"), QStringLiteral("desk") }).exitedWith(0));
    }

    // The window's way: the system's unlock prompt is shown (here nobody answers it) and the call
    // fails once the wait is over, saying the keychain is locked. Last: the unanswered call stays
    // queued in this process until the keyring daemon is stopped.
    void unlockPromptWaitIsBounded()
    {
        QVERIFY2(lockKeychain().isEmpty(), "cannot lock the private keyring");
        KeychainSecretStore store(nullptr, 1500);
        SecretResult result;
        bool answered = false;
        QElapsedTimer clock;
        clock.start();
        store.write(QStringLiteral("alertdesk-locked-test/hook/url"), QStringLiteral("http://127.0.0.1:9/x"),
            [&](const SecretResult& r) {
                result = r;
                answered = true;
            });
        QVERIFY2(waitUntil([&] { return answered; }, 15000), "the keychain call was not answered");
        const qint64 tookMs = clock.elapsed();
        qInfo().noquote() << "a write waiting on the unlock prompt answered after" << tookMs << "ms:" << result.error;
        QVERIFY(!result.ok);
        QVERIFY(result.unavailable);
        QVERIFY2(result.error.startsWith(QLatin1String("the keychain is locked")), qPrintable(result.error));
        QVERIFY2(tookMs < 10000, qPrintable(QString::number(tookMs)));
    }
};

QTEST_GUILESS_MAIN(TestLockedKeychain)
#include "TestLockedKeychain.moc"
