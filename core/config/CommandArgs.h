// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QMap>
#include <QSet>
#include <QStringList>

namespace alertdesk {

// The words after a CLI command: positionals, options with values (repeatable) and flags.
// Options take their value as the next word or after '=': "--limit 5" or "--limit=5".
class CommandArgs final {
public:
    // valueOptions and flags list the names without "--". Returns false and sets *error
    // naming the first word that does not fit.
    bool parse(const QStringList& words, const QStringList& valueOptions, const QStringList& flags, QString* error);

    const QStringList& positional() const { return m_positional; }
    bool has(const QString& option) const { return m_values.contains(option) || m_flags.contains(option); }
    QString value(const QString& option, const QString& fallback = {}) const;
    QStringList values(const QString& option) const;
    void setValues(const QString& option, const QStringList& values) { m_values[option] = values; }

private:
    QStringList m_positional;
    QMap<QString, QStringList> m_values;
    QSet<QString> m_flags;
};

} // namespace alertdesk
