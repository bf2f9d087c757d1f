// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Notification.h"

#include <QJsonArray>
#include <array>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 9> kPurposeNames { "alert", "renotify", "escalation", "reminder", "digest",
    "acknowledged", "resolved", "snoozed", "resend" };
constexpr std::array<const char*, 3> kHoldNames { "quiet_hours", "grouping", "pause" };
} // namespace

QString notifyPurposeName(NotifyPurpose p)
{
    return QString::fromLatin1(kPurposeNames.at(static_cast<size_t>(p)));
}

std::optional<NotifyPurpose> notifyPurposeFromString(const QString& s)
{
    for (size_t i = 0; i < kPurposeNames.size(); ++i) {
        if (s == QLatin1String(kPurposeNames[i]))
            return static_cast<NotifyPurpose>(i);
    }
    return std::nullopt;
}

QString holdReasonName(HoldReason r)
{
    return QString::fromLatin1(kHoldNames.at(static_cast<size_t>(r)));
}

QJsonObject NotificationPlan::toJson() const
{
    QJsonArray heldArr;
    for (const Held& h : held) {
        QJsonObject o { { QStringLiteral("channel"), h.channel },
            { QStringLiteral("reason"), holdReasonName(h.reason) } };
        if (h.suppressed)
            o.insert(QStringLiteral("suppressed"), true);
        else
            o.insert(QStringLiteral("until"), h.until.toUTC().toString(Qt::ISODateWithMs));
        heldArr.append(o);
    }
    QJsonObject o { { QStringLiteral("queued"), QJsonArray::fromStringList(queued) },
        { QStringLiteral("held"), heldArr } };
    if (!noChannel.isEmpty())
        o.insert(QStringLiteral("no_channel"), noChannel);
    return o;
}

} // namespace alertdesk
