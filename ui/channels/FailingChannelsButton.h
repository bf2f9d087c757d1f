// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "app/EngineHost.h"

#include <QPushButton>
#include <QSet>

namespace alertdesk {

// The status bar's warning while enabled channels fail (their newest attempt failed, or their
// circuit is open): "⚠ 2 channels failing", a click opens the Channels page; hidden while none
// fails. It also tells when a channel goes down (its circuit opens: the failures in a row
// reached the breaker's threshold) and when it recovers, once each.
class FailingChannelsButton final : public QPushButton {
    Q_OBJECT
public:
    explicit FailingChannelsButton(QWidget* parent = nullptr);

    // The channels as the engine last reported them (the Channels page reads them).
    void setChannels(const QList<ChannelStatus>& channels);
    int count() const { return static_cast<int>(m_failing.size()); }

    // The desktop notifications for wentDown() and recovered().
    static QString downTitle(const QString& channel);
    static QString recoveredTitle(const QString& channel);

Q_SIGNALS:
    void wentDown(const QString& channel, const QString& lastError);
    void recovered(const QString& channel);

private:
    QStringList m_failing;
    QSet<QString> m_down;
    bool m_seen = false; // the first report only says how things stand: no notification
};

} // namespace alertdesk
