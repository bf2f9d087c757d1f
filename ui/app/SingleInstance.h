// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QObject>
#include <QStringList>
#include <memory>

class QLocalServer;
class QLockFile;

namespace alertdesk {

// One AlertDesk window per profile. The first start of a profile becomes its primary: it holds
// a lock file and listens on a local socket named from a hash of the profile's path. A later
// start for the same profile finds the lock taken, asks the primary over the socket to raise
// its window, and exits.
class SingleInstance final : public QObject {
    Q_OBJECT
public:
    enum class Role { Primary, HandedOff, Failed };

    explicit SingleInstance(const QString& profileDir, QObject* parent = nullptr);
    ~SingleInstance() override;

    // "alertdesk-<16 hex digits>": the same for every spelling of the same folder.
    static QString serverName(const QString& profileDir);

    // Becomes the primary, or hands args to the running primary (waits for its answer, at most
    // timeoutMs; needs no event loop). Failed: neither worked (*error says why); the caller
    // may then run on its own.
    Role start(const QStringList& args, int timeoutMs = 5000, QString* error = nullptr);
    Role role() const { return m_role; }
    QString name() const { return m_name; }

Q_SIGNALS:
    // On the primary: another start of this profile asked for the window.
    void activationRequested(const QStringList& args);

private:
    bool listen(QString* error);
    bool handOff(const QStringList& args, int timeoutMs, QString* error);
    void onNewConnection();

    QString m_name;
    Role m_role = Role::Failed;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer* m_server = nullptr; // child
};

} // namespace alertdesk
