// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Command.h"

#include "Cli.h"
#include "Commands.h"
#include "config/CommandArgs.h"
#include "engine/Engine.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <QTextStream>
#include <cmath>

namespace alertdesk {

Command::Command(Cli& cli, const Context& context)
    : m_cli(cli)
    , m_out(context.out)
    , m_err(context.err)
    , m_in(context.in)
    , m_profileDir(context.profileDir)
    , m_secretStore(context.secrets)
{
}

Command::~Command() = default;

std::unique_ptr<Command> Command::create(const QString& name, Cli& cli, const Context& context)
{
    using Factory = std::unique_ptr<Command> (*)(Cli&, const Context&);
    struct Entry {
        const char* name;
        Factory make;
    };
    static const Entry commands[] = {
        { "channel",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<ChannelCommand>(c, x);
            } },
        { "send",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> { return std::make_unique<SendCommand>(c, x); } },
        { "test-channel",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<TestChannelCommand>(c, x);
            } },
        { "health",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<HealthCommand>(c, x);
            } },
        { "history",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<HistoryCommand>(c, x);
            } },
        { "settings",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<SettingsCommand>(c, x);
            } },
        { "flush",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> { return std::make_unique<FlushCommand>(c, x); } },
        { "run",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> { return std::make_unique<RunCommand>(c, x); } },
        { "import-env",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<ImportEnvCommand>(c, x);
            } },
        { "ack",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<LifecycleCommand>(QStringLiteral("ack"), c, x);
            } },
        { "snooze",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<LifecycleCommand>(QStringLiteral("snooze"), c, x);
            } },
        { "resolve",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<LifecycleCommand>(QStringLiteral("resolve"), c, x);
            } },
        { "policies",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<PoliciesCommand>(c, x);
            } },
        { "template",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<TemplateCommand>(c, x);
            } },
        { "rule",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> { return std::make_unique<RuleCommand>(c, x); } },
        { "source",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<SourceCommand>(c, x);
            } },
        { "metric",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<MetricCommand>(c, x);
            } },
        { "api-token",
            [](Cli& c, const Context& x) -> std::unique_ptr<Command> {
                return std::make_unique<ApiTokenCommand>(c, x);
            } },
    };
    for (const Entry& e : commands) {
        if (name == QLatin1String(e.name))
            return e.make(cli, context);
    }
    return nullptr;
}

bool Command::openEngine()
{
    QString error, warning;
    Engine::Options o;
    o.profileDir = m_profileDir;
    o.secrets = m_secretStore;
    o.onHistoryUpgrade = [this](int from, int to) {
        m_err << "updating the history database for this version of AlertDesk (schema " << from << " to " << to
              << "; once: a long history takes a minute)\n";
        m_err.flush();
    };
    m_engine = Engine::open(o, &error, &warning);
    if (!warning.isEmpty())
        m_err << "warning: " << warning << '\n';
    if (!m_engine) {
        fail(Failed, error);
        return false;
    }
    return true;
}

int Command::saveErrorCode(const QString& e)
{
    return e.startsWith(QLatin1String("keychain")) || e.startsWith(QLatin1String("no keychain"))
            || e.startsWith(QLatin1String("the keychain")) || e.startsWith(QLatin1String("cannot write"))
        ? Failed
        : BadInput;
}

void Command::done(int code)
{
    m_cli.done(code);
}

void Command::fail(int code, const QString& message)
{
    m_cli.fail(code, message);
}

bool Command::isFinished() const
{
    return m_cli.m_finished;
}

void Command::printJson(const QJsonValue& v, bool compact)
{
    const auto format = compact ? QJsonDocument::Compact : QJsonDocument::Indented;
    if (v.isObject())
        m_out << QJsonDocument(v.toObject()).toJson(format);
    else if (v.isArray())
        m_out << QJsonDocument(v.toArray()).toJson(format);
    else
        m_out << QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    if (compact || !(v.isObject() || v.isArray()))
        m_out << '\n';
    m_out.flush();
}

bool Command::readSecretFromStdin(CommandArgs& args, const QString& option)
{
    QStringList values = args.values(option);
    for (QString& v : values) {
        if (v != QLatin1String("-"))
            continue;
        if (!m_in || !m_in->isReadable()) {
            fail(BadInput, QStringLiteral("--%1 - : standard input is not readable").arg(option));
            return false;
        }
        QByteArray line = m_in->readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            fail(BadInput, QStringLiteral("--%1 - : nothing to read on standard input").arg(option));
            return false;
        }
        v = QString::fromUtf8(line);
    }
    args.setValues(option, values);
    return true;
}

QNetworkAccessManager& Command::network()
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    return *m_network;
}

std::optional<qint64> Command::readWaitTimeoutMs(const CommandArgs& args)
{
    bool ok = false;
    const double seconds = args.value(QStringLiteral("wait-timeout"), QStringLiteral("120")).toDouble(&ok);
    // Checked before the cast: a value past qint64 (1e300) would make it undefined.
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 86400) {
        fail(BadInput, QStringLiteral("--wait-timeout must be a number of seconds from 0 to 86400"));
        return std::nullopt;
    }
    return static_cast<qint64>(seconds * 1000);
}

} // namespace alertdesk
