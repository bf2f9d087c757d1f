// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Database.h"

#include "SqlStatement.h"
#include "WalCheckpointer.h"
#include "util/Logging.h"

#include <sqlite3.h>

#include <QAtomicInt>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utility>

namespace alertdesk {

namespace {
QAtomicInt s_connectionCounter;

// Migration N brings the schema from version N-1 to N. Never edit a released step; add one.
const char* const kMigrations[] = {
    // 1: alerts, outbox deliveries, attempts
    R"sql(
CREATE TABLE alerts (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    type        INTEGER NOT NULL,
    priority    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    symbol      TEXT NOT NULL DEFAULT '',
    strategy    TEXT NOT NULL DEFAULT '',
    position    TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    channels    TEXT NOT NULL DEFAULT '[]',
    dedup_key   TEXT NOT NULL DEFAULT '',
    state       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX alerts_created ON alerts(created_at);
CREATE INDEX alerts_state ON alerts(state, seq);
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id        TEXT NOT NULL REFERENCES alerts(id),
    channel         TEXT NOT NULL,
    ordinal         INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    latency_ms      INTEGER NOT NULL DEFAULT -1,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX deliveries_due ON deliveries(channel, status, next_attempt_at);
CREATE INDEX deliveries_alert ON deliveries(alert_id, ordinal);
CREATE INDEX deliveries_status ON deliveries(status);
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  INTEGER NOT NULL REFERENCES deliveries(id),
    channel      TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    outcome      TEXT NOT NULL,
    http_status  INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    latency_ms   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attempts_delivery ON attempts(delivery_id);
CREATE INDEX attempts_channel ON attempts(channel, id);
)sql",
    // 2: alert lifecycle (state changes, dedup counts, snoozes) and notification policies
    // (notifications held by quiet hours or grouping, digests, escalations)
    R"sql(
ALTER TABLE alerts ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN notify_seq INTEGER NOT NULL DEFAULT 1;
CREATE INDEX alerts_dedup ON alerts(dedup_key) WHERE dedup_key != '' AND state != 3;
CREATE INDEX alerts_snoozed ON alerts(snoozed_until) WHERE state = 2;
CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT NOT NULL REFERENCES alerts(id),
    at          INTEGER NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_events_alert ON alert_events(alert_id, id);
CREATE TABLE delivery_meta (
    delivery_id INTEGER PRIMARY KEY REFERENCES deliveries(id),
    purpose     TEXT NOT NULL,
    round       INTEGER NOT NULL DEFAULT 1,
    digest_id   TEXT
);
CREATE TABLE held_notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT NOT NULL REFERENCES alerts(id),
    channel     TEXT NOT NULL,
    round       INTEGER NOT NULL,
    purpose     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    group_key   TEXT NOT NULL,
    status      TEXT NOT NULL,
    release_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER,
    digest_id   TEXT,
    delivery_id INTEGER,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX held_due ON held_notifications(status, release_at);
CREATE INDEX held_alert ON held_notifications(alert_id);
CREATE INDEX held_digest ON held_notifications(digest_id);
CREATE INDEX held_group ON held_notifications(channel, reason, group_key, status);
CREATE TABLE digests (
    id          TEXT PRIMARY KEY,
    channel     TEXT NOT NULL,
    group_key   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    alert_count INTEGER NOT NULL,
    title       TEXT NOT NULL,
    message     TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    delivery_id INTEGER
);
CREATE INDEX digests_group ON digests(channel, group_key, created_at);
CREATE TABLE escalations (
    alert_id         TEXT PRIMARY KEY REFERENCES alerts(id),
    policy           TEXT NOT NULL,
    started_at       INTEGER NOT NULL,
    tier             INTEGER NOT NULL DEFAULT 0,
    reminders        INTEGER NOT NULL DEFAULT 0,
    last_notified_at INTEGER NOT NULL,
    next_at          INTEGER NOT NULL,
    status           TEXT NOT NULL
);
CREATE INDEX escalations_due ON escalations(status, next_at);
)sql",
    // 3: threshold rules with their evaluation state, and alerts by dedup key. A rule's
    // definition change replaces its row, so the id doubles as the definition's revision (and
    // sqlite_sequence tells a running engine that another process changed the rules).
    R"sql(
CREATE TABLE rules (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL UNIQUE,
    metric           TEXT NOT NULL,
    condition        TEXT NOT NULL,
    value            REAL NOT NULL,
    value2           REAL,
    window_ms        INTEGER NOT NULL DEFAULT 0,
    frequency        TEXT NOT NULL,
    interval_ms      INTEGER NOT NULL DEFAULT 0,
    cooldown_ms      INTEGER NOT NULL DEFAULT 0,
    expires_at       INTEGER NOT NULL DEFAULT 0,
    enabled          INTEGER NOT NULL DEFAULT 1,
    type             INTEGER NOT NULL,
    priority         INTEGER NOT NULL,
    title_template   TEXT NOT NULL DEFAULT '',
    message_template TEXT NOT NULL DEFAULT '',
    channels         TEXT NOT NULL DEFAULT '[]',
    created_at       INTEGER NOT NULL,
    last_value       REAL,
    last_sample_at   INTEGER NOT NULL DEFAULT 0,
    last_fired_at    INTEGER NOT NULL DEFAULT 0,
    fired_count      INTEGER NOT NULL DEFAULT 0,
    exhausted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rules_metric ON rules(metric);
)sql",
    // 4: the Alerts page over a long history. Full-text search over title and message (an
    // FTS5 index over alerts, kept by triggers, so every writer keeps it), indexes for the
    // page's filters in keyset order, and alert counts per state kept by triggers (counting a
    // million rows on every refresh is not free).
    R"sql(
CREATE VIRTUAL TABLE alerts_fts USING fts5(title, message, content='alerts', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO alerts_fts(alerts_fts) VALUES ('rebuild');
CREATE TRIGGER alerts_fts_insert AFTER INSERT ON alerts BEGIN
    INSERT INTO alerts_fts(rowid, title, message) VALUES (new.seq, new.title, new.message);
END;
CREATE TRIGGER alerts_fts_delete AFTER DELETE ON alerts BEGIN
    INSERT INTO alerts_fts(alerts_fts, rowid, title, message) VALUES ('delete', old.seq, old.title, old.message);
END;
CREATE TRIGGER alerts_fts_update AFTER UPDATE OF title, message ON alerts BEGIN
    INSERT INTO alerts_fts(alerts_fts, rowid, title, message) VALUES ('delete', old.seq, old.title, old.message);
    INSERT INTO alerts_fts(rowid, title, message) VALUES (new.seq, new.title, new.message);
END;
CREATE INDEX alerts_priority ON alerts(priority, seq);
CREATE INDEX alerts_symbol ON alerts(symbol, seq);
CREATE TABLE alert_counts (
    state INTEGER PRIMARY KEY,
    n     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO alert_counts (state, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0);
UPDATE alert_counts SET n = (SELECT COUNT(*) FROM alerts WHERE alerts.state = alert_counts.state);
CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts BEGIN
    UPDATE alert_counts SET n = n + 1 WHERE state = new.state;
END;
CREATE TRIGGER alert_counts_delete AFTER DELETE ON alerts BEGIN
    UPDATE alert_counts SET n = n - 1 WHERE state = old.state;
END;
CREATE TRIGGER alert_counts_update AFTER UPDATE OF state ON alerts WHEN old.state != new.state BEGIN
    UPDATE alert_counts SET n = n - 1 WHERE state = old.state;
    UPDATE alert_counts SET n = n + 1 WHERE state = new.state;
END;
)sql",
    // 5: the full-text index is filled in batches by the driving engine (AlertSearchIndex), not
    // per alert: one index segment per one-alert commit cost a quarter of the throughput.
    // alerts_fts_indexed holds the highest alerts.seq indexed (migration 4 indexed them all);
    // searches match the rows above it directly. The delete/update triggers touch only rows
    // indexed: an external-content 'delete' of a row never indexed corrupts the index.
    R"sql(
DROP TRIGGER alerts_fts_insert;
CREATE TABLE alerts_fts_indexed (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    seq INTEGER NOT NULL
);
INSERT INTO alerts_fts_indexed (one, seq) VALUES (1, COALESCE((SELECT MAX(seq) FROM alerts), 0));
DROP TRIGGER alerts_fts_delete;
CREATE TRIGGER alerts_fts_delete AFTER DELETE ON alerts
WHEN old.seq <= (SELECT seq FROM alerts_fts_indexed) BEGIN
    INSERT INTO alerts_fts(alerts_fts, rowid, title, message) VALUES ('delete', old.seq, old.title, old.message);
END;
DROP TRIGGER alerts_fts_update;
CREATE TRIGGER alerts_fts_update AFTER UPDATE OF title, message ON alerts
WHEN old.seq <= (SELECT seq FROM alerts_fts_indexed) BEGIN
    INSERT INTO alerts_fts(alerts_fts, rowid, title, message) VALUES ('delete', old.seq, old.title, old.message);
    INSERT INTO alerts_fts(rowid, title, message) VALUES (new.seq, new.title, new.message);
END;
)sql",
    // 6: fewer index pages per alert. Every commit writes each page it touched to the log, and
    // a one-alert commit touched 18: the outbox row had an index of its own on its random
    // idempotency key (never looked up: the key is derived from alert and channel), one on
    // status beside the one on (channel, status, due time), and a note in delivery_meta for
    // anything but a first notification. The row now carries its purpose, round and digest,
    // and one index on (status, channel, due time) answers both the dispatcher and the counts.
    // Rebuilt with foreign keys off (Database::migrate), as SQLite's ALTER TABLE guide says.
    R"sql(
CREATE TABLE deliveries_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id        TEXT NOT NULL REFERENCES alerts(id),
    channel         TEXT NOT NULL,
    ordinal         INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    latency_ms      INTEGER NOT NULL DEFAULT -1,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    purpose         TEXT NOT NULL DEFAULT 'alert',
    round           INTEGER NOT NULL DEFAULT 1,
    digest_id       TEXT
);
INSERT INTO deliveries_new (id, alert_id, channel, ordinal, idempotency_key, status, attempts, next_attempt_at,
                            last_error, latency_ms, created_at, finished_at, purpose, round, digest_id)
SELECT d.id, d.alert_id, d.channel, d.ordinal, d.idempotency_key, d.status, d.attempts, d.next_attempt_at,
       d.last_error, d.latency_ms, d.created_at, d.finished_at, COALESCE(m.purpose, 'alert'), COALESCE(m.round, 1),
       m.digest_id
FROM deliveries d LEFT JOIN delivery_meta m ON m.delivery_id = d.id;
DELETE FROM sqlite_sequence WHERE name = 'deliveries_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'deliveries_new', seq FROM sqlite_sequence WHERE name = 'deliveries';
DROP TABLE delivery_meta;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries(status, channel, next_attempt_at);
CREATE INDEX deliveries_alert ON deliveries(alert_id, ordinal);
)sql",
    // 7: priority lanes. The dispatcher takes a channel's most urgent due row first (CRITICAL
    // before a backlog of LOW), so the row carries its priority (Priority's value: 0 CRITICAL
    // to 4 INFO; a digest the most urgent of its alerts) and the due index is ordered by it:
    // one index still, so a one-alert commit touches no more pages than before. A row outside
    // the lanes would never be taken: the CHECK refuses it.
    R"sql(
ALTER TABLE deliveries ADD COLUMN priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 0 AND 4);
UPDATE deliveries SET priority = MIN(MAX(a.priority, 0), 4) FROM alerts a
WHERE a.id = deliveries.alert_id AND a.priority != deliveries.priority;
UPDATE deliveries SET priority = m.priority
FROM (SELECT h.digest_id AS digest_id, MIN(a.priority) AS priority FROM held_notifications h
      JOIN alerts a ON a.id = h.alert_id WHERE h.digest_id IS NOT NULL GROUP BY h.digest_id) m
WHERE deliveries.digest_id = m.digest_id AND m.priority < deliveries.priority;
DROP INDEX deliveries_due;
CREATE INDEX deliveries_due ON deliveries(status, channel, priority, next_attempt_at);
)sql",
    // 8: where each subscribed source (an ntfy topic) has read up to: the id of the last
    // message taken, or the server's time of a subscription that has taken none yet. Written
    // in the transaction that stores the alert the message made, so that a restart resumes
    // exactly after it: nothing lost, nothing taken twice.
    R"sql(
CREATE TABLE source_positions (
    source     TEXT PRIMARY KEY,
    position   TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
)sql",
    // 9: re-sends. A channel whose platform forgets an alert that is not repeated (Alertmanager
    // resolves it after its resolve_timeout) gets the alert again every interval until it is
    // resolved: one row per (alert, channel) with the next time due, written with the outbox
    // row it follows, so a restart resumes the schedule.
    R"sql(
CREATE TABLE resends (
    alert_id    TEXT NOT NULL REFERENCES alerts(id),
    channel     TEXT NOT NULL,
    interval_ms INTEGER NOT NULL,
    next_at     INTEGER NOT NULL,
    PRIMARY KEY (alert_id, channel)
);
CREATE INDEX resends_due ON resends(next_at);
)sql",
    // 10: the Dashboard page over a long history. Counts per hour kept by triggers (every
    // writer keeps them, as alert_counts): alerts by priority and state, by symbol and by rule
    // (a rule's alerts carry the dedup key "rule:NAME"), attempts by channel and outcome with the
    // delivered ones' latency in bins (the bin's upper edge in ms, from latency_bins: about 25 %
    // wide, so percentiles come from a few hundred rows instead of every attempt), and the
    // acknowledgements with their time from the alert's creation. A 30-day view reads about
    // 720 rows per key instead of hundreds of thousands of alerts and attempts. hour is a time
    // in ms divided by 3,600,000.
    R"sql(
CREATE TABLE latency_bins (edge INTEGER PRIMARY KEY);
INSERT INTO latency_bins (edge) VALUES (1), (2), (3), (4), (5), (6), (8), (10), (12), (15), (20), (25), (30), (40),
    (50), (60), (80), (100), (120), (150), (200), (250), (300), (400), (500), (600), (800), (1000), (1200), (1500),
    (2000), (2500), (3000), (4000), (5000), (6000), (8000), (10000), (12000), (15000), (20000), (25000), (30000),
    (40000), (50000), (60000), (80000), (100000), (120000), (150000), (200000), (300000), (600000), (3600000);
CREATE TABLE alert_hours (
    hour     INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    state    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (hour, priority, state)
) WITHOUT ROWID;
CREATE TABLE alert_key_hours (
    hour INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    key  TEXT NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (hour, kind, key)
) WITHOUT ROWID;
CREATE TABLE attempt_hours (
    hour    INTEGER NOT NULL,
    channel TEXT NOT NULL,
    bin     INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (hour, channel, bin)
) WITHOUT ROWID;
CREATE TABLE ack_hours (
    hour     INTEGER PRIMARY KEY,
    n        INTEGER NOT NULL,
    total_ms INTEGER NOT NULL
);
INSERT INTO alert_hours (hour, priority, state, n)
SELECT created_at / 3600000, priority, state, COUNT(*) FROM alerts GROUP BY 1, 2, 3;
INSERT INTO alert_key_hours (hour, kind, key, n)
SELECT created_at / 3600000, 0, symbol, COUNT(*) FROM alerts WHERE symbol != '' GROUP BY 1, 3;
INSERT INTO alert_key_hours (hour, kind, key, n)
SELECT created_at / 3600000, 1, substr(dedup_key, 6), COUNT(*) FROM alerts WHERE substr(dedup_key, 1, 5) = 'rule:'
GROUP BY 1, 3;
INSERT INTO attempt_hours (hour, channel, bin, n)
SELECT finished_at / 3600000, channel,
    CASE outcome WHEN 'retry' THEN -2 WHEN 'failed' THEN -1
    ELSE COALESCE((SELECT MIN(edge) FROM latency_bins WHERE edge >= latency_ms), 1000000000) END, COUNT(*)
FROM attempts WHERE outcome IN ('delivered', 'failed', 'retry') GROUP BY 1, 2, 3;
INSERT INTO ack_hours (hour, n, total_ms)
SELECT e.at / 3600000, COUNT(*), SUM(MAX(e.at - a.created_at, 0)) FROM alert_events e JOIN alerts a ON a.id = e.alert_id
WHERE e.to_state = 'acknowledged' AND e.from_state = 'open' GROUP BY 1;
CREATE TRIGGER alert_hours_insert AFTER INSERT ON alerts BEGIN
    INSERT INTO alert_hours (hour, priority, state, n) VALUES (new.created_at / 3600000, new.priority, new.state, 1)
    ON CONFLICT (hour, priority, state) DO UPDATE SET n = n + 1;
    INSERT INTO alert_key_hours (hour, kind, key, n) SELECT new.created_at / 3600000, 0, new.symbol, 1
    WHERE new.symbol != '' ON CONFLICT (hour, kind, key) DO UPDATE SET n = n + 1;
    INSERT INTO alert_key_hours (hour, kind, key, n) SELECT new.created_at / 3600000, 1, substr(new.dedup_key, 6), 1
    WHERE substr(new.dedup_key, 1, 5) = 'rule:' ON CONFLICT (hour, kind, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alert_hours_update AFTER UPDATE OF state, priority ON alerts
WHEN old.state != new.state OR old.priority != new.priority BEGIN
    UPDATE alert_hours SET n = n - 1
    WHERE hour = old.created_at / 3600000 AND priority = old.priority AND state = old.state;
    INSERT INTO alert_hours (hour, priority, state, n) VALUES (new.created_at / 3600000, new.priority, new.state, 1)
    ON CONFLICT (hour, priority, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alert_hours_delete AFTER DELETE ON alerts BEGIN
    UPDATE alert_hours SET n = n - 1
    WHERE hour = old.created_at / 3600000 AND priority = old.priority AND state = old.state;
    UPDATE alert_key_hours SET n = n - 1 WHERE hour = old.created_at / 3600000 AND kind = 0 AND key = old.symbol;
    UPDATE alert_key_hours SET n = n - 1
    WHERE hour = old.created_at / 3600000 AND kind = 1 AND substr(old.dedup_key, 1, 5) = 'rule:'
      AND key = substr(old.dedup_key, 6);
END;
CREATE TRIGGER attempt_hours_insert AFTER INSERT ON attempts WHEN new.outcome IN ('delivered', 'failed', 'retry') BEGIN
    INSERT INTO attempt_hours (hour, channel, bin, n)
    SELECT new.finished_at / 3600000, new.channel,
        CASE new.outcome WHEN 'retry' THEN -2 WHEN 'failed' THEN -1
        ELSE COALESCE((SELECT MIN(edge) FROM latency_bins WHERE edge >= new.latency_ms), 1000000000) END, 1
    WHERE 1 ON CONFLICT (hour, channel, bin) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ack_hours_insert AFTER INSERT ON alert_events
WHEN new.to_state = 'acknowledged' AND new.from_state = 'open' BEGIN
    INSERT INTO ack_hours (hour, n, total_ms)
    SELECT new.at / 3600000, 1, MAX(new.at - COALESCE((SELECT created_at FROM alerts WHERE id = new.alert_id), new.at), 0)
    WHERE 1 ON CONFLICT (hour) DO UPDATE SET n = n + 1, total_ms = total_ms + excluded.total_ms;
END;
)sql",
    // 11: what an Alertmanager cluster said of an alert: a colleague's silence seen (kind
    // cluster_silenced) and its end (cluster_silence_ended), in the alert's trail beside its
    // state changes; detail holds the silence (id, created_by, comment, ends_at) as JSON.
    R"sql(
ALTER TABLE alert_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'state';
ALTER TABLE alert_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
)sql",
    // 12: test sends (Send test, `alertdesk-cli channel test`). They carry no alert, so they are
    // not deliveries; kept so that a channel's health names a failed test at once and after a
    // restart.
    R"sql(
CREATE TABLE channel_tests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT NOT NULL,
    finished_at INTEGER NOT NULL,
    delivered   INTEGER NOT NULL,
    http_status INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX channel_tests_channel ON channel_tests(channel, id);
)sql",
    // 13: the Alerts page's filter indexes carry the other filter columns after seq, so a page
    // with several filters (CRITICAL, open, ETHUSDT) checks each candidate on the index entry
    // and reads only the rows it lists: over 1,000,000 alerts a walk of one symbol's index
    // went from a table row per entry to an index entry per entry (about 4x less work).
    R"sql(
DROP INDEX alerts_state;
DROP INDEX alerts_priority;
DROP INDEX alerts_symbol;
CREATE INDEX alerts_state ON alerts(state, seq, priority, type, symbol);
CREATE INDEX alerts_priority ON alerts(priority, seq, state, type, symbol);
CREATE INDEX alerts_symbol ON alerts(symbol, seq, state, priority, type);
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Database::kSchemaVersion);

// SQLite says "disk I/O error" when the file system is full while it sets up its log: say so.
QString fullDiskHint(const QString& path)
{
    struct statvfs fs { };
    if (::statvfs(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), &fs) == 0
        && static_cast<quint64>(fs.f_bavail) * fs.f_frsize < 64ULL * 1024)
        return QStringLiteral(" (the disk holding it is full)");
    return {};
}

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}
} // namespace

Database::Database(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
{
}

Database::~Database()
{
    m_checkpointer.reset(); // its connection closes first: the engine's, the last, checkpoints
    m_statements.clear(); // prepared statements go before their connection
    {
        QSqlDatabase d = QSqlDatabase::database(m_connectionName, false);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<Database> Database::open(const QString& path, QString* error, Mode mode, const UpgradeNotice& onUpgrade)
{
    const QString name = QStringLiteral("alertdesk-%1").arg(s_connectionCounter.fetchAndAddRelaxed(1));
    std::unique_ptr<Database> self(new Database(name, path));
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    d.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000");
    if (mode == Mode::ReadOnly) {
        if (!QFileInfo::exists(path)) {
            *error = QStringLiteral("history database %1 does not exist yet").arg(path);
            return nullptr;
        }
        // In a folder that cannot be written (a read-only mount) and with no shared-memory file
        // beside it, SQLite cannot set one up for the write-ahead log: the history is read as
        // immutable (nothing can change it there anyway).
        if (::access(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), W_OK) != 0
            && !QFileInfo::exists(path + QStringLiteral("-shm"))) {
            d.setDatabaseName(
                QStringLiteral("file:%1?immutable=1").arg(QString::fromLatin1(QUrl::toPercentEncoding(path, "/"))));
            options += QStringLiteral(";QSQLITE_OPEN_URI");
        }
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    }
    d.setConnectOptions(options);
    if (!d.open()) {
        *error = QStringLiteral("cannot open history database %1: %2%3")
                     .arg(path, d.lastError().text(), fullDiskHint(path));
        return nullptr;
    }
    const int version = self->schemaVersion();
    if (version > kSchemaVersion) {
        *error = QStringLiteral("history database %1 was written by a newer AlertDesk (schema version %2; this "
                                "version knows up to %3). It has not been modified: use the newer AlertDesk.")
                     .arg(path)
                     .arg(version)
                     .arg(kSchemaVersion);
        return nullptr;
    }
    if (mode == Mode::ReadOnly) {
        if (version < kSchemaVersion) {
            *error
                = QStringLiteral("history database %1 is at schema version %2 and needs migrating by the engine first")
                      .arg(path)
                      .arg(version);
            return nullptr;
        }
        return self;
    }
    QString e;
    // A new history gets 1 KiB pages: every commit writes each page it touched (about ten:
    // the rows and their indexes) to the log, and an outbox commit touches a few bytes of
    // each. Only possible before the first table exists; older histories keep theirs.
    if (version == 0)
        exec(d, QStringLiteral("PRAGMA page_size=1024"), nullptr);
    const bool upgrade = version > 0 && version < kSchemaVersion;
    if (upgrade && onUpgrade)
        onUpgrade(version, kSchemaVersion);
    // WAL: readers (the UI) never block the engine. FULL: every commit is synced to the disk
    // before it returns, so what was answered "accepted" survives a power cut or an OS crash,
    // not only a killed process (NORMAL). Sources that receive many alerts at once commit them
    // together (AlertManager::submitBatch, the ingest API's group commit): one sync for all.
    // A log grown by a burst (an upgrade rewrites whole tables) is cut back to 64 MiB once copied.
    if (!exec(d, QStringLiteral("PRAGMA journal_mode=WAL"), &e)
        || !exec(d, QStringLiteral("PRAGMA synchronous=FULL"), &e)
        || !exec(d, QStringLiteral("PRAGMA journal_size_limit=67108864"), &e)
        || !exec(d, QStringLiteral("PRAGMA foreign_keys=ON"), &e) || !self->migrate(&e)) {
        *error = QStringLiteral("cannot prepare history database %1: %2%3").arg(path, e, fullDiskHint(path));
        return nullptr;
    }
    // The upgrade's log holds the rewritten tables: copy it now and leave an empty one, rather
    // than carry hundreds of megabytes until the process exits. Readers in the way: later.
    if (upgrade)
        exec(d, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), nullptr);
    // Checkpoints (and their fsync) happen on WalCheckpointer's thread, never in a commit here.
    if (exec(d, QStringLiteral("PRAGMA wal_autocheckpoint=0"), &e))
        self->m_checkpointer = std::make_unique<WalCheckpointer>(path);
    return self;
}

QSqlDatabase Database::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const
{
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

SqlStatement* Database::statement(const QString& sql, QString* error)
{
    if (auto it = m_statements.constFind(sql); it != m_statements.constEnd())
        return it->get();
    if (!m_handle) {
        const QVariant h = db().driver()->handle();
        if (h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
            m_handle = *static_cast<sqlite3* const*>(h.constData());
        if (!m_handle) {
            if (error)
                *error = QStringLiteral("the history database connection is not SQLite");
            return nullptr;
        }
    }
    sqlite3_stmt* stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(m_handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_handle));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    auto st = std::make_shared<SqlStatement>(m_handle, stmt);
    m_statements.insert(sql, st);
    return st.get();
}

bool Database::execCached(const QString& sql, QString* error)
{
    SqlStatement* q = statement(sql, error);
    if (!q)
        return false;
    if (!q->exec()) {
        if (error)
            *error = q->errorText();
        return false;
    }
    return true;
}

bool Database::transaction(const std::function<bool()>& fn, QString* error)
{
    if (m_depth > 0)
        return savepoint(fn, error);
    static const QString begin = QStringLiteral("BEGIN IMMEDIATE");
    static const QString commit = QStringLiteral("COMMIT");
    static const QString rollback = QStringLiteral("ROLLBACK");
    QString e;
    if (!execCached(begin, &e)) {
        if (error)
            *error = e;
        return false;
    }
    ++m_depth;
    const bool ok = fn();
    --m_depth;
    if (!ok) {
        execCached(rollback, nullptr);
        m_afterCommit.clear();
        if (error && error->isEmpty())
            *error = QStringLiteral("transaction rolled back");
        return false;
    }
    if (!execCached(commit, &e)) {
        execCached(rollback, nullptr);
        m_afterCommit.clear();
        if (error)
            *error = e;
        return false;
    }
    ++m_commits;
    if (m_checkpointer)
        m_checkpointer->noteCommit();
    // What waited for the commit may start a transaction of its own: take the list first.
    const std::vector<std::function<void()>> after = std::exchange(m_afterCommit, {});
    for (const auto& f : after)
        f();
    return true;
}

bool Database::savepoint(const std::function<bool()>& fn, QString* error)
{
    static const QString begin = QStringLiteral("SAVEPOINT nested");
    static const QString release = QStringLiteral("RELEASE nested");
    static const QString rollback = QStringLiteral("ROLLBACK TO nested");
    QString e;
    if (!execCached(begin, &e)) {
        if (error)
            *error = e;
        return false;
    }
    const size_t pending = m_afterCommit.size();
    ++m_depth;
    const bool ok = fn();
    --m_depth;
    if (ok && execCached(release, &e))
        return true;
    // ROLLBACK TO keeps the savepoint open: RELEASE ends it, with nothing left in it.
    execCached(rollback, nullptr);
    execCached(release, nullptr);
    m_afterCommit.resize(pending);
    if (error && error->isEmpty())
        *error = ok ? e : QStringLiteral("transaction rolled back");
    return false;
}

void Database::afterCommit(std::function<void()> fn)
{
    if (m_depth == 0)
        fn();
    else
        m_afterCommit.push_back(std::move(fn));
}

const char* Database::migrationStep(int version)
{
    return version >= 1 && version <= kMigrationCount ? kMigrations[version - 1] : nullptr;
}

bool Database::migrate(QString* error)
{
    const int from = schemaVersion();
    if (from >= kSchemaVersion)
        return true;
    // A step may rebuild a table others refer to: foreign keys are off while the steps run
    // (a transaction cannot switch them) and checked before each step commits.
    QSqlDatabase d = db();
    if (!exec(d, QStringLiteral("PRAGMA foreign_keys=OFF"), error))
        return false;
    const bool ok = migrateSteps(from, error);
    return exec(d, QStringLiteral("PRAGMA foreign_keys=ON"), ok ? error : nullptr) && ok;
}

bool Database::migrateSteps(int from, QString* error)
{
    for (int v = from; v < kSchemaVersion; ++v) {
        const bool ok = transaction(
            [&] {
                QSqlDatabase d = db();
                // One statement at a time (QSqlQuery runs one); a trigger's body has ';' of its
                // own, so a piece ends a statement only where SQLite says it is complete.
                const QStringList pieces = QString::fromUtf8(kMigrations[v]).split(QLatin1Char(';'));
                QString statement;
                for (const QString& piece : pieces) {
                    statement += piece + QLatin1Char(';');
                    if (!sqlite3_complete(statement.toUtf8().constData()))
                        continue;
                    if (!statement.chopped(1).trimmed().isEmpty() && !exec(d, statement, error))
                        return false;
                    statement.clear();
                }
                QSqlQuery check(d);
                if (!check.exec(QStringLiteral("PRAGMA foreign_key_check")) || check.next()) {
                    if (error)
                        *error = check.isValid()
                            ? QStringLiteral("schema step %1 left a row of %2 pointing at a missing row of %3")
                                  .arg(v + 1)
                                  .arg(check.value(0).toString(), check.value(2).toString())
                            : check.lastError().text();
                    return false;
                }
                return exec(d, QStringLiteral("PRAGMA user_version=%1").arg(v + 1), error);
            },
            error);
        if (!ok)
            return false;
        qCDebug(lcStorage) << "migrated history database to schema version" << v + 1;
    }
    return true;
}

} // namespace alertdesk
