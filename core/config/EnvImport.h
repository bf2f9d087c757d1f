// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "channels/EmailChannel.h"
#include "config/DotEnv.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace alertdesk {

// What became of one variable of the import source.
struct ImportVariable {
    enum class Status {
        Used, // went into a channel or a setting
        Rejected, // bad input: the reason says why (exit code 2)
        Skipped, // fine, but its channel was not imported because of another variable
        Ignored, // not read: not an AlertDesk variable, empty, set again later, or its channel is off and incomplete
    };
    QString name;
    Status status = Status::Used;
    QString target; // the channel name or setting key it went to
    QString reason;
    int line = 0; // in the .env file; 0 for the process environment

    QJsonObject toJson() const;
    static QString statusName(Status s);
};

// A channel the import wants in the profile, built by the same option builders as
// `channel add` and checked by the channel kind's own validation.
struct PlannedChannel {
    ChannelConfig config;
    SecretMap secrets;
    QStringList notes; // choices the import made for the user (security from the port, ...)
};

struct PlannedSetting {
    QString key;
    QJsonValue value;
    QString variable;
};

// A channel that the source describes but that cannot be imported.
struct RejectedChannel {
    QString name;
    QString kind;
    QString reason;
};

struct EnvImportPlan {
    QList<PlannedChannel> channels;
    QList<PlannedSetting> settings;
    QList<RejectedChannel> rejectedChannels;
    QList<ImportVariable> variables;

    bool hasRejections() const;
};

// Every variable import-env reads: the seed's (EMAIL_*, SMTP_*, SMS_*, TWILIO_*, TELEGRAM_*,
// DISCORD_*, SLACK_*, WEBHOOK_*, NOTIFICATION_*) and AlertDesk's additions (*_API_BASE,
// PAGERDUTY_*, SMTP_SECURITY, SMTP_CA_FILE, SMTP_AUTH, TWILIO_VOICE_TO, NTFY_*, PUSHOVER_*).
QStringList envImportVariables();

// Turns the variables into channels and settings, without touching any profile or keychain.
// vars are in source order (a name set twice: the last one counts). fromFile: every unknown
// name is reported as ignored; from the environment, only unknown names with one of our
// prefixes are (a typo such as SLACK_WEBHOOK_URL), the rest of the environment is not ours.
//
// Channels: email, sms, voice (only with TWILIO_VOICE_TO; the TWILIO_* account is shared
// with sms), telegram, discord, slack, pagerduty, ntfy, pushover; one webhook channel per URL of
// WEBHOOK_URLS (webhook, webhook-2, ...). A channel whose *_NOTIFICATIONS_ENABLED is false or
// not set is imported disabled, as the seed would not have used it (PAGERDUTY_* has no such
// variable in the seed: it is enabled unless PAGERDUTY_NOTIFICATIONS_ENABLED says false; so
// are voice, ntfy and pushover with VOICE_, NTFY_ and PUSHOVER_NOTIFICATIONS_ENABLED).
EnvImportPlan planEnvImport(const QList<DotEnvEntry>& vars, bool fromFile);

// The plan for a .env file as parseDotEnv() read it: its lines that are not assignments are
// rejected variables too, and the variables are in file order.
EnvImportPlan planDotEnvImport(const DotEnvParseResult& parsed);

// The SMTP protection a port implies when none is given: 465 implicit TLS, 25 on this machine
// without credentials none, everything else (587, 25, 2525...) STARTTLS, which is required.
SmtpSecurity smtpSecurityForPort(int port, const QString& host, bool credentials);

} // namespace alertdesk
