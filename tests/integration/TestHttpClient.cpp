#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "channels/HttpClient.h"
#include "channels/HttpTransport.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// postHttp() through HttpClient against real servers on 127.0.0.1: what comes back must read
// as QNetworkAccessManager's answers did, for every way a server can answer or fail.
class TestHttpClient final : public QObject {
    Q_OBJECT

    // A server that answers each request with fixed raw bytes, then optionally closes: for
    // answer shapes ScriptedHttpServer does not make (chunked, close-delimited, malformed).
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

    struct Result {
        bool done = false;
        HttpResponse response;
    };

    static std::shared_ptr<Result> post(QNetworkAccessManager& nam, const QString& url, const QByteArray& body = "{}",
                                        int timeoutMs = 5000, QObject* context = nullptr,
                                        const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        auto result = std::make_shared<Result>();
        QNetworkRequest req{QUrl(url)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto& [name, value] : headers)
            req.setRawHeader(name, value);
        postHttp(&nam, req, body, timeoutMs, context ? context : &nam, [result](const HttpResponse& r) {
            result->response = r;
            result->done = true;
        });
        return result;
    }

private Q_SLOTS:
    void init() { QNetworkProxyFactory::setUseSystemConfiguration(false); }

    void handledWithoutProxyOnly()
    {
        QNetworkAccessManager nam;
        HttpClient* client = HttpClient::forManager(&nam);
        QCOMPARE(HttpClient::forManager(&nam), client);
        QVERIFY(client->canHandle(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:1/x")))));
        QVERIFY(client->canHandle(QNetworkRequest(QUrl(QStringLiteral("https://example.com/x")))));
        QVERIFY(!client->canHandle(QNetworkRequest(QUrl(QStringLiteral("ftp://example.com/x")))));
        QNetworkAccessManager proxied;
        proxied.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), 3128));
        QVERIFY(!HttpClient::forManager(&proxied)->canHandle(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:1/x")))));
    }

    void systemProxyGoesToQNetworkAccessManager()
    {
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        qputenv("http_proxy", "http://127.0.0.1:3128");
        QNetworkAccessManager nam;
        const bool handled = HttpClient::forManager(&nam)->canHandle(QNetworkRequest(QUrl(QStringLiteral("http://example.com/x"))));
        qunsetenv("http_proxy");
        QVERIFY(!handled);
    }

    void keepAliveAndRequestShape()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        for (int i = 0; i < 3; ++i) {
            auto r = post(nam, server.url(QStringLiteral("/hook?x=1&y=%C3%A4")), "{\"n\":" + QByteArray::number(i) + "}", 5000,
                          nullptr, {{"Idempotency-Key", "key-" + QByteArray::number(i)}});
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
        QTest::addColumn<int>("error");
        QTest::newRow("400") << 400 << int(QNetworkReply::ProtocolInvalidOperationError);
        QTest::newRow("401") << 401 << int(QNetworkReply::AuthenticationRequiredError);
        QTest::newRow("404") << 404 << int(QNetworkReply::ContentNotFoundError);
        QTest::newRow("429") << 429 << int(QNetworkReply::UnknownContentError);
        QTest::newRow("500") << 500 << int(QNetworkReply::InternalServerError);
        QTest::newRow("503") << 503 << int(QNetworkReply::ServiceUnavailableError);
    }

    void httpErrorStatuses()
    {
        QFETCH(int, status);
        QFETCH(int, error);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::json(status, "{\"error\":\"nope\"}").header("Retry-After", "7"));
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/x")));
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, status);
        QCOMPARE(int(r->response.error), error);
        QCOMPARE(r->response.body, QByteArray("{\"error\":\"nope\"}"));
        QCOMPARE(r->response.header("Retry-After"), QByteArray("7"));
    }

    void failures_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("text");
        QTest::newRow("reset") << int(ScriptedResponse::Action::Reset) << int(QNetworkReply::RemoteHostClosedError)
                               << QStringLiteral("Connection closed");
        QTest::newRow("closed") << int(ScriptedResponse::Action::Close) << int(QNetworkReply::RemoteHostClosedError)
                                << QStringLiteral("Connection closed");
        QTest::newRow("no answer") << int(ScriptedResponse::Action::Hang) << int(QNetworkReply::OperationCanceledError)
                                   << QStringLiteral("Operation canceled");
    }

    void failures()
    {
        QFETCH(int, action);
        QFETCH(int, error);
        QFETCH(QString, text);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        ScriptedResponse answer;
        answer.action = static_cast<ScriptedResponse::Action>(action);
        server.enqueue(answer);
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/x")), "{}", 300);
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 0);
        QCOMPARE(int(r->response.error), error);
        QCOMPARE(r->response.errorString, text);
        // Never resent by the client: retrying is the dispatcher's decision.
        QCOMPARE(server.requestCount(), 1);
        // The next request gets a fresh connection and its answer.
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
        QCOMPARE(r->response.errorString, QStringLiteral("Connection refused"));
    }

    void answerShapes_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n"
                                               "6\r\npedia!\r\n0\r\nX-Trailer: 1\r\n\r\n")
                                 << false << 200 << QByteArray("Wikipedia!");
        QTest::newRow("until close") << QByteArray("HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\n\r\nall of it") << true
                                     << 202 << QByteArray("all of it");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold") << true << 200
                                  << QByteArray("old");
        QTest::newRow("100 Continue first") << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
                                                          "Content-Length: 2\r\n\r\nhi")
                                            << false << 201 << QByteArray("hi");
        QTest::newRow("204 without body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << 204 << QByteArray();
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

    void malformedAnswer_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::newRow("not HTTP") << QByteArray("SMTP ready\r\n\r\n");
        // A chunk as large as a qint64 holds: its size plus the CRLF after it overflowed.
        QTest::newRow("chunk size at the qint64 limit")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc\r\n");
    }

    void malformedAnswer()
    {
        QFETCH(QByteArray, answer);
        RawServer server;
        server.answer = answer;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        auto r = post(nam, server.url());
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 0);
        QCOMPARE(r->response.error, QNetworkReply::ProtocolFailure);
    }

    void redirects_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("307 keeps POST") << 307 << QByteArray("POST") << QByteArray("{\"a\":1}");
        QTest::newRow("308 keeps POST") << 308 << QByteArray("POST") << QByteArray("{\"a\":1}");
        QTest::newRow("303 turns to GET") << 303 << QByteArray("GET") << QByteArray();
    }

    void redirects()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::withStatus(status).header("Location", "/moved?to=here"));
        server.enqueue(ScriptedResponse::ok("landed"));
        QNetworkAccessManager nam;
        auto r = post(nam, server.url(QStringLiteral("/first")), "{\"a\":1}");
        QVERIFY(waitUntil([&] { return r->done; }));
        QCOMPARE(r->response.status, 200);
        QCOMPARE(r->response.body, QByteArray("landed"));
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.requests().at(1).path, QByteArray("/moved?to=here"));
        QCOMPARE(server.requests().at(1).method, method);
        QCOMPARE(server.requests().at(1).body, body);
    }

    void connectionsPerHostAreCapped()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::ok().after(30));
        QNetworkAccessManager nam;
        QList<std::shared_ptr<Result>> results;
        for (int i = 0; i < 20; ++i)
            results << post(nam, server.url(QStringLiteral("/x")));
        QVERIFY(waitUntil([&] { return std::all_of(results.begin(), results.end(), [](const auto& r) { return r->done; }); }));
        for (const auto& r : std::as_const(results))
            QCOMPARE(r->response.status, 200);
        QCOMPARE(server.requestCount(), 20);
        QCOMPARE(server.connectionCount(), HttpClient::kDefaultMaxConnectionsPerHost);
    }

    // TLS: verified exactly as the request's configuration says, never switched off.
    void tls_data()
    {
        QTest::addColumn<bool>("trustTestCa");
        QTest::newRow("certificate trusted by the request") << true;
        QTest::newRow("self-signed, not trusted") << false;
    }

    void tls()
    {
        QFETCH(bool, trustTestCa);
        QTemporaryDir dir;
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                       QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                       QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(dir.filePath(QStringLiteral("cert.pem")));
        QCOMPARE(certs.size(), 1);

        QSslServer server;
        QSslConfiguration serverConf = QSslConfiguration::defaultConfiguration();
        serverConf.setLocalCertificate(certs.first());
        serverConf.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        server.setSslConfiguration(serverConf);
        int served = 0;
        connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&] {
            while (QTcpSocket* s = server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [&served, s] {
                    if (!s->readAll().contains("\r\n\r\n"))
                        return;
                    ++served;
                    s->write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
                });
            }
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("https://127.0.0.1:%1/tls").arg(server.serverPort())));
        if (trustTestCa) {
            QSslConfiguration conf = req.sslConfiguration();
            conf.addCaCertificate(certs.first());
            req.setSslConfiguration(conf);
        }
        bool done = false;
        HttpResponse response;
        postHttp(&nam, req, "{}", 10000, &nam, [&](const HttpResponse& r) {
            response = r;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }, 10000));
        if (trustTestCa) {
            QCOMPARE(response.error, QNetworkReply::NoError);
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body, QByteArray("secure"));
            QCOMPARE(served, 1);
        } else {
            QCOMPARE(response.status, 0);
            QCOMPARE(response.error, QNetworkReply::SslHandshakeFailedError);
            QVERIFY2(response.errorString.startsWith(QStringLiteral("SSL handshake failed")), qPrintable(response.errorString));
            QCOMPARE(served, 0);
            const SendOutcome o = classifyHttp(response, 0, Redactor());
            QCOMPARE(o.kind, SendOutcome::Kind::Failed);
            QVERIFY(o.error.startsWith(QStringLiteral("TLS verification failed")));
        }
    }

    void noCallbackAfterContextIsGone()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::ok());            // for the request whose context goes
        server.enqueue(ScriptedResponse::ok().after(100)); // the witness, answered later
        QNetworkAccessManager nam;
        auto context = std::make_unique<QObject>();
        auto r = post(nam, server.url(QStringLiteral("/x")), "{}", 5000, context.get());
        QVERIFY(server.waitForRequests(1));
        auto witness = post(nam, server.url(QStringLiteral("/y")));
        context.reset();
        QVERIFY(waitUntil([&] { return witness->done; }));
        QCOMPARE(witness->response.status, 200);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(!r->done);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "TestHttpClient.moc"
