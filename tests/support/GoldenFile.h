// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace alertdesk::test {

// Golden files live in tests/unit/golden/ and hold the exact bytes a platform receives.
// ALERTDESK_UPDATE_GOLDEN=1 rewrites them from the current output (review the diff!).
inline QString goldenPath(const QString& name)
{
    return QStringLiteral(ALERTDESK_SOURCE_DIR "/tests/unit/golden/") + name;
}

inline QByteArray readGolden(const QString& name, const QByteArray& actual)
{
    QFile f(goldenPath(name));
    if (qEnvironmentVariableIntValue("ALERTDESK_UPDATE_GOLDEN") == 1 && f.open(QIODevice::WriteOnly))
        f.write(actual);
    f.close();
    if (!f.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<missing golden file ") + goldenPath(name).toUtf8() + '>';
    return f.readAll();
}

} // namespace alertdesk::test
