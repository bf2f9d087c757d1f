// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// alertdesk_bench: the core engine benchmark. Prints one JSON document with every figure, the
// reference figures measured in the same run (wrk against the same sink, Debian's apprise as
// the peer), the ratios, and pass/fail per target. scripts/bench.sh runs it inside the test
// services (the one-shot case reads its secrets from the real keychain).
//
// Phases, each against bench_sink (its own process, so the engine shares no event loop):
//   wrk         raw request rate against the sink: the ceiling
//   throughput  N alerts through the durable outbox (Engine, SystemClock, in-memory secrets)
//               versus apprise's library sending the same alerts to the same sink; and
//               alerts posted to the ingest API by wrk on many connections (group commit),
//               for each --synchronous mode (FULL, the engine's, and NORMAL, the one before)
//   latency     a steady rate over 6 webhook channels: trigger -> arrival at the sink and
//               trigger -> outcome committed, p50/p99; peak RSS of this process (VmHWM)
//   oneshot     `alertdesk-cli send` of one alert to 6 channels, process start to exit,
//               versus `apprise -vv -t T -b B url1 ... url6`, medians
//   priority    CRITICAL alerts behind a backlog of LOW deliveries to a slowed receiver:
//               trigger -> arrival at the sink, p50/p99, versus the same with an empty queue
#include "SinkProcess.h"
#include "TestProfile.h"

#include "channels/WebhookChannel.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <unistd.h>

using namespace alertdesk;
using namespace alertdesk::bench;
using alertdesk::test::TestProfile;
using alertdesk::test::waitUntil;

namespace {

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

void progress(const QString& text)
{
    err() << "bench: " << text << '\n';
    err().flush();
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// Nearest-rank percentile of values (not sorted in place).
double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

double median(std::vector<double> v)
{
    return percentile(std::move(v), 50);
}

QJsonObject distribution(const std::vector<double>& ms)
{
    return { { QStringLiteral("p50"), round2(percentile(ms, 50)) },
        { QStringLiteral("p90"), round2(percentile(ms, 90)) }, { QStringLiteral("p99"), round2(percentile(ms, 99)) },
        { QStringLiteral("max"), round2(ms.empty() ? -1 : *std::max_element(ms.begin(), ms.end())) },
        { QStringLiteral("samples"), static_cast<qint64>(ms.size()) } };
}

QJsonArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    QJsonArray out;
    if (f.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = f.readAll().split(' ');
        for (int i = 0; i < 3 && i < parts.size(); ++i)
            out.append(parts[i].toDouble());
    }
    return out;
}

// VmHWM of this process in MiB: the peak resident set size.
double peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return round2(line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0);
    }
    return -1;
}

// The alert every phase sends, numbered; the apprise script sends the same text.
QJsonObject benchAlert(int i, const QString& channel = {}, const QString& priority = QStringLiteral("HIGH"))
{
    QJsonObject o { { QStringLiteral("type"), QStringLiteral("PRICE") }, { QStringLiteral("priority"), priority },
        { QStringLiteral("title"), QStringLiteral("BTCUSDT above 50000 #%1").arg(i) },
        { QStringLiteral("message"), QStringLiteral("BTC crossed the 50,000 threshold on the 1m feed") },
        { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
    if (!channel.isEmpty())
        o.insert(QStringLiteral("channels"), QJsonArray { channel });
    return o;
}

struct Options {
    int alerts = 10000;
    int throughputChannels = 1;
    int batch = 100; // alerts per submitBatch() in the batched throughput run
    int appriseAlerts = -1; // default: as many as the engine sends
    int rate = 200;
    int seconds = 10;
    int latencyChannels = 6;
    int runs = 20;
    int wrkSeconds = 5;
    int wrkConnections = 8;
    int backlog = 50000; // LOW deliveries queued before the CRITICAL alerts of the priority phase
    int criticals = 100; // CRITICAL alerts measured, with and without the backlog
    int slowMs = 20; // the slowed receiver: each answer this long after its request
    // The engine's connection syncs every commit (FULL); NORMAL is how it was before: runs
    // with it too say what durability costs, in the same run.
    QStringList synchronous { QStringLiteral("full") };
    QStringList phases { QStringLiteral("wrk"), QStringLiteral("throughput"), QStringLiteral("latency"),
        QStringLiteral("oneshot"), QStringLiteral("priority") };
};

// ---- wrk -----------------------------------------------------------------------------------

QJsonObject runWrk(SinkProcess& sink, const Options& o)
{
    QJsonObject r { { QStringLiteral("threads"), 1 }, { QStringLiteral("connections"), o.wrkConnections },
        { QStringLiteral("seconds"), o.wrkSeconds } };
    QTemporaryDir dir;
    // The body an engine delivery carries, so both sides move the same bytes.
    Alert a = *parseAlert(benchAlert(0), QDateTime::currentDateTimeUtc()).alert;
    const QByteArray body = webhookPayload(a, OutboxStore::idempotencyKey(a.id, QStringLiteral("wrk")));
    QFile script(dir.filePath(QStringLiteral("post.lua")));
    if (!script.open(QIODevice::WriteOnly)) {
        r.insert(QStringLiteral("error"), QStringLiteral("cannot write the wrk script"));
        return r;
    }
    script.write("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                 "wrk.headers[\"User-Agent\"] = \"AlertDesk/1\"\nwrk.body = [==["
        + body + "]==]\n");
    script.close();
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("wrk"),
        { QStringLiteral("-t1"), QStringLiteral("-c%1").arg(o.wrkConnections),
            QStringLiteral("-d%1s").arg(o.wrkSeconds), QStringLiteral("-s"), script.fileName(),
            sink.url(QStringLiteral("wrk")) });
    if (!wrk.waitForFinished((o.wrkSeconds + 30) * 1000) || wrk.exitCode() != 0) {
        r.insert(QStringLiteral("error"),
            QStringLiteral("wrk failed: %1 %2").arg(wrk.errorString(), QString::fromUtf8(wrk.readAll())));
        return r;
    }
    const QString out = QString::fromUtf8(wrk.readAll());
    const auto m = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
    if (!m.hasMatch()) {
        r.insert(QStringLiteral("error"), QString(QStringLiteral("no Requests/sec in wrk's output: ") + out));
        return r;
    }
    r.insert(QStringLiteral("requests_per_s"), round2(m.captured(1).toDouble()));
    return r;
}

// ---- throughput ----------------------------------------------------------------------------

QJsonObject runAppriseThroughput(SinkProcess& sink, int alerts)
{
    QJsonObject r { { QStringLiteral("alerts"), alerts } };
    sink.reset();
    QProcess py;
    py.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    py.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral(ALERTDESK_SOURCE_DIR "/tests/bench/apprise_throughput.py"), QString::number(sink.port()),
            QString::number(alerts) });
    if (!py.waitForFinished(600000) || py.exitCode() != 0) {
        r.insert(QStringLiteral("error"),
            QString(QStringLiteral("apprise_throughput.py failed: ") + QString::fromUtf8(py.readAll())));
        return r;
    }
    const QJsonObject out = QJsonDocument::fromJson(py.readAll()).object();
    const double seconds = out.value(QStringLiteral("seconds")).toDouble();
    r.insert(QStringLiteral("apprise_version"), out.value(QStringLiteral("version")));
    r.insert(QStringLiteral("delivered"), out.value(QStringLiteral("delivered")));
    r.insert(QStringLiteral("seconds"), round2(seconds));
    r.insert(QStringLiteral("sink_requests"), sink.stats().requests);
    r.insert(QStringLiteral("deliveries_per_s"), round2(alerts / seconds));
    return r;
}

// Sets the engine's connection to synchronous mode (normal or full); "" or the error.
QString setSynchronous(TestProfile& p, const QString& mode)
{
    QSqlQuery q(p.engine().database().db());
    if (!q.exec(QStringLiteral("PRAGMA synchronous=%1").arg(mode.toUpper())))
        return QStringLiteral("PRAGMA synchronous=%1 failed").arg(mode);
    q.finish();
    if (!q.exec(QStringLiteral("PRAGMA synchronous")) || !q.next())
        return QStringLiteral("cannot read PRAGMA synchronous");
    const int expected = mode == QLatin1String("full") ? 2 : 1;
    return q.value(0).toInt() == expected ? QString() : QStringLiteral("synchronous is %1").arg(q.value(0).toInt());
}

// Alerts posted to the engine's ingest API by wrk on o.wrkConnections connections for
// o.wrkSeconds: each answered 202 once committed, the ones that arrive together committed in
// one transaction (one sync). Alerts accepted per second, and alerts per commit.
QJsonObject runConcurrent(SinkProcess& sink, const Options& o, const QString& synchronous)
{
    QJsonObject r { { QStringLiteral("synchronous"), synchronous }, { QStringLiteral("connections"), o.wrkConnections },
        { QStringLiteral("seconds"), o.wrkSeconds },
        { QStringLiteral("submitted"), QStringLiteral("POST /v1/alerts, one alert per request (wrk)") } };
    TestProfile p;
    if (!p.isValid()) {
        r.insert(QStringLiteral("error"), p.error());
        return r;
    }
    if (QString e = p.addWebhook(QStringLiteral("t1"), sink.url(QStringLiteral("t1"))); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e);
        return r;
    }
    QString error = setSynchronous(p, synchronous);
    if (error.isEmpty() && !p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")))
        error = QStringLiteral("cannot set ingest.port");
    if (QStringList e = p.start(); error.isEmpty() && !e.isEmpty())
        error = e.join(QStringLiteral("; "));
    const QString token = QStringLiteral("adk_bench-token");
    if (error.isEmpty())
        p.engine().startIngest(token, &error);
    if (!error.isEmpty()) {
        r.insert(QStringLiteral("error"), error);
        return r;
    }
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("alert.lua")));
    if (!script.open(QIODevice::WriteOnly)) {
        r.insert(QStringLiteral("error"), QStringLiteral("cannot write the wrk script"));
        return r;
    }
    script.write("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                 "wrk.headers[\"Authorization\"] = \"Bearer "
        + token.toLatin1() + "\"\nwrk.body = [==[" + QJsonDocument(benchAlert(0)).toJson(QJsonDocument::Compact)
        + "]==]\n");
    script.close();
    const qint64 commitsBefore = p.engine().database().commits();
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("wrk"),
        { QStringLiteral("-t1"), QStringLiteral("-c%1").arg(o.wrkConnections),
            QStringLiteral("-d%1s").arg(o.wrkSeconds), QStringLiteral("-s"), script.fileName(),
            QStringLiteral("http://127.0.0.1:%1/v1/alerts").arg(p.engine().ingestServer()->port()) });
    // This thread serves the API while wrk runs.
    const bool finished = waitUntil([&] { return wrk.state() == QProcess::NotRunning; }, (o.wrkSeconds + 30) * 1000);
    const QString out = QString::fromUtf8(wrk.readAll());
    const auto total = QRegularExpression(QStringLiteral("(\\d+) requests in ([0-9.]+)s")).match(out);
    const auto non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(out);
    if (!finished || wrk.exitCode() != 0 || !total.hasMatch()) {
        r.insert(QStringLiteral("error"), QStringLiteral("wrk failed: %1").arg(out));
        return r;
    }
    const qint64 requests = total.captured(1).toLongLong();
    const qint64 refused = non2xx.hasMatch() ? non2xx.captured(1).toLongLong() : 0;
    const double seconds = total.captured(2).toDouble();
    const qint64 commits = p.engine().database().commits() - commitsBefore;
    // Deliveries commit too: the alerts' commits are the ones the ingest API made, at most.
    r.insert(QStringLiteral("alerts_accepted"), requests - refused);
    r.insert(QStringLiteral("refused"), refused);
    r.insert(QStringLiteral("alerts_per_s"), round2(static_cast<double>(requests - refused) / seconds));
    r.insert(QStringLiteral("commits_during_run"), commits);
    r.insert(QStringLiteral("alerts_in_history"), p.engine().alerts().count());
    if (refused > 0)
        r.insert(QStringLiteral("error"), QStringLiteral("%1 requests were not answered 202").arg(refused));
    return r;
}

// batch 0: one AlertManager::submit() (one commit) per alert; batch N: submitBatch() of N.
QJsonObject runThroughput(SinkProcess& sink, const Options& o, int batch, const QString& synchronous)
{
    const int channels = o.throughputChannels;
    const qint64 expected = static_cast<qint64>(o.alerts) * channels;
    QJsonObject r { { QStringLiteral("alerts"), o.alerts }, { QStringLiteral("channels"), channels },
        { QStringLiteral("submitted"),
            batch > 0 ? QStringLiteral("submitBatch() of %1 alerts, one commit each batch").arg(batch)
                      : QStringLiteral("submit() per alert, one commit each") } };
    TestProfile p;
    if (!p.isValid()) {
        r.insert(QStringLiteral("error"), p.error());
        return r;
    }
    QStringList names;
    for (int c = 1; c <= channels; ++c) {
        names << QStringLiteral("t%1").arg(c);
        if (QString e = p.addWebhook(names.last(), sink.url(names.last())); !e.isEmpty()) {
            r.insert(QStringLiteral("error"), e);
            return r;
        }
    }
    r.insert(QStringLiteral("synchronous"), synchronous);
    if (QString e = setSynchronous(p, synchronous); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e);
        return r;
    }
    if (QStringList e = p.start(); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e.join(QStringLiteral("; ")));
        return r;
    }
    sink.reset();
    Dispatcher& d = p.engine().notifications().dispatcher();
    qint64 delivered = 0, failed = 0, lastNs = 0;
    QElapsedTimer timer;
    QObject context;
    QObject::connect(
        &d, &Dispatcher::deliveryFinished, &context, [&](const QString&, const QString&, DeliveryStatus s) {
            (s == DeliveryStatus::Delivered ? delivered : failed)++;
            lastNs = timer.nsecsElapsed();
        });
    // Alerts arrive in slices, as from a source in a storm, so delivery runs alongside.
    constexpr int kSlice = 100;
    int submitted = 0;
    QString submitError;
    std::function<void()> slice = [&] {
        if (batch > 0) {
            QList<QJsonObject> alerts;
            for (; alerts.size() < batch && submitted < o.alerts; ++submitted)
                alerts << benchAlert(submitted);
            QList<FieldError> errors;
            const auto stored = p.engine().alertManager().submitBatch(alerts, &errors);
            for (qsizetype i = 0; i < stored.size(); ++i) {
                if (!stored[i] && submitError.isEmpty())
                    submitError = errors.value(i).toString();
            }
        } else {
            for (int k = 0; k < kSlice && submitted < o.alerts; ++k, ++submitted) {
                FieldError fe;
                if (!p.engine().alertManager().submit(benchAlert(submitted), &fe) && submitError.isEmpty())
                    submitError = fe.toString();
            }
        }
        if (submitted < o.alerts)
            QMetaObject::invokeMethod(&context, slice, Qt::QueuedConnection);
    };
    timer.start();
    slice();
    const bool finished = waitUntil([&] { return delivered + failed >= expected; }, 300000);
    const double seconds = static_cast<double>(lastNs) / 1e9;
    const SinkStats s = sink.stats();
    r.insert(QStringLiteral("deliveries"), delivered);
    r.insert(QStringLiteral("failed"), failed);
    r.insert(QStringLiteral("seconds"), round2(seconds));
    r.insert(QStringLiteral("deliveries_per_s"), round2(static_cast<double>(delivered) / seconds));
    r.insert(QStringLiteral("sink_requests"), s.requests);
    r.insert(QStringLiteral("sink_distinct_keys"), s.keys);
    r.insert(QStringLiteral("sink_duplicates"), s.duplicates);
    r.insert(QStringLiteral("outbox_open_after"), p.engine().outbox().openCount());
    if (!finished || failed > 0 || !submitError.isEmpty() || s.keys != expected)
        r.insert(QStringLiteral("error"),
            QStringLiteral("not every alert was delivered exactly as expected %1").arg(submitError));
    return r;
}

// ---- latency -------------------------------------------------------------------------------

QJsonObject runLatency(SinkProcess& sink, const Options& o)
{
    const int channels = o.latencyChannels;
    const int total = o.rate * o.seconds;
    QJsonObject r { { QStringLiteral("rate_per_s"), o.rate }, { QStringLiteral("seconds"), o.seconds },
        { QStringLiteral("channels"), channels }, { QStringLiteral("alerts"), total } };
    TestProfile p;
    if (!p.isValid()) {
        r.insert(QStringLiteral("error"), p.error());
        return r;
    }
    QStringList names;
    for (int c = 1; c <= channels; ++c) {
        names << QStringLiteral("l%1").arg(c);
        if (QString e = p.addWebhook(names.last(), sink.url(names.last())); !e.isEmpty()) {
            r.insert(QStringLiteral("error"), e);
            return r;
        }
    }
    if (QStringList e = p.start(); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e.join(QStringLiteral("; ")));
        return r;
    }
    Dispatcher& d = p.engine().notifications().dispatcher();
    QHash<QString, qint64> committed; // idempotency key -> outcome committed, us
    QObject context;
    QObject::connect(&d, &Dispatcher::deliveryFinished, &context,
        [&](const QString& alertId, const QString& channel, DeliveryStatus) {
            committed.insert(OutboxStore::idempotencyKey(alertId, channel), monotonicUs());
        });
    auto submit = [&](int i, QString* error) -> QString {
        FieldError fe;
        const auto a = p.engine().alertManager().submit(benchAlert(i), &fe);
        if (!a && error->isEmpty())
            *error = fe.toString();
        return a ? a->id : QString();
    };
    // Warm-up: connections open, caches filled; not measured.
    QString error;
    for (int i = 0; i < 10; ++i)
        submit(-1 - i, &error);
    if (!waitUntil([&] { return committed.size() >= 10 * channels; }, 10000)) {
        r.insert(QStringLiteral("error"), QString(QStringLiteral("warm-up deliveries did not finish ") + error));
        return r;
    }
    committed.clear();
    sink.reset();

    QList<QPair<QString, qint64>> triggered; // alert id, trigger time (us)
    triggered.reserve(total);
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(1);
    const qint64 startUs = monotonicUs();
    QObject::connect(&pacer, &QTimer::timeout, &context, [&] {
        const qint64 due = std::min<qint64>(total, (monotonicUs() - startUs) * o.rate / 1000000 + 1);
        while (triggered.size() < due) {
            const qint64 t = monotonicUs();
            triggered.append({ submit(static_cast<int>(triggered.size()), &error), t });
        }
        if (triggered.size() >= total)
            pacer.stop();
    });
    pacer.start();
    const bool finished
        = waitUntil([&] { return committed.size() >= qsizetype(total) * channels; }, (o.seconds + 60) * 1000);
    const double achievedRate = triggered.size() > 1
        ? (triggered.size() - 1) * 1e6 / static_cast<double>(triggered.last().second - triggered.first().second)
        : 0;
    const QHash<QString, qint64> arrivals = sink.arrivals();

    std::vector<double> toSink, toCommit, alertToSink;
    qint64 missing = 0;
    for (const auto& [id, t] : std::as_const(triggered)) {
        double last = -1;
        for (const QString& c : std::as_const(names)) {
            const QString key = OutboxStore::idempotencyKey(id, c);
            const auto a = arrivals.find(key);
            const auto m = committed.find(key);
            if (a == arrivals.end() || m == committed.end()) {
                ++missing;
                continue;
            }
            toSink.push_back(static_cast<double>(*a - t) / 1000.0);
            toCommit.push_back(static_cast<double>(*m - t) / 1000.0);
            last = std::max(last, toSink.back());
        }
        if (last >= 0)
            alertToSink.push_back(last);
    }
    r.insert(QStringLiteral("achieved_rate_per_s"), round2(achievedRate));
    r.insert(QStringLiteral("deliveries"), static_cast<qint64>(toSink.size()));
    r.insert(QStringLiteral("trigger_to_sink_ms"), distribution(toSink));
    r.insert(QStringLiteral("trigger_to_committed_ms"), distribution(toCommit));
    r.insert(QStringLiteral("trigger_to_last_channel_at_sink_ms"), distribution(alertToSink));
    if (!finished || missing > 0 || !error.isEmpty())
        r.insert(QStringLiteral("error"), QStringLiteral("%1 deliveries missing %2").arg(missing).arg(error));
    return r;
}

// ---- priority lanes ------------------------------------------------------------------------

// o.criticals CRITICAL alerts, one every kSpacingMs, to the one channel `channel`: trigger (just
// before submit()) to arrival at the sink, in ms. Empty when one did not arrive.
std::vector<double> measureCriticals(
    TestProfile& p, SinkProcess& sink, const Options& o, const QString& channel, int first, QString* error)
{
    constexpr int kSpacingMs = 50;
    Dispatcher& d = p.engine().notifications().dispatcher();
    QHash<QString, qint64> triggered; // alert id -> trigger time, us
    QSet<QString> done;
    QObject context;
    QObject::connect(
        &d, &Dispatcher::deliveryFinished, &context, [&](const QString& alertId, const QString&, DeliveryStatus) {
            if (triggered.contains(alertId))
                done.insert(alertId);
        });
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(kSpacingMs);
    int sent = 0;
    QObject::connect(&pacer, &QTimer::timeout, &context, [&] {
        const qint64 t = monotonicUs();
        FieldError fe;
        const auto a
            = p.engine().alertManager().submit(benchAlert(first + sent, channel, QStringLiteral("CRITICAL")), &fe);
        if (a)
            triggered.insert(a->id, t);
        else if (error->isEmpty())
            *error = fe.toString();
        if (++sent >= o.criticals)
            pacer.stop();
    });
    pacer.start();
    const bool finished = waitUntil(
        [&] { return sent >= o.criticals && done.size() >= triggered.size(); }, o.criticals * kSpacingMs + 60000);
    if (!finished && error->isEmpty())
        *error = QStringLiteral("%1 of %2 CRITICAL alerts delivered").arg(done.size()).arg(o.criticals);
    const QHash<QString, qint64> arrivals = sink.arrivals();
    std::vector<double> ms;
    for (auto it = triggered.cbegin(); it != triggered.cend(); ++it) {
        const auto a = arrivals.find(OutboxStore::idempotencyKey(it.key(), channel));
        if (a == arrivals.end()) {
            if (error->isEmpty())
                *error = QStringLiteral("a CRITICAL alert never reached the sink");
            return {};
        }
        ms.push_back(static_cast<double>(*a - it.value()) / 1000.0);
    }
    return ms;
}

QJsonObject runPriority(SinkProcess& sink, const Options& o)
{
    const QString channel = QStringLiteral("lanes");
    QJsonObject r { { QStringLiteral("backlog_low_deliveries"), o.backlog },
        { QStringLiteral("critical_alerts"), o.criticals }, { QStringLiteral("receiver_answer_ms"), o.slowMs },
        { QStringLiteral("concurrency"), DeliverySettings {}.concurrency } };
    TestProfile p;
    if (!p.isValid()) {
        r.insert(QStringLiteral("error"), p.error());
        return r;
    }
    if (QString e = p.addWebhook(channel, sink.url(channel)); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e);
        return r;
    }
    if (QStringList e = p.start(); !e.isEmpty()) {
        r.insert(QStringLiteral("error"), e.join(QStringLiteral("; ")));
        return r;
    }
    if (!sink.reset() || !sink.setDelayMs(o.slowMs)) {
        r.insert(QStringLiteral("error"), QStringLiteral("bench_sink refused the delay"));
        return r;
    }
    QString error;
    // The reference: the same alerts to the same slowed receiver, nothing else queued.
    progress(QStringLiteral("priority: %1 CRITICAL alerts, empty queue").arg(o.criticals));
    const std::vector<double> empty = measureCriticals(p, sink, o, channel, 0, &error);
    // The backlog: LOW alerts in batches, as the ingest API's batch endpoint stores them.
    progress(QStringLiteral("priority: queueing %1 LOW deliveries").arg(o.backlog));
    QElapsedTimer queueing;
    queueing.start();
    for (int queued = 0; queued < o.backlog && error.isEmpty();) {
        QList<QJsonObject> batch;
        for (; batch.size() < 1000 && queued < o.backlog; ++queued)
            batch << benchAlert(1000000 + queued, channel, QStringLiteral("LOW"));
        QList<FieldError> errors;
        const auto stored = p.engine().alertManager().submitBatch(batch, &errors);
        for (qsizetype i = 0; i < stored.size(); ++i) {
            if (!stored[i] && error.isEmpty())
                error = errors.value(i).toString();
        }
    }
    r.insert(QStringLiteral("backlog_queued_in_s"), round2(static_cast<double>(queueing.nsecsElapsed()) / 1e9));
    const qint64 lowAtSinkBefore = sink.stats().keys - static_cast<qint64>(empty.size());
    const qint64 openBefore = p.engine().outbox().openCount();
    progress(QStringLiteral("priority: %1 CRITICAL alerts behind %2 open deliveries").arg(o.criticals).arg(openBefore));
    QElapsedTimer measuring;
    measuring.start();
    const std::vector<double> behind
        = error.isEmpty() ? measureCriticals(p, sink, o, channel, 1000, &error) : std::vector<double> {};
    const double seconds = static_cast<double>(measuring.nsecsElapsed()) / 1e9;
    const qint64 openAfter = p.engine().outbox().openCount();
    const qint64 lowDelivered = sink.stats().keys - static_cast<qint64>(empty.size() + behind.size()) - lowAtSinkBefore;
    sink.setDelayMs(0);
    r.insert(QStringLiteral("open_deliveries_before"), openBefore);
    r.insert(QStringLiteral("open_deliveries_after"), openAfter);
    // The lower lane kept moving while the CRITICAL alerts overtook it.
    r.insert(QStringLiteral("low_delivered_meanwhile"), lowDelivered);
    r.insert(QStringLiteral("low_delivered_per_s"), round2(static_cast<double>(lowDelivered) / seconds));
    // What first-in first-out would have made the first CRITICAL wait: the backlog at this pace.
    if (lowDelivered > 0)
        r.insert(QStringLiteral("fifo_wait_estimate_s"),
            round2(static_cast<double>(openBefore) * seconds / static_cast<double>(lowDelivered)));
    r.insert(QStringLiteral("empty_queue_trigger_to_sink_ms"), distribution(empty));
    r.insert(QStringLiteral("behind_backlog_trigger_to_sink_ms"), distribution(behind));
    if (!error.isEmpty() || empty.size() != static_cast<size_t>(o.criticals)
        || behind.size() != static_cast<size_t>(o.criticals))
        r.insert(
            QStringLiteral("error"), error.isEmpty() ? QStringLiteral("not every CRITICAL alert was measured") : error);
    return r;
}

// ---- one-shot CLI --------------------------------------------------------------------------

struct RunResult {
    double ms = -1;
    int exitCode = -1;
    QByteArray output;
};

RunResult timedRun(const QString& program, const QStringList& args)
{
    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    proc.start(program, args);
    const bool ok = proc.waitForFinished(60000);
    RunResult r;
    r.ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
    r.exitCode = ok && proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
    r.output = proc.readAll();
    return r;
}

QJsonObject runOneShot(SinkProcess& sink, const Options& o)
{
    constexpr int kChannels = 6;
    QJsonObject r { { QStringLiteral("runs"), o.runs }, { QStringLiteral("channels"), kChannels } };
    QTemporaryDir profile;
    const QString cli = QStringLiteral(ALERTDESK_CLI_PATH);
    // Six webhook channels, their URLs stored in the real keychain by the CLI itself.
    for (int c = 1; c <= kChannels; ++c) {
        QProcess add;
        add.setProcessChannelMode(QProcess::MergedChannels);
        add.start(cli,
            { QStringLiteral("--profile"), profile.path(), QStringLiteral("channel"), QStringLiteral("add"),
                QStringLiteral("webhook"), QStringLiteral("o%1").arg(c), QStringLiteral("--url"),
                QStringLiteral("-") });
        add.write(sink.url(QStringLiteral("o%1").arg(c)).toUtf8() + '\n');
        add.closeWriteChannel();
        if (!add.waitForFinished(30000) || add.exitCode() != 0) {
            r.insert(QStringLiteral("error"),
                QString(QStringLiteral("cannot add a channel (is a Secret Service running? use scripts/bench.sh): ")
                    + QString::fromUtf8(add.readAll()).trimmed()));
            return r;
        }
    }
    const QStringList ours { QStringLiteral("--profile"), profile.path(), QStringLiteral("send"),
        QStringLiteral("--type"), QStringLiteral("PRICE"), QStringLiteral("--priority"), QStringLiteral("HIGH"),
        QStringLiteral("--title"), QStringLiteral("T"), QStringLiteral("--message"), QStringLiteral("B") };
    QStringList theirs { QStringLiteral("-vv"), QStringLiteral("-t"), QStringLiteral("T"), QStringLiteral("-b"),
        QStringLiteral("B") };
    for (int c = 1; c <= kChannels; ++c)
        theirs << QStringLiteral("json://127.0.0.1:%1/a%2").arg(sink.port()).arg(c);
    const QString apprise = QStringLiteral("apprise");

    std::vector<double> oursMs, theirsMs;
    QString error;
    auto runOurs = [&] {
        const qint64 before = sink.stats().keys;
        const RunResult rr = timedRun(cli, ours);
        if (rr.exitCode != 0 || sink.stats().keys - before != kChannels)
            error = QStringLiteral("alertdesk-cli send failed (exit %1): %2")
                        .arg(rr.exitCode)
                        .arg(QString::fromUtf8(rr.output.left(2000)));
        return rr.ms;
    };
    auto runTheirs = [&] {
        const qint64 before = sink.stats().requests;
        const RunResult rr = timedRun(apprise, theirs);
        if (rr.exitCode != 0 || sink.stats().requests - before != kChannels)
            error = QStringLiteral("apprise failed (exit %1): %2")
                        .arg(rr.exitCode)
                        .arg(QString::fromUtf8(rr.output.left(2000)));
        return rr.ms;
    };
    // One warm-up each (page cache), then alternate which goes first to spread the noise evenly.
    runOurs();
    runTheirs();
    for (int i = 0; i < o.runs && error.isEmpty(); ++i) {
        if (i % 2 == 0) {
            oursMs.push_back(runOurs());
            theirsMs.push_back(runTheirs());
        } else {
            theirsMs.push_back(runTheirs());
            oursMs.push_back(runOurs());
        }
    }
    if (!error.isEmpty()) {
        r.insert(QStringLiteral("error"), error);
        return r;
    }
    QJsonArray a, b;
    for (double v : oursMs)
        a.append(round2(v));
    for (double v : theirsMs)
        b.append(round2(v));
    r.insert(QStringLiteral("alertdesk_cli_median_ms"), round2(median(oursMs)));
    r.insert(QStringLiteral("apprise_cli_median_ms"), round2(median(theirsMs)));
    r.insert(QStringLiteral("alertdesk_cli_ms"), a);
    r.insert(QStringLiteral("apprise_cli_ms"), b);
    return r;
}

QJsonObject target(const QString& name, const QString& rule, const QJsonValue& value, bool pass)
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("target"), rule }, { QStringLiteral("value"), value },
        { QStringLiteral("pass"), pass } };
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("AlertDesk"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("AlertDesk core engine benchmark; prints JSON"));
    parser.addHelpOption();
    Options o;
    const QCommandLineOption alerts(QStringLiteral("alerts"), QStringLiteral("Alerts of the throughput phase."),
        QStringLiteral("N"), QString::number(o.alerts));
    const QCommandLineOption tChannels(QStringLiteral("throughput-channels"),
        QStringLiteral("Webhook channels per alert in the throughput phase."), QStringLiteral("N"),
        QString::number(o.throughputChannels));
    const QCommandLineOption batch(QStringLiteral("batch"),
        QStringLiteral("Alerts per submitBatch() in the batched throughput run (0: no batched run)."),
        QStringLiteral("N"), QString::number(o.batch));
    const QCommandLineOption appriseAlerts(QStringLiteral("apprise-alerts"),
        QStringLiteral("Alerts apprise sends (default: as many as the engine)."), QStringLiteral("N"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Alerts per second of the latency phase."),
        QStringLiteral("N"), QString::number(o.rate));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of the latency phase."),
        QStringLiteral("S"), QString::number(o.seconds));
    const QCommandLineOption lChannels(QStringLiteral("latency-channels"),
        QStringLiteral("Webhook channels per alert in the latency phase."), QStringLiteral("N"),
        QString::number(o.latencyChannels));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs of each CLI in the one-shot phase."),
        QStringLiteral("N"), QString::number(o.runs));
    const QCommandLineOption wrkSeconds(QStringLiteral("wrk-seconds"), QStringLiteral("Length of the wrk run."),
        QStringLiteral("S"), QString::number(o.wrkSeconds));
    const QCommandLineOption wrkConnections(QStringLiteral("wrk-connections"), QStringLiteral("wrk's connections."),
        QStringLiteral("N"), QString::number(o.wrkConnections));
    const QCommandLineOption backlog(QStringLiteral("backlog"),
        QStringLiteral("LOW deliveries queued in the priority phase."), QStringLiteral("N"),
        QString::number(o.backlog));
    const QCommandLineOption criticals(QStringLiteral("criticals"),
        QStringLiteral("CRITICAL alerts measured in the priority phase."), QStringLiteral("N"),
        QString::number(o.criticals));
    const QCommandLineOption slowMs(QStringLiteral("slow-ms"),
        QStringLiteral("The priority phase's receiver answers this long after each request."), QStringLiteral("MS"),
        QString::number(o.slowMs));
    const QCommandLineOption synchronous(QStringLiteral("synchronous"),
        QStringLiteral("Comma-separated synchronous modes of the throughput phase's engine "
                       "connection: full (the engine's), normal (the one before)."),
        QStringLiteral("LIST"), QStringLiteral("full"));
    const QCommandLineOption only(QStringLiteral("only"),
        QStringLiteral("Comma-separated phases: wrk, throughput, latency, oneshot, priority."), QStringLiteral("LIST"));
    const QCommandLineOption out(
        QStringLiteral("out"), QStringLiteral("Also write the JSON to FILE."), QStringLiteral("FILE"));
    parser.addOptions({ alerts, tChannels, batch, appriseAlerts, rate, seconds, lChannels, runs, wrkSeconds,
        wrkConnections, backlog, criticals, slowMs, synchronous, only, out });
    parser.process(app);
    o.alerts = parser.value(alerts).toInt();
    o.throughputChannels = parser.value(tChannels).toInt();
    o.batch = parser.value(batch).toInt();
    o.appriseAlerts = parser.isSet(appriseAlerts) ? parser.value(appriseAlerts).toInt() : o.alerts;
    o.rate = parser.value(rate).toInt();
    o.seconds = parser.value(seconds).toInt();
    o.latencyChannels = parser.value(lChannels).toInt();
    o.runs = parser.value(runs).toInt();
    o.wrkSeconds = parser.value(wrkSeconds).toInt();
    o.wrkConnections = parser.value(wrkConnections).toInt();
    o.backlog = parser.value(backlog).toInt();
    o.criticals = parser.value(criticals).toInt();
    o.slowMs = parser.value(slowMs).toInt();
    o.synchronous = parser.value(synchronous).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& m : std::as_const(o.synchronous)) {
        if (m != QLatin1String("full") && m != QLatin1String("normal")) {
            err() << "alertdesk_bench: --synchronous takes full and/or normal, not " << m << '\n';
            return 2;
        }
    }
    if (parser.isSet(only))
        o.phases = parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (o.alerts < 1 || o.throughputChannels < 1 || o.batch < 0 || o.rate < 1 || o.seconds < 1 || o.latencyChannels < 1
        || o.runs < 1 || o.wrkSeconds < 1 || o.wrkConnections < 1 || o.appriseAlerts < 1 || o.backlog < 1
        || o.criticals < 1 || o.slowMs < 0) {
        err() << "alertdesk_bench: every count must be a whole number of at least 1 (--batch, --slow-ms: 0 or more)\n";
        return 2;
    }

    QJsonObject doc { { QStringLiteral("benchmark"), QStringLiteral("alertdesk core engine") },
        { QStringLiteral("started_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
        { QStringLiteral("arguments"), QJsonArray::fromStringList(app.arguments().mid(1)) },
        { QStringLiteral("build_type"), QStringLiteral(ALERTDESK_BUILD_TYPE) },
        { QStringLiteral("machine"),
            QJsonObject { { QStringLiteral("cores"), static_cast<qint64>(sysconf(_SC_NPROCESSORS_ONLN)) },
                { QStringLiteral("load_before"), loadAverage() } } } };

    SinkProcess sink(QStringLiteral(ALERTDESK_BENCH_SINK_PATH));
    QString error;
    if (!sink.start(&error)) {
        err() << "alertdesk_bench: " << error << '\n';
        return 2;
    }

    QJsonArray targets;
    QJsonObject ratios;
    bool allPass = true;
    auto addTarget = [&](const QString& name, const QString& rule, const QJsonValue& value, bool pass) {
        targets.append(target(name, rule, value, pass));
        allPass = allPass && pass;
    };
    auto has = [&](const char* phase) { return o.phases.contains(QString::fromLatin1(phase)); };

    double wrkRate = -1;
    if (has("wrk")) {
        progress(QStringLiteral("wrk against the sink"));
        const QJsonObject w = runWrk(sink, o);
        wrkRate = w.value(QStringLiteral("requests_per_s")).toDouble(-1);
        doc.insert(QStringLiteral("wrk"), w);
    }
    if (has("throughput")) {
        // apprise sends half its alerts before the engine's runs and half after, so a change in
        // the machine's load during the run weighs on both sides alike.
        const int firstHalf = o.appriseAlerts / 2;
        progress(QStringLiteral("apprise library: %1 alerts").arg(firstHalf));
        const QJsonObject ap1 = firstHalf > 0 ? runAppriseThroughput(sink, firstHalf) : QJsonObject();
        QList<QPair<QString, QJsonObject>> engineRuns;
        // Two ways alerts arrive: one by one (each committed before the next), and in batches
        // as the ingest API's batch endpoint hands them over (one commit per batch).
        // Each synchronous mode in turn: "throughput", "throughput_batched" are FULL's (the
        // engine's own), "..._normal" the same with synchronous=NORMAL.
        QList<QPair<QString, QJsonObject>> concurrentRuns;
        for (const QString& mode : std::as_const(o.synchronous)) {
            const QString suffix = mode == QLatin1String("full") ? QString() : QLatin1Char('_') + mode;
            for (const int batch : { 0, o.batch }) {
                progress(
                    QStringLiteral("engine (synchronous=%1): %2 alerts through the outbox (%3)")
                        .arg(mode)
                        .arg(o.alerts)
                        .arg(batch > 0 ? QStringLiteral("batches of %1").arg(batch) : QStringLiteral("one by one")));
                engineRuns.append(
                    { (batch > 0 ? QStringLiteral("throughput_batched") : QStringLiteral("throughput")) + suffix,
                        runThroughput(sink, o, batch, mode) });
                if (o.batch == 0)
                    break; // --batch 0: the one-by-one run only
            }
            progress(
                QStringLiteral("engine (synchronous=%1): alerts posted to the ingest API on %2 connections for %3 s")
                    .arg(mode)
                    .arg(o.wrkConnections)
                    .arg(o.wrkSeconds));
            concurrentRuns.append({ QStringLiteral("ingest_concurrent") + suffix, runConcurrent(sink, o, mode) });
        }
        progress(QStringLiteral("apprise library: %1 alerts").arg(o.appriseAlerts - firstHalf));
        const QJsonObject ap2 = runAppriseThroughput(sink, o.appriseAlerts - firstHalf);
        QJsonObject ap { { QStringLiteral("alerts"), o.appriseAlerts },
            { QStringLiteral("apprise_version"), ap2.value(QStringLiteral("apprise_version")) },
            { QStringLiteral("parts"), QJsonArray { ap1, ap2 } } };
        const double seconds
            = ap1.value(QStringLiteral("seconds")).toDouble() + ap2.value(QStringLiteral("seconds")).toDouble();
        const bool appriseOk
            = !ap1.contains(QStringLiteral("error")) && !ap2.contains(QStringLiteral("error")) && seconds > 0;
        if (appriseOk) {
            ap.insert(QStringLiteral("seconds"), round2(seconds));
            ap.insert(QStringLiteral("deliveries_per_s"), round2(o.appriseAlerts / seconds));
        } else {
            ap.insert(QStringLiteral("error"), QStringLiteral("apprise did not deliver every alert; see parts"));
        }
        doc.insert(QStringLiteral("apprise_throughput"), ap);
        const double theirs = appriseOk ? o.appriseAlerts / seconds : -1;
        for (const auto& [key, t] : std::as_const(concurrentRuns))
            doc.insert(key, t);
        for (const auto& [key, t] : std::as_const(engineRuns)) {
            doc.insert(key, t);
            const double ours
                = t.contains(QStringLiteral("error")) ? -1 : t.value(QStringLiteral("deliveries_per_s")).toDouble(-1);
            const double ratio = ours > 0 && theirs > 0 ? round2(ours / theirs) : -1;
            ratios.insert(key + QStringLiteral("_ours_over_apprise"), ratio);
            if (wrkRate > 0 && ours > 0)
                ratios.insert(key + QStringLiteral("_ours_over_wrk"), std::round(ours / wrkRate * 1000.0) / 1000.0);
            // One alert per commit waits for its own fsync since commits are durable: the
            // disk bounds it, hence 4x there (issue 12's floor); batches share one sync.
            const double floor = key == QLatin1String("throughput") ? 4 : 10;
            if (!key.endsWith(QLatin1String("_normal")))
                addTarget(
                    key + QStringLiteral("_vs_apprise"), QStringLiteral(">= %1").arg(floor), ratio, ratio >= floor);
        }
    }
    if (has("latency")) {
        progress(QStringLiteral("engine: %1 alerts/s over %2 channels for %3 s")
                     .arg(o.rate)
                     .arg(o.latencyChannels)
                     .arg(o.seconds));
        const QJsonObject l = runLatency(sink, o);
        doc.insert(QStringLiteral("latency"), l);
        const double p99 = l.contains(QStringLiteral("error"))
            ? -1
            : l.value(QStringLiteral("trigger_to_committed_ms")).toObject().value(QStringLiteral("p99")).toDouble(-1);
        addTarget(QStringLiteral("latency_p99_ms"), QStringLiteral("<= 5 (trigger to outcome committed, per delivery)"),
            p99, p99 >= 0 && p99 <= 5);
    }
    if (has("throughput") || has("latency")) {
        const double rss = peakRssMb();
        doc.insert(QStringLiteral("peak_rss_mb"), rss);
        addTarget(QStringLiteral("peak_rss_mb"), QStringLiteral("<= 100"), rss, rss > 0 && rss <= 100);
    }
    if (has("oneshot")) {
        progress(QStringLiteral("one-shot: alertdesk-cli send and apprise, %1 runs each").arg(o.runs));
        const QJsonObject s = runOneShot(sink, o);
        doc.insert(QStringLiteral("oneshot"), s);
        const double ours = s.value(QStringLiteral("alertdesk_cli_median_ms")).toDouble(-1);
        const double theirs = s.value(QStringLiteral("apprise_cli_median_ms")).toDouble(-1);
        const double ratio
            = ours > 0 && theirs > 0 && !s.contains(QStringLiteral("error")) ? round2(theirs / ours) : -1;
        ratios.insert(QStringLiteral("oneshot_apprise_over_ours"), ratio);
        addTarget(QStringLiteral("oneshot_speedup_vs_apprise"), QStringLiteral(">= 5"), ratio, ratio >= 5);
    }
    if (has("priority")) {
        progress(QStringLiteral("priority lanes: %1 CRITICAL alerts behind %2 LOW deliveries")
                     .arg(o.criticals)
                     .arg(o.backlog));
        const QJsonObject l = runPriority(sink, o);
        doc.insert(QStringLiteral("priority"), l);
        const double p99 = l.contains(QStringLiteral("error"))
            ? -1
            : l.value(QStringLiteral("behind_backlog_trigger_to_sink_ms"))
                  .toObject()
                  .value(QStringLiteral("p99"))
                  .toDouble(-1);
        const double ref = l.value(QStringLiteral("empty_queue_trigger_to_sink_ms"))
                               .toObject()
                               .value(QStringLiteral("p99"))
                               .toDouble(-1);
        ratios.insert(QStringLiteral("priority_p99_behind_backlog_over_empty_queue"),
            p99 > 0 && ref > 0 ? round2(p99 / ref) : -1);
        addTarget(QStringLiteral("priority_critical_p99_ms"),
            QStringLiteral("<= 50 (trigger to arrival at the sink, CRITICAL behind the LOW backlog)"), p99,
            p99 >= 0 && p99 <= 50);
    }
    QJsonObject machine = doc.value(QStringLiteral("machine")).toObject();
    machine.insert(QStringLiteral("load_after"), loadAverage());
    doc.insert(QStringLiteral("machine"), machine);
    doc.insert(QStringLiteral("ratios"), ratios);
    doc.insert(QStringLiteral("targets"), targets);
    doc.insert(QStringLiteral("pass"), allPass);

    const QByteArray json = QJsonDocument(doc).toJson(QJsonDocument::Indented);
    QTextStream(stdout) << json;
    if (parser.isSet(out)) {
        QFile f(parser.value(out));
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size()) {
            err() << "alertdesk_bench: cannot write " << parser.value(out) << '\n';
            return 2;
        }
    }
    return allPass ? 0 : 1;
}
