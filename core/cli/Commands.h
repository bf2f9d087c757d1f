// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Command.h"
#include "model/Alert.h"

#include <QJsonObject>
#include <functional>
#include <optional>

// The commands of alertdesk-cli, one file each (ChannelCommand.cpp, SendCommand.cpp, ...);
// Command::create() in Command.cpp maps the names to them.
namespace alertdesk {

class CommandArgs;

// channel add KIND NAME ... | add-url URL [NAME] | list | remove NAME | enable|disable NAME
class ChannelCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;

private:
    void addFromUrl(const QStringList& rest);
};

// import-env [FILE]
class ImportEnvCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// send --type T --priority P --title TEXT --message TEXT ...
class SendCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;

private:
    // Commits the alert here: delivers it (driver) or leaves it to the driver in the outbox.
    void admitAndDeliver(const Alert& parsed, qint64 waitTimeoutMs);
    // Another instance drives the profile: posts the alert to its ingest API (the shared
    // outbox when it serves none) and waits for its report.
    void handOffAlert(const QJsonObject& wire, const Alert& parsed, qint64 waitTimeoutMs);
    // Drives the outbox for the alert's targets and finishes with its report.
    void deliverHere(const QString& alertId, const QStringList& targets, const QJsonObject& heldJson = {});
    void waitForHandOff(const QString& alertId, qint64 ownerPid, qint64 deadlineMs, const QJsonObject& heldJson = {});
};

// test-channel NAME
class TestChannelCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// health
class HealthCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// history [--limit N] [--alert ID]
class HistoryCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;

private:
    void exportHistory(const CommandArgs& args);
};

// settings set KEY VALUE | get KEY | list
class SettingsCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// flush
class FlushCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// run
class RunCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// rule add NAME ... | list | remove NAME | enable|disable NAME
class RuleCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// source add ntfy NAME ... | list | show NAME | remove NAME | enable|disable NAME
class SourceCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;

private:
    void add(const QStringList& rest);
};

// metric KEY VALUE [--time TIME] [--wait-timeout S]
class MetricCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;

private:
    // Delivers the alerts (already in the outbox) and calls done with their reports.
    void deliverAlerts(
        const QList<Alert>& alerts, std::function<void(const QJsonArray& reports, bool allDelivered)> done);
    // Another instance drives the profile: posts the sample to its ingest API.
    void handOffSample(const QString& key, double value, std::optional<qint64> timeMs, qint64 waitTimeoutMs);
    void waitForAlerts(QJsonObject out, const QStringList& ids, qint64 ownerPid, qint64 deadlineMs);
};

// api-token
class ApiTokenCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// ack ID | snooze ID DURATION|--until TIME | resolve ID, each [--note TEXT]
class LifecycleCommand final : public Command {
public:
    LifecycleCommand(QString verb, Cli& cli, const Context& context);
    void execute(const QStringList& rest) override;

private:
    QString m_verb;
};

// policies show | check FILE|- | set FILE|-
class PoliciesCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

// template preview ...
class TemplateCommand final : public Command {
public:
    using Command::Command;
    void execute(const QStringList& rest) override;
};

} // namespace alertdesk
