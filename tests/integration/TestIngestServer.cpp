#include "FakeClock.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "engine/RuleService.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/ConstantTime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

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
    };

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
                                     << alertJson({ { QStringLiteral("title"), QString() }, { QStringLiteral("message"), QString() } }) << auth << 400 << "title";
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
