// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// The window during an alert storm (issue 4): 1,000 alerts/s for 10 s, submitted from a
// producer thread of their own through the engine thread, delivered to loopback webhook
// channels (bench_sink), while the real MainWindow shows the Alerts page. A 5 ms heartbeat
// timer on the GUI thread records every gap between its ticks: the longest stall must stay
// under 50 ms. Prints one JSON object (max and p99 gap, alerts and deliveries, durations).
// Run under an X server: scripts/with-test-services.sh build/release/tests/bench/bench_gui_storm
#include "MemorySecretStore.h"
#include "SinkProcess.h"
#include "TestProfile.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "app/EngineHost.h"
#include "app/MainWindow.h"

#include "config/ChannelArgs.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <ctime>
#include <map>
#include <vector>

using namespace alertdesk;
using namespace alertdesk::bench;
using alertdesk::test::MemorySecretStore;
using alertdesk::test::waitUntil;

namespace {

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
    return v.at(std::min(idx, v.size() - 1));
}

EngineHost::Factory memoryFactory()
{
    return [](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
        auto* store = new MemorySecretStore;
        o.secrets = store;
        std::unique_ptr<Engine> e = Engine::open(o, error, warning);
        if (!e) {
            delete store;
            return nullptr;
        }
        store->setParent(e.get());
        return e;
    };
}

// Submits alerts at a steady rate from its own thread: every millisecond, the alerts due by
// now go to the engine thread in one request (each one a submit(), one commit each, as the
// ingest API stores them).
class Producer final : public QObject {
public:
    Producer(EngineHost& host, int rate, int seconds)
        : m_host(host)
        , m_rate(rate)
        , m_total(rate * seconds)
    {
    }
    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(1);
        m_clock.start();
        QObject::connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_timer->start();
    }
    int queued() const { return m_queued.load(); }
    std::atomic<int> submitted { 0 };
    std::atomic<int> rejected { 0 };
    std::atomic<qint64> lastSubmitNs { 0 };
    std::atomic<qint64> firstSubmitNs { -1 };
    QElapsedTimer m_clock; // started on the producer thread; elapsed read at the end only

private:
    void tick()
    {
        const qint64 ns = m_clock.nsecsElapsed();
        const int due = static_cast<int>(std::min<qint64>(m_total, ns * m_rate / 1000000000LL + 1));
        const int from = m_queued.load();
        if (due <= from)
            return;
        m_queued.store(due);
        m_host.run([this, from, due](Engine& e) {
            for (int i = from; i < due; ++i) {
                const QJsonObject a { { QStringLiteral("type"), QStringLiteral("PRICE") },
                    { QStringLiteral("priority"), i % 50 == 0 ? QStringLiteral("HIGH") : QStringLiteral("LOW") },
                    { QStringLiteral("title"), QStringLiteral("BTCUSDT tick %1").arg(i) },
                    { QStringLiteral("message"), QStringLiteral("storm alert %1").arg(i) },
                    { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
                FieldError fe;
                if (e.alertManager().submit(a, &fe))
                    ++submitted;
                else
                    ++rejected;
            }
            qint64 expected = -1;
            firstSubmitNs.compare_exchange_strong(expected, m_clock.nsecsElapsed());
            lastSubmitNs.store(m_clock.nsecsElapsed());
        });
        if (due >= m_total)
            m_timer->stop();
    }

    EngineHost& m_host;
    int m_rate;
    int m_total;
    std::atomic<int> m_queued { 0 };
    QTimer* m_timer = nullptr;
};

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// Times every event the GUI thread dispatches (outermost only), to name what stalls it.
class TimingApplication final : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        if (m_depth > 0) {
            // Paints happen inside the window's update request: which widgets repaint, how often.
            if (!recording || event->type() != QEvent::Paint)
                return QApplication::notify(receiver, event);
            const qint64 cpu0 = threadCpuNs();
            const bool r = QApplication::notify(receiver, event);
            Total& t = paints[QString::fromLatin1(receiver->metaObject()->className())];
            ++t.count;
            t.cpuNs += threadCpuNs() - cpu0;
            return r;
        }
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const qint64 cpu0 = threadCpuNs();
        const int type = event->type();
        const QString what = QString::fromLatin1(receiver->metaObject()->className())
            + (receiver->parent()
                    ? QStringLiteral(" of ") + QString::fromLatin1(receiver->parent()->metaObject()->className())
                    : QString())
            + QStringLiteral(" event ") + QString::number(type);
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (recording) {
            Total& total = dispatches[what];
            ++total.count;
            total.cpuNs += threadCpuNs() - cpu0;
        }
        if (ms >= 20 && slow.size() < 2000)
            slow.push_back({ ms,
                what
                    + QStringLiteral(" (%1 ms on the CPU)")
                          .arg(static_cast<double>(threadCpuNs() - cpu0) / 1e6, 0, 'f', 1) });
        return r;
    }
    std::vector<Slow> slow;
    struct Total {
        qint64 count = 0;
        qint64 cpuNs = 0;
    };
    // The GUI thread's CPU time by kind of dispatch, and by widget class for paints.
    std::map<QString, Total> dispatches;
    std::map<QString, Total> paints;
    bool recording = false;

    // The top n of totals by CPU time, as "cpu ms (count): what".
    static QJsonArray top(const std::map<QString, Total>& totals, size_t n)
    {
        std::vector<std::pair<QString, Total>> v(totals.begin(), totals.end());
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second.cpuNs > b.second.cpuNs; });
        QJsonArray out;
        for (size_t i = 0; i < std::min(n, v.size()); ++i)
            out.append(QStringLiteral("%1 ms in %2: %3")
                           .arg(static_cast<double>(v[i].second.cpuNs) / 1e6, 0, 'f', 1)
                           .arg(v[i].second.count)
                           .arg(v[i].first));
        return out;
    }

private:
    int m_depth = 0;
};

} // namespace

int main(int argc, char** argv)
{
    TimingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The window's event loop during an alert storm."));
    parser.addHelpOption();
    const QCommandLineOption rateOpt(
        QStringLiteral("rate"), QStringLiteral("Alerts per second."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption secondsOpt(
        QStringLiteral("seconds"), QStringLiteral("Length of the storm."), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption channelsOpt(QStringLiteral("channels"), QStringLiteral("Loopback webhook channels."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption heartbeatOpt(
        QStringLiteral("heartbeat-ms"), QStringLiteral("Heartbeat period."), QStringLiteral("MS"), QStringLiteral("5"));
    const QCommandLineOption targetOpt(QStringLiteral("target-ms"), QStringLiteral("Longest stall allowed."),
        QStringLiteral("MS"), QStringLiteral("50"));
    const QCommandLineOption outOpt(
        QStringLiteral("out"), QStringLiteral("Also write the JSON to FILE."), QStringLiteral("FILE"));
    parser.addOptions({ rateOpt, secondsOpt, channelsOpt, heartbeatOpt, targetOpt, outOpt });
    parser.process(app);
    const int rate = parser.value(rateOpt).toInt();
    const int seconds = parser.value(secondsOpt).toInt();
    const int channels = parser.value(channelsOpt).toInt();
    const int heartbeatMs = parser.value(heartbeatOpt).toInt();
    const double targetMs = parser.value(targetOpt).toDouble();
    const int total = rate * seconds;

    QJsonObject r { { QStringLiteral("benchmark"), QStringLiteral("gui_storm") },
        { QStringLiteral("rate_per_s"), rate }, { QStringLiteral("seconds"), seconds },
        { QStringLiteral("channels"), channels }, { QStringLiteral("heartbeat_ms"), heartbeatMs },
        { QStringLiteral("target_max_stall_ms"), targetMs },
        { QStringLiteral("platform"), QGuiApplication::platformName() } };
    auto finish = [&](int code) {
        const QByteArray json = QJsonDocument(r).toJson(QJsonDocument::Indented);
        if (parser.isSet(outOpt)) {
            QFile f(parser.value(outOpt));
            if (f.open(QIODevice::WriteOnly))
                f.write(json);
        }
        fputs(json.constData(), stdout);
        return code;
    };

    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        r.insert(QStringLiteral("load_before"), QString::fromLatin1(load.readAll()).section(QLatin1Char(' '), 0, 2));

    SinkProcess sink(QStringLiteral(ALERTDESK_BENCH_SINK_PATH));
    QString error;
    if (!sink.start(&error)) {
        r.insert(QStringLiteral("error"), error);
        return finish(2);
    }
    QTemporaryDir dir;
    EngineHost host(dir.path(), memoryFactory());
    MainWindow window(host);
    window.resize(1280, 800);
    window.show();
    host.start();
    if (!waitUntil([&] { return window.isReady() || host.state() == EngineHost::State::Failed; }, 20000)
        || !window.isReady()) {
        r.insert(QStringLiteral("error"), QStringLiteral("the window did not open its profile: %1").arg(host.error()));
        return finish(2);
    }
    for (int c = 1; c <= channels; ++c) {
        ChannelConfig cfg;
        cfg.name = QStringLiteral("sink%1").arg(c);
        cfg.kind = QStringLiteral("webhook");
        SecretMap secrets;
        error = buildChannelFromOptions(
            cfg.kind, { { QStringLiteral("url"), { sink.url(cfg.name) } } }, &cfg.settings, &secrets);
        bool answered = false;
        if (error.isEmpty())
            host.saveChannel(cfg, secrets, &window, [&](const QString& e) {
                error = e;
                answered = true;
            });
        if (!error.isEmpty() || !waitUntil([&] { return answered; }, 10000) || !error.isEmpty()) {
            r.insert(QStringLiteral("error"), QStringLiteral("channel not saved: %1").arg(error));
            return finish(2);
        }
    }
    window.showPage(MainWindow::AlertsPageIndex);
    waitUntil([&] { return !window.alertsPage()->showsWelcome(); }, 2000);

    int attempts = 0;
    QObject::connect(&host, &EngineHost::attemptFinished, &window, [&attempts] { ++attempts; });
    qint64 shownTotal = 0; // what the window's table counts
    QObject::connect(
        window.alertsPage(), &AlertsPage::countsChanged, &window, [&](qint64 all, qint64) { shownTotal = all; });

    // The heartbeat: every gap between two ticks, in ms.
    std::vector<double> gaps;
    gaps.reserve(static_cast<size_t>(seconds + 60) * 1000 / std::max(1, heartbeatMs));
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(heartbeatMs);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        gaps.push_back(static_cast<double>(beat.nsecsElapsed()) / 1e6);
        beat.restart();
    });

    QThread producerThread;
    Producer producer(host, rate, seconds);
    producer.moveToThread(&producerThread);
    producerThread.start();
    QElapsedTimer wall;
    wall.start();
    beat.start();
    heartbeat.start();
    const qint64 guiCpu0 = threadCpuNs();
    app.recording = true;
    QMetaObject::invokeMethod(
        &producer, [&producer] { producer.start(); }, Qt::QueuedConnection);

    const int expected = total * channels;
    // Watched through the window's own engine events: asking the sink blocks the GUI thread.
    const bool delivered = waitUntil([&] { return attempts >= expected; }, (seconds + 120) * 1000);
    const double deliveredAfterS = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    // The table catches up with the history: every alert counted.
    const bool shown = waitUntil([&] { return shownTotal >= total; }, 10000);
    heartbeat.stop();
    app.recording = false;
    const double guiCpuMs = static_cast<double>(threadCpuNs() - guiCpu0) / 1e6;
    producerThread.quit();
    producerThread.wait();

    const SinkStats s = sink.stats();
    std::vector<double> stalls;
    for (double g : gaps)
        stalls.push_back(std::max(0.0, g - heartbeatMs));
    const double maxGap = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    const double lastSubmitS = static_cast<double>(producer.lastSubmitNs.load()) / 1e9;
    const double firstSubmitS = static_cast<double>(producer.firstSubmitNs.load()) / 1e9;
    r.insert(QStringLiteral("alerts_submitted"), producer.submitted.load());
    r.insert(QStringLiteral("alerts_rejected"), producer.rejected.load());
    r.insert(QStringLiteral("achieved_rate_per_s"),
        lastSubmitS > firstSubmitS ? round2((producer.submitted.load() - 1) / (lastSubmitS - firstSubmitS)) : 0.0);
    r.insert(QStringLiteral("deliveries_expected"), expected);
    r.insert(QStringLiteral("deliveries_at_sink"), s.keys);
    r.insert(QStringLiteral("sink_duplicates"), s.duplicates);
    r.insert(QStringLiteral("attempts_seen_by_window"), attempts);
    r.insert(QStringLiteral("all_delivered_after_s"), round2(deliveredAfterS));
    r.insert(QStringLiteral("table_shows_all"), shown);
    r.insert(QStringLiteral("heartbeats"), static_cast<qint64>(gaps.size()));
    r.insert(QStringLiteral("measured_s"), round2(static_cast<double>(wall.nsecsElapsed()) / 1e9));
    r.insert(QStringLiteral("gap_ms"),
        QJsonObject { { QStringLiteral("p50"), round2(percentile(gaps, 50)) },
            { QStringLiteral("p99"), round2(percentile(gaps, 99)) }, { QStringLiteral("max"), round2(maxGap) } });
    r.insert(QStringLiteral("stall_ms"),
        QJsonObject { { QStringLiteral("p99"), round2(percentile(stalls, 99)) },
            { QStringLiteral("max"), round2(std::max(0.0, maxGap - heartbeatMs)) } });
    QFile loadAfter(QStringLiteral("/proc/loadavg"));
    if (loadAfter.open(QIODevice::ReadOnly))
        r.insert(
            QStringLiteral("load_after"), QString::fromLatin1(loadAfter.readAll()).section(QLatin1Char(' '), 0, 2));
    const bool met = maxGap - heartbeatMs < targetMs;
    r.insert(QStringLiteral("target_met"), met);
    // The slowest event dispatches of the GUI thread (>= 20 ms), by receiver and event type.
    std::sort(app.slow.begin(), app.slow.end(), [](const auto& a, const auto& b) { return a.ms > b.ms; });
    QJsonArray slowest;
    for (size_t i = 0; i < std::min<size_t>(10, app.slow.size()); ++i)
        slowest.append(QStringLiteral("%1 ms: %2").arg(round2(app.slow[i].ms)).arg(app.slow[i].what));
    r.insert(QStringLiteral("slow_dispatches_over_20ms"), static_cast<qint64>(app.slow.size()));
    r.insert(QStringLiteral("slowest_dispatches"), slowest);
    // Where the GUI thread's CPU went while measured: every dispatch, and the paints in them.
    r.insert(QStringLiteral("gui_cpu_ms"), round2(guiCpuMs));
    r.insert(QStringLiteral("gui_cpu_ms_per_s"), round2(guiCpuMs / (static_cast<double>(wall.nsecsElapsed()) / 1e9)));
    r.insert(QStringLiteral("dispatch_cpu_top"), TimingApplication::top(app.dispatches, 8));
    r.insert(QStringLiteral("paint_cpu_top"), TimingApplication::top(app.paints, 8));
    if (!delivered || !shown || producer.rejected.load() > 0)
        r.insert(QStringLiteral("error"), QStringLiteral("not every alert was delivered and shown"));
    window.hide();
    return finish(!delivered || !shown ? 2 : met ? 0 : 1);
}
