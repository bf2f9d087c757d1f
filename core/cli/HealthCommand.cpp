// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "engine/Engine.h"
#include "engine/NotificationService.h"

namespace alertdesk {

// alertdesk-cli health

void HealthCommand::execute(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("health takes no arguments"));
    if (!openEngine())
        return;
    printJson(m_engine->notifications().statistics());
    done(Ok);
}

} // namespace alertdesk
