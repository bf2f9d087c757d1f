// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// The ingest API as a client reaches it: raw bytes (one or more requests, any framing) sent
// to a real IngestServer on 127.0.0.1, then the end of the stream. Covers the request framing
// in front of Qt's parser (Content-Length, chunked, header limits) and the routing, bearer
// token, Host and Origin checks and the three bodies behind it. Whatever the server answers
// must be HTTP, and the server must close the connection once the client's stream has ended.

#include "FuzzSupport.h"

#include "model/Alert.h"
#include "sources/AlertmanagerBatch.h"
#include "sources/IngestServer.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

using namespace alertdesk;

namespace {

struct Rig {
    SystemClock clock;
    IngestServer* server = nullptr;

    Rig()
    {
        IngestHandlers h;
        h.submitAlert = [this](const QJsonObject& in, FieldError* e) -> std::optional<QJsonObject> {
            AlertParseResult r = parseAlert(in, clock.now());
            if (!r.ok()) {
                *e = r.error;
                return std::nullopt;
            }
            return QJsonObject { { QStringLiteral("id"), newAlertId() } };
        };
        h.submitSample = [](const QString&, double, qint64) { return IngestSampleOutcome {}; };
        h.health = [] { return QJsonObject {}; };
        h.alertmanager = [](const AlertmanagerBatch& batch) {
            AlertmanagerOutcome o;
            for (const Alert& a : batch.firing)
                o.created << a.dedupKey;
            o.resolved = static_cast<int>(batch.resolved.size());
            return o;
        };
        IngestServer::Options o;
        o.port = 0;
        o.maxBodyBytes = 64 * 1024;
        o.token = "fuzz-token";
        server = new IngestServer(o, std::move(h), clock);
        QString error;
        if (!server->start(&error)) {
            std::fprintf(stderr, "fuzz_ingest_http: %s\n", qPrintable(error));
            std::abort();
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_ingest_http";
    static char* argv[] = { name, nullptr };
    static QCoreApplication app(argc, argv);
    static Rig rig;

    const QByteArray request = fuzz::bytes(data, size);
    QByteArray answer;
    bool closed = false;
    QEventLoop loop;
    QTcpSocket client;
    QObject::connect(&client, &QTcpSocket::connected, &loop, [&] {
        client.write(request);
        client.flush();
        ::shutdown(static_cast<int>(client.socketDescriptor()), SHUT_WR); // the end of the stream
    });
    QObject::connect(&client, &QTcpSocket::readyRead, &loop, [&] { answer += client.readAll(); });
    QObject::connect(&client, &QTcpSocket::disconnected, &loop, [&] {
        closed = true;
        loop.quit();
    });
    QObject::connect(&client, &QTcpSocket::errorOccurred, &loop, [&] {
        if (client.state() == QAbstractSocket::UnconnectedState) {
            closed = true;
            loop.quit();
        }
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(5000);
    client.connectToHost(QHostAddress::LocalHost, rig.server->port());
    loop.exec();
    answer += client.readAll();
    FUZZ_CHECK(closed); // a stream that has ended is never held open
    FUZZ_CHECK(answer.isEmpty() || answer.startsWith("HTTP/1.1 "));
    return 0;
}
