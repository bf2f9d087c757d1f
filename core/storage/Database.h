#pragma once

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>

namespace alertdesk {

// One SQLite connection to a profile's history (alerts, outbox deliveries, attempts) and rules.
// A QSqlDatabase connection belongs to the thread that opened it: open one per thread.
class Database final {
public:
    static constexpr int kSchemaVersion = 2;

    enum class Mode { ReadWrite, ReadOnly };

    // Opens (creating when ReadWrite) and migrates the database at path. A database written
    // by a newer AlertDesk is refused and left untouched. Returns nullptr and sets *error.
    static std::unique_ptr<Database> open(const QString& path, QString* error, Mode mode = Mode::ReadWrite);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QSqlDatabase db() const;
    QString path() const { return m_path; }
    int schemaVersion() const;

    // Runs fn inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn returns false.
    bool transaction(const std::function<bool()>& fn, QString* error = nullptr);

private:
    Database(QString connectionName, QString path);
    bool migrate(QString* error);

    QString m_connectionName;
    QString m_path;
};

} // namespace alertdesk
