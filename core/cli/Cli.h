#pragma once

#include <QJsonObject>
#include <QObject>
#include "model/Alert.h"
#include <functional>
#include <optional>
#include <QStringList>
#include <QTextStream>
#include <memory>

class QIODevice;
class QNetworkAccessManager;

namespace alertdesk {

class CommandArgs;
class Engine;
class SecretStore;

// alertdesk-cli, as a library object so tests can drive it without main(). start() runs the
// command; finished(exitCode) is emitted once: 0 success, 1 a delivery or operation failed,
// 2 bad input (the message names the bad argument).
class Cli final : public QObject {
    Q_OBJECT
public:
    enum ExitCode { Ok = 0, Failed = 1, BadInput = 2 };

    Cli(QTextStream& out, QTextStream& err, QIODevice* in, QObject* parent = nullptr);
    ~Cli() override;

    // Only for tests that must not touch the system keychain.
    void setSecretStore(SecretStore* store) { m_secretStore = store; }
    void start(const QStringList& arguments); // without the program name
    static QString usage();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void dispatch(const QString& command, const QStringList& rest);
    bool openEngine();
    void done(int code);
    void fail(int code, const QString& message);
    bool readSecretFromStdin(CommandArgs& args, const QString& option);
    void printJson(const QJsonValue& v, bool compact = false);

    void cmdChannel(const QStringList& rest);
    void cmdSend(const QStringList& rest);
    void cmdTestChannel(const QStringList& rest);
    void cmdHealth(const QStringList& rest);
    void cmdHistory(const QStringList& rest);
    void cmdSettings(const QStringList& rest);
    void cmdFlush(const QStringList& rest);
    void cmdRun(const QStringList& rest);
    void cmdChannelAddUrl(const QStringList& rest);
    void cmdImportEnv(const QStringList& rest);
    static int saveErrorCode(const QString& saveError);
    void cmdLifecycle(const QString& verb, const QStringList& rest);
    void cmdPolicies(const QStringList& rest);
    void cmdTemplate(const QStringList& rest);
    void cmdRule(const QStringList& rest);
    void cmdMetric(const QStringList& rest);
    void cmdApiToken(const QStringList& rest);

    // Drives the outbox for the alert's targets and finishes with its report.
    void deliverHere(const QString& alertId, const QStringList& targets, const QJsonObject& heldJson = {});
    // `send` while another instance drives the profile: posts the alert to its ingest API
    // (the shared outbox when it serves none) and waits for its report.
    void handOffAlert(const QJsonObject& wire, const Alert& parsed, qint64 waitTimeoutMs);
    // Commits the alert here: delivers it (driver) or leaves it to the driver in the outbox.
    void admitAndDeliver(const Alert& parsed, qint64 waitTimeoutMs);
    void waitForHandOff(const QString& alertId, qint64 ownerPid, qint64 deadlineMs, const QJsonObject& heldJson = {});
    // `metric` while another instance drives the profile: posts the sample to its ingest API.
    void handOffSample(const QString& key, double value, std::optional<qint64> timeMs, qint64 waitTimeoutMs);
    void waitForAlerts(QJsonObject out, QStringList ids, qint64 ownerPid, qint64 deadlineMs);
    // Delivers the alerts (already in the outbox) and calls done with their reports.
    void deliverAlerts(const QList<Alert>& alerts, std::function<void(const QJsonArray& reports, bool allDelivered)> done);

    QTextStream& m_out;
    QTextStream& m_err;
    QIODevice* m_in;
    QString m_profileDir;
    SecretStore* m_secretStore = nullptr;
    std::unique_ptr<Engine> m_engine;
    QNetworkAccessManager* m_network = nullptr; // child, made on first use
    bool m_finished = false;
};

} // namespace alertdesk
