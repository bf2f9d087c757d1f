// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "SmtpTestServer.h"
#include "TestCertificates.h"
#include "TestProfile.h"

#include "channels/EmailChannel.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The email channel end to end: Engine -> outbox -> dispatcher -> EmailChannel (libcurl) ->
// a real SMTP server (Debian's aiosmtpd) on 127.0.0.1 with STARTTLS, implicit TLS and AUTH,
// and what it received read back by Python's email parser.
class TestEmailSmtp final : public QObject {
    Q_OBJECT

    QTemporaryDir m_certDir;
    TestCertificates m_certs;

    static QJsonArray recipients()
    {
        return { QStringLiteral("trader@example.com"), QStringLiteral("risk@example.org"),
            QStringLiteral("ops@example.net") };
    }

    ChannelConfig emailChannel(quint16 port, const QString& security, const QJsonObject& extra = {}) const
    {
        ChannelConfig c;
        c.name = QStringLiteral("mail");
        c.kind = QStringLiteral("email");
        c.settings = QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
            { QStringLiteral("smtp_port"), port }, { QStringLiteral("security"), security },
            { QStringLiteral("from"), QStringLiteral("Ålert Desk 🔔 <alerts@example.com>") },
            { QStringLiteral("to"), recipients() } };
        if (security != QLatin1String("none")) {
            c.settings.insert(QStringLiteral("ca_file"), m_certs.caFile());
            c.settings.insert(QStringLiteral("username"), QString::fromLatin1(SmtpTestServer::kUser));
        }
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            if (it.value().isNull())
                c.settings.remove(it.key());
            else
                c.settings.insert(it.key(), it.value());
        }
        return c;
    }

    static SecretMap password(const QString& p = QString::fromLatin1(SmtpTestServer::kPassword))
    {
        return { { QStringLiteral("password"), p } };
    }

    SmtpTestServer::Options serverOptions(SmtpTestServer::Mode mode) const
    {
        return SmtpTestServer::options(mode, m_certs);
    }

    static QJsonObject alertJson(const QString& title, const QString& message = QStringLiteral("Exposure above limit"))
    {
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
            { QStringLiteral("priority"), QStringLiteral("CRITICAL") }, { QStringLiteral("title"), title },
            { QStringLiteral("message"), message }, { QStringLiteral("symbol"), QStringLiteral("BTC<USDT>") },
            { QStringLiteral("strategy"), QStringLiteral("mean & revert") },
            { QStringLiteral("position"), QStringLiteral("short 2") },
            { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("<script>"), QStringLiteral("x & \"y\"") },
                    { QStringLiteral("drawdown"), 0.12 } } } };
    }

    struct Run {
        DeliveryReport report;
        QList<QList<QVariant>> attempts; // Dispatcher::attemptFinished arguments
        QString alertId;
    };

    // Submits the alert and waits for its report; advance moves the fake clock for retries.
    static Run deliver(TestProfile& p, FakeClock& clock, const QJsonObject& alert)
    {
        Run run;
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        FieldError fe;
        const auto a = p.engine().alertManager().submit(alert, &fe);
        if (!a) {
            qWarning() << "submit failed:" << fe.toString();
            return run;
        }
        run.alertId = a->id;
        const bool finished = waitUntil(
            [&] {
                if (!done.isEmpty())
                    return true;
                // A retry is due on the fake clock: bring it forward.
                if (clock.nextDueAt() >= 0 && p.engine().notifications().dispatcher().inFlightCount() == 0)
                    clock.advance(std::max<qint64>(0, clock.nextDueAt() - clock.nowMs()));
                return false;
            },
            30000);
        if (finished)
            run.report = done.first().first().value<DeliveryReport>();
        for (const auto& a : attempts)
            run.attempts << a;
        return run;
    }

    void prepare(TestProfile& p)
    {
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.max_retries"), QStringLiteral("3")));
    }

    static QString outcome(const Run& r, int i) { return r.attempts.value(i).value(3).toString(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_certDir.isValid());
        const QString e = m_certs.create(m_certDir.path());
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void starttlsAuthPlain_data()
    {
        QTest::addColumn<QString>("title");
        QTest::newRow("emoji") << QStringLiteral("🚀 BTC broke 70k 📈 — take profit?");
        QTest::newRow("rtl") << QStringLiteral(
            "تنبيه: تجاوز حد المخاطرة في مركز البيتكوين (BTC) ⚠️");
        QTest::newRow("long")
            << QStringLiteral("Drawdown ✓ limit ≥ 12% on «mean & revert» 😱 ").repeated(6).left(256).trimmed();
        QTest::newRow("injection") << QStringLiteral("Bcc: evil@example.net =?UTF-8?B?SGk=?= <b>&amp;</b>");
    }

    void starttlsAuthPlain()
    {
        QFETCH(QString, title);
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(SmtpTestServer::Mode::StartTls));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls"),
                                  { { QStringLiteral("auth"), QStringLiteral("plain") } }),
                     password()),
            QString());
        QCOMPARE(p.start(), QStringList());

        const QString message
            = QStringLiteral("Line one <i>markup</i> & more\r\nBcc: evil@example.net\r\n.\r\nFrom the desk");
        const Run run = deliver(p, clock, alertJson(title, message));
        QCOMPARE(run.report.results.size(), 1);
        QVERIFY2(run.report.results.first().success(), qPrintable(run.report.results.first().error));
        QCOMPARE(run.report.results.first().attempts, 1);

        QCOMPARE(server.messageFiles().size(), 1);
        const QString file = server.messageFiles().first();
        const QJsonObject env = server.envelope(file);
        QCOMPARE(env.value(QStringLiteral("rcpt_tos")).toArray(), recipients());
        QCOMPARE(env.value(QStringLiteral("mail_from")).toString(), QStringLiteral("alerts@example.com"));
        QCOMPARE(env.value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(env.value(QStringLiteral("mechanism")).toString(), QStringLiteral("PLAIN"));
        QCOMPARE(env.value(QStringLiteral("login")).toString(), QStringLiteral("trader"));

        const QJsonObject m = SmtpTestServer::parse(file);
        QVERIFY2(!m.contains(QStringLiteral("error")), qPrintable(m.value(QStringLiteral("error")).toString()));
        QCOMPARE(m.value(QStringLiteral("defects")).toArray(), QJsonArray());
        QCOMPARE(m.value(QStringLiteral("subject")).toString(), QStringLiteral("🔴 ") + title);
        if (title.size() > 100)
            QVERIFY(m.value(QStringLiteral("subject_words")).toArray().size() > 3);
        const QJsonObject from = m.value(QStringLiteral("from")).toObject();
        QCOMPARE(from.value(QStringLiteral("address")).toString(), QStringLiteral("alerts@example.com"));
        QCOMPARE(from.value(QStringLiteral("display_name")).toString(), QStringLiteral("Ålert Desk 🔔"));
        QCOMPARE(m.value(QStringLiteral("to")).toArray(), recipients());
        QCOMPARE(m.value(QStringLiteral("message_id")).toString(),
            QStringLiteral("<%1>").arg(emailMessageId(OutboxStore::idempotencyKey(run.alertId, QStringLiteral("mail")),
                QStringLiteral("alerts@example.com"))));
        QStringList names;
        for (const QJsonValue& v : m.value(QStringLiteral("header_names")).toArray())
            names << v.toString().toLower();
        QVERIFY2(!names.contains(QStringLiteral("bcc")), qPrintable(names.join(QLatin1Char(','))));
        QCOMPARE(names.count(QStringLiteral("to")), 1);
        QCOMPARE(names.count(QStringLiteral("subject")), 1);

        const QJsonArray parts = m.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0][QStringLiteral("content_type")].toString(), QStringLiteral("text/plain"));
        QCOMPARE(parts[0][QStringLiteral("charset")].toString(), QStringLiteral("utf-8"));
        QCOMPARE(parts[1][QStringLiteral("content_type")].toString(), QStringLiteral("text/html"));
        QCOMPARE(parts[1][QStringLiteral("charset")].toString(), QStringLiteral("utf-8"));
        QString text = parts[0][QStringLiteral("content")].toString();
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QVERIFY(text.contains(title));
        QVERIFY(
            text.contains(QStringLiteral("Line one <i>markup</i> & more\nBcc: evil@example.net\n.\nFrom the desk")));
        const QString html = parts[1][QStringLiteral("content")].toString();
        QVERIFY(html.contains(QStringLiteral("Line one &lt;i&gt;markup&lt;/i&gt; &amp; more")));
        QVERIFY(html.contains(QStringLiteral("BTC&lt;USDT&gt;")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(!html.contains(QStringLiteral("<i>")));
        QVERIFY(html.contains(QStringLiteral("#D32F2F")));
    }

    void implicitTlsAuthLogin()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer::Options o = serverOptions(SmtpTestServer::Mode::ImplicitTls);
        o.mechanisms = QStringLiteral("LOGIN");
        SmtpTestServer server(o);
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        // "localhost" checks the certificate's DNS name, 127.0.0.1 (above) its IP address.
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("tls"),
                                  { { QStringLiteral("smtp_host"), QStringLiteral("localhost") } }),
                     password()),
            QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Implicit TLS")));
        QCOMPARE(run.report.results.size(), 1);
        QVERIFY2(run.report.results.first().success(), qPrintable(run.report.results.first().error));
        QCOMPARE(server.messageFiles().size(), 1);
        const QJsonObject env = server.envelope(server.messageFiles().first());
        QCOMPARE(env.value(QStringLiteral("mechanism")).toString(), QStringLiteral("LOGIN"));
        QCOMPARE(env.value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(env.value(QStringLiteral("rcpt_tos")).toArray(), recipients());
        QCOMPARE(SmtpTestServer::parse(server.messageFiles().first()).value(QStringLiteral("subject")).toString(),
            QStringLiteral("🔴 Implicit TLS"));
    }

    void xoauth2()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer::Options o = serverOptions(SmtpTestServer::Mode::StartTls);
        o.mechanisms = QStringLiteral("PLAIN,LOGIN,XOAUTH2");
        SmtpTestServer server(o);
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")),
                     { { QStringLiteral("oauth_token"), QString::fromLatin1(SmtpTestServer::kToken) } }),
            QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("OAuth")));
        QCOMPARE(run.report.results.size(), 1);
        QVERIFY2(run.report.results.first().success(), qPrintable(run.report.results.first().error));
        QCOMPARE(server.messageFiles().size(), 1);
        QCOMPARE(server.envelope(server.messageFiles().first()).value(QStringLiteral("mechanism")).toString(),
            QStringLiteral("XOAUTH2"));
    }

    void wrongPasswordFailsAtOnce()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(SmtpTestServer::Mode::StartTls));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QString wrong = QStringLiteral("not-the-password-42");
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")), password(wrong)), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Wrong password")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(run.attempts.size(), 1);
        QCOMPARE(outcome(run, 0), QStringLiteral("failed"));
        QVERIFY2(r.error.contains(QStringLiteral("535 5.7.8 Authentication credentials invalid")), qPrintable(r.error));
        QVERIFY2(!r.error.contains(wrong), qPrintable(r.error));
        QVERIFY(!r.error.contains(QString::fromLatin1(QByteArray(wrong.toLatin1()).toBase64())));
        const QList<QJsonObject> auth = server.events(QStringLiteral("auth"));
        QCOMPARE(auth.size(), 1);
        QCOMPARE(auth.first().value(QStringLiteral("success")).toBool(), false);
        QCOMPARE(auth.first().value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(server.messageFiles().size(), 0);
    }

    void noCommonAuthMechanism()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer::Options o = serverOptions(SmtpTestServer::Mode::StartTls);
        o.mechanisms = QStringLiteral("LOGIN");
        SmtpTestServer server(o);
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls"),
                                  { { QStringLiteral("auth"), QStringLiteral("plain") } }),
                     password()),
            QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Mechanisms")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(
            r.error.startsWith(QStringLiteral("authentication failed: ")) && !r.error.contains(QStringLiteral("250")),
            qPrintable(r.error));
        QCOMPARE(server.events().size(), 0);
    }

    void neverFallsBackToClearText_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("no STARTTLS offered") << static_cast<int>(SmtpTestServer::Mode::Plain);
        QTest::newRow("STARTTLS refused") << static_cast<int>(SmtpTestServer::Mode::RefuseStartTls);
    }

    void neverFallsBackToClearText()
    {
        QFETCH(int, mode);
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(static_cast<SmtpTestServer::Mode>(mode)));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("No TLS")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.error.contains(QStringLiteral("STARTTLS")) && r.error.contains(QStringLiteral("clear text")),
            qPrintable(r.error));
        QVERIFY(!r.error.contains(QString::fromLatin1(SmtpTestServer::kPassword)));
        // Nothing was said in clear text: no AUTH, no message.
        QCOMPARE(server.events().size(), 0);
        QCOMPARE(server.messageFiles().size(), 0);
    }

    void untrustedCertificateFails()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(SmtpTestServer::Mode::StartTls));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        // Without --ca-file the system trust store is used, and it does not know our test CA.
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls"),
                                  { { QStringLiteral("ca_file"), QJsonValue::Null } }),
                     password()),
            QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Untrusted")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.error.startsWith(QStringLiteral("TLS verification failed")), qPrintable(r.error));
        QCOMPARE(server.events(QStringLiteral("auth")).size(), 0);
        QCOMPARE(server.messageFiles().size(), 0);
    }

    void transientReplyIsRetried()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer::Options o = serverOptions(SmtpTestServer::Mode::StartTls);
        o.failData = QStringList { QStringLiteral("451 4.3.0 Mailbox busy, try again later") };
        SmtpTestServer server(o);
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        const qint64 before = clock.nowMs();
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Retry me")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QVERIFY2(r.success(), qPrintable(r.error));
        QCOMPARE(r.attempts, 2);
        QCOMPARE(run.attempts.size(), 2);
        QCOMPARE(outcome(run, 0), QStringLiteral("retry"));
        QVERIFY2(
            run.attempts[0].value(5).toString().contains(QStringLiteral("451 4.3.0 Mailbox busy, try again later")),
            qPrintable(run.attempts[0].value(5).toString()));
        QCOMPARE(outcome(run, 1), QStringLiteral("delivered"));
        QVERIFY(clock.nowMs() - before >= 1000); // the retry waited for the backoff
        // The refused and the accepted message carry the same Message-ID: a resend is recognisable.
        const QList<QJsonObject> refused = server.events(QStringLiteral("data-refused"));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(server.messageFiles().size(), 1);
        QCOMPARE(refused.first().value(QStringLiteral("message_id")).toString(),
            SmtpTestServer::parse(server.messageFiles().first()).value(QStringLiteral("message_id")).toString());
    }

    void permanentReplyFails()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer::Options o = serverOptions(SmtpTestServer::Mode::StartTls);
        o.failData = QStringList { QStringLiteral("554 5.7.1 Message rejected as spam") };
        SmtpTestServer server(o);
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Spam?")));
        QCOMPARE(run.report.results.size(), 1);
        const ChannelResult& r = run.report.results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QVERIFY2(r.error.contains(QStringLiteral("554 5.7.1 Message rejected as spam")), qPrintable(r.error));
    }

    void connectionRefusedIsRetried()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        QVERIFY(p.setSetting(QStringLiteral("delivery.max_retries"), QStringLiteral("1")));
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        QCOMPARE(p.addChannel(emailChannel(closedPort, QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Nobody home")));
        QCOMPARE(run.report.results.size(), 1);
        QCOMPARE(run.report.results.first().status, DeliveryStatus::Failed);
        QCOMPARE(run.attempts.size(), 2);
        QCOMPARE(outcome(run, 0), QStringLiteral("retry"));
        QVERIFY2(run.report.results.first().error.startsWith(QStringLiteral("gave up after 2 attempts")),
            qPrintable(run.report.results.first().error));
    }

    void silentServerTimesOut()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        QVERIFY(p.setSetting(QStringLiteral("delivery.max_retries"), QStringLiteral("0")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.timeout_ms"), QStringLiteral("300")));
        // Accepts the connection and never says a word: curl's own clock ends the attempt.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QCOMPARE(p.addChannel(emailChannel(silent.serverPort(), QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Silence")));
        QCOMPARE(run.report.results.size(), 1);
        // A timeout is worth a retry; with none left, the dispatcher gives up and says why.
        QVERIFY2(
            run.report.results.first().error.startsWith(QStringLiteral("gave up after 1 attempt: no answer in time")),
            qPrintable(run.report.results.first().error));
    }

    void burstOverSeveralConnections()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(SmtpTestServer::Mode::StartTls));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("starttls")), password()), QString());
        QCOMPARE(p.start(), QStringList());
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        const int count = 12; // more than the channel's concurrency (8): connections run side by side and are reused
        QStringList titles;
        for (int i = 0; i < count; ++i) {
            titles << QStringLiteral("Burst %1 ⚡").arg(i);
            FieldError fe;
            QVERIFY2(p.engine().alertManager().submit(alertJson(titles.last()), &fe), qPrintable(fe.toString()));
        }
        QVERIFY(waitUntil([&] { return done.size() == count; }, 60000));
        for (const auto& args : std::as_const(done)) {
            const DeliveryReport r = args.first().value<DeliveryReport>();
            QVERIFY2(r.allDelivered(), qPrintable(r.results.value(0).error));
        }
        QCOMPARE(server.messageFiles().size(), count);
        QStringList received;
        for (const QString& f : server.messageFiles())
            received << SmtpTestServer::parse(f).value(QStringLiteral("subject")).toString().mid(3); // without "🔴 "
        received.sort();
        titles.sort();
        QCOMPARE(received, titles);
        // Fewer logins than messages: idle connections are reused.
        QVERIFY(server.events(QStringLiteral("auth")).size() < count);
    }

    void plainSmtpOnLoopback()
    {
        FakeClock clock;
        TestProfile p(&clock);
        prepare(p);
        SmtpTestServer server(serverOptions(SmtpTestServer::Mode::Plain));
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(p.addChannel(emailChannel(server.port(), QStringLiteral("none")), {}), QString());
        QCOMPARE(p.start(), QStringList());
        const Run run = deliver(p, clock, alertJson(QStringLiteral("Local relay")));
        QCOMPARE(run.report.results.size(), 1);
        QVERIFY2(run.report.results.first().success(), qPrintable(run.report.results.first().error));
        QCOMPARE(server.messageFiles().size(), 1);
        QCOMPARE(server.envelope(server.messageFiles().first()).value(QStringLiteral("tls")).toBool(), false);
        QCOMPARE(server.events(QStringLiteral("auth")).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEmailSmtp)
#include "TestEmailSmtp.moc"
