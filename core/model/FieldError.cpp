// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FieldError.h"

namespace alertdesk {

QString FieldError::text(const std::function<QString(const QString& name)>& nameOf) const
{
    QString out;
    out.reserve(message.size());
    qsizetype i = 0;
    while (i < message.size()) {
        const qsizetype open = message.indexOf(QLatin1Char('{'), i);
        if (open < 0) {
            out += QStringView(message).mid(i);
            break;
        }
        out += QStringView(message).mid(i, open - i);
        if (open + 1 < message.size() && message.at(open + 1) == QLatin1Char('{')) {
            out += QLatin1Char('{');
            i = open + 2;
            continue;
        }
        const qsizetype close = message.indexOf(QLatin1Char('}'), open + 1);
        if (close < 0) {
            out += QStringView(message).mid(open);
            break;
        }
        const QString name = message.mid(open + 1, close - open - 1);
        out += nameOf ? nameOf(name) : name;
        i = close + 1;
    }
    return out;
}

QString FieldError::literal(const QString& value)
{
    QString v = value;
    return v.replace(QLatin1Char('{'), QLatin1String("{{"));
}

} // namespace alertdesk
