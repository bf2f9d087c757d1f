// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {
class DeliveryErrors final {
    Q_DECLARE_TR_FUNCTIONS(DeliveryErrors)
};
// gaveUpError()'s English, read back.
const QRegularExpression& gaveUpPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^gave up after (\\d+) attempts?: (.*)$"), QRegularExpression::DotMatchesEverythingOption);
    return re;
}
} // namespace

QString gaveUpError(int attempts, const QString& lastError)
{
    return QStringLiteral("gave up after %1 %2: %3")
        .arg(attempts)
        .arg(attempts == 1 ? QStringLiteral("attempt") : QStringLiteral("attempts"), lastError);
}

QString localizedDeliveryError(const QString& error)
{
    const QRegularExpressionMatch m = gaveUpPattern().match(error);
    if (!m.hasMatch())
        return error;
    return DeliveryErrors::tr("gave up after %n attempt(s): %1", nullptr, m.captured(1).toInt()).arg(m.captured(2));
}

qint64 backoffDelayMs(const DeliverySettings& s, int attemptsMade, double unit)
{
    const int exponent = std::clamp(attemptsMade - 1, 0, 30);
    const double raw = static_cast<double>(s.retryDelayMs) * std::pow(2.0, exponent);
    const double factor = 1.0 + s.jitter * (2.0 * std::clamp(unit, 0.0, 1.0) - 1.0);
    const double jittered = raw * factor;
    return static_cast<qint64>(std::min(jittered, static_cast<double>(s.retryCapMs)));
}

qint64 nextRetryDelayMs(const DeliverySettings& s, int attemptsMade, qint64 retryAfterMs, double unit)
{
    if (attemptsMade > s.maxRetries)
        return -1;
    if (retryAfterMs >= 0)
        return retryAfterMs;
    return backoffDelayMs(s, attemptsMade, unit);
}

} // namespace alertdesk
