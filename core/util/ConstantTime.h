// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>

namespace alertdesk {

// Compares two secrets in time that depends on neither their contents nor where they differ
// (both are hashed first, so not even the length of the expected one leaks).
bool constantTimeEquals(const QByteArray& a, const QByteArray& b);

} // namespace alertdesk
