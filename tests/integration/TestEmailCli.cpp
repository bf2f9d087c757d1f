// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SmtpTestServer.h"
#include "TestCertificates.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk::test;

// `alertdesk-cli channel add email` and `send` as a user runs them: the real binary, the real
// keychain (run inside scripts/with-test-services.sh), the real SMTP server on 127.0.0.1.
class TestEmailCli final : public QObject {
    Q_OBJECT

    QTemporaryDir m_certDir;
    TestCertificates m_certs;

    struct Result {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result cli(const QString& profile, const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.start(QStringLiteral(ALERTDESK_CLI_PATH), QStringList { QStringLiteral("--profile"), profile } + args);
        if (!p.waitForStarted(10000))
            return {};
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished(5000);
            return {};
        }
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError() };
    }

    // True when any file under dir holds these bytes: secrets must live in the keychain only.
    static bool onDisk(const QString& dir, const QByteArray& secret)
    {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(secret))
                return true;
        }
        return false;
    }

    QStringList addArgs(quint16 port) const
    {
        return { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("email"), QStringLiteral("mail"),
            QStringLiteral("--smtp-host"), QStringLiteral("127.0.0.1"), QStringLiteral("--smtp-port"),
            QString::number(port), QStringLiteral("--security"), QStringLiteral("starttls"),
            QStringLiteral("--username"), QStringLiteral("trader"), QStringLiteral("--password"), QStringLiteral("-"),
            QStringLiteral("--auth"), QStringLiteral("plain"), QStringLiteral("--from"),
            QStringLiteral("alerts@example.com"), QStringLiteral("--from-name"), QStringLiteral("Désk \"Bot\""),
            QStringLiteral("--to"), QStringLiteral("trader@example.com"), QStringLiteral("--to"),
            QStringLiteral("risk@example.org, ops@example.net"), QStringLiteral("--ca-file"), m_certs.caFile() };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(ALERTDESK_CLI_PATH)));
        QVERIFY(m_certDir.isValid());
        const QString e = m_certs.create(m_certDir.path());
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void addRefused_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        const QStringList base { QStringLiteral("--from"), QStringLiteral("a@example.com"), QStringLiteral("--to"),
            QStringLiteral("b@example.com") };
        QTest::newRow("none with auth") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--security"), QStringLiteral("none"), QStringLiteral("--username"),
                      QStringLiteral("u"), QStringLiteral("--password"), QStringLiteral("hunter22") }
                                        << QStringLiteral("--security none sends everything in clear text, so it "
                                                          "cannot be used with --username, --password or "
                                                          "--oauth-token: use --security starttls or --security tls");
        QTest::newRow("none remote") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
                      QStringLiteral("--security"), QStringLiteral("none") }
                                     << QStringLiteral("--security none is only allowed for a server on this machine");
        QTest::newRow("port range") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
                      QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--smtp-port"),
                      QStringLiteral("99999") }
                                    << QStringLiteral("--smtp-port must be a number from 1 to 65535, not '99999'");
        QTest::newRow("port text") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
                      QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--smtp-port"),
                      QStringLiteral("smtp") }
                                   << QStringLiteral("--smtp-port must be a number");
        QTest::newRow("bad to") << QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
            QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--from"),
            QStringLiteral("a@example.com"), QStringLiteral("--to"), QStringLiteral("b@example.com"),
            QStringLiteral("--to"), QStringLiteral("nobody") }
                                << QStringLiteral("--to 'nobody' has no @");
        QTest::newRow("bad from") << QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
            QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--from"),
            QStringLiteral("Desk <desk@>"), QStringLiteral("--to"), QStringLiteral("b@example.com") }
                                  << QStringLiteral("--from 'desk@' has no domain after the @");
        QTest::newRow("no to") << QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
            QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--from"),
            QStringLiteral("a@example.com") }
                               << QStringLiteral("--to is required");
        QTest::newRow("no security") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com") }
                                     << QStringLiteral("--security is required: tls, starttls or none");
        QTest::newRow("password without user") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
                      QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--password"),
                      QStringLiteral("hunter22") }
                                               << QStringLiteral("--password needs --username");
        QTest::newRow("missing ca file") << base
                + QStringList { QStringLiteral("--smtp-host"), QStringLiteral("mail.example.com"),
                      QStringLiteral("--security"), QStringLiteral("tls"), QStringLiteral("--ca-file"),
                      QStringLiteral("/nonexistent/ca.pem") }
                                         << QStringLiteral("--ca-file '/nonexistent/ca.pem' cannot be read");
        QTest::newRow("unknown option") << base + QStringList { QStringLiteral("--smtp-pass"), QStringLiteral("x") }
                                        << QStringLiteral("unknown option --smtp-pass");
    }

    void addRefused()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        QTemporaryDir profile;
        const Result r = cli(profile.path(),
            QStringList {
                QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("email"), QStringLiteral("mail") }
                + options);
        QCOMPARE(r.code, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!r.err.contains("hunter22"));
        const Result list = cli(profile.path(), { QStringLiteral("channel"), QStringLiteral("list") });
        QCOMPARE(list.code, 0);
        QCOMPARE(QJsonDocument::fromJson(list.out).array(), QJsonArray());
    }

    void addAndSend()
    {
        SmtpTestServer server(SmtpTestServer::options(SmtpTestServer::Mode::StartTls, m_certs));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QTemporaryDir profile;

        const QByteArray password = SmtpTestServer::kPassword;
        const Result add = cli(profile.path(), addArgs(server.port()), password + '\n');
        QVERIFY2(add.code == 0, add.err.constData());
        QVERIFY(add.out.contains("added channel mail"));

        const Result list = cli(profile.path(), { QStringLiteral("channel"), QStringLiteral("list") });
        QCOMPARE(list.code, 0);
        const QJsonArray channels = QJsonDocument::fromJson(list.out).array();
        QCOMPARE(channels.size(), 1);
        const QJsonObject ch = channels.first().toObject();
        QCOMPARE(ch.value(QStringLiteral("kind")).toString(), QStringLiteral("email"));
        const QJsonObject settings = ch.value(QStringLiteral("settings")).toObject();
        QCOMPARE(settings.value(QStringLiteral("smtp_port")).toInt(), server.port());
        QCOMPARE(settings.value(QStringLiteral("security")).toString(), QStringLiteral("starttls"));
        QCOMPARE(settings.value(QStringLiteral("from")).toString(),
            QStringLiteral("\"Désk \\\"Bot\\\"\" <alerts@example.com>"));
        QCOMPARE(settings.value(QStringLiteral("to")).toArray().size(), 3);
        QCOMPARE(settings.value(QStringLiteral("ca_file")).toString(), m_certs.caFile());
        QCOMPARE(ch.value(QStringLiteral("secrets")).toObject(),
            QJsonObject({ { QStringLiteral("password"), QStringLiteral("set") } }));
        QVERIFY(!list.out.contains(password));

        const Result send = cli(profile.path(),
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"), QStringLiteral("--priority"),
                QStringLiteral("CRITICAL"), QStringLiteral("--title"), QStringLiteral("🚨 Margin call — نداء الهامش"),
                QStringLiteral("--message"), QStringLiteral("Equity below maintenance <50%> & falling"),
                QStringLiteral("--symbol"), QStringLiteral("ETHUSDT"), QStringLiteral("--channel"),
                QStringLiteral("mail") });
        QVERIFY2(send.code == 0, send.out.constData());
        const QJsonObject report = QJsonDocument::fromJson(send.out).object();
        QCOMPARE(report.value(QStringLiteral("results"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("delivered"));

        QCOMPARE(server.messageFiles().size(), 1);
        const QJsonObject env = server.envelope(server.messageFiles().first());
        QCOMPARE(env.value(QStringLiteral("rcpt_tos")).toArray(),
            QJsonArray({ QStringLiteral("trader@example.com"), QStringLiteral("risk@example.org"),
                QStringLiteral("ops@example.net") }));
        QCOMPARE(env.value(QStringLiteral("mechanism")).toString(), QStringLiteral("PLAIN"));
        const QJsonObject m = SmtpTestServer::parse(server.messageFiles().first());
        QCOMPARE(m.value(QStringLiteral("subject")).toString(), QStringLiteral("🔴 🚨 Margin call — نداء الهامش"));
        QCOMPARE(m.value(QStringLiteral("from")).toObject().value(QStringLiteral("display_name")).toString(),
            QStringLiteral("Désk \"Bot\""));

        const Result test = cli(profile.path(), { QStringLiteral("test-channel"), QStringLiteral("mail") });
        QVERIFY2(test.code == 0, test.out.constData());
        QCOMPARE(server.messageFiles().size(), 2);

        QVERIFY(!onDisk(profile.path(), password));
    }

    void wrongPasswordReported()
    {
        SmtpTestServer server(SmtpTestServer::options(SmtpTestServer::Mode::StartTls, m_certs));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QTemporaryDir profile;
        const QByteArray wrong = "Wr0ng-Passw0rd";
        const Result add = cli(profile.path(), addArgs(server.port()), wrong + '\n');
        QVERIFY2(add.code == 0, add.err.constData());
        const Result send = cli(profile.path(),
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"), QStringLiteral("--priority"),
                QStringLiteral("HIGH"), QStringLiteral("--title"), QStringLiteral("Auth"), QStringLiteral("--message"),
                QStringLiteral("m") });
        QCOMPARE(send.code, 1);
        const QJsonObject result
            = QJsonDocument::fromJson(send.out).object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(result.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY2(result.value(QStringLiteral("error"))
                     .toString()
                     .contains(QStringLiteral("535 5.7.8 Authentication credentials invalid")),
            send.out.constData());
        QVERIFY(!send.out.contains(wrong) && !send.err.contains(wrong));
        const Result history = cli(profile.path(), { QStringLiteral("history") });
        QVERIFY(history.out.contains("535 5.7.8"));
        QVERIFY(!history.out.contains(wrong));
        QVERIFY(!onDisk(profile.path(), wrong));
        QVERIFY(!onDisk(profile.path(), wrong.toBase64()));
    }
};

QTEST_GUILESS_MAIN(TestEmailCli)
#include "TestEmailCli.moc"
