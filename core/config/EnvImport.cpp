// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "EnvImport.h"

#include "ChannelArgs.h"
#include "config/Settings.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {

// One variable feeding one `channel add` option. field: the name the kind's validation uses
// for it, so that a validation message can be told in the user's terms too.
struct EnvOption {
    const char* variable;
    const char* option;
    const char* field;
    bool list; // a comma-separated list, one option value per item
};

struct EnvChannel {
    const char* name;
    const char* kind;
    const char* enabledVariable;
    bool enabledWhenUnset;
    QList<EnvOption> options;
    bool perUrl = false; // one channel per item of the (single) list option: webhook, webhook-2...
    // Set: the channel is planned only when this variable is (voice shares TWILIO_* with sms
    // and is wanted only where TWILIO_VOICE_TO says whom to call).
    const char* requiredVariable = nullptr;
};

const QList<EnvChannel>& envChannels()
{
    static const QList<EnvChannel> channels {
        { "email", "email", "EMAIL_NOTIFICATIONS_ENABLED", false,
            { { "SMTP_HOST", "smtp-host", "smtp_host", false }, { "SMTP_PORT", "smtp-port", "smtp_port", false },
                { "SMTP_SECURITY", "security", "security", false }, { "SMTP_USERNAME", "username", "username", false },
                { "SMTP_PASSWORD", "password", "password", false }, { "SMTP_AUTH", "auth", "auth", false },
                { "SMTP_FROM_EMAIL", "from", "from", false }, { "EMAIL_TO", "to", "to", true },
                { "SMTP_CA_FILE", "ca-file", "ca_file", false } } },
        { "sms", "sms", "SMS_NOTIFICATIONS_ENABLED", false,
            { { "TWILIO_ACCOUNT_SID", "account-sid", "account_sid", false },
                { "TWILIO_AUTH_TOKEN", "auth-token", "auth_token", false },
                { "TWILIO_FROM_NUMBER", "from", "from", false }, { "SMS_TO", "to", "to", true },
                { "TWILIO_API_BASE", "api-base", "api_base", false } } },
        { "voice", "voice", "VOICE_NOTIFICATIONS_ENABLED", true,
            { { "TWILIO_ACCOUNT_SID", "account-sid", "account_sid", false },
                { "TWILIO_AUTH_TOKEN", "auth-token", "auth_token", false },
                { "TWILIO_FROM_NUMBER", "from", "from", false }, { "TWILIO_VOICE_TO", "to", "to", true },
                { "TWILIO_API_BASE", "api-base", "api_base", false } },
            false, "TWILIO_VOICE_TO" },
        { "telegram", "telegram", "TELEGRAM_NOTIFICATIONS_ENABLED", false,
            { { "TELEGRAM_BOT_TOKEN", "bot-token", "bot_token", false },
                { "TELEGRAM_CHAT_IDS", "chat-id", "chat_ids", true },
                { "TELEGRAM_API_BASE", "api-base", "api_base", false } } },
        { "discord", "discord", "DISCORD_NOTIFICATIONS_ENABLED", false,
            { { "DISCORD_WEBHOOK_URLS", "webhook-url", "webhook_urls", true } } },
        { "slack", "slack", "SLACK_NOTIFICATIONS_ENABLED", false,
            { { "SLACK_WEBHOOK_URLS", "webhook-url", "webhook_urls", true },
                { "SLACK_BOT_TOKEN", "bot-token", "bot_token", false },
                { "SLACK_CHANNEL_IDS", "channel-id", "channel_ids", true },
                { "SLACK_API_BASE", "api-base", "api_base", false } } },
        { "webhook", "webhook", "WEBHOOK_NOTIFICATIONS_ENABLED", false, { { "WEBHOOK_URLS", "url", "url", true } },
            true },
        { "pagerduty", "pagerduty", "PAGERDUTY_NOTIFICATIONS_ENABLED", true,
            { { "PAGERDUTY_ROUTING_KEY", "routing-key", "routing_key", false },
                { "PAGERDUTY_API_BASE", "api-base", "api_base", false } } },
        { "ntfy", "ntfy", "NTFY_NOTIFICATIONS_ENABLED", true,
            { { "NTFY_TOPIC", "topic", "topic", false }, { "NTFY_SERVER", "server", "server", false },
                { "NTFY_TOKEN", "token", "token", false }, { "NTFY_USER", "user", "user", false },
                { "NTFY_PASSWORD", "password", "password", false } } },
        { "pushover", "pushover", "PUSHOVER_NOTIFICATIONS_ENABLED", true,
            { { "PUSHOVER_USER_KEY", "user-key", "user_key", false },
                { "PUSHOVER_APP_TOKEN", "app-token", "app_token", false },
                { "PUSHOVER_DEVICES", "device", "devices", true },
                { "PUSHOVER_API_BASE", "api-base", "api_base", false } } },
    };
    return channels;
}

struct EnvSetting {
    const char* variable;
    const char* key;
    bool seconds; // the variable is in seconds, the setting in milliseconds
};

const QList<EnvSetting>& envSettings()
{
    static const QList<EnvSetting> settings {
        { "NOTIFICATION_MAX_RETRIES", "delivery.max_retries", false },
        { "NOTIFICATION_RETRY_DELAY", "delivery.retry_delay_ms", true },
        { "NOTIFICATION_PARALLEL_DELIVERY", "delivery.parallel", false },
        { "NOTIFICATION_FAIL_FAST", "delivery.fail_fast", false },
    };
    return settings;
}

const QStringList& ourPrefixes()
{
    static const QStringList prefixes { QStringLiteral("EMAIL_"), QStringLiteral("SMTP_"), QStringLiteral("SMS_"),
        QStringLiteral("TWILIO_"), QStringLiteral("TELEGRAM_"), QStringLiteral("DISCORD_"), QStringLiteral("SLACK_"),
        QStringLiteral("WEBHOOK_"), QStringLiteral("NOTIFICATION_"), QStringLiteral("PAGERDUTY_"),
        QStringLiteral("VOICE_"), QStringLiteral("NTFY_"), QStringLiteral("PUSHOVER_") };
    return prefixes;
}

std::optional<bool> parseEnvBool(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no") || t == QLatin1String("off"))
        return false;
    return std::nullopt;
}

QStringList splitList(const QString& value)
{
    QStringList out;
    for (const QString& item : value.split(QLatin1Char(','))) {
        if (!item.trimmed().isEmpty())
            out << item.trimmed();
    }
    return out;
}

// The builders and validators speak of "--smtp-port" and "smtp_port"; the user wrote
// SMTP_PORT. Options are unambiguous anywhere; a field name only when it has an underscore
// or opens the message ("to: ..."), since "to" and "from" are also plain words.
QString inUserTerms(QString message, const QList<EnvOption>& options)
{
    for (const EnvOption& o : options) {
        const QString var = QString::fromLatin1(o.variable);
        message.replace(QRegularExpression(QStringLiteral("(?<![A-Za-z0-9_-])--%1(?![A-Za-z0-9_-])")
                                               .arg(QRegularExpression::escape(QString::fromLatin1(o.option)))),
            var);
        const QString field = QString::fromLatin1(o.field);
        if (field.contains(QLatin1Char('_')))
            message.replace(QRegularExpression(QStringLiteral("(?<![A-Za-z0-9_])%1(?![A-Za-z0-9_])").arg(field)), var);
        else if (message.startsWith(field)
            && (message.size() == field.size() || !message.at(field.size()).isLetterOrNumber()))
            message.replace(0, field.size(), var);
    }
    return message;
}

// The first of the given variables that the message names.
QString firstNamed(const QString& message, const QStringList& variables)
{
    qsizetype best = -1;
    QString found;
    for (const QString& v : variables) {
        const QRegularExpression re(QStringLiteral("(?<![A-Z0-9_])%1(?![A-Z0-9_])").arg(v));
        const auto m = re.match(message);
        if (m.hasMatch() && (best < 0 || m.capturedStart() < best)) {
            best = m.capturedStart();
            found = v;
        }
    }
    return found;
}

class Planner {
public:
    Planner(const QList<DotEnvEntry>& vars, bool fromFile)
        : m_fromFile(fromFile)
    {
        // The last assignment of a name counts, as in a shell.
        QHash<QString, int> last;
        for (int i = 0; i < vars.size(); ++i)
            last.insert(vars[i].key, i);
        for (int i = 0; i < vars.size(); ++i) {
            const DotEnvEntry& e = vars[i];
            if (last.value(e.key) != i) {
                m_plan.variables.append({ e.key, ImportVariable::Status::Ignored, {},
                    QStringLiteral("set again on line %1, which is the one used").arg(vars[last.value(e.key)].line),
                    e.line });
                continue;
            }
            m_order << e.key;
            m_values.insert(e.key, e);
        }
    }

    EnvImportPlan run()
    {
        const QStringList known = envImportVariables();
        for (const EnvChannel& c : envChannels())
            planChannel(c);
        for (const EnvSetting& s : envSettings())
            planSetting(s);
        for (const QString& name : std::as_const(m_order)) {
            if (known.contains(name))
                continue;
            const bool ours = std::any_of(
                ourPrefixes().begin(), ourPrefixes().end(), [&](const QString& p) { return name.startsWith(p); });
            if (m_fromFile || ours)
                report(name, ImportVariable::Status::Ignored, {},
                    ours ? QStringLiteral("not a variable AlertDesk reads (a misspelling?)")
                         : QStringLiteral("not a variable AlertDesk reads"));
        }
        // Report in source order, as the user wrote them.
        std::stable_sort(m_plan.variables.begin(), m_plan.variables.end(),
            [this](const ImportVariable& a, const ImportVariable& b) { return order(a.name) < order(b.name); });
        return m_plan;
    }

private:
    qsizetype order(const QString& name) const
    {
        const qsizetype i = m_order.indexOf(name);
        return i < 0 ? m_order.size() : i;
    }

    bool isSet(const char* variable) const
    {
        const auto it = m_values.find(QString::fromLatin1(variable));
        return it != m_values.end() && !it->value.isEmpty();
    }
    QString value(const char* variable) const { return m_values.value(QString::fromLatin1(variable)).value; }

    void report(const QString& name, ImportVariable::Status status, const QString& target, const QString& reason = {})
    {
        // A variable two channels share (TWILIO_ACCOUNT_SID: sms and voice) is one row: both
        // targets, and the worse status (rejected, skipped, used, ignored).
        const int line = m_values.value(name).line;
        for (ImportVariable& v : m_plan.variables) {
            if (v.name != name || v.line != line)
                continue;
            auto rank = [](ImportVariable::Status st) {
                switch (st) {
                case ImportVariable::Status::Rejected:
                    return 3;
                case ImportVariable::Status::Skipped:
                    return 2;
                case ImportVariable::Status::Used:
                    return 1;
                case ImportVariable::Status::Ignored:
                    break;
                }
                return 0;
            };
            if (rank(status) > rank(v.status))
                v.status = status;
            if (!target.isEmpty() && !v.target.split(QLatin1Char(',')).contains(target))
                v.target = v.target.isEmpty() ? target : v.target + QLatin1Char(',') + target;
            if (!reason.isEmpty() && !v.reason.contains(reason))
                v.reason = v.reason.isEmpty() ? reason : v.reason + QStringLiteral("; ") + reason;
            return;
        }
        m_plan.variables.append({ name, status, target, reason, line });
    }

    // Empty variables are as good as unset (an .env template often lists them all).
    void reportEmpty(const QStringList& names)
    {
        for (const QString& n : names) {
            if (m_values.contains(n) && m_values.value(n).value.isEmpty())
                report(n, ImportVariable::Status::Ignored, {}, QStringLiteral("empty"));
        }
    }

    void planChannel(const EnvChannel& c)
    {
        if (c.requiredVariable && !isSet(c.requiredVariable)) {
            reportEmpty({ QString::fromLatin1(c.requiredVariable), QString::fromLatin1(c.enabledVariable) });
            if (isSet(c.enabledVariable))
                report(QString::fromLatin1(c.enabledVariable), ImportVariable::Status::Ignored,
                    QString::fromLatin1(c.name),
                    QStringLiteral("the %1 channel needs %2: nothing to import")
                        .arg(QString::fromLatin1(c.name), QString::fromLatin1(c.requiredVariable)));
            return;
        }
        const QString enabledVar = QString::fromLatin1(c.enabledVariable);
        QStringList given; // the option variables that are set, in table order
        QStringList all { enabledVar };
        for (const EnvOption& o : c.options) {
            all << QString::fromLatin1(o.variable);
            if (isSet(o.variable))
                given << QString::fromLatin1(o.variable);
        }
        reportEmpty(all);
        const QString name = QString::fromLatin1(c.name);

        bool enabled = c.enabledWhenUnset;
        bool enabledGiven = false;
        if (isSet(c.enabledVariable)) {
            const auto b = parseEnvBool(value(c.enabledVariable));
            if (!b) {
                const QString why
                    = QStringLiteral("%1 must be true or false, not '%2'").arg(enabledVar, value(c.enabledVariable));
                report(enabledVar, ImportVariable::Status::Rejected, name, why);
                for (const QString& v : std::as_const(given))
                    report(v, ImportVariable::Status::Skipped, name,
                        QStringLiteral("the %1 channel was not imported: %2 was rejected").arg(name, enabledVar));
                m_plan.rejectedChannels.append({ name, QString::fromLatin1(c.kind), why });
                return;
            }
            enabled = *b;
            enabledGiven = true;
        }
        if (given.isEmpty()) {
            if (enabledGiven && enabled) {
                QStringList names;
                for (const EnvOption& o : c.options)
                    names << QString::fromLatin1(o.variable);
                const QString why = QStringLiteral("%1 is true but none of %2 is set")
                                        .arg(enabledVar, names.join(QStringLiteral(", ")));
                report(enabledVar, ImportVariable::Status::Rejected, name, why);
                m_plan.rejectedChannels.append({ name, QString::fromLatin1(c.kind), why });
            } else if (enabledGiven) {
                report(enabledVar, ImportVariable::Status::Ignored, name,
                    QStringLiteral("the %1 channel has no other variable: nothing to import").arg(name));
            }
            return;
        }

        QStringList notes;
        if (!enabled)
            notes << (enabledGiven
                    ? QStringLiteral("imported disabled: %1 is false").arg(enabledVar)
                    : QStringLiteral("imported disabled: %1 is not set (the seed did not use a channel without it); "
                                     "turn it on with: alertdesk-cli channel enable %2")
                          .arg(enabledVar, name));

        // Each option's values; the per-URL kind (webhook) makes one channel per item.
        QMap<QString, QStringList> options;
        for (const EnvOption& o : c.options) {
            if (!isSet(o.variable))
                continue;
            const QString v = value(o.variable);
            options.insert(QString::fromLatin1(o.option), o.list ? splitList(v) : QStringList { v });
        }
        if (QString::fromLatin1(c.kind) == QLatin1String("email"))
            emailDefaults(&options, &notes);

        QList<QPair<QString, QMap<QString, QStringList>>> instances;
        if (c.perUrl) {
            const QString option = QString::fromLatin1(c.options.first().option);
            const QStringList urls = options.value(option);
            for (int i = 0; i < urls.size(); ++i) {
                QMap<QString, QStringList> one = options;
                one.insert(option, { urls[i] });
                instances.append({ i == 0 ? name : QStringLiteral("%1-%2").arg(name).arg(i + 1), one });
            }
        } else {
            instances.append({ name, options });
        }

        QStringList errors;
        QString culprit;
        QList<PlannedChannel> built;
        QList<RejectedChannel> failed;
        const QString listVariable = QString::fromLatin1(c.options.first().variable);
        for (int i = 0; i < instances.size(); ++i) {
            const auto& [instanceName, opts] = instances[i];
            PlannedChannel p;
            p.config.name = instanceName;
            p.config.kind = QString::fromLatin1(c.kind);
            p.config.enabled = enabled;
            p.notes = notes;
            const QString e = buildChannelFromOptions(p.config.kind, opts, &p.config.settings, &p.secrets);
            if (e.isEmpty()) {
                built << p;
                continue;
            }
            QString why = inUserTerms(e, c.options);
            if (c.perUrl && instances.size() > 1 && why.startsWith(listVariable))
                why = QStringLiteral("%1 item %2%3").arg(listVariable).arg(i + 1).arg(why.mid(listVariable.size()));
            errors << why;
            if (culprit.isEmpty())
                culprit = firstNamed(why, given);
            failed.append({ instanceName, p.config.kind, why });
        }
        QStringList builtNames;
        for (const PlannedChannel& p : std::as_const(built))
            builtNames << p.config.name;
        const QString target = builtNames.isEmpty() ? name : builtNames.join(QLatin1Char(','));

        // A disabled channel that cannot be built is not worth an error: the user does not use it.
        if (!errors.isEmpty() && !enabled) {
            for (const QString& v : std::as_const(given))
                report(v, ImportVariable::Status::Ignored, name,
                    QStringLiteral("the %1 channel is disabled and incomplete, so it was not imported: %2")
                        .arg(name, errors.first()));
            if (enabledGiven)
                report(enabledVar, ImportVariable::Status::Ignored, name,
                    QStringLiteral("the %1 channel was not imported").arg(name));
            m_plan.rejectedChannels.append({ name, QString::fromLatin1(c.kind),
                QStringLiteral("disabled and incomplete, not imported: %1").arg(errors.first()) });
            return;
        }
        m_plan.channels.append(built);
        m_plan.rejectedChannels.append(failed);
        if (enabledGiven)
            report(enabledVar, built.isEmpty() ? ImportVariable::Status::Skipped : ImportVariable::Status::Used, target,
                built.isEmpty() ? QStringLiteral("the %1 channel was not imported").arg(name) : QString());
        for (const QString& v : std::as_const(given)) {
            if (!errors.isEmpty() && (culprit.isEmpty() || v == culprit))
                report(v, ImportVariable::Status::Rejected, target, errors.join(QStringLiteral("; ")));
            else if (!errors.isEmpty() && built.isEmpty())
                report(v, ImportVariable::Status::Skipped, target,
                    QStringLiteral("the %1 channel was not imported: %2 was rejected").arg(name, culprit));
            else
                report(v, ImportVariable::Status::Used, target);
        }
    }

    // SMTP_PORT decides the protection unless SMTP_SECURITY does; the sender defaults to the
    // login when it is an address (as the seed's smtplib code did).
    void emailDefaults(QMap<QString, QStringList>* options, QStringList* notes) const
    {
        const bool credentials = isSet("SMTP_USERNAME") || isSet("SMTP_PASSWORD");
        if (!isSet("SMTP_SECURITY")) {
            bool ok = true;
            const int port = isSet("SMTP_PORT") ? value("SMTP_PORT").trimmed().toInt(&ok) : 0;
            if (ok) {
                const SmtpSecurity s = smtpSecurityForPort(port, value("SMTP_HOST"), credentials);
                options->insert(QStringLiteral("security"), { smtpSecurityName(s) });
                *notes << (port ? QStringLiteral("security %1, from SMTP_PORT %2 (SMTP_SECURITY overrides it)")
                                      .arg(smtpSecurityName(s))
                                      .arg(port)
                                : QStringLiteral("security %1 on port %2, as SMTP_PORT is not set")
                                      .arg(smtpSecurityName(s))
                                      .arg(defaultSmtpPort(s)));
            }
        }
        if (isSet("SMTP_PORT"))
            options->insert(QStringLiteral("smtp-port"), { value("SMTP_PORT").trimmed() });
        if (!isSet("SMTP_FROM_EMAIL") && value("SMTP_USERNAME").contains(QLatin1Char('@'))) {
            options->insert(QStringLiteral("from"), { value("SMTP_USERNAME") });
            *notes << QStringLiteral("sender: SMTP_USERNAME, as SMTP_FROM_EMAIL is not set");
        }
    }

    void planSetting(const EnvSetting& s)
    {
        const QString var = QString::fromLatin1(s.variable);
        reportEmpty({ var });
        if (!isSet(s.variable))
            return;
        const QString key = QString::fromLatin1(s.key);
        const SettingSpec* spec = findSetting(key);
        QString text = value(s.variable).trimmed();
        if (s.seconds) {
            bool ok = false;
            const double seconds = text.toDouble(&ok);
            if (!ok || !std::isfinite(seconds) || seconds < 0) {
                report(var, ImportVariable::Status::Rejected, key,
                    QStringLiteral("%1 must be a number of seconds, not '%2'").arg(var, text));
                return;
            }
            text = QString::number(std::llround(seconds * 1000));
        }
        QString error;
        const auto v = spec ? parseSettingValue(*spec, text, &error) : std::nullopt;
        if (!v) {
            report(var, ImportVariable::Status::Rejected, key,
                QStringLiteral("%1: %2%3")
                    .arg(var, error,
                        s.seconds ? QStringLiteral(" (%1 seconds × 1000)").arg(value(s.variable).trimmed())
                                  : QString()));
            return;
        }
        m_plan.settings.append({ key, *v, var });
        report(var, ImportVariable::Status::Used, key);
    }

    bool m_fromFile = false;
    QStringList m_order;
    QHash<QString, DotEnvEntry> m_values;
    EnvImportPlan m_plan;
};

} // namespace

QString ImportVariable::statusName(Status s)
{
    switch (s) {
    case Status::Used:
        return QStringLiteral("used");
    case Status::Rejected:
        return QStringLiteral("rejected");
    case Status::Skipped:
        return QStringLiteral("skipped");
    case Status::Ignored:
        return QStringLiteral("ignored");
    }
    return {};
}

QJsonObject ImportVariable::toJson() const
{
    QJsonObject o { { QStringLiteral("name"), name }, { QStringLiteral("status"), statusName(status) } };
    if (!target.isEmpty())
        o.insert(QStringLiteral("target"), target);
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    if (line > 0)
        o.insert(QStringLiteral("line"), line);
    return o;
}

bool EnvImportPlan::hasRejections() const
{
    return std::any_of(variables.begin(), variables.end(),
        [](const ImportVariable& v) { return v.status == ImportVariable::Status::Rejected; });
}

QStringList envImportVariables()
{
    QStringList names;
    for (const EnvChannel& c : envChannels()) {
        names << QString::fromLatin1(c.enabledVariable);
        for (const EnvOption& o : c.options) {
            if (!names.contains(QString::fromLatin1(o.variable)))
                names << QString::fromLatin1(o.variable);
        }
    }
    for (const EnvSetting& s : envSettings())
        names << QString::fromLatin1(s.variable);
    return names;
}

EnvImportPlan planEnvImport(const QList<DotEnvEntry>& vars, bool fromFile)
{
    return Planner(vars, fromFile).run();
}

SmtpSecurity smtpSecurityForPort(int port, const QString& host, bool credentials)
{
    if (port == 465)
        return SmtpSecurity::Tls;
    if (port == 25 && !credentials && isLoopbackHost(host))
        return SmtpSecurity::None;
    return SmtpSecurity::StartTls;
}

EnvImportPlan planDotEnvImport(const DotEnvParseResult& parsed)
{
    EnvImportPlan plan = planEnvImport(parsed.entries, true);
    for (const DotEnvError& e : parsed.errors)
        plan.variables.append({ e.key.isEmpty() ? QStringLiteral("line %1").arg(e.line) : e.key,
            ImportVariable::Status::Rejected, {}, e.message, e.line });
    std::stable_sort(plan.variables.begin(), plan.variables.end(),
        [](const ImportVariable& a, const ImportVariable& b) { return a.line < b.line; });
    return plan;
}

} // namespace alertdesk
