// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/Profile.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"

namespace alertdesk {

// alertdesk-cli test-channel

void TestChannelCommand::execute(const QStringList& rest)
{
    if (rest.size() != 1)
        return fail(BadInput, QStringLiteral("usage: test-channel NAME"));
    if (!openEngine())
        return;
    if (!m_engine->profile().channel(rest[0]))
        return fail(BadInput, QStringLiteral("no channel named '%1'").arg(rest[0]));
    m_engine->notifications().testChannel(rest[0], [this](const ChannelResult& r) {
        printJson(r.toJson());
        done(r.success() ? Ok : Failed);
    });
}

} // namespace alertdesk
