// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// The Alerts page over a long history: a profile with 1,000,000 alerts (their deliveries and
// attempts too), then, in a fresh process of its own so that its memory is the window's alone:
// the window from creation to the first page painted, full-text searches and filter changes
// (query, model reset and the table painted), the bulk actions over every match of a search
// (acknowledge, then reopen, against the engine's one transaction over the same alerts), and
// the peak RSS. Prints one JSON object.
//
// With --page dashboard (bench_dashboard_page), the Dashboard page instead: the window from
// creation to the dashboard painted, then each range (today, 7 days, 30 days) from the click to
// the page painted with its figures ("page ready"), against the reference measured in the same
// run: the same figures read straight from the alerts and attempts tables (what the page would
// cost without the hourly counts of schema 10).
//
// bench_alerts_page [--alerts N] [--profile DIR] [--keep] [--out FILE] [--page alerts|dashboard]
//   --profile DIR  reuse (or create, when it has no history yet) the profile at DIR
//   --keep         keep the generated profile (its path is in the JSON)
// Runs under an X server (scripts/with-test-services.sh) or QT_QPA_PLATFORM=offscreen.
// Exit: 0 every target met, 1 a target missed, 2 the benchmark could not run.

#include "MemorySecretStore.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "app/EngineHost.h"
#include "app/MainWindow.h"
#include "dashboard/DashboardPage.h"
#include "engine/AlertLifecycle.h"
#include "engine/Engine.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "widgets/HourlyChart.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

#include <sqlite3.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace alertdesk;
using alertdesk::test::MemorySecretStore;

namespace {

constexpr double kFirstPageTargetMs = 100;
constexpr double kSearchTargetMs = 100; // each search and each filter change
// The bulk actions: kDrillAlerts open alerts carry kDrillWord in their message; the window
// acknowledges every match of that search, then reopens them (which leaves the profile as it
// was for the next run). Targets: the window's longest stall meanwhile, and the whole action
// against the engine changing the same alerts in one transaction (measured in the same run).
constexpr int kDrillAlerts = 4000;
const QString kDrillWord = QStringLiteral("bulkdrill");
constexpr double kBulkStallTargetMs = 100;
constexpr double kBulkRatioTarget = 2.0;
constexpr double kRssTargetMb = 250;
constexpr double kDashboardReadyTargetMs = 300; // issue 16: page ready on 1,000,000 alerts

double peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

double processAgeMs()
{
    // Field 22 of /proc/self/stat: the start time in clock ticks after boot.
    QFile stat(QStringLiteral("/proc/self/stat")), up(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !up.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    const double startS = fields.value(19).toDouble() / 100.0; // USER_HZ is 100 on Linux
    return (up.readAll().split(' ').value(0).toDouble() - startS) * 1000.0;
}

// ---- generation ------------------------------------------------------------------------

struct Generator {
    QRandomGenerator rng { 20261126 };
    QStringList vocabulary;
    const QStringList symbols { QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"), QStringLiteral("SOLUSDT"),
        QStringLiteral("BNBUSDT"), QStringLiteral("XRPUSDT"), QStringLiteral("ADAUSDT"), QStringLiteral("DOGEUSDT"),
        QStringLiteral("AVAXUSDT"), QStringLiteral("LINKUSDT"), QStringLiteral("DOTUSDT"), QStringLiteral("MATICUSDT"),
        QStringLiteral("LTCUSDT"), QStringLiteral("AAPL"), QStringLiteral("TSLA"), QStringLiteral("NVDA"),
        QStringLiteral("ES"), QStringLiteral("NQ"), QStringLiteral("EURUSD"), QString() };
    const QStringList strategies { QStringLiteral("mean-revert"), QStringLiteral("momentum"), QStringLiteral("grid"),
        QStringLiteral("basis"), QStringLiteral("eth-perp"), QString() };
    const QStringList channels { QStringLiteral("trading-desk"), QStringLiteral("ops-slack"), QStringLiteral("pager"),
        QStringLiteral("phone-sms"), QStringLiteral("mail") };

    Generator()
    {
        // Trading words, then made-up ones: a Zipf-like pick makes a few common, most rare.
        vocabulary = QStringLiteral("price crossed above below threshold drawdown limit breached position reduced "
                                    "exposure risk margin call liquidation funding rate spike spread widened order "
                                    "filled rejected partial latency exchange websocket reconnected stale feed "
                                    "volatility breakout support resistance daily weekly pnl loss gain target stop "
                                    "hedge rebalance leverage inventory slippage book depth bid ask volume")
                         .split(QLatin1Char(' '));
        const char* syllables[]
            = { "ka", "lo", "mi", "ne", "ru", "ta", "vo", "xe", "zu", "pi", "do", "fa", "gi", "ho" };
        for (int i = 0; vocabulary.size() < 5000; ++i) {
            QString w;
            for (int k = 0, n = 2 + i % 3, x = i; k < n; ++k, x /= 14)
                w += QLatin1String(syllables[(x + k * 5) % 14]);
            w += QString::number(i % 97);
            vocabulary << w;
        }
    }
    QString word()
    {
        const double u = rng.generateDouble();
        return vocabulary.at(static_cast<int>(u * u * u * (vocabulary.size() - 1)));
    }
    QString words(int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << word();
        return out.join(QLatin1Char(' '));
    }
};

// One prepared statement of the bulk load, bound by position from 1.
class Stmt final {
public:
    Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    bool ok() const { return m_stmt != nullptr; }
    Stmt& bind(int pos, qint64 v)
    {
        sqlite3_bind_int64(m_stmt, pos, v);
        return *this;
    }
    Stmt& bind(int pos, const QString& v)
    {
        const QByteArray u = v.toUtf8();
        sqlite3_bind_text(m_stmt, pos, u.constData(), int(u.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool run()
    {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        return rc == SQLITE_DONE;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

// Fills the profile's history (already created and migrated by the engine, which is closed
// by now) through a connection of its own without a journal: a crash here loses only the
// benchmark's data. The schema's triggers keep the counts, as in use; the full-text index is
// filled at the end.
bool generate(const QString& path, int count, QJsonObject* report)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "bench: cannot open %s\n", qPrintable(path));
        sqlite3_close(db);
        return false;
    }
    auto exec = [db](const QByteArray& sql) {
        return sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
    };
    exec("PRAGMA journal_mode=OFF");
    exec("PRAGMA synchronous=OFF");
    exec("PRAGMA cache_size=-524288");
    // The per-row trigger of the counts is set aside during the load, and its work done once
    // at the end, as migration 4 does for an older history. The full-text index is filled at
    // the end too, as the driving engine would (in one go here, not in batches), and its
    // high-water mark left at the newest alert.
    QList<QByteArray> triggers;
    if (!qEnvironmentVariableIsSet("ALERTDESK_BENCH_ROW_TRIGGERS")) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db,
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            "('alert_counts_insert')",
            -1, &st, nullptr);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            triggers << QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
            exec(QByteArray("DROP TRIGGER ") + reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        }
        sqlite3_finalize(st);
    }
    Generator g;
    bool ok = true;
    qint64 deliveries = 0, attempts = 0;
    QElapsedTimer t;
    t.start();
    {
        Stmt alert(db,
            "INSERT INTO alerts (id, type, priority, title, message, symbol, strategy, data, channels, state, "
            "created_at, updated_at, occurrences, last_seen_at, snoozed_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?)");
        Stmt delivery(db,
            "INSERT INTO deliveries (id, alert_id, channel, ordinal, idempotency_key, status, attempts, "
            "next_attempt_at, last_error, latency_ms, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)");
        Stmt attempt(db,
            "INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, http_status, error, "
            "latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!alert.ok() || !delivery.ok() || !attempt.ok()) {
            std::fprintf(stderr, "bench: cannot prepare: %s\n", sqlite3_errmsg(db));
            sqlite3_close(db);
            return false;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 span = 90LL * 24 * 3600 * 1000; // 90 days of history, evenly
        const qint64 step = span / std::max(1, count);
        const int drillEvery = std::max(1, static_cast<int>(count * 0.09 / kDrillAlerts));
        int openSeen = 0, drilled = 0;
        exec("BEGIN");
        for (int i = 0; i < count && ok; ++i) {
            if (i > 0 && i % 50000 == 0) {
                exec("COMMIT");
                exec("BEGIN");
            }
            const qint64 at = now - span + i * step;
            const int roll = static_cast<int>(g.rng.bounded(100));
            // Mostly low priorities, a few critical ones.
            const int priority = roll < 2 ? 0 : roll < 10 ? 1 : roll < 35 ? 2 : roll < 70 ? 3 : 4;
            const int type = static_cast<int>(g.rng.bounded(6));
            const QString symbol = g.symbols.at(static_cast<int>(g.rng.bounded(g.symbols.size())));
            const QString sym = symbol.isEmpty() ? QStringLiteral("the book") : symbol;
            QString title;
            switch (type) {
            case 0:
                title = QStringLiteral("%1 %2 %3")
                            .arg(sym, g.rng.bounded(2) ? QStringLiteral("above") : QStringLiteral("below"))
                            .arg(g.rng.bounded(100000));
                break;
            case 1:
                title = QStringLiteral("Strategy %1 PnL %2% today")
                            .arg(g.strategies.at(static_cast<int>(g.rng.bounded(5))))
                            .arg(static_cast<int>(g.rng.bounded(20)) - 10);
                break;
            case 2:
                title = QStringLiteral("Drawdown limit breached on %1").arg(sym);
                break;
            case 3:
                title = QStringLiteral("Exchange websocket reconnected after %1 s").arg(g.rng.bounded(30));
                break;
            case 4:
                title = QStringLiteral("%1 trades filled today").arg(g.rng.bounded(1000));
                break;
            default:
                title = QStringLiteral("%1 %2").arg(sym, g.words(3));
                break;
            }
            // Newer alerts are more often still open; most old ones were dealt with.
            const bool recent = i > count - count / 50;
            const int sroll = static_cast<int>(g.rng.bounded(100));
            const int state = recent ? (sroll < 60 ? 0
                                      : sroll < 80 ? 1
                                      : sroll < 85 ? 2
                                                   : 3)
                                     : (sroll < 8         ? 0
                                             : sroll < 30 ? 1
                                                          : 3);
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            QString message = g.words(8 + static_cast<int>(g.rng.bounded(20)));
            // The bulk actions' set: every drillEvery-th open alert, kDrillAlerts in all, spread
            // over the history (about one open alert in eleven is open: 8 % of the old, 65 % of
            // the newest 2 %).
            if (state == 0 && drilled < kDrillAlerts && ++openSeen % drillEvery == 0) {
                message += QLatin1Char(' ') + kDrillWord;
                ++drilled;
            }
            ok = alert.bind(1, id)
                     .bind(2, type)
                     .bind(3, priority)
                     .bind(4, title)
                     .bind(5, message)
                     .bind(6, symbol)
                     .bind(7, g.strategies.at(static_cast<int>(g.rng.bounded(g.strategies.size()))))
                     .bind(8,
                         QStringLiteral("{\"price\":%1,\"threshold\":%2,\"book\":{\"positions\":%3}}")
                             .arg(g.rng.bounded(100000))
                             .arg(g.rng.bounded(100000))
                             .arg(g.rng.bounded(10)))
                     .bind(9, state)
                     .bind(10, at)
                     .bind(11, at)
                     .bind(12, 1 + (g.rng.bounded(20) == 0 ? static_cast<int>(g.rng.bounded(9)) : 0))
                     .bind(13, at)
                     .bind(14, state == 2 ? now + 3600 * 1000 : 0)
                     .run();
            const int n = 1 + static_cast<int>(g.rng.bounded(2));
            for (int k = 0; k < n && ok; ++k) {
                const bool failed = g.rng.bounded(20) == 0;
                const QString channel = g.channels.at(static_cast<int>(g.rng.bounded(g.channels.size())));
                const int latency = 20 + static_cast<int>(g.rng.bounded(300));
                const qint64 deliveryId = ++deliveries; // a new history: ids from 1
                ok = delivery.bind(1, deliveryId)
                         .bind(2, id)
                         .bind(3, channel)
                         .bind(4, k)
                         .bind(5, id + QLatin1Char(':') + QString::number(k))
                         .bind(6, failed ? QStringLiteral("failed") : QStringLiteral("delivered"))
                         .bind(7, failed ? 3 : 1)
                         .bind(8, at)
                         .bind(9, failed ? QStringLiteral("HTTP 503: upstream unavailable") : QString())
                         .bind(10, latency)
                         .bind(11, at)
                         .bind(12, at + latency)
                         .run();
                for (int a = 0; a < (failed ? 3 : 1) && ok; ++a) {
                    ok = attempt.bind(1, deliveryId)
                             .bind(2, channel)
                             .bind(3, at + a * 1000)
                             .bind(4, at + a * 1000 + latency)
                             .bind(5,
                                 failed ? (a == 2 ? QStringLiteral("failed") : QStringLiteral("retry"))
                                        : QStringLiteral("delivered"))
                             .bind(6, failed ? 503 : 200)
                             .bind(7, failed ? QStringLiteral("upstream unavailable") : QString())
                             .bind(8, latency)
                             .run();
                    ++attempts;
                }
            }
        }
        if (!ok)
            std::fprintf(stderr, "bench: cannot generate: %s\n", sqlite3_errmsg(db));
        exec(ok ? "COMMIT" : "ROLLBACK");
    }
    if (!triggers.isEmpty()) {
        ok = ok
            && exec(
                "UPDATE alert_counts SET n = (SELECT COUNT(*) FROM alerts WHERE alerts.state = alert_counts.state)");
        for (const QByteArray& sql : std::as_const(triggers))
            ok = exec(sql) && ok;
    }
    ok = ok && exec("INSERT INTO alerts_fts(alerts_fts) VALUES ('rebuild')")
        && exec("UPDATE alerts_fts_indexed SET seq = (SELECT COALESCE(MAX(seq), 0) FROM alerts)");
    exec("PRAGMA journal_mode=WAL"); // as the app keeps it
    sqlite3_close(db);
    report->insert(QStringLiteral("alerts"), count);
    report->insert(QStringLiteral("deliveries"), deliveries);
    report->insert(QStringLiteral("attempts"), attempts);
    report->insert(QStringLiteral("seconds"), t.elapsed() / 1000.0);
    // The machine is shared: the CPU time says what the load itself costs.
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    report->insert(QStringLiteral("cpu_seconds"),
        static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
    return ok;
}

// ---- measurement (the child process) -------------------------------------------------------

// Counts the table's paints, so a step ends when the user would see its result.
class PaintWatch final : public QObject {
public:
    using QObject::QObject;
    int paints = 0;
    // Set: the number of the first paint for which it held (the table had its rows).
    std::function<bool()> ready;
    int readyAtPaint = 0;
    bool eventFilter(QObject* o, QEvent* e) override
    {
        if (e->type() == QEvent::Paint) {
            ++paints;
            if (ready && readyAtPaint == 0 && ready())
                readyAtPaint = paints;
        }
        return QObject::eventFilter(o, e);
    }
};

// The GUI thread's longest gap between two ticks of a 5 ms timer while it runs.
class Heartbeat final : public QObject {
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kPeriodMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_longestNs = std::max(m_longestNs, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_last = -1;
        m_longestNs = 0;
        m_clock.start();
        m_timer.start();
    }
    // The longest stall: the longest gap less the timer's period.
    double stop()
    {
        m_timer.stop();
        return std::max(0.0, m_longestNs / 1e6 - kPeriodMs);
    }

private:
    static constexpr int kPeriodMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_longestNs = 0;
};

bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

// The engine changes these alerts in one transaction, as a reference for the window's bulk
// action over the same set: the time from the call to the answer back on the GUI thread.
double engineBatchMs(EngineHost& host, const QStringList& ids, AlertState to)
{
    auto done = std::make_shared<QAtomicInt>(0);
    auto ms = std::make_shared<double>(0);
    QElapsedTimer t;
    t.start();
    host.run([ids, to, done, ms, t](Engine& e) {
        e.lifecycle().changeBatch(ids, to, 0, QString(), EventSource::UI);
        *ms = t.nsecsElapsed() / 1e6;
        done->storeRelease(1);
    });
    if (!waitFor([&] { return done->loadAcquire() == 1; }, 120000))
        return -1;
    return *ms;
}

// The bulk actions over every alert that matches a search (kDrillAlerts of them): acknowledge
// from the page (the acknowledge dialog has asked), reopen from the page (after its
// confirmation), each in batches with the window's event loop running; the engine's one
// transaction over the same alerts between the two as the reference.
QJsonObject measureBulk(
    EngineHost& host, AlertsPage* page, const std::function<QJsonObject(std::function<void()>)>& step)
{
    QJsonObject out;
    page->clearFilters();
    step([&] { page->searchField()->setText(kDrillWord); });
    Heartbeat heartbeat;
    QSignalSpy finished(page, &AlertsPage::actionFinished);
    auto act = [&](QAbstractButton* button, const std::function<void()>& start, QStringList* changed) -> QJsonObject {
        page->selectAllMatching();
        if (!button->isEnabled())
            return {}; // nothing in the set to change
        const int before = finished.count();
        heartbeat.start();
        QElapsedTimer t;
        t.start();
        start();
        const bool ended = waitFor([&] { return finished.count() > before; }, 300000);
        const double ms = t.nsecsElapsed() / 1e6;
        const double stall = heartbeat.stop();
        if (!ended)
            return { { QStringLiteral("error"), QStringLiteral("did not finish") } };
        *changed = finished.constLast().at(0).toStringList();
        return { { QStringLiteral("alerts"), changed->size() }, { QStringLiteral("ms"), ms },
            { QStringLiteral("longest_stall_ms"), stall },
            { QStringLiteral("refused"), finished.constLast().at(1).toStringList().size() } };
    };
    QStringList acknowledged;
    QJsonObject ack = act(
        page->acknowledgeButton(), [&] { page->acknowledgeSelected(QString()); }, &acknowledged);
    if (acknowledged.isEmpty()) {
        out.insert(
            QStringLiteral("skipped"), QStringLiteral("no open alert carries the search word (an older profile)"));
        return out;
    }
    // The reference: back to open and acknowledged again, each in one transaction.
    const double engineReopenMs = engineBatchMs(host, acknowledged, AlertState::Open);
    const double engineAckMs = engineBatchMs(host, acknowledged, AlertState::Acknowledged);
    QStringList reopened;
    QJsonObject reopen = act(
        page->reopenButton(),
        [&] {
            page->reopenSelected();
            QMessageBox* confirm = nullptr;
            waitFor(
                [&] {
                    confirm = page->findChild<QMessageBox*>(QStringLiteral("bulkConfirm"));
                    return confirm && confirm->isVisible();
                },
                5000);
            if (confirm)
                confirm->defaultButton()->click();
        },
        &reopened);
    ack.insert(QStringLiteral("engine_one_transaction_ms"), engineAckMs);
    ack.insert(QStringLiteral("ratio"), ack.value(QStringLiteral("ms")).toDouble() / engineAckMs);
    reopen.insert(QStringLiteral("engine_one_transaction_ms"), engineReopenMs);
    reopen.insert(QStringLiteral("ratio"), reopen.value(QStringLiteral("ms")).toDouble() / engineReopenMs);
    out.insert(QStringLiteral("acknowledge"), ack);
    out.insert(QStringLiteral("reopen"), reopen);
    out.insert(QStringLiteral("longest_stall_ms"),
        std::max(ack.value(QStringLiteral("longest_stall_ms")).toDouble(),
            reopen.value(QStringLiteral("longest_stall_ms")).toDouble()));
    out.insert(QStringLiteral("worst_ratio"),
        std::max(ack.value(QStringLiteral("ratio")).toDouble(), reopen.value(QStringLiteral("ratio")).toDouble()));
    page->clearFilters();
    return out;
}

int measure(const QString& profileDir, const QString& outPath)
{
    const double atMain = processAgeMs();
    int argc = 1;
    char name[] = "bench_alerts_page";
    char* argv[] = { name, nullptr };
    QApplication app(argc, argv);
    QJsonObject r;
    r.insert(QStringLiteral("process_start_to_main_ms"), atMain);

    QElapsedTimer t;
    t.start();
    EngineHost host(profileDir, [](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
        auto* store = new MemorySecretStore;
        o.secrets = store;
        std::unique_ptr<Engine> e = Engine::open(o, error, warning);
        if (e)
            store->setParent(e.get());
        else
            delete store;
        return e;
    });
    host.start(); // as the application does: the engine opens while the window is built
    MainWindow window(host);
    window.resize(1280, 800);
    AlertsPage* page = window.alertsPage();
    PaintWatch watch;
    // A paint before the rows were there does not count: the first one with them does (the
    // time is taken when the event loop comes back from it).
    watch.ready = [page] { return page->model() && page->model()->rowCount() > 0; };
    page->table()->viewport()->installEventFilter(&watch);
    window.show();
    const bool shown = waitFor([&] { return watch.readyAtPaint > 0; }, 30000);
    const double firstPage = t.nsecsElapsed() / 1e6;
    if (!shown) {
        std::fprintf(stderr, "bench: the first page did not show\n");
        return 2;
    }
    r.insert(QStringLiteral("first_page_ms"), firstPage);
    r.insert(QStringLiteral("first_page_from_process_start_ms"), firstPage + atMain + 0.0);
    r.insert(QStringLiteral("rows_in_first_page"), page->model()->rowCount());
    r.insert(QStringLiteral("unacknowledged"), page->unacknowledgedCount());

    // One step: change the bar, apply, wait for the table to paint the result.
    auto step = [&](const std::function<void()>& change) {
        const int before = watch.paints;
        QElapsedTimer s;
        s.start();
        change();
        page->applyFilter();
        waitFor([&] { return watch.paints > before; }, 2000);
        return QJsonObject { { QStringLiteral("ms"), s.nsecsElapsed() / 1e6 },
            { QStringLiteral("rows"), page->model()->rowCount() } };
    };
    // Warm-up of the statement paths is part of a real first search: measure it as it comes.
    QJsonObject searches;
    double worstSearch = 0;
    const QStringList terms { QStringLiteral("drawdown"), QStringLiteral("websocket reconnected"),
        QStringLiteral("liquid"), QStringLiteral("kaloru"), QStringLiteral("BTCUSDT above"),
        QStringLiteral("zzqx-no-such-word") };
    for (const QString& term : terms) {
        const QJsonObject o = step([&] { page->searchField()->setText(term); });
        searches.insert(term, o);
        worstSearch = std::max(worstSearch, o.value(QStringLiteral("ms")).toDouble());
    }
    page->searchField()->clear();
    page->applyFilter();
    r.insert(QStringLiteral("search"), searches);
    r.insert(QStringLiteral("search_worst_ms"), worstSearch);

    QJsonObject filters;
    double worstFilter = 0;
    auto filterStep = [&](const QString& label, const std::function<void()>& change) {
        const QJsonObject o = step(change);
        filters.insert(label, o);
        worstFilter = std::max(worstFilter, o.value(QStringLiteral("ms")).toDouble());
    };
    filterStep(QStringLiteral("priority CRITICAL"), [&] { page->priorityFilter()->setCurrentIndex(1); });
    filterStep(QStringLiteral("+ state open"), [&] { page->stateFilter()->setCurrentIndex(1); });
    filterStep(
        QStringLiteral("+ symbol ETHUSDT"), [&] { page->symbolFilter()->setEditText(QStringLiteral("ETHUSDT")); });
    filterStep(QStringLiteral("+ last 24 hours"), [&] { page->timeFilter()->setCurrentIndex(AlertsPage::LastDay); });
    filterStep(QStringLiteral("+ search breached"), [&] { page->searchField()->setText(QStringLiteral("breached")); });
    filterStep(QStringLiteral("cleared"), [&] { page->clearFilters(); });
    filterStep(QStringLiteral("channel pager"),
        [&] { page->channelFilter()->setCurrentIndex(page->channelFilter()->findText(QStringLiteral("pager"))); });
    filterStep(QStringLiteral("last 7 days"), [&] {
        page->channelFilter()->setCurrentIndex(0);
        page->timeFilter()->setCurrentIndex(AlertsPage::LastWeek);
    });
    filterStep(QStringLiteral("last 30 days"), [&] { page->timeFilter()->setCurrentIndex(AlertsPage::LastMonth); });
    filterStep(QStringLiteral("type RISK"), [&] {
        page->timeFilter()->setCurrentIndex(0);
        page->typeFilter()->setCurrentIndex(3);
    });
    filterStep(QStringLiteral("days 50 to 40 ago"), [&] {
        page->typeFilter()->setCurrentIndex(0);
        const QDateTime now = QDateTime::currentDateTime();
        page->setCustomRange(now.addDays(-50), now.addDays(-40));
    });
    filterStep(QStringLiteral("days 50 to 40 ago + search drawdown"),
        [&] { page->searchField()->setText(QStringLiteral("drawdown")); });
    r.insert(QStringLiteral("filter"), filters);
    r.insert(QStringLiteral("filter_worst_ms"), worstFilter);

    // Scroll through ten pages: each page costs the same at any depth.
    page->clearFilters();
    QElapsedTimer scroll;
    scroll.start();
    for (int i = 0; i < 10 && page->model()->canFetchMore({}); ++i)
        page->model()->fetchMore({});
    r.insert(QStringLiteral("ten_more_pages_ms"), scroll.nsecsElapsed() / 1e6);
    r.insert(QStringLiteral("rows_loaded"), page->model()->rowCount());
    r.insert(QStringLiteral("bulk"), measureBulk(host, page, step));
    r.insert(QStringLiteral("peak_rss_mb"), peakRssMb());

    QFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return 2;
    out.write(QJsonDocument(r).toJson(QJsonDocument::Compact));
    return 0;
}

// The dashboard's figures for [from, to) read straight from the alerts and attempts tables,
// exact percentiles included: the reference for the page's hourly counts.
double rawDashboardMs(Database& db, qint64 from, qint64 to)
{
    QElapsedTimer t;
    t.start();
    QSqlQuery q(db.db());
    q.setForwardOnly(true);
    const auto run = [&](const QString& sql) {
        q.prepare(sql);
        q.addBindValue(from);
        q.addBindValue(to);
        q.exec();
        qint64 rows = 0;
        while (q.next())
            ++rows;
        return rows;
    };
    run(QStringLiteral("SELECT priority, state, COUNT(*) FROM alerts WHERE created_at >= ? AND created_at < ? "
                       "GROUP BY 1, 2"));
    run(QStringLiteral("SELECT symbol, COUNT(*) FROM alerts WHERE created_at >= ? AND created_at < ? GROUP BY 1"));
    run(QStringLiteral("SELECT dedup_key, COUNT(*) FROM alerts WHERE created_at >= ? AND created_at < ? AND "
                       "dedup_key LIKE 'rule:%' GROUP BY 1"));
    run(QStringLiteral("SELECT channel, outcome, COUNT(*) FROM attempts WHERE finished_at >= ? AND finished_at < ? "
                       "GROUP BY 1, 2"));
    // Percentiles need every delivered attempt's latency, sorted per channel.
    q.prepare(QStringLiteral("SELECT channel, latency_ms FROM attempts WHERE finished_at >= ? AND finished_at < ? "
                             "AND outcome = 'delivered'"));
    q.addBindValue(from);
    q.addBindValue(to);
    q.exec();
    QHash<QString, std::vector<qint64>> latency;
    while (q.next())
        latency[q.value(0).toString()].push_back(q.value(1).toLongLong());
    for (auto& v : latency)
        std::sort(v.begin(), v.end());
    return t.nsecsElapsed() / 1e6;
}

int measureDashboard(const QString& profileDir, const QString& outPath)
{
    const double atMain = processAgeMs();
    int argc = 1;
    char name[] = "bench_dashboard_page";
    char* argv[] = { name, nullptr };
    QApplication app(argc, argv);
    QJsonObject r;
    r.insert(QStringLiteral("process_start_to_main_ms"), atMain);

    QElapsedTimer t;
    t.start();
    EngineHost host(profileDir, [](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
        auto* store = new MemorySecretStore;
        o.secrets = store;
        std::unique_ptr<Engine> e = Engine::open(o, error, warning);
        if (e)
            store->setParent(e.get());
        else
            delete store;
        return e;
    });
    host.start(); // as the application does
    MainWindow window(host);
    window.resize(1280, 800);
    window.showPage(MainWindow::DashboardPageIndex);
    DashboardPage* page = window.dashboardPage();
    PaintWatch watch;
    page->alertsChart()->installEventFilter(&watch);
    window.show();
    if (!waitFor([&] { return page->data().total > 0 && watch.paints > 0; }, 60000)) {
        std::fprintf(stderr, "bench: the dashboard did not show\n");
        return 2;
    }
    const int paintsAtData = watch.paints;
    waitFor([&] { return watch.paints > paintsAtData; }, 200);
    r.insert(QStringLiteral("first_shown_ms"), t.nsecsElapsed() / 1e6);

    // Page ready: the range clicked, its figures read and the page painted.
    QJsonObject ranges;
    double worst = 0;
    const auto measureRange = [&](DashboardPage::Range range, const QString& label) {
        const int before = watch.paints;
        QElapsedTimer s;
        s.start();
        page->rangeButton(range)->click();
        waitFor([&] { return watch.paints > before; }, 2000);
        const double ms = s.nsecsElapsed() / 1e6;
        worst = std::max(worst, ms);
        const double reference = rawDashboardMs(
            *window.historyDatabase(), page->rangeStart().toMSecsSinceEpoch(), page->rangeEnd().toMSecsSinceEpoch());
        ranges.insert(label,
            QJsonObject { { QStringLiteral("page_ready_ms"), ms }, { QStringLiteral("alerts"), page->data().total },
                { QStringLiteral("reference_raw_tables_ms"), reference } });
    };
    // Each twice: the first after another range (the statements prepared), as a trader clicks.
    for (int round = 0; round < 2; ++round) {
        measureRange(DashboardPage::Month, QStringLiteral("30 days #%1").arg(round + 1));
        measureRange(DashboardPage::Week, QStringLiteral("7 days #%1").arg(round + 1));
        measureRange(DashboardPage::Today, QStringLiteral("today #%1").arg(round + 1));
    }
    r.insert(QStringLiteral("ranges"), ranges);
    r.insert(QStringLiteral("page_ready_worst_ms"), worst);
    r.insert(QStringLiteral("peak_rss_mb"), peakRssMb());
    QFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return 2;
    out.write(QJsonDocument(r).toJson(QJsonDocument::Compact));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--measure") == 0)
        return measure(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    if (argc == 4 && qstrcmp(argv[1], "--measure-dashboard") == 0)
        return measureDashboard(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));

    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Alerts page over a long history."));
    parser.addHelpOption();
    const QCommandLineOption alertsOption(QStringLiteral("alerts"), QStringLiteral("Alerts in the history."),
        QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), QStringLiteral("Profile to reuse or fill."), QStringLiteral("DIR"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Keep the generated profile."));
    const QCommandLineOption outOption(
        QStringLiteral("out"), QStringLiteral("Also write the JSON to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
        QStringLiteral("The page to measure: alerts (default) or dashboard."), QStringLiteral("PAGE"),
        QStringLiteral("alerts"));
    parser.addOptions({ alertsOption, profileOption, keepOption, outOption, pageOption });
    parser.process(app);
    const bool dashboard = parser.value(pageOption) == QLatin1String("dashboard");

    QJsonObject result;
    result.insert(
        QStringLiteral("benchmark"), dashboard ? QStringLiteral("dashboard_page") : QStringLiteral("alerts_page"));
    result.insert(QStringLiteral("when"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        result.insert(QStringLiteral("load_before"), QString::fromLatin1(load.readAll().trimmed()));

    QTemporaryDir tmp;
    tmp.setAutoRemove(!parser.isSet(keepOption));
    const QString dir
        = parser.isSet(profileOption) ? parser.value(profileOption) : tmp.path() + QStringLiteral("/profile");
    QDir().mkpath(dir);
    qint64 have = 0;
    {
        // The engine makes and migrates the profile, then goes: the load has the file alone.
        QString error;
        Engine::Options o;
        o.profileDir = dir;
        auto* store = new MemorySecretStore;
        o.secrets = store;
        std::unique_ptr<Engine> e = Engine::open(o, &error);
        if (!e) {
            delete store;
            std::fprintf(stderr, "bench: cannot open the profile: %s\n", qPrintable(error));
            return 2;
        }
        store->setParent(e.get());
        have = e->alerts().count();
    }
    QJsonObject gen;
    if (have == 0) {
        const int want = parser.value(alertsOption).toInt();
        std::fprintf(stderr, "bench: generating %d alerts in %s\n", want, qPrintable(dir));
        if (!generate(dir + QStringLiteral("/history.db"), want, &gen))
            return 2;
    } else {
        gen.insert(QStringLiteral("alerts"), have);
        gen.insert(QStringLiteral("reused"), true);
    }
    result.insert(QStringLiteral("history"), gen);
    result.insert(QStringLiteral("database_mb"), QFileInfo(dir + QStringLiteral("/history.db")).size() / 1048576.0);
    if (parser.isSet(keepOption) || parser.isSet(profileOption))
        result.insert(QStringLiteral("profile"), dir);

    // The window in a process of its own: its start and its memory are the app's alone.
    const QString measured = tmp.path() + QStringLiteral("/measure.json");
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(),
        { dashboard ? QStringLiteral("--measure-dashboard") : QStringLiteral("--measure"), dir, measured });
    if (!child.waitForFinished(300000) || child.exitCode() != 0) {
        std::fprintf(stderr, "bench: the measuring process failed\n");
        return 2;
    }
    QFile m(measured);
    if (!m.open(QIODevice::ReadOnly))
        return 2;
    const QJsonObject w = QJsonDocument::fromJson(m.readAll()).object();
    result.insert(QStringLiteral("window"), w);
    if (dashboard) {
        const bool readyOk = w.value(QStringLiteral("page_ready_worst_ms")).toDouble() <= kDashboardReadyTargetMs;
        result.insert(QStringLiteral("targets"),
            QJsonObject { { QStringLiteral("page_ready_ms"), kDashboardReadyTargetMs },
                { QStringLiteral("page_ready_met"), readyOk } });
        if (load.open(QIODevice::ReadOnly) || (load.close(), load.open(QIODevice::ReadOnly)))
            result.insert(QStringLiteral("load_after"), QString::fromLatin1(load.readAll().trimmed()));
        const QByteArray json = QJsonDocument(result).toJson(QJsonDocument::Indented);
        std::fwrite(json.constData(), 1, static_cast<size_t>(json.size()), stdout);
        if (parser.isSet(outOption)) {
            QFile f(parser.value(outOption));
            if (f.open(QIODevice::WriteOnly))
                f.write(json);
        }
        return readyOk ? 0 : 1;
    }
    const bool firstOk = w.value(QStringLiteral("first_page_ms")).toDouble() <= kFirstPageTargetMs;
    const bool searchOk = w.value(QStringLiteral("search_worst_ms")).toDouble() <= kSearchTargetMs;
    const bool filterOk = w.value(QStringLiteral("filter_worst_ms")).toDouble() <= kSearchTargetMs;
    const bool rssOk = w.value(QStringLiteral("peak_rss_mb")).toDouble() <= kRssTargetMb;
    const QJsonObject bulk = w.value(QStringLiteral("bulk")).toObject();
    const bool bulkRan = bulk.contains(QStringLiteral("worst_ratio"));
    const bool bulkOk = !bulkRan
        || (bulk.value(QStringLiteral("longest_stall_ms")).toDouble() <= kBulkStallTargetMs
            && bulk.value(QStringLiteral("worst_ratio")).toDouble() <= kBulkRatioTarget);
    result.insert(QStringLiteral("targets"),
        QJsonObject { { QStringLiteral("first_page_ms"), kFirstPageTargetMs },
            { QStringLiteral("search_and_filter_ms"), kSearchTargetMs },
            { QStringLiteral("peak_rss_mb"), kRssTargetMb }, { QStringLiteral("bulk_stall_ms"), kBulkStallTargetMs },
            { QStringLiteral("bulk_ratio"), kBulkRatioTarget }, { QStringLiteral("first_page_met"), firstOk },
            { QStringLiteral("search_met"), searchOk }, { QStringLiteral("filter_met"), filterOk },
            { QStringLiteral("rss_met"), rssOk },
            { QStringLiteral("bulk_met"), bulkRan ? QJsonValue(bulkOk) : QJsonValue() } });
    if (load.open(QIODevice::ReadOnly) || (load.close(), load.open(QIODevice::ReadOnly)))
        result.insert(QStringLiteral("load_after"), QString::fromLatin1(load.readAll().trimmed()));
    const QByteArray json = QJsonDocument(result).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, static_cast<size_t>(json.size()), stdout);
    if (parser.isSet(outOption)) {
        QFile f(parser.value(outOption));
        if (f.open(QIODevice::WriteOnly))
            f.write(json);
    }
    return firstOk && searchOk && filterOk && rssOk && bulkOk ? 0 : 1;
}
