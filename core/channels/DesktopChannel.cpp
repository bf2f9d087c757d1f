// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DesktopChannel.h"

#include <QElapsedTimer>
#include <QMutex>

namespace alertdesk {

namespace {
constexpr int kBodyLimit = 300;
}

DesktopNotification desktopNotification(const Alert& alert, const QString& idempotencyKey)
{
    DesktopNotification n;
    n.alertId = alert.id;
    n.idempotencyKey = idempotencyKey;
    n.priority = alert.priority;
    n.title = priorityEmoji(alert.priority) + QLatin1Char(' ') + alert.title;
    QString body = alert.message;
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    if (body.size() > kBodyLimit) {
        qsizetype cut = kBodyLimit - 1;
        if (body[cut - 1].isHighSurrogate()) // never half a surrogate pair
            --cut;
        body = body.left(cut) + QChar(0x2026); // visible marker: "…"
    }
    QStringList lines;
    if (!body.isEmpty())
        lines << body;
    QStringList fields;
    if (!alert.symbol.isEmpty())
        fields << alert.symbol;
    if (!alert.strategy.isEmpty())
        fields << alert.strategy;
    if (!fields.isEmpty())
        lines << fields.join(QStringLiteral(" \u00B7 "));
    n.body = lines.join(QLatin1Char('\n'));
    return n;
}

QString DesktopChannel::unavailableMessage()
{
    return QStringLiteral("desktop notifications are shown by the AlertDesk app; the command line cannot show them");
}

struct DesktopChannel::Guard {
    QMutex mutex;
    DesktopChannel* channel = nullptr;
};

DesktopChannel::DesktopChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
    , m_guard(std::make_shared<Guard>())
{
    m_guard->channel = this;
}

DesktopChannel::~DesktopChannel()
{
    // After this no result is posted to us; ~QObject drops any that were posted before.
    QMutexLocker lock(&m_guard->mutex);
    m_guard->channel = nullptr;
}

void DesktopChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    if (!m_env.desktop) {
        SendOutcome o;
        o.kind = SendOutcome::Kind::Failed;
        o.error = unavailableMessage();
        // Asynchronous like every other channel: the dispatcher never sees a result inside send().
        QMetaObject::invokeMethod(
            this, [o, done = std::move(done)] { done(o); }, Qt::QueuedConnection);
        return;
    }
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_env.desktop->notify(
        desktopNotification(alert, ctx.idempotencyKey), [guard = m_guard, timer, done](const QString& error) {
            SendOutcome o;
            o.kind = error.isEmpty() ? SendOutcome::Kind::Delivered : SendOutcome::Kind::Failed;
            o.error = error;
            o.latencyMs = timer->elapsed();
            // The notifier may answer from the GUI thread: deliver the result on ours.
            QMutexLocker lock(&guard->mutex);
            if (guard->channel)
                QMetaObject::invokeMethod(
                    guard->channel, [o, done] { done(o); }, Qt::QueuedConnection);
        });
}

} // namespace alertdesk
