// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CommandArgs.h"

namespace alertdesk {

bool CommandArgs::parse(
    const QStringList& words, const QStringList& valueOptions, const QStringList& flags, QString* error)
{
    for (int i = 0; i < words.size(); ++i) {
        const QString& w = words[i];
        if (!w.startsWith(QLatin1String("--")) || w == QLatin1String("--")) {
            m_positional << w;
            continue;
        }
        QString name = w.mid(2);
        QString inlineValue;
        bool hasInline = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
            hasInline = true;
        }
        if (flags.contains(name)) {
            if (hasInline) {
                *error = QStringLiteral("--%1 takes no value").arg(name);
                return false;
            }
            m_flags.insert(name);
        } else if (valueOptions.contains(name)) {
            if (hasInline) {
                m_values[name] << inlineValue;
            } else if (i + 1 < words.size()) {
                m_values[name] << words[++i];
            } else {
                *error = QStringLiteral("--%1 needs a value").arg(name);
                return false;
            }
        } else {
            QStringList known;
            for (const QString& o : valueOptions)
                known << QStringLiteral("--") + o;
            for (const QString& f : flags)
                known << QStringLiteral("--") + f;
            *error = known.isEmpty()
                ? QStringLiteral("unknown option %1 (this command takes none)").arg(w)
                : QStringLiteral("unknown option %1 (known: %2)").arg(w, known.join(QStringLiteral(", ")));
            return false;
        }
    }
    return true;
}

QString CommandArgs::value(const QString& option, const QString& fallback) const
{
    const auto it = m_values.find(option);
    return it == m_values.end() || it->isEmpty() ? fallback : it->last();
}

QStringList CommandArgs::values(const QString& option) const
{
    return m_values.value(option);
}

} // namespace alertdesk
