// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "engine/Engine.h"

#include <QTextStream>

namespace alertdesk {

// alertdesk-cli api-token

void ApiTokenCommand::execute(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("api-token takes no arguments"));
    if (!openEngine())
        return;
    m_engine->ingestToken([this](const QString& token, const QString& error) {
        if (token.isEmpty())
            return fail(Failed, error);
        m_out << token << '\n';
        done(Ok);
    });
}

} // namespace alertdesk
