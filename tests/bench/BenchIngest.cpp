// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// Ingest throughput: metric samples/s through POST /v1/metrics in batches over loopback, each
// sample evaluated against the rules, driven by wrk; in the same run the raw reference: wrk
// against the same server's GET /v1/health. Prints one JSON object.
// Usage: bench_ingest [--seconds N] [--batch N] [--connections N]
#include "TestProfile.h"

#include "engine/RuleService.h"
#include "rules/RuleStore.h"
#include "sources/IngestServer.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace alertdesk;
using namespace alertdesk::test;

namespace {

constexpr char kToken[] = "adk_bench-token";
constexpr int kRules = 10000;
constexpr int kMetrics = 1000;
constexpr double kTarget = 20000;

struct WrkResult {
    double requestsPerSecond = 0;
    qint64 requests = 0;
    qint64 non2xx = 0;
    QString error;
    QString latencyAvg;
};

// Runs wrk as a child process while this thread's event loop keeps serving.
WrkResult runWrk(const QStringList& args)
{
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("wrk"), args);
    WrkResult r;
    if (!wrk.waitForStarted()) {
        r.error = QStringLiteral("wrk did not start (install it: scripts/install-deps.sh)");
        return r;
    }
    QEventLoop loop;
    QObject::connect(&wrk, &QProcess::finished, &loop, &QEventLoop::quit);
    if (wrk.state() != QProcess::NotRunning)
        loop.exec();
    const QString out = QString::fromUtf8(wrk.readAll());
    const auto rps = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
    const auto total = QRegularExpression(QStringLiteral("(\\d+) requests in")).match(out);
    const auto non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(out);
    const auto latency = QRegularExpression(QStringLiteral("Latency\\s+(\\S+)")).match(out);
    if (!rps.hasMatch()) {
        r.error = out.trimmed();
        return r;
    }
    r.requestsPerSecond = rps.captured(1).toDouble();
    r.requests = total.captured(1).toLongLong();
    r.non2xx = non2xx.hasMatch() ? non2xx.captured(1).toLongLong() : 0;
    r.latencyAvg = latency.captured(1);
    return r;
}

QString luaScript(const QByteArray& method, const QByteArray& body)
{
    QString s = QStringLiteral("wrk.method = \"%1\"\n"
                               "wrk.headers[\"Authorization\"] = \"Bearer %2\"\n"
                               "wrk.headers[\"Content-Type\"] = \"application/json\"\n")
                    .arg(QString::fromLatin1(method), QLatin1String(kToken));
    if (!body.isEmpty())
        s += QStringLiteral("wrk.body = [[%1]]\n").arg(QString::fromUtf8(body));
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const char* name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int seconds = option("--seconds", 5);
    const int batch = option("--batch", 1000);
    const int connections = option("--connections", 4);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()) {
        err << "bench_ingest: wrk is not installed (scripts/install-deps.sh)\n";
        return 1;
    }

    TestProfile p;
    if (!p.isValid() || !p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")).isEmpty()
        || !p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0"))) {
        err << "bench_ingest: cannot prepare a profile: " << p.error() << '\n';
        return 1;
    }
    // The rule evaluation bench's set-up: 10,000 rules over 1,000 keys, thresholds far away so
    // that the run measures evaluation, not alert delivery.
    RuleStore store(p.engine().database());
    QString error;
    const bool stored = p.engine().database().transaction(
        [&] {
            for (int i = 0; i < kRules; ++i) {
                Rule r;
                r.name = QStringLiteral("rule-%1").arg(i);
                r.metric = QStringLiteral("SYM%1USDT.price").arg(i % kMetrics);
                r.condition = i % 2 ? RuleCondition::Crossing : RuleCondition::Above;
                r.value = 1e9 + i;
                r.frequency = RuleFrequency::Every;
                if (!store.insert(r, &error))
                    return false;
            }
            return true;
        },
        &error);
    if (!stored || !p.engine().rules().load(&error)) {
        err << "bench_ingest: " << error << '\n';
        return 1;
    }
    p.engine().rules().startSync();
    if (!p.engine().startIngest(QString::fromLatin1(kToken), &error)) {
        err << "bench_ingest: " << error << '\n';
        return 1;
    }
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(p.engine().ingestServer()->port());

    QJsonArray samples;
    for (int i = 0; i < batch; ++i)
        samples.append(QJsonObject { { QStringLiteral("metric"), QStringLiteral("SYM%1USDT.price").arg(i % kMetrics) },
            { QStringLiteral("value"), 100.0 + i * 0.01 } });
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("samples"), samples } }).toJson(QJsonDocument::Compact);

    QTemporaryDir dir;
    const QString metricsLua = dir.filePath(QStringLiteral("metrics.lua"));
    const QString healthLua = dir.filePath(QStringLiteral("health.lua"));
    for (const auto& [path, script] :
        { std::pair { metricsLua, luaScript("POST", body) }, std::pair { healthLua, luaScript("GET", {}) } }) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(script.toUtf8()) < 0) {
            err << "bench_ingest: cannot write " << path << '\n';
            return 1;
        }
    }
    const QStringList common { QStringLiteral("-t1"), QStringLiteral("-c%1").arg(connections),
        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency") };
    const WrkResult reference
        = runWrk(common + QStringList { QStringLiteral("-s"), healthLua, base + QStringLiteral("/v1/health") });
    const WrkResult ingest
        = runWrk(common + QStringList { QStringLiteral("-s"), metricsLua, base + QStringLiteral("/v1/metrics") });
    if (!reference.error.isEmpty() || !ingest.error.isEmpty()) {
        err << "bench_ingest: wrk failed: " << reference.error << ingest.error << '\n';
        return 1;
    }
    const double samplesPerSecond = ingest.requestsPerSecond * batch;
    const QJsonObject result {
        { QStringLiteral("bench"), QStringLiteral("ingest_metrics") },
        { QStringLiteral("rules"), kRules },
        { QStringLiteral("metrics"), kMetrics },
        { QStringLiteral("batch"), batch },
        { QStringLiteral("body_bytes"), body.size() },
        { QStringLiteral("connections"), connections },
        { QStringLiteral("seconds"), seconds },
        { QStringLiteral("requests_per_s"), ingest.requestsPerSecond },
        { QStringLiteral("samples_per_s"), qRound64(samplesPerSecond) },
        { QStringLiteral("non_2xx"), ingest.non2xx },
        { QStringLiteral("latency_avg"), ingest.latencyAvg },
        { QStringLiteral("reference"), QStringLiteral("wrk GET /v1/health, same server") },
        { QStringLiteral("reference_requests_per_s"), reference.requestsPerSecond },
        { QStringLiteral("reference_non_2xx"), reference.non2xx },
        { QStringLiteral("target_samples_per_s"), kTarget },
        { QStringLiteral("meets_target"), samplesPerSecond >= kTarget && ingest.non2xx == 0 },
    };
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
