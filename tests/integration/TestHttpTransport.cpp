// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "TestCertificates.h"
#include "TestProfile.h"

#include "channels/ChannelRegistry.h"
#include "channels/WebhookChannel.h"
#include "net/HttpTransport.h"
#include "net/NetworkProxy.h"
#include "util/Clock.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace alertdesk;
using namespace alertdesk::test;

// postHttp() over QNetworkAccessManager against real servers on 127.0.0.1, as a hostile or
// unusual receiver answers: bounded answers, redirects, proxies, TLS failures, deadlines.
class TestHttpTransport final : public QObject {
    Q_OBJECT

    // A server that answers each request with fixed raw bytes, then optionally closes: for
    // answer shapes ScriptedHttpServer does not make (chunked, close-delimited).
    struct RawServer {
        QTcpServer server;
        QByteArray answer;
        bool closeAfter = false;
        QByteArray received;

        bool listen()
        {
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
                while (QTcpSocket* s = server.nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                        received += s->readAll();
                        if (!received.contains("\r\n\r\n"))
                            return;
                        s->write(answer);
                        s->flush();
                        if (closeAfter)
                            s->disconnectFromHost();
                    });
                }
            });
            return server.listen(QHostAddress::LocalHost, 0);
        }
        QString url() const { return QStringLiteral("http://127.0.0.1:%1/raw").arg(server.serverPort()); }
    };

    // Answers 200 and then a body that never ends (64 KiB at a time, as fast as it is read),
    // or one byte every dripMs.
    struct EndlessServer {
        QTcpServer server;
        qint64 sent = 0;
        int dripMs = 0;

        bool listen()
        {
            QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
                while (QTcpSocket* s = server.nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                        if (!s->readAll().contains("\r\n\r\n") || s->property("answering").toBool())
                            return;
                        s->setProperty("answering", true);
                        s->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
                        if (dripMs > 0) {
                            auto* t = new QTimer(s);
                            QObject::connect(t, &QTimer::timeout, s, [this, s] { sent += s->write("x"); });
                            t->start(dripMs);
                            return;
                        }
                        auto more = [this, s] {
                            static const QByteArray chunk(64 * 1024, 'x');
                            while (
                                s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < 4 * chunk.size())
                                sent += s->write(chunk);
                        };
                        QObject::connect(s, &QTcpSocket::bytesWritten, s, more);
                        more();
                    });
                }
            });
            return server.listen(QHostAddress::LocalHost, 0);
        }
        QString url() const { return QStringLiteral("http://127.0.0.1:%1/endless").arg(server.serverPort()); }
    };

    // HTTPS on 127.0.0.1 with the given certificate: 200 "secure" to every request.
    struct TlsServer {
        QSslServer server;
        int served = 0;

        bool listen(const QString& certFile, const QString& keyFile)
        {
            QFile key(keyFile);
            if (!key.open(QIODevice::ReadOnly))
                return false;
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setLocalCertificate(QSslCertificate::fromPath(certFile).value(0));
            conf.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
            server.setSslConfiguration(conf);
            QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this] {
                while (QTcpSocket* s = server.nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                        if (!s->readAll().contains("\r\n\r\n"))
                            return;
                        ++served;
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
                    });
                }
            });
            return server.listen(QHostAddress::LocalHost, 0);
        }
    };

    struct Result {
        bool done = false;
        HttpResponse response;
    };

    static std::shared_ptr<Result> post(QNetworkAccessManager& nam, const QString& url, const QByteArray& body = "{}",
        int timeoutMs = 5000, QObject* context = nullptr, const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest req { QUrl(url) };
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto& [name, value] : headers)
            req.setRawHeader(name, value);
        return post(nam, req, body, timeoutMs, context);
    }

    static std::shared_ptr<Result> post(QNetworkAccessManager& nam, const QNetworkRequest& req, const QByteArray& body,
        int timeoutMs = 5000, QObject* context = nullptr)
    {
        auto result = std::make_shared<Result>();
        postHttp(&nam, req, body, timeoutMs, context ? context : &nam, [result](const HttpResponse& r) {
            result->response = r;
            result->done = true;
        });
        return result;
    }

    static qint64 residentKiB()
    {
        QFile f(QStringLiteral("/proc/self/status"));
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray& line : f.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }

private Q_SLOTS:
    void keepAliveAndRequestShape()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        for (int i = 0; i < 3; ++i) {
            auto r
                = post(nam, server.url(QStringLiteral("/hook?x=1&y=%C3%A4")), "{\"n\":" + QByteArray::number(i) + "}",
                    5000, nullptr, { { "Idempotency-Key", "key-" + QByteArray::number(i) } });
            QVERIFY(waitUntil([&] { return r->done; }));
            QCOMPARE(r->response.status, 200);
            QCOMPARE(r->response.error, QNetworkReply::NoError);
            QCOMPARE(r->response.body, QByteArray("ok"));
            QCOMPARE(r->response.header("content-type"), QByteArray("text/plain"));
        }
        QCOMPARE(server.connectionCount(), 1); // one connection, kept alive
        QCOMPARE(server.requestCount(), 3);
        const RecordedRequest& last = server.requests().last();
        QCOMPARE(last.method, QByteArray("POST"));
        QCOMPARE(last.path, QByteArray("/hook?x=1&y=%C3%A4"));
        QCOMPARE(last.body, QByteArray("{\"n\":2}"));
        QCOMPARE(last.header("Idempotency-Key"), QByteArray("key-2"));
        QCOMPARE(last.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(last.header("Host"), QStringLiteral("127.0.0.1:%1").arg(server.port()).toLatin1());
    }

    void httpErrorStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::newRow("400") << 400 << int(SendOutcome::Kind::Failed);
        QTest::newRow("401") << 401 << int(SendOutcome::Kind::Failed);
        QTest::newRow("429") << 429 << int(SendOutcome::Kind::Retry);
        QTest::newRow("500") << 500 << int(SendOutcome::Kind::Retry);
        QTest::newRow("503") << 503 << int(SendOutcome::Kind::Retry);
    }

    void httpErrorStatuses()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::json(status, "{\"error\":\"nope\"}").header("Retry-After", "7"));
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/x")));
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, status);
        QCOMPARE(r->response.body, QByteArray("{\"error\":\"nope\"}"));
        QCOMPARE(r->response.header("Retry-After"), QByteArray("7"));
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.error, QStringLiteral("HTTP %1: {\"error\":\"nope\"}").arg(status));
        QCOMPARE(o.retryAfterMs, kind == int(SendOutcome::Kind::Retry) ? 7000 : -1);
    }

    void failures_data()
    {
        QTest::addColumn<int>("action");
        QTest::newRow("reset") << int(ScriptedResponse::Action::Reset);
        QTest::newRow("closed") << int(ScriptedResponse::Action::Close);
        QTest::newRow("no answer") << int(ScriptedResponse::Action::Hang);
    }

    void failures()
    {
        QFETCH(int, action);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse answer;
        answer.action = static_cast<ScriptedResponse::Action>(action);
        server.setDefault(answer);
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/x")), "{}", 500);
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 0);
        QVERIFY(r->response.error != QNetworkReply::NoError);
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(o.kind, SendOutcome::Kind::Retry); // the dispatcher decides when
        QVERIFY(!o.error.isEmpty());
        // The next request gets a fresh connection and its answer.
        server.setDefault(ScriptedResponse::ok());
        auto again = post(nam, server.url(QStringLiteral("/x")));
        QVERIFY(waitUntil([&] { return again->done; }));
        QCOMPARE(again->response.status, 200);
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            port = s.serverPort();
        }
        QNetworkAccessManager nam;
        auto r = post(nam, QStringLiteral("http://127.0.0.1:%1/x").arg(port));
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 0);
        QCOMPARE(r->response.error, QNetworkReply::ConnectionRefusedError);
        QCOMPARE(classifyHttp(r->response, 0, Redactor()).kind, SendOutcome::Kind::Retry);
    }

    void answerShapes_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n"
            "6\r\npedia!\r\n0\r\nX-Trailer: 1\r\n\r\n")
                                 << false << 200 << QByteArray("Wikipedia!");
        QTest::newRow("until close") << QByteArray("HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\n\r\nall of it")
                                     << true << 202 << QByteArray("all of it");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold") << true << 200
                                  << QByteArray("old");
        QTest::newRow("204 without body")
            << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << 204 << QByteArray();
    }

    void answerShapes()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, closeAfter);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        RawServer server;
        server.answer = answer;
        server.closeAfter = closeAfter;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        auto r = post(nam, server.url());
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.error, QNetworkReply::NoError);
        QCOMPARE(r->response.status, status);
        QCOMPARE(r->response.body, body);
    }

    // A receiver whose answer never ends: cut at the bound, at once, with memory flat.
    void endlessAnswerIsCut()
    {
        EndlessServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        const qint64 rssBefore = residentKiB();
        QElapsedTimer timer;
        timer.start();
        auto r = post(nam, server.url(), "{}", 20000);
        QVERIFY(waitUntil([&] { return r->done; }, 20000));
        const qint64 rssAfter = residentKiB();
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(server.sent > kMaxAnswerBytes, qPrintable(QString::number(server.sent)));
        QCOMPARE(r->response.status, 200);
        QCOMPARE(r->response.refused, QStringLiteral("answer larger than 1024 KiB: cut off"));
        QVERIFY(r->response.body.isEmpty());
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(o.kind, SendOutcome::Kind::Failed);
        QCOMPARE(o.error, QStringLiteral("HTTP 200: answer larger than 1024 KiB: cut off"));
        // Unbounded, the reply would have buffered the stream (gigabytes within the deadline).
        QVERIFY2(rssAfter - rssBefore < 32 * 1024,
            qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(rssAfter - rssBefore)));
    }

    // The time limit holds from the request's start, however slowly the server drips.
    void drippingAnswerMeetsTheDeadline()
    {
        EndlessServer server;
        server.dripMs = 50;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        QElapsedTimer timer;
        timer.start();
        auto r = post(nam, server.url(), "{}", 600);
        QVERIFY(waitUntil([&] { return r->done; }, 10000));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(server.sent > 0);
        QCOMPARE(r->response.status, 0);
        QCOMPARE(r->response.error, QNetworkReply::OperationCanceledError);
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(o.kind, SendOutcome::Kind::Retry);
        QVERIFY2(
            o.error.startsWith(QStringLiteral("no answer in time (no complete answer within")), qPrintable(o.error));
    }

    // Only a same-origin 307/308 is followed, with the same method, body and headers; every
    // other redirect fails naming the target's host only, and nothing reaches another origin.
    void redirects_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("sameOrigin");
        QTest::addColumn<bool>("followed");
        for (int status : { 301, 302, 303, 307, 308 }) {
            QTest::addRow("%d same origin", status) << status << true << (status == 307 || status == 308);
            QTest::addRow("%d other origin", status) << status << false << false;
        }
    }

    void redirects()
    {
        QFETCH(int, status);
        QFETCH(bool, sameOrigin);
        QFETCH(bool, followed);
        ScriptedHttpServer server, other;
        QVERIFY(server.listen());
        QVERIFY(other.listen());
        const QByteArray target = sameOrigin
            ? QByteArray("/moved/secret-path?token=abc")
            : QStringLiteral("http://localhost:%1/moved/secret-path?token=abc").arg(other.port()).toLatin1();
        server.enqueue(ScriptedResponse::withStatus(status).header("Location", target));
        server.enqueue(ScriptedResponse::ok("landed"));
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/first")), "{\"a\":1}", 5000, nullptr,
            { { "Authorization", "Bearer s3cret" }, { "Idempotency-Key", "k1" } });
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(other.requestCount(), 0);
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        if (followed) {
            QCOMPARE(r->response.status, 200);
            QCOMPARE(r->response.body, QByteArray("landed"));
            QCOMPARE(o.kind, SendOutcome::Kind::Delivered);
            QCOMPARE(server.requestCount(), 2);
            const RecordedRequest& again = server.requests().at(1);
            QCOMPARE(again.method, QByteArray("POST"));
            QCOMPARE(again.path, QByteArray("/moved/secret-path?token=abc"));
            QCOMPARE(again.body, QByteArray("{\"a\":1}"));
            QCOMPARE(again.header("Authorization"), QByteArray("Bearer s3cret"));
            QCOMPARE(again.header("Idempotency-Key"), QByteArray("k1"));
        } else {
            QCOMPARE(server.requestCount(), 1);
            QCOMPARE(r->response.status, status);
            QCOMPARE(o.kind, SendOutcome::Kind::Failed);
            const QString host = sameOrigin ? QStringLiteral("127.0.0.1") : QStringLiteral("localhost");
            QVERIFY2(o.error.startsWith(QStringLiteral("HTTP %1: redirected to %2").arg(status).arg(host)),
                qPrintable(o.error));
            QVERIFY2(!o.error.contains(QLatin1String("secret-path")) && !o.error.contains(QLatin1String("token")),
                qPrintable(o.error));
        }
    }

    void redirectLoopStops()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::withStatus(307).header("Location", "/again"));
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/first")));
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(server.requestCount(), 1 + kMaxRedirects);
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(o.kind, SendOutcome::Kind::Failed);
        QVERIFY2(o.error.contains(QStringLiteral("more than %1 times").arg(kMaxRedirects)), qPrintable(o.error));
    }

    // A host that does not resolve, reached through a recording proxy on 127.0.0.1.
    void throughAProxy_data()
    {
        QTest::addColumn<bool>("fromEnvironment");
        QTest::newRow("network.proxy http://user@host:port") << false;
        QTest::newRow("system ($http_proxy)") << true;
    }

    void throughAProxy()
    {
        QFETCH(bool, fromEnvironment);
        ScriptedHttpServer proxy;
        QVERIFY(proxy.listen());
        // A proxy that wants credentials: 407 until they come.
        proxy.setHandler([](const RecordedRequest& req) {
            if (req.header("Proxy-Authorization") != "Basic " + QByteArray("trader:pa55").toBase64())
                return ScriptedResponse::withStatus(407).header("Proxy-Authenticate", "Basic realm=\"desk\"");
            return ScriptedResponse::ok("via proxy");
        });
        QNetworkAccessManager nam;
        const QString proxyUrl = QStringLiteral("http://trader@127.0.0.1:%1").arg(proxy.port());
        QString error;
        if (fromEnvironment) {
            qputenv("http_proxy", QStringLiteral("http://trader:pa55@127.0.0.1:%1").arg(proxy.port()).toLatin1());
            applyProxySetting(&nam, *parseProxySetting(QStringLiteral("system"), &error));
        } else {
            const auto setting = parseProxySetting(proxyUrl, &error);
            QVERIFY2(setting, qPrintable(error));
            QCOMPARE(setting->toString(), proxyUrl);
            applyProxySetting(&nam, *setting, QStringLiteral("pa55"));
        }
        auto r = post(nam, QStringLiteral("http://alerts.invalid/hook?x=1"), "{\"via\":1}");
        QVERIFY(waitUntil([&] { return r->done; }));
        qunsetenv("http_proxy");
        QCOMPARE(r->response.status, 200);
        QCOMPARE(r->response.body, QByteArray("via proxy"));
        const RecordedRequest& last = proxy.requests().last();
        QCOMPARE(last.method, QByteArray("POST"));
        QCOMPARE(last.path, QByteArray("http://alerts.invalid/hook?x=1"));
        QCOMPARE(last.body, QByteArray("{\"via\":1}"));
    }

    void noProxyGoesDirect()
    {
        ScriptedHttpServer proxy;
        QVERIFY(proxy.listen());
        qputenv("http_proxy", proxy.url().toLatin1());
        qputenv("no_proxy", "alerts.invalid");
        QNetworkAccessManager nam;
        QString error;
        applyProxySetting(&nam, *parseProxySetting(QStringLiteral("system"), &error));
        auto r = post(nam, QStringLiteral("http://alerts.invalid/hook"));
        QVERIFY(waitUntil([&] { return r->done; }));
        qunsetenv("http_proxy");
        qunsetenv("no_proxy");
        QCOMPARE(proxy.requestCount(), 0);
        QCOMPARE(r->response.error, QNetworkReply::HostNotFoundError);
    }

    void loopbackNeverThroughTheSystemProxy()
    {
        ScriptedHttpServer proxy, server;
        QVERIFY(proxy.listen());
        QVERIFY(server.listen());
        qputenv("http_proxy", proxy.url().toLatin1());
        QNetworkAccessManager nam;
        QString error;
        applyProxySetting(&nam, *parseProxySetting(QStringLiteral("system"), &error));
        auto r = post(nam, server.url(QStringLiteral("/local")));
        QVERIFY(waitUntil([&] { return r->done; }));
        qunsetenv("http_proxy");
        QCOMPARE(r->response.status, 200);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(proxy.requestCount(), 0);
    }

    void proxyRefuses()
    {
        quint16 port = 0;
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            port = s.serverPort();
        }
        QNetworkAccessManager nam;
        QString error;
        applyProxySetting(&nam, *parseProxySetting(QStringLiteral("http://127.0.0.1:%1").arg(port), &error));
        auto r = post(nam, QStringLiteral("http://alerts.invalid/hook"));
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 0);
        QCOMPARE(r->response.error, QNetworkReply::ProxyConnectionRefusedError);
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        QCOMPARE(o.kind, SendOutcome::Kind::Retry);
        QCOMPARE(o.error, QStringLiteral("proxy: 127.0.0.1:%1 refused the connection").arg(port));
    }

    void proxySettingForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("stored"); // empty: refused
        QTest::newRow("system") << QStringLiteral("System") << QStringLiteral("system");
        QTest::newRow("none") << QStringLiteral("none") << QStringLiteral("none");
        QTest::newRow("url") << QStringLiteral("http://proxy.example:3128")
                             << QStringLiteral("http://proxy.example:3128");
        QTest::newRow("password split off")
            << QStringLiteral("http://u:p@proxy.example:3128") << QStringLiteral("http://u@proxy.example:3128");
        QTest::newRow("no port") << QStringLiteral("http://proxy.example") << QString();
        QTest::newRow("socks") << QStringLiteral("socks5://proxy.example:1080") << QString();
        QTest::newRow("path") << QStringLiteral("http://proxy.example:3128/x") << QString();
    }

    void proxySettingForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, stored);
        QString error;
        const auto s = parseProxySetting(text, &error);
        QCOMPARE(s.has_value(), !stored.isEmpty());
        if (s)
            QCOMPARE(s->toString(), stored);
        else
            QVERIFY(error.startsWith(QStringLiteral("network.proxy must be")));
    }

    // TLS: the system's store plus the CA the request trusts; each failure named.
    void tls_data()
    {
        QTest::addColumn<QString>("certificate"); // "" the CA's server certificate
        QTest::addColumn<bool>("trustCa");
        QTest::addColumn<QString>("named"); // "" delivered
        QTest::newRow("trusted CA") << QString() << true << QString();
        QTest::newRow("unknown CA") << QString() << false << QStringLiteral("certificate of an unknown authority");
        QTest::newRow("expired") << QStringLiteral("expired") << true << QStringLiteral("expired certificate");
        QTest::newRow("wrong host") << QStringLiteral("wronghost") << true
                                    << QStringLiteral("certificate for another host");
        QTest::newRow("self-signed") << QStringLiteral("selfsigned") << false
                                     << QStringLiteral("self-signed certificate");
    }

    void tls()
    {
        QFETCH(QString, certificate);
        QFETCH(bool, trustCa);
        QFETCH(QString, named);
        QTemporaryDir dir;
        TestCertificates certs;
        QCOMPARE(certs.create(dir.path()), QString());
        QString certFile = certs.certFile(), keyFile = certs.keyFile();
        if (certificate == QLatin1String("expired")) {
            QCOMPARE(certs.createServerCertificate(certificate, QStringLiteral("DNS:localhost,IP:127.0.0.1"),
                         QStringLiteral("20200101000000Z"), QStringLiteral("20200102000000Z")),
                QString());
        } else if (certificate == QLatin1String("wronghost")) {
            QCOMPARE(certs.createServerCertificate(certificate, QStringLiteral("DNS:other.example")), QString());
        } else if (certificate == QLatin1String("selfsigned")) {
            certFile = certs.caFile(); // the CA's own certificate, self-signed, served as the server's
            keyFile = dir.filePath(QStringLiteral("ca.key"));
        }
        if (!certificate.isEmpty() && certificate != QLatin1String("selfsigned")) {
            certFile = certs.certFile(certificate);
            keyFile = certs.keyFile(certificate);
        }
        TlsServer server;
        QVERIFY(server.listen(certFile, keyFile));
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("https://localhost:%1/tls").arg(server.server.serverPort())));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (trustCa) {
            QSslConfiguration conf = req.sslConfiguration();
            conf.addCaCertificates(QSslCertificate::fromPath(certs.caFile()));
            req.setSslConfiguration(conf);
        }
        auto r = post(nam, req, "{}", 10000);
        QVERIFY(waitUntil([&] { return r->done; }, 10000));
        const SendOutcome o = classifyHttp(r->response, 0, Redactor());
        if (named.isEmpty()) {
            QCOMPARE(r->response.error, QNetworkReply::NoError);
            QCOMPARE(r->response.status, 200);
            QCOMPARE(r->response.body, QByteArray("secure"));
            QCOMPARE(server.served, 1);
            return;
        }
        QCOMPARE(r->response.status, 0);
        QCOMPARE(r->response.error, QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(server.served, 0);
        QCOMPARE(o.kind, SendOutcome::Kind::Failed);
        QVERIFY2(o.error.startsWith(QStringLiteral("TLS verification failed: ")), qPrintable(o.error));
        QVERIFY2(o.error.contains(named), qPrintable(o.error));
        QVERIFY2(o.error.endsWith(QStringLiteral(" of localhost")), qPrintable(o.error));
    }

    // HTTP/2 when the server offers it (ALPN): nghttpd, Debian's nghttp2 server (Qt 6.4's
    // QHttpServer speaks HTTP/1.1 only), echoing the posted body.
    void http2WhenOffered()
    {
        const QString nghttpd = QStandardPaths::findExecutable(
            QStringLiteral("nghttpd"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") });
        if (nghttpd.isEmpty())
            QFAIL("nghttpd is missing: scripts/install-deps.sh installs it (package nghttp2-server)");
        QTemporaryDir dir;
        TestCertificates certs;
        QCOMPARE(certs.create(dir.path()), QString());
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(nghttpd,
            { QStringLiteral("--address=127.0.0.1"), QStringLiteral("--echo-upload"), QStringLiteral("-d"), dir.path(),
                QString::number(port), certs.keyFile(), certs.certFile() });
        QVERIFY(server.waitForStarted());
        QVERIFY2(waitUntil(
                     [&] {
                         QTcpSocket s;
                         s.connectToHost(QHostAddress::LocalHost, port);
                         return s.waitForConnected(200);
                     },
                     10000),
            server.readAll().constData());
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("https://localhost:%1/h2").arg(port)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QSslConfiguration conf = req.sslConfiguration();
        conf.addCaCertificates(QSslCertificate::fromPath(certs.caFile()));
        req.setSslConfiguration(conf);
        auto r = post(nam, req, "{\"over\":\"h2\"}", 10000);
        QVERIFY(waitUntil([&] { return r->done; }, 10000));
        server.terminate();
        server.waitForFinished(5000);
        QCOMPARE(r->response.error, QNetworkReply::NoError);
        QCOMPARE(r->response.status, 200);
        QVERIFY(r->response.http2);
        QCOMPARE(r->response.body, QByteArray("{\"over\":\"h2\"}"));
    }

    // A channel's ca_file (--ca-file) is trusted for its requests, besides the system's store.
    void channelCaFile_data()
    {
        QTest::addColumn<bool>("withCaFile");
        QTest::newRow("with --ca-file") << true;
        QTest::newRow("system store only") << false;
    }

    void channelCaFile()
    {
        QFETCH(bool, withCaFile);
        QTemporaryDir dir;
        TestCertificates certs;
        QCOMPARE(certs.create(dir.path()), QString());
        TlsServer server;
        QVERIFY(server.listen(certs.certFile(), certs.keyFile()));
        ChannelConfig config;
        config.name = QStringLiteral("desk");
        config.kind = QStringLiteral("webhook");
        if (withCaFile)
            config.settings.insert(QStringLiteral("ca_file"), certs.caFile());
        QCOMPARE(findChannelKind(config.kind)
                     ->validate(config, { { QStringLiteral("url"), QStringLiteral("https://localhost/") } }),
            QString());
        QNetworkAccessManager nam;
        SystemClock clock;
        WebhookChannel channel(config,
            { { QStringLiteral("url"), QStringLiteral("https://localhost:%1/hook").arg(server.server.serverPort()) } },
            ChannelEnv { &nam, &clock, nullptr });
        Alert alert;
        alert.id = QStringLiteral("a1");
        alert.title = QStringLiteral("over TLS");
        std::optional<SendOutcome> outcome;
        channel.send(alert, DeliveryContext { QStringLiteral("k"), 1, 10000 }, [&](SendOutcome o) { outcome = o; });
        QVERIFY(waitUntil([&] { return outcome.has_value(); }, 10000));
        if (withCaFile) {
            QCOMPARE(outcome->kind, SendOutcome::Kind::Delivered);
            QCOMPARE(server.served, 1);
        } else {
            QCOMPARE(outcome->kind, SendOutcome::Kind::Failed);
            QCOMPARE(outcome->error,
                QStringLiteral("TLS verification failed: certificate of an unknown authority of localhost"));
            QCOMPARE(server.served, 0);
        }
    }

    void caFileChecked()
    {
        ChannelConfig config;
        config.kind = QStringLiteral("slack");
        config.settings.insert(QStringLiteral("ca_file"), QStringLiteral("/nonexistent/ca.pem"));
        QCOMPARE(findChannelKind(config.kind)
                     ->validate(config,
                         { { QStringLiteral("webhook_urls"), QStringLiteral("[\"https://hooks.example/x\"]") } }),
            QStringLiteral("ca_file '/nonexistent/ca.pem' cannot be read"));
    }

    void noCallbackAfterContextIsGone()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::ok().after(50)); // for the request whose context goes
        server.enqueue(ScriptedResponse::ok().after(100)); // the witness, answered later
        QNetworkAccessManager nam;
        auto context = std::make_unique<QObject>();
        auto r = post(nam, server.url(QStringLiteral("/x")), "{}", 5000, context.get());
        QVERIFY(server.waitForRequests(1));
        auto witness = post(nam, server.url(QStringLiteral("/y")));
        context.reset();
        QVERIFY(waitUntil([&] { return witness->done; }));
        QCOMPARE(witness->response.status, 200);
        QVERIFY(!r->done);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "TestHttpTransport.moc"
