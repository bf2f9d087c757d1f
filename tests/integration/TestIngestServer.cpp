// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "engine/RuleService.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/ConstantTime.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>

using namespace alertdesk;
using namespace alertdesk::test;

using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

// The ingest API over real sockets on 127.0.0.1: every status code, the body limit, the Origin
// refusal, and alerts committed before the 202 leaves.
class TestIngestServer final : public QObject {
    Q_OBJECT

    static constexpr qint64 kStart = 1795687200000; // 2026-11-26T10:00:00Z
    static inline const QByteArray kToken = "adk_test-token-0123456789";

    struct Response {
        int status = 0;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
        QByteArray header(const QByteArray& name) const
        {
            for (const auto& [k, v] : headers) {
                if (k.compare(name, Qt::CaseInsensitive) == 0)
                    return v;
            }
            return {};
        }
    };

    FakeClock m_clock { kStart };
    std::unique_ptr<TestProfile> m_profile;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;

    Response send(const QByteArray& method, const QString& path, const QByteArray& body = {},
        const QList<QPair<QByteArray, QByteArray>>& headers = { { "Authorization", "Bearer " + kToken } })
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        for (const auto& [k, v] : headers)
            req.setRawHeader(k, v);
        QNetworkReply* reply = m_nam.sendCustomRequest(req, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        Response r;
        if (!reply->isFinished() && !finished.wait(10000))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return r;
    }

    // Speaks HTTP by hand: what a client library would hide (header-only sends, Expect). The
    // server runs in this thread, so every wait runs the event loop (QTest::qWaitFor).
    struct RawClient {
        QTcpSocket socket;
        QByteArray buffer;

        bool connectTo(quint16 port)
        {
            socket.connectToHost(QHostAddress::LocalHost, port);
            return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
        }
        // Parses one complete response off the front of the buffer.
        bool take(Response* r)
        {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            Response out;
            out.status = lines.first().split(' ').value(1).toInt();
            qint64 length = 0;
            for (const QByteArray& l : lines.mid(1)) {
                const qsizetype colon = l.indexOf(':');
                const QByteArray name = l.left(colon).trimmed();
                const QByteArray value = l.mid(colon + 1).trimmed();
                out.headers.append({ name, value });
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return false;
            out.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            *r = out;
            return true;
        }
        Response read()
        {
            Response r;
            (void)QTest::qWaitFor(
                [&] {
                    buffer += socket.readAll();
                    return take(&r);
                },
                10000);
            return r;
        }
        bool closedByServer()
        {
            return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000);
        }
        bool isOpen() const { return socket.state() == QAbstractSocket::ConnectedState; }
    };

    IngestServer& server() { return *m_profile->engine().ingestServer(); }

    // Runs a whole request on a connection of its own: once it is answered, the server's event
    // loop has gone round at least once after every byte sent before it. Returns once the
    // server has seen the probe go.
    void roundTrip()
    {
        const int before = server().openConnections();
        RawClient probe;
        QVERIFY(probe.connectTo(m_port));
        probe.socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(probe.read().status, 200);
        probe.socket.disconnectFromHost();
        QVERIFY(waitUntil([&] { return server().openConnections() == before; }));
    }

    // Messages captured while a test turns debug logging on.
    static inline QStringList s_messages;
    static void captureMessage(QtMsgType, const QMessageLogContext& context, const QString& message)
    {
        s_messages << QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message;
    }

    static QByteArray head(const QByteArray& requestLine, const QByteArray& extra = {})
    {
        return requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken + "\r\n" + extra + "\r\n";
    }

    static QByteArray alertJson(const QJsonObject& extra = {})
    {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("RISK") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") },
            { QStringLiteral("title"), QStringLiteral("Position risk exceeded") },
            { QStringLiteral("message"), QStringLiteral("BTC position exceeds risk limit by 15%") },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            o.insert(it.key(), it.value());
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }

private Q_SLOTS:
    void init()
    {
        m_clock.setNow(kStart);
        m_profile = std::make_unique<TestProfile>(&m_clock);
        QVERIFY2(m_profile->isValid(), qPrintable(m_profile->error()));
        QCOMPARE(m_profile->addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(m_profile->setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        QString error;
        QVERIFY2(m_profile->engine().startIngest(QString::fromLatin1(kToken), &error), qPrintable(error));
        m_port = m_profile->engine().ingestServer()->port();
        QVERIFY(m_port != 0);
        m_nam.clearConnectionCache();
    }

    void cleanup() { m_profile.reset(); }

    void health()
    {
        const Response r = send("GET", QStringLiteral("/v1/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(r.json().value(QStringLiteral("channels")).toInt(), 1);
        QCOMPARE(r.json().value(QStringLiteral("profile")).toString(), m_profile->engine().profile().id());
        // The endpoint file tells other processes where the API is.
        QFile f(m_profile->engine().ingestEndpointPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("port")).toInt(), int(m_port));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<HeaderPairs>("headers");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field"); // for 400: the field the error names

        using H = QList<QPair<QByteArray, QByteArray>>;
        const H auth { { "Authorization", "Bearer " + kToken } };
        const QByteArray ok = alertJson();
        QTest::newRow("no token") << QByteArray("POST") << "/v1/alerts" << ok << H {} << 401 << "";
        QTest::newRow("wrong token") << QByteArray("POST") << "/v1/alerts" << ok
                                     << H { { "Authorization", "Bearer adk_nope" } } << 401 << "";
        QTest::newRow("token prefix only") << QByteArray("POST") << "/v1/alerts" << ok
                                           << H { { "Authorization", "Bearer " + kToken.left(10) } } << 401 << "";
        QTest::newRow("basic instead of bearer") << QByteArray("GET") << "/v1/health" << QByteArray()
                                                 << H { { "Authorization", "Basic " + kToken } } << 401 << "";
        QTest::newRow("no token on health") << QByteArray("GET") << "/v1/health" << QByteArray() << H {} << 401 << "";
        QTest::newRow("Origin with a good token")
            << QByteArray("POST") << "/v1/alerts" << ok << H { auth.first(), { "Origin", "https://evil.example" } }
            << 403 << "";
        QTest::newRow("Origin: null") << QByteArray("GET") << "/v1/health" << QByteArray()
                                      << H { auth.first(), { "Origin", "null" } } << 403 << "";
        QTest::newRow("preflight") << QByteArray("OPTIONS") << "/v1/alerts" << QByteArray()
                                   << H { { "Origin", "http://localhost:3000" },
                                          { "Access-Control-Request-Method", "POST" } }
                                   << 403 << "";
        QTest::newRow("rebound Host") << QByteArray("GET") << "/v1/health" << QByteArray()
                                      << H { auth.first(), { "Host", "evil.example" } } << 403 << "";
        QTest::newRow("unknown path") << QByteArray("GET") << "/v1/nothing" << QByteArray() << auth << 404 << "";
        QTest::newRow("GET alerts") << QByteArray("GET") << "/v1/alerts" << QByteArray() << auth << 405 << "";
        QTest::newRow("POST health") << QByteArray("POST") << "/v1/health" << QByteArray("{}") << auth << 405 << "";
        QTest::newRow("not JSON") << QByteArray("POST") << "/v1/alerts" << QByteArray("{type: RISK") << auth << 400
                                  << "body";
        QTest::newRow("JSON array") << QByteArray("POST") << "/v1/alerts" << QByteArray("[]") << auth << 400 << "body";
        QTest::newRow("no type") << QByteArray("POST") << "/v1/alerts"
                                 << QByteArray(R"({"priority":"HIGH","title":"t"})") << auth << 400 << "type";
        QTest::newRow("bad priority") << QByteArray("POST") << "/v1/alerts"
                                      << alertJson({ { QStringLiteral("priority"), QStringLiteral("URGENT") } }) << auth
                                      << 400 << "priority";
        QTest::newRow("empty title") << QByteArray("POST") << "/v1/alerts"
                                     << alertJson({ { QStringLiteral("title"), QString() },
                                            { QStringLiteral("message"), QString() } })
                                     << auth << 400 << "title";
        QTest::newRow("unknown field") << QByteArray("POST") << "/v1/alerts"
                                       << alertJson({ { QStringLiteral("severity"), 3 } }) << auth << 400 << "severity";
        QTest::newRow("unknown channel") << QByteArray("POST") << "/v1/alerts"
                                         << alertJson({ { QStringLiteral("channels"),
                                                QJsonArray { QStringLiteral("nope") } } })
                                         << auth << 400 << "channels";
        QTest::newRow("data not an object") << QByteArray("POST") << "/v1/alerts"
                                            << alertJson({ { QStringLiteral("data"), 5 } }) << auth << 400 << "data";
        QTest::newRow("metrics: no samples")
            << QByteArray("POST") << "/v1/metrics" << QByteArray("{}") << auth << 400 << "samples";
        QTest::newRow("metrics: unknown field")
            << QByteArray("POST") << "/v1/metrics" << QByteArray(R"({"samples":[],"x":1})") << auth << 400 << "x";
        QTest::newRow("metrics: value as text")
            << QByteArray("POST") << "/v1/metrics"
            << QByteArray(R"({"samples":[{"metric":"a.b","value":1},{"metric":"a.b","value":"2"}]})") << auth << 400
            << "samples[1].value";
        QTest::newRow("metrics: bad key")
            << QByteArray("POST") << "/v1/metrics" << QByteArray(R"({"samples":[{"metric":"BTC USDT","value":1}]})")
            << auth << 400 << "samples[0].metric";
        QTest::newRow("metrics: bad time") << QByteArray("POST") << "/v1/metrics"
                                           << QByteArray(R"({"samples":[{"metric":"a","value":1,"time":"noon"}]})")
                                           << auth << 400 << "samples[0].time";
        QTest::newRow("metrics: time ahead")
            << QByteArray("POST") << "/v1/metrics"
            << QByteArray(R"({"samples":[{"metric":"a","value":1,"time":"2026-11-26T10:06:00Z"}]})") << auth << 400
            << "samples[0].time";
        QTest::newRow("metrics: sample field")
            << QByteArray("POST") << "/v1/metrics"
            << QByteArray(R"({"samples":[{"metric":"a","value":1,"unit":"USD"}]})") << auth << 400 << "samples[0].unit";
    }

    void refusals()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(HeaderPairs, headers);
        QFETCH(int, status);
        QFETCH(QString, field);
        const Response r = send(method, path, body, headers);
        QVERIFY2(r.status == status, qPrintable(QStringLiteral("%1: %2").arg(r.status).arg(QString::fromUtf8(r.body))));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        if (status == 400) {
            QCOMPARE(
                r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), field);
            QVERIFY(!r.json()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("message"))
                         .toString()
                         .isEmpty());
        } else {
            QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());
        }
        if (status == 401)
            QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
        // A refused request stores nothing, and the token never appears in an answer.
        QCOMPARE(m_profile->engine().alerts().count(), 0);
        QVERIFY(!r.body.contains(kToken));
    }

    void alertIsCommittedBeforeTheAnswer()
    {
        const Response r = send(
            "POST", QStringLiteral("/v1/alerts"), alertJson({ { QStringLiteral("dedup_key"), QStringLiteral("k1") } }));
        QCOMPARE(r.status, 202);
        const QString id = r.json().value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        // Right after the answer, through a connection of its own (as another process would):
        // the alert and its outbox row are there.
        QString error;
        auto db = Database::open(m_profile->engine().database().path(), &error, Database::Mode::ReadOnly);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->db());
        q.prepare(
            QStringLiteral("SELECT title, dedup_key, (SELECT COUNT(*) FROM deliveries WHERE alert_id = alerts.id) "
                           "FROM alerts WHERE id = ?"));
        q.addBindValue(id);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("Position risk exceeded"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("k1"));
        QCOMPARE(q.value(2).toInt(), 1);
        // The answer says what became of it, as `alertdesk-cli send` reports it.
        QCOMPARE(r.json().value(QStringLiteral("alert_id")).toString(), id);
        QCOMPARE(r.json().value(QStringLiteral("deduplicated")).toBool(), false);
        QCOMPARE(r.json().value(QStringLiteral("queued")).toArray().size(), 1);

        // The same dedup key while it is open: a repeat of that alert, counted, nothing queued.
        const Response again = send(
            "POST", QStringLiteral("/v1/alerts"), alertJson({ { QStringLiteral("dedup_key"), QStringLiteral("k1") } }));
        QCOMPARE(again.status, 202);
        QCOMPARE(again.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(again.json().value(QStringLiteral("deduplicated")).toBool(), true);
        QCOMPARE(again.json().value(QStringLiteral("count")).toInt(), 2);
        QVERIFY(again.json().value(QStringLiteral("queued")).toArray().isEmpty());
    }

    void metricsAreEvaluated()
    {
        Rule r;
        r.name = QStringLiteral("btc100k");
        r.metric = QStringLiteral("BTCUSDT.price");
        r.condition = RuleCondition::CrossingUp;
        r.value = 100000;
        r.frequency = RuleFrequency::Every;
        r.type = AlertType::Price;
        r.priority = Priority::High;
        QVERIFY(!m_profile->engine().rules().addRule(r));
        const QByteArray body = R"({"samples":[
            {"metric":"BTCUSDT.price","value":99000,"time":"2026-11-26T09:59:00Z"},
            {"metric":"BTCUSDT.price","value":100500.5,"time":"2026-11-26T09:59:30Z"},
            {"metric":"BTCUSDT.price","value":99500,"time":"2026-11-26T09:58:00Z"},
            {"metric":"ETHUSDT.price","value":3500},
            {"metric":"BTCUSDT.price","value":100700}]})";
        const Response res = send("POST", QStringLiteral("/v1/metrics"), body);
        QCOMPARE(res.status, 202);
        const QJsonObject o = res.json();
        // The third is older than the second: ignored, and said so; the others are evaluated.
        QCOMPARE(o.value(QStringLiteral("accepted")).toInt(), 4);
        const QJsonArray ignored = o.value(QStringLiteral("ignored")).toArray();
        QCOMPARE(ignored.size(), 1);
        QCOMPARE(ignored.first().toObject().value(QStringLiteral("index")).toInt(), 2);
        const QJsonArray alerts = o.value(QStringLiteral("alerts")).toArray();
        QCOMPARE(alerts.size(), 1);
        const auto stored = m_profile->engine().alerts().get(alerts.first().toString());
        QVERIFY(stored);
        QCOMPARE(stored->title, QStringLiteral("BTCUSDT.price crossed up 100000"));
        // The sample without a time took the clock's.
        QCOMPARE(m_profile->engine().rules().rule(r.name)->state.lastSampleMs, kStart);
    }

    void emptyBatch()
    {
        const Response r = send("POST", QStringLiteral("/v1/metrics"), R"({"samples":[]})");
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 0);
    }

    void bodyLimit()
    {
        const qint64 limit = IngestServer::kDefaultMaxBodyBytes;
        // Exactly at the limit: accepted.
        QByteArray exact = R"({"samples":[]})";
        exact += QByteArray(limit - exact.size(), ' ');
        QCOMPARE(send("POST", QStringLiteral("/v1/metrics"), exact).status, 202);
        // One byte over, sent in full: 413.
        const Response over = send("POST", QStringLiteral("/v1/metrics"), exact + ' ');
        QCOMPARE(over.status, 413);
        QVERIFY(over.json().value(QStringLiteral("error")).toString().contains(QString::number(limit)));
    }

    void oversizedBodyIsRefusedBeforeItIsSent()
    {
        // Only the headers go out: the answer must come from the Content-Length alone.
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write(
            head("POST /v1/metrics HTTP/1.1", "Content-Type: application/json\r\nContent-Length: 104857600\r\n"));
        const Response r = c.read();
        QCOMPARE(r.status, 413);
        QVERIFY(c.closedByServer());
    }

    void expectContinue()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        const QByteArray body = alertJson();
        c.socket.write(head("POST /v1/alerts HTTP/1.1",
            "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n"));
        QCOMPARE(c.read().status, 100);
        c.socket.write(body);
        QCOMPARE(c.read().status, 202);
        // The connection stays open for the next request.
        c.socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(c.read().status, 200);
        QCOMPARE(m_profile->engine().alerts().count(), 1);
    }

    void chunkedBodyNeedsALength()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write(head("POST /v1/alerts HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n");
        QCOMPARE(c.read().status, 411);
        QVERIFY(c.closedByServer());
        QCOMPARE(m_profile->engine().alerts().count(), 0);
    }

    void oversizedHeaders()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
            + QByteArray(IngestServer::kMaxHeaderBytes + 10, 'a'));
        QCOMPARE(c.read().status, 431);
        QVERIFY(c.closedByServer());
    }

    void hostHeader_data()
    {
        QTest::addColumn<QByteArray>("hosts");
        QTest::addColumn<int>("status");
        QTest::newRow("one loopback Host") << QByteArray("Host: 127.0.0.1:8765\r\n") << 200;
        QTest::newRow("localhost") << QByteArray("Host: localhost\r\n") << 200;
        QTest::newRow("IPv6 loopback") << QByteArray("Host: [::1]:8765\r\n") << 200;
        QTest::newRow("no Host") << QByteArray() << 400;
        QTest::newRow("a second Host after a good one")
            << QByteArray("Host: 127.0.0.1\r\nHost: evil.example\r\n") << 400;
        QTest::newRow("the same Host twice") << QByteArray("Host: 127.0.0.1\r\nhost: 127.0.0.1\r\n") << 400;
        QTest::newRow("a rebound name") << QByteArray("Host: evil.example:8765\r\n") << 403;
        QTest::newRow("a name ending like localhost") << QByteArray("Host: localhost.evil.example\r\n") << 403;
    }

    void hostHeader()
    {
        QFETCH(QByteArray, hosts);
        QFETCH(int, status);
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write("GET /v1/health HTTP/1.1\r\n" + hosts + "Authorization: Bearer " + kToken + "\r\n\r\n");
        const Response r = c.read();
        QCOMPARE(r.status, status);
        if (status == 200)
            return;
        QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());
        QVERIFY(c.closedByServer());
    }

    void postWithoutContentLength()
    {
        // No Content-Length and no chunked encoding: the body's end cannot be known. 411, as
        // documented, not a 400 for an empty body.
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write(head("POST /v1/alerts HTTP/1.1", "Content-Type: application/json\r\n") + alertJson());
        const Response r = c.read();
        QCOMPARE(r.status, 411);
        QVERIFY(r.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("Content-Length")));
        QVERIFY(c.closedByServer());
        QCOMPARE(m_profile->engine().alerts().count(), 0);
        // A GET needs none.
        RawClient g;
        QVERIFY(g.connectTo(m_port));
        g.socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(g.read().status, 200);
    }

    void headerLimitAcrossReads_data()
    {
        QTest::addColumn<int>("pieces");
        QTest::newRow("one write") << 1;
        QTest::newRow("four writes") << 4;
    }

    void headerLimitAcrossReads()
    {
        // A complete head of 100 KB: refused whether it comes in one read or in several.
        QFETCH(int, pieces);
        const QByteArray whole = head("GET /v1/health HTTP/1.1", "X-Padding: " + QByteArray(100 * 1024, 'a') + "\r\n");
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        const qsizetype piece = whole.size() / pieces + 1;
        for (qsizetype at = 0; at < whole.size(); at += piece) {
            c.socket.write(whole.mid(at, piece));
            QVERIFY(QTest::qWaitFor([&] { return c.socket.bytesToWrite() == 0; }, 5000));
            if (at + piece < whole.size())
                roundTrip(); // the server has read this piece before the next is sent
        }
        QCOMPARE(c.read().status, 431);
        QVERIFY(c.closedByServer());
        // Just under the limit, in several reads: answered.
        RawClient ok;
        QVERIFY(ok.connectTo(m_port));
        const QByteArray under = head("GET /v1/health HTTP/1.1", "X-Padding: " + QByteArray(60 * 1024, 'a') + "\r\n");
        ok.socket.write(under.left(30000));
        QVERIFY(QTest::qWaitFor([&] { return ok.socket.bytesToWrite() == 0; }, 5000));
        roundTrip();
        ok.socket.write(under.mid(30000));
        QCOMPARE(ok.read().status, 200);
    }

    void slowHeadTimesOut()
    {
        // A slowloris client drips its head: the deadline runs from its first byte and the
        // drips do not move it.
        const qint64 timeout = IngestServer::kDefaultHeadTimeoutMs;
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write("GET /v1/health HTTP/1.1\r\n");
        roundTrip();
        m_clock.advance(timeout - 1000);
        c.socket.write("Host: 127.0.0.1\r\n");
        roundTrip();
        m_clock.advance(999);
        QVERIFY(c.isOpen());
        QCOMPARE(server().openConnections(), 1);
        m_clock.advance(1);
        const Response r = c.read();
        QCOMPARE(r.status, 408);
        QVERIFY(c.closedByServer());
        QCOMPARE(server().openConnections(), 0);
    }

    void slowBodyTimesOut()
    {
        const qint64 timeout = IngestServer::kDefaultHeadTimeoutMs;
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        const QByteArray body = alertJson();
        c.socket.write(head("POST /v1/alerts HTTP/1.1", "Content-Length: " + QByteArray::number(body.size()) + "\r\n")
            + body.left(10));
        roundTrip();
        m_clock.advance(timeout - 1);
        c.socket.write(body.mid(10, 10));
        roundTrip();
        QCOMPARE(server().openConnections(), 1);
        m_clock.advance(1);
        QCOMPARE(c.read().status, 408);
        QVERIFY(c.closedByServer());
        QCOMPARE(m_profile->engine().alerts().count(), 0);
    }

    void silentConnectionTimesOut()
    {
        // A connection that never sends a byte has as long for its first head as any request.
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        QVERIFY(waitUntil([&] { return server().openConnections() == 1; }));
        m_clock.advance(IngestServer::kDefaultHeadTimeoutMs - 1);
        QCOMPARE(server().openConnections(), 1);
        m_clock.advance(1);
        QVERIFY(c.closedByServer());
        QCOMPARE(server().openConnections(), 0);
    }

    void idleKeepAliveTimesOut()
    {
        const qint64 idle = IngestServer::kDefaultIdleTimeoutMs;
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        c.socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(c.read().status, 200);
        // Just before the idle deadline the connection still serves, and each request starts it
        // again.
        m_clock.advance(idle - 1);
        c.socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(c.read().status, 200);
        m_clock.advance(idle - 1);
        QCOMPARE(server().openConnections(), 1);
        QVERIFY(c.isOpen());
        m_clock.advance(1);
        QVERIFY(c.closedByServer());
        QCOMPARE(server().openConnections(), 0);
    }

    void connectionCapDropsTheOldestIdle()
    {
        const int cap = IngestServer::kDefaultMaxConnections;
        std::vector<std::unique_ptr<RawClient>> clients;
        auto open = [&] {
            clients.push_back(std::make_unique<RawClient>());
            return clients.back()->connectTo(m_port);
        };
        // 0: a head half sent (the oldest); 1: a keep-alive connection after one request;
        // 2..cap-2: heads half sent; cap-1: new and silent.
        for (int i = 0; i < cap; ++i) {
            QVERIFY(open());
            if (i == 1) {
                clients[1]->socket.write(head("GET /v1/health HTTP/1.1"));
                QCOMPARE(clients[1]->read().status, 200);
            } else if (i < cap - 1) {
                clients.back()->socket.write("POST /v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            }
            QVERIFY(waitUntil([&] { return server().openConnections() == i + 1; }));
        }
        // Each new connection pushes out one: the idle keep-alive one first, although the
        // dripping 0 is older; then the oldest that have not sent a whole request, in order.
        for (int victim : { 1, 0, 2, 3 }) {
            QVERIFY(open());
            QVERIFY2(clients[victim]->closedByServer(), qPrintable(QString::number(victim)));
            QCOMPARE(server().openConnections(), cap);
        }
        for (int i = 4; i < int(clients.size()); ++i)
            QVERIFY2(clients[i]->isOpen(), qPrintable(QString::number(i)));
        // The newest (silent) one is served.
        clients.back()->socket.write(head("GET /v1/health HTTP/1.1"));
        QCOMPARE(clients.back()->read().status, 200);
    }

    void healthAnswersUnderAThousandHostileConnections()
    {
        constexpr int kHostile = 1000;
        // Both ends of every connection live in this process: raise the soft limit on open
        // files if it is too low, up to the hard one.
        rlimit files {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &files), 0);
        const rlim_t needed = 2 * kHostile + 256;
        if (files.rlim_cur < needed) {
            QVERIFY2(files.rlim_max >= needed,
                qPrintable(QStringLiteral("this test needs %1 open files; the hard limit (ulimit -Hn) is %2")
                               .arg(needed)
                               .arg(files.rlim_max)));
            files.rlim_cur = needed;
            QCOMPARE(setrlimit(RLIMIT_NOFILE, &files), 0);
        }
        // Half of them hold a connection without a byte, half drip a head that never ends.
        std::vector<std::unique_ptr<QTcpSocket>> hostile;
        for (int i = 0; i < kHostile; ++i) {
            hostile.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket* s = hostile.back().get();
            if (i % 2)
                connect(s, &QTcpSocket::connected, s,
                    [s] { s->write("POST /v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"); });
            s->connectToHost(QHostAddress::LocalHost, m_port);
        }
        const int cap = IngestServer::kDefaultMaxConnections;
        auto closed = [&] {
            return std::count_if(hostile.begin(), hostile.end(),
                [](const auto& s) { return s->state() == QAbstractSocket::UnconnectedState; });
        };
        QVERIFY2(waitUntil([&] { return closed() == kHostile - cap; }, 30000),
            qPrintable(QStringLiteral("%1 closed").arg(closed())));
        QCOMPARE(server().openConnections(), cap);

        // The health check and an alert still get through, at once.
        QElapsedTimer t;
        t.start();
        const Response h = send("GET", QStringLiteral("/v1/health"));
        QCOMPARE(h.status, 200);
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alertJson()).status, 202);
        qInfo("health answered in %lld ms with %d connections held", t.elapsed(), server().openConnections());
        QVERIFY(server().openConnections() <= cap);
        QCOMPARE(m_profile->engine().alerts().count(), 1);

        // After the head deadline not one hostile connection is left; the client's keep-alive
        // connection stays.
        m_clock.advance(IngestServer::kDefaultHeadTimeoutMs);
        QVERIFY2(waitUntil([&] { return closed() == kHostile; }, 10000),
            qPrintable(QStringLiteral("%1 closed").arg(closed())));
        QCOMPARE(server().openConnections(), 1);
    }

    void debugLoggingKeepsTheTokenOut()
    {
        // Qt's qt.httpserver category prints every request with its headers at debug level.
        s_messages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        const Response r = send("GET", QStringLiteral("/v1/health"));
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(r.status, 200);
        // Debug logging was on (our own debug line is there), and no line holds the token.
        QVERIFY2(s_messages.filter(QStringLiteral("ingest: /v1/health 200")).size() == 1,
            qPrintable(s_messages.join(QLatin1Char('\n'))));
        QVERIFY2(
            s_messages.filter(QString::fromLatin1(kToken)).isEmpty(), qPrintable(s_messages.join(QLatin1Char('\n'))));
    }

    void pipelinedRequestsAfterABody()
    {
        // Two requests in one write: the guard must find where the first body ends.
        RawClient c;
        QVERIFY(c.connectTo(m_port));
        const QByteArray body = alertJson();
        c.socket.write(head("POST /v1/alerts HTTP/1.1", "Content-Length: " + QByteArray::number(body.size()) + "\r\n")
            + body + head("GET /v1/health HTTP/1.1"));
        QCOMPARE(c.read().status, 202);
        QCOMPARE(c.read().status, 200);
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEquals("adk_abc", "adk_abc"));
        QVERIFY(!constantTimeEquals("adk_abc", "adk_abd"));
        QVERIFY(!constantTimeEquals("adk_abc", "adk_ab"));
        QVERIFY(!constantTimeEquals("", "x"));
        QVERIFY(constantTimeEquals("", ""));
    }

    void generatedTokens()
    {
        const QByteArray a = IngestServer::generateToken();
        const QByteArray b = IngestServer::generateToken();
        QVERIFY(a.startsWith("adk_"));
        QCOMPARE(a.size(), 4 + 43);
        QVERIFY(a != b);
    }

    // The window starts its API before any token is made: requests are refused until one is,
    // and one made later (by alertdesk-cli api-token, another process) is taken up.
    void startedWithoutATokenTakesUpOneMadeLater()
    {
        Engine& engine = m_profile->engine();
        engine.stopIngest();
        QString error;
        QVERIFY2(engine.startIngest(QString(), &error), qPrintable(error));
        m_port = engine.ingestServer()->port();
        const QByteArray alert = alertJson({});

        Response r = send("POST", QStringLiteral("/v1/alerts"), alert);
        QCOMPARE(r.status, 503); // looking in the keychain
        QCOMPARE(r.header("Retry-After"), QByteArray("1"));
        QTRY_COMPARE(send("POST", QStringLiteral("/v1/alerts"), alert).status, 401); // none there
        r = send("POST", QStringLiteral("/v1/alerts"), alert);
        QCOMPARE(r.status, 401);
        QVERIFY2(r.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("alertdesk-cli api-token")),
            r.body.constData());
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alert, {}).status, 401); // no bearer: no lookup
        // Another token is looked for at once (one made a moment ago must not wait).
        QCOMPARE(
            send("POST", QStringLiteral("/v1/alerts"), alert, { { "Authorization", QByteArray("Bearer adk_other") } })
                .status,
            503);
        QTRY_COMPARE(
            send("POST", QStringLiteral("/v1/alerts"), alert, { { "Authorization", QByteArray("Bearer adk_other") } })
                .status,
            401);

        const QString key = SecretStore::key(engine.profile().id(), QStringLiteral("ingest"), QStringLiteral("token"));
        bool written = false;
        m_profile->secrets().write(
            key, QString::fromLatin1(kToken), [&written](const SecretResult&) { written = true; });
        QVERIFY(waitUntil([&] { return written; }));
        // A token looked for in vain is not looked for again for a while, however many
        // requests bring it; then it is.
        const QList<QPair<QByteArray, QByteArray>> other { { "Authorization", QByteArray("Bearer adk_other") } };
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alert, other).status, 401);
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alert, other).status, 401);
        m_clock.advance(IngestServer::kTokenLookupIntervalMs);
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alert, other).status, 503);
        // The lookup found the token made meanwhile: the wrong one is refused, the right one taken.
        QTRY_COMPARE(send("POST", QStringLiteral("/v1/alerts"), alert, other).status, 401);
        QCOMPARE(send("POST", QStringLiteral("/v1/alerts"), alert).status, 202);
        QCOMPARE(
            send("POST", QStringLiteral("/v1/alerts"), alert, { { "Authorization", QByteArray("Bearer adk_wrong") } })
                .status,
            401);
    }

    void tokenLivesInTheSecretStore()
    {
        QString first, second, error;
        bool done = false;
        m_profile->engine().ingestToken([&](const QString& t, const QString& e) {
            first = t;
            error = e;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        const QString key
            = SecretStore::key(m_profile->engine().profile().id(), QStringLiteral("ingest"), QStringLiteral("token"));
        QCOMPARE(m_profile->secrets().values().value(key), first);
        done = false;
        m_profile->engine().ingestToken([&](const QString& t, const QString&) {
            second = t;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QCOMPARE(second, first);
        // Without a keychain there is no token, and the reason is given.
        m_profile->secrets().failWith(QStringLiteral("no keychain is available"));
        done = false;
        m_profile->engine().ingestToken([&](const QString& t, const QString& e) {
            second = t;
            error = e;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QVERIFY(second.isEmpty());
        QVERIFY(error.contains(QStringLiteral("no keychain")));
    }
};

QTEST_GUILESS_MAIN(TestIngestServer)
#include "TestIngestServer.moc"
