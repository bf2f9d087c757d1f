// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

namespace alertdesk {

// A JSON object's key as the field an error names: the empty key reads as "" (quoted), so that
// an error never names no field at all (found by tests/fuzz/fuzz_ingest_alert).
inline QString jsonKeyField(const QString& key)
{
    return key.isEmpty() ? QStringLiteral("\"\"") : key;
}

} // namespace alertdesk
