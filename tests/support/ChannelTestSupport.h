// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "FakeClock.h"
#include "SampleAlerts.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "channels/ChannelRegistry.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <optional>

// Helpers of the platform channel tests (Slack, Discord, Telegram, SMS fan out to several
// targets; Teams, PagerDuty, webhooks to one), with the headers they all need: build a channel
// straight from the registry, or save one in a TestProfile, and wait for a send with a deadline.
namespace alertdesk::test {

inline std::unique_ptr<Channel> makeChannel(const QString& kind, const QJsonObject& settings, const SecretMap& secrets,
    QNetworkAccessManager* nam, Clock* clock, QString* error = nullptr)
{
    const ChannelKindInfo* info = findChannelKind(kind);
    if (!info) {
        if (error)
            *error = QStringLiteral("unknown kind ") + kind;
        return nullptr;
    }
    ChannelConfig c;
    c.name = QStringLiteral("under-test");
    c.kind = kind;
    c.settings = settings;
    if (QString e = info->validate(c, secrets); !e.isEmpty()) {
        if (error)
            *error = e;
        return nullptr;
    }
    return info->create(c, secrets, ChannelEnv { nam, clock });
}

inline std::optional<SendOutcome> sendAndWait(Channel& ch, const Alert& alert, const QString& key, int timeoutMs = 5000)
{
    std::optional<SendOutcome> out;
    ch.send(alert, DeliveryContext { key, 1, timeoutMs }, [&out](SendOutcome o) { out = o; });
    if (!waitUntil([&] { return out.has_value(); }, timeoutMs + 2000))
        return std::nullopt;
    return out;
}

inline QString saveChannel(
    TestProfile& p, const QString& kind, const QString& name, const QJsonObject& settings, const SecretMap& secrets)
{
    ChannelConfig c;
    c.name = name;
    c.kind = kind;
    c.settings = settings;
    bool finished = false;
    QString error;
    p.engine().saveChannel(c, secrets, false, [&](const QString& e) {
        error = e;
        finished = true;
    });
    if (!waitUntil([&] { return finished; }))
        return QStringLiteral("saveChannel did not finish");
    return error;
}

inline QJsonObject alertFor(const QString& channel)
{
    return { { QStringLiteral("type"), QStringLiteral("RISK") },
        { QStringLiteral("priority"), QStringLiteral("CRITICAL") },
        { QStringLiteral("title"), QStringLiteral("Drawdown limit hit") },
        { QStringLiteral("message"), QStringLiteral("Daily drawdown reached 5.2%") },
        { QStringLiteral("symbol"), QStringLiteral("ETHUSDT") },
        { QStringLiteral("channels"), QJsonArray { channel } } };
}

} // namespace alertdesk::test
