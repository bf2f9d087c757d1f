// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FailingChannelsButton.h"

#include "UiText.h"
#include "delivery/RetryPolicy.h"

namespace alertdesk {

FailingChannelsButton::FailingChannelsButton(QWidget* parent)
    : QPushButton(parent)
{
    setObjectName(QStringLiteral("failingChannels"));
    setFlat(true);
    setCursor(Qt::PointingHandCursor);
    QPalette pal = palette();
    pal.setColor(QPalette::ButtonText, UiText::errorColor());
    setPalette(pal);
    QFont f = font();
    f.setBold(true);
    setFont(f);
    hide();
}

void FailingChannelsButton::setChannels(const QList<ChannelStatus>& channels)
{
    QStringList failing;
    QSet<QString> down;
    QStringList tip;
    for (const ChannelStatus& c : channels) {
        const ChannelHealth& h = c.health;
        if (!h.failing())
            continue;
        failing << c.config.name;
        tip << (h.lastError.isEmpty() ? c.config.name
                                      : tr("%1: %2").arg(c.config.name, localizedDeliveryError(h.lastError)));
        const bool isDown = h.circuit != CircuitState::Closed;
        if (isDown)
            down.insert(c.config.name);
        if (isDown && m_seen && !m_down.contains(c.config.name))
            Q_EMIT wentDown(c.config.name, localizedDeliveryError(h.lastError));
    }
    // Recovered: down before, and now neither down nor failing (its newest attempt went through).
    for (const QString& name : std::as_const(m_down)) {
        if (!failing.contains(name) && m_seen)
            Q_EMIT recovered(name);
        else if (failing.contains(name))
            down.insert(name); // a half-recovered channel stays down until an attempt succeeds
    }
    m_down = down;
    m_seen = true;
    m_failing = failing;
    setVisible(!failing.isEmpty());
    setText(tr("⚠ %n channel(s) failing", nullptr, static_cast<int>(failing.size())));
    setToolTip(tip.join(QLatin1Char('\n')) + QLatin1Char('\n') + tr("Click to open the Channels page."));
    setAccessibleName(text());
}

QString FailingChannelsButton::downTitle(const QString& channel)
{
    return tr("Channel %1 is down").arg(channel);
}

QString FailingChannelsButton::recoveredTitle(const QString& channel)
{
    return tr("Channel %1 works again").arg(channel);
}

} // namespace alertdesk
