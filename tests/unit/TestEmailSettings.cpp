// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/EmailChannel.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <curl/curl.h>

using namespace alertdesk;

// Validation of an email configuration (named fields, clear-text rules) and the reading of
// SMTP answers into retry / failed.
class TestEmailSettings final : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_pem;
    QString m_notPem;

    static QJsonObject valid()
    {
        return QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("smtp.example.com") },
            { QStringLiteral("smtp_port"), 587 }, { QStringLiteral("security"), QStringLiteral("starttls") },
            { QStringLiteral("username"), QStringLiteral("alerts@example.com") },
            { QStringLiteral("from"), QStringLiteral("Desk <alerts@example.com>") },
            { QStringLiteral("to"), QJsonArray { QStringLiteral("a@example.com"), QStringLiteral("b@example.com") } } };
    }

    static QJsonObject with(QJsonObject o, const QJsonObject& changes)
    {
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                o.remove(it.key());
            else
                o.insert(it.key(), it.value());
        }
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_pem = m_tmp.filePath(QStringLiteral("ca.pem"));
        QFile f(m_pem);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        f.close();
        m_notPem = m_tmp.filePath(QStringLiteral("notes.txt"));
        QFile g(m_notPem);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("hello\n");
    }

    void check_data()
    {
        QTest::addColumn<QJsonObject>("settings");
        QTest::addColumn<SecretMap>("secrets");
        QTest::addColumn<QString>("settingsError"); // a part of the message; "" = valid
        QTest::addColumn<QString>("cliError");
        const SecretMap pw { { QStringLiteral("password"), QStringLiteral("hunter22") } };
        const SecretMap token { { QStringLiteral("oauth_token"), QStringLiteral("ya29.token") } };
        const QJsonObject v = valid();
        const QJsonValue null = QJsonValue::Null;

        QTest::newRow("valid password") << v << pw << QString() << QString();
        QTest::newRow("valid token") << v << token << QString() << QString();
        QTest::newRow("valid tls ipv6 ca") << with(v,
            { { QStringLiteral("smtp_host"), QStringLiteral("::1") },
                { QStringLiteral("security"), QStringLiteral("tls") }, { QStringLiteral("ca_file"), m_pem } })
                                           << pw << QString() << QString();
        QTest::newRow("valid none loopback") << with(v,
            { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
                { QStringLiteral("security"), QStringLiteral("none") }, { QStringLiteral("username"), null } })
                                             << SecretMap() << QString() << QString();
        QTest::newRow("valid none localhost") << with(v,
            { { QStringLiteral("smtp_host"), QStringLiteral("localhost") },
                { QStringLiteral("security"), QStringLiteral("none") }, { QStringLiteral("username"), null } })
                                              << SecretMap() << QString() << QString();
        QTest::newRow("valid no auth starttls")
            << with(v, { { QStringLiteral("username"), null } }) << SecretMap() << QString() << QString();

        QTest::newRow("no host") << with(v, { { QStringLiteral("smtp_host"), null } }) << pw
                                 << QStringLiteral("smtp_host is required")
                                 << QStringLiteral("--smtp-host is required");
        QTest::newRow("bad host") << with(v, { { QStringLiteral("smtp_host"), QStringLiteral("smtp example.com") } })
                                  << pw << QStringLiteral("smtp_host 'smtp example.com' is not a host name")
                                  << QStringLiteral("--smtp-host 'smtp");
        QTest::newRow("url as host") << with(v, { { QStringLiteral("smtp_host"), QStringLiteral("smtp://x.example") } })
                                     << pw << QStringLiteral("smtp_host") << QStringLiteral("--smtp-host");
        QTest::newRow("port zero") << with(v, { { QStringLiteral("smtp_port"), 0 } }) << pw
                                   << QStringLiteral("smtp_port must be")
                                   << QStringLiteral("--smtp-port must be a whole number from 1 to 65535");
        QTest::newRow("port high") << with(v, { { QStringLiteral("smtp_port"), 70000 } }) << pw
                                   << QStringLiteral("smtp_port") << QStringLiteral("--smtp-port");
        QTest::newRow("port fraction") << with(v, { { QStringLiteral("smtp_port"), 25.5 } }) << pw
                                       << QStringLiteral("smtp_port") << QStringLiteral("--smtp-port");
        QTest::newRow("no security") << with(v, { { QStringLiteral("security"), null } }) << pw
                                     << QStringLiteral("security is required: tls, starttls or none")
                                     << QStringLiteral("--security is required");
        QTest::newRow("bad security") << with(v, { { QStringLiteral("security"), QStringLiteral("ssl") } }) << pw
                                      << QStringLiteral("security must be tls, starttls or none, not 'ssl'")
                                      << QStringLiteral("--security must be");
        QTest::newRow("no from") << with(v, { { QStringLiteral("from"), null } }) << pw
                                 << QStringLiteral("from is required") << QStringLiteral("--from is required");
        QTest::newRow("bad from") << with(
            v, { { QStringLiteral("from"), QStringLiteral("Desk <alerts at example.com>") } })
                                  << pw << QStringLiteral("from 'alerts at example.com'")
                                  << QStringLiteral("--from 'alerts at example.com'");
        QTest::newRow("no to") << with(v, { { QStringLiteral("to"), null } }) << pw << QStringLiteral("to is required")
                               << QStringLiteral("--to is required");
        QTest::newRow("bad to") << with(
            v, { { QStringLiteral("to"), QJsonArray { QStringLiteral("a@example.com"), QStringLiteral("b@") } } })
                                << pw << QStringLiteral("to 'b@' has no domain")
                                << QStringLiteral("--to 'b@' has no domain");
        QTest::newRow("none with password")
            << with(v,
                   { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
                       { QStringLiteral("security"), QStringLiteral("none") } })
            << pw << QStringLiteral("security none sends everything in clear text")
            << QStringLiteral("--security none sends everything in clear text, so it cannot be used with "
                              "--username, --password or --oauth-token");
        QTest::newRow("none with username only")
            << with(v,
                   { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
                       { QStringLiteral("security"), QStringLiteral("none") } })
            << SecretMap() << QStringLiteral("clear text") << QStringLiteral("--security none");
        QTest::newRow("none remote") << with(
            v, { { QStringLiteral("security"), QStringLiteral("none") }, { QStringLiteral("username"), null } })
                                     << SecretMap()
                                     << QStringLiteral("security none is only allowed for a server on this machine")
                                     << QStringLiteral(
                                            "--security none is only allowed for a server on this machine (localhost, "
                                            "127.0.0.1, ::1), not for smtp.example.com");
        QTest::newRow("none lookalike") << with(v,
            { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1.example.com") },
                { QStringLiteral("security"), QStringLiteral("none") }, { QStringLiteral("username"), null } })
                                        << SecretMap() << QStringLiteral("only allowed")
                                        << QStringLiteral("only allowed");
        QTest::newRow("password and token") << v
                                            << SecretMap { { QStringLiteral("password"), QStringLiteral("hunter22") },
                                                   { QStringLiteral("oauth_token"), QStringLiteral("ya29.token") } }
                                            << QStringLiteral("give either password or oauth_token")
                                            << QStringLiteral("give either --password or --oauth-token, not both");
        QTest::newRow("password without user")
            << with(v, { { QStringLiteral("username"), null } }) << pw << QStringLiteral("password needs username")
            << QStringLiteral("--password needs --username");
        QTest::newRow("user without password")
            << v << SecretMap() << QStringLiteral("username needs password or oauth_token")
            << QStringLiteral("--username needs --password or --oauth-token");
        QTest::newRow("bad auth") << with(v, { { QStringLiteral("auth"), QStringLiteral("cram-md5") } }) << pw
                                  << QStringLiteral("auth must be plain, login or xoauth2")
                                  << QStringLiteral("--auth must be");
        QTest::newRow("xoauth2 without token")
            << with(v, { { QStringLiteral("auth"), QStringLiteral("xoauth2") } }) << pw
            << QStringLiteral("auth xoauth2 needs oauth_token") << QStringLiteral("--auth xoauth2 needs --oauth-token");
        QTest::newRow("plain without password")
            << with(v, { { QStringLiteral("auth"), QStringLiteral("plain") } }) << token
            << QStringLiteral("auth plain needs password") << QStringLiteral("--auth plain needs --password");
        QTest::newRow("missing ca") << with(
            v, { { QStringLiteral("ca_file"), m_tmp.filePath(QStringLiteral("nope.pem")) } })
                                    << pw << QStringLiteral("ca_file '") << QStringLiteral("' cannot be read");
        QTest::newRow("not pem") << with(v, { { QStringLiteral("ca_file"), m_notPem } }) << pw
                                 << QStringLiteral("holds no PEM certificate") << QStringLiteral("--ca-file '");
        QTest::newRow("control in password")
            << v << SecretMap { { QStringLiteral("password"), QStringLiteral("a\r\nb") } }
            << QStringLiteral("must not contain control characters") << QStringLiteral("--password");
    }

    void check()
    {
        QFETCH(QJsonObject, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QString, settingsError);
        QFETCH(QString, cliError);
        const QString a = checkEmailChannel(settings, secrets, false);
        const QString b = checkEmailChannel(settings, secrets, true);
        if (settingsError.isEmpty()) {
            QCOMPARE(a, QString());
            QCOMPARE(b, QString());
        } else {
            QVERIFY2(a.contains(settingsError), qPrintable(a));
            QVERIFY2(b.contains(cliError), qPrintable(b));
            QVERIFY2(!a.contains(QStringLiteral("--")), qPrintable(a));
        }
        // No message ever repeats a secret.
        for (const QString& s : secrets)
            QVERIFY(!a.contains(s) && !b.contains(s));
    }

    void classify_data()
    {
        QTest::addColumn<int>("curlCode");
        QTest::addColumn<int>("reply");
        QTest::addColumn<QString>("replyText");
        QTest::addColumn<QString>("expectedKind");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("delivered") << int(CURLE_OK) << 250 << QStringLiteral("250 2.0.0 Ok")
                                   << QStringLiteral("delivered") << QString();
        QTest::newRow("535") << int(CURLE_LOGIN_DENIED) << 535
                             << QStringLiteral("535 5.7.8 Authentication credentials invalid")
                             << QStringLiteral("failed")
                             << QStringLiteral("authentication failed: SMTP server answered: 535 5.7.8");
        QTest::newRow("no mechanism") << int(CURLE_LOGIN_DENIED) << 250 << QStringLiteral("250 localhost HELP")
                                      << QStringLiteral("failed")
                                      << QStringLiteral("authentication failed: curl says no");
        QTest::newRow("454 auth") << int(CURLE_LOGIN_DENIED) << 454
                                  << QStringLiteral("454 4.7.0 Temporary authentication failure")
                                  << QStringLiteral("retry")
                                  << QStringLiteral("454 4.7.0 Temporary authentication failure");
        QTest::newRow("451 data") << int(CURLE_WEIRD_SERVER_REPLY) << 451 << QStringLiteral("451 4.3.0 Try later")
                                  << QStringLiteral("retry")
                                  << QStringLiteral("SMTP server answered: 451 4.3.0 Try later");
        QTest::newRow("452 rcpt") << int(CURLE_SEND_ERROR) << 452 << QStringLiteral("452 4.2.2 Mailbox full")
                                  << QStringLiteral("retry") << QStringLiteral("452 4.2.2 Mailbox full");
        QTest::newRow("550 rcpt") << int(CURLE_SEND_ERROR) << 550
                                  << QStringLiteral("550 5.1.1 <x@example.com>: unknown user")
                                  << QStringLiteral("failed")
                                  << QStringLiteral("550 5.1.1 <x@example.com>: unknown user");
        QTest::newRow("554 data") << int(CURLE_WEIRD_SERVER_REPLY) << 554 << QStringLiteral("554 5.7.1 Rejected")
                                  << QStringLiteral("failed") << QStringLiteral("554 5.7.1 Rejected");
        QTest::newRow("421 greeting") << int(CURLE_WEIRD_SERVER_REPLY) << 421
                                      << QStringLiteral("421 4.3.2 Service not available") << QStringLiteral("retry")
                                      << QStringLiteral("421 4.3.2");
        QTest::newRow("starttls missing") << int(CURLE_USE_SSL_FAILED) << 250 << QStringLiteral("250 HELP")
                                          << QStringLiteral("failed") << QStringLiteral("does not offer STARTTLS");
        QTest::newRow("starttls refused")
            << int(CURLE_USE_SSL_FAILED) << 454 << QStringLiteral("454 4.7.0 TLS not available")
            << QStringLiteral("failed") << QStringLiteral("refused STARTTLS (454 4.7.0 TLS not available)");
        QTest::newRow("bad cert") << int(CURLE_PEER_FAILED_VERIFICATION) << 220 << QString() << QStringLiteral("failed")
                                  << QStringLiteral("TLS verification failed");
        QTest::newRow("handshake") << int(CURLE_SSL_CONNECT_ERROR) << 0 << QString() << QStringLiteral("failed")
                                   << QStringLiteral("TLS handshake failed");
        QTest::newRow("refused") << int(CURLE_COULDNT_CONNECT) << 0 << QString() << QStringLiteral("retry")
                                 << QStringLiteral("curl says");
        QTest::newRow("dns") << int(CURLE_COULDNT_RESOLVE_HOST) << 0 << QString() << QStringLiteral("retry")
                             << QStringLiteral("curl says");
        QTest::newRow("timeout") << int(CURLE_OPERATION_TIMEDOUT) << 250 << QStringLiteral("250 OK")
                                 << QStringLiteral("retry") << QStringLiteral("no answer in time");
        QTest::newRow("lost") << int(CURLE_RECV_ERROR) << 250 << QStringLiteral("250 OK") << QStringLiteral("retry")
                              << QStringLiteral("curl says");
        QTest::newRow("secret echoed") << int(CURLE_LOGIN_DENIED) << 501
                                       << QStringLiteral("501 5.5.2 Cannot decode hunter22xyz")
                                       << QStringLiteral("failed") << QStringLiteral("Cannot decode [redacted]");
    }

    void classify()
    {
        QFETCH(int, curlCode);
        QFETCH(int, reply);
        QFETCH(QString, replyText);
        QFETCH(QString, expectedKind);
        QFETCH(QString, errorPart);
        Redactor redactor;
        redactor.addSecret(QStringLiteral("hunter22xyz"));
        const SendOutcome o = classifySmtp({ curlCode, reply, replyText, QStringLiteral("curl says no") }, redactor);
        const QString kind = o.kind == SendOutcome::Kind::Delivered ? QStringLiteral("delivered")
            : o.kind == SendOutcome::Kind::Retry                    ? QStringLiteral("retry")
                                                                    : QStringLiteral("failed");
        QCOMPARE(kind, expectedKind);
        QVERIFY2(o.error.contains(errorPart), qPrintable(o.error));
        QVERIFY(!o.error.contains(QStringLiteral("hunter22xyz")));
        QCOMPARE(o.rateLimited, false);
    }

    void urls()
    {
        ChannelConfig c;
        c.name = QStringLiteral("m");
        c.kind = QStringLiteral("email");
        c.settings = with(valid(),
            { { QStringLiteral("smtp_host"), QStringLiteral("::1") },
                { QStringLiteral("security"), QStringLiteral("tls") }, { QStringLiteral("smtp_port"), 465 } });
        QCOMPARE(EmailChannel(c, {}, {}).smtpUrl(), QByteArray("smtps://[::1]:465"));
        c.settings = with(valid(), { { QStringLiteral("smtp_port"), null() } });
        QCOMPARE(EmailChannel(c, {}, {}).smtpUrl(), QByteArray("smtp://smtp.example.com:587"));
    }

private:
    static QJsonValue null() { return QJsonValue::Null; }
};

QTEST_GUILESS_MAIN(TestEmailSettings)
#include "TestEmailSettings.moc"
