// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/SingleInstance.h"

#include "UiLogging.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>
#include <QThread>

namespace alertdesk {

namespace {
constexpr qint64 kMaxMessage = 64LL * 1024;
const QByteArray kAnswer = "raised\n";

QString lockPath(const QString& name)
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + QLatin1Char('/') + name + QStringLiteral(".lock");
}
} // namespace

SingleInstance::SingleInstance(const QString& profileDir, QObject* parent)
    : QObject(parent)
    , m_name(serverName(profileDir))
{
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close();
}

QString SingleInstance::serverName(const QString& profileDir)
{
    // The folder may not exist yet (a first start): clean the absolute path by hand then.
    const QFileInfo fi(profileDir);
    QString path = fi.exists() ? fi.canonicalFilePath() : QDir::cleanPath(fi.absoluteFilePath());
    const QByteArray hash = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("alertdesk-") + QString::fromLatin1(hash);
}

SingleInstance::Role SingleInstance::start(const QStringList& args, int timeoutMs, QString* error)
{
    QString why;
    const QDeadlineTimer deadline(timeoutMs);
    m_lock = std::make_unique<QLockFile>(lockPath(m_name));
    m_lock->setStaleLockTime(0); // stale only when its process is gone
    while (true) {
        if (m_lock->tryLock(0)) {
            m_role = listen(&why) ? Role::Primary : Role::Failed;
            break;
        }
        // Taken: the primary may still be starting its server; ask until the deadline.
        if (m_lock->error() != QLockFile::LockFailedError) {
            why = QStringLiteral("cannot create the lock file %1").arg(lockPath(m_name));
            m_role = Role::Failed;
            break;
        }
        // remainingTime() is at most timeoutMs, an int (or -1: forever), so the cast loses nothing.
        if (handOff(args, static_cast<int>(std::max<qint64>(100, deadline.remainingTime())), &why)) {
            m_role = Role::HandedOff;
            break;
        }
        if (deadline.hasExpired()) {
            m_role = Role::Failed;
            break;
        }
        QThread::msleep(50); // startup only, before any window: no event loop to wait on yet
    }
    if (m_role == Role::Failed) {
        m_lock.reset();
        if (error)
            *error = why;
        qCWarning(lcUi) << "single instance:" << why;
    }
    return m_role;
}

bool SingleInstance::listen(QString* error)
{
    // We hold the lock, so a socket file left by a killed primary is stale.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(m_name, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

bool SingleInstance::handOff(const QStringList& args, int timeoutMs, QString* error)
{
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
        *error = QStringLiteral("the running AlertDesk does not answer on %1: %2").arg(m_name, socket.errorString());
        return false;
    }
    const QByteArray message = QJsonDocument(QJsonObject { { QStringLiteral("raise"), true },
                                                 { QStringLiteral("args"), QJsonArray::fromStringList(args) } })
                                   .toJson(QJsonDocument::Compact)
        + '\n';
    socket.write(message);
    if (!socket.waitForBytesWritten(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
        *error = QStringLiteral("cannot write to the running AlertDesk: %1").arg(socket.errorString());
        return false;
    }
    QByteArray answer;
    while (!answer.endsWith('\n')) {
        if (!socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
            *error = QStringLiteral("the running AlertDesk did not confirm: %1").arg(socket.errorString());
            return false;
        }
        answer += socket.readAll();
    }
    return answer == kAnswer;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QLocalSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            if (buffer->size() > kMaxMessage) {
                socket->abort();
                return;
            }
            if (!buffer->endsWith('\n'))
                return;
            const QJsonObject o = QJsonDocument::fromJson(*buffer).object();
            buffer->clear();
            QStringList args;
            for (const QJsonValue& v : o.value(QStringLiteral("args")).toArray())
                args << v.toString();
            qCInfo(lcUi) << "another start of this profile asked for the window";
            Q_EMIT activationRequested(args);
            socket->write(kAnswer);
            socket->flush();
        });
    }
}

} // namespace alertdesk
