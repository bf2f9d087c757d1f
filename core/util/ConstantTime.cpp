// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ConstantTime.h"

#include <QCryptographicHash>

namespace alertdesk {

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    const QByteArray ha = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    // volatile: the compiler must not turn the loop into an early-exit memcmp.
    volatile unsigned char diff = 0;
    for (qsizetype i = 0; i < ha.size(); ++i)
        diff = diff | static_cast<unsigned char>(ha[i] ^ hb[i]);
    return diff == 0;
}

} // namespace alertdesk
