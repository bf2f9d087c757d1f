// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Duration.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

#include <array>
#include <limits>

namespace alertdesk {

namespace {
// The messages a rule's durations and times get; the rule dialog shows them in the window's
// language (the command line loads no translation, so it prints them in English).
class Duration final {
    Q_DECLARE_TR_FUNCTIONS(Duration)
};

struct Unit {
    const char* suffix;
    qint64 ms;
};
// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 6> kUnits { { { "w", 7 * 86400000LL }, { "d", 86400000LL }, { "h", 3600000LL },
    { "ms", 1LL }, { "m", 60000LL }, { "s", 1000LL } } };

// The unit a suffix names, or nullptr.
const Unit* findUnit(QStringView suffix)
{
    for (const Unit& u : kUnits) {
        if (suffix == QLatin1String(u.suffix))
            return &u;
    }
    return nullptr;
}
} // namespace

std::optional<qint64> parseDuration(const QString& text, QString* error)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)(ms|w|d|h|m|s)"));
    const QString t = text.trimmed().toLower();
    if (t.isEmpty()) {
        //: What is wrong with an option's or field's value, after its name: "Cooldown is empty; ...".
        *error = Duration::tr("is empty; give a duration such as 30s, 5m, 1h or 1d");
        return std::nullopt;
    }
    qint64 total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const auto m
            = part.match(t, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        // The pattern admits only kUnits' suffixes: a match always names a unit.
        const Unit* unit = m.hasMatch() ? findUnit(m.capturedView(2)) : nullptr;
        if (!unit) {
            //: %1 is the text typed. The units ms, s, m, h, d and w are what AlertDesk reads: keep them.
            *error = Duration::tr(
                "'%1' is not a duration; use a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 1h30m")
                         .arg(text);
            return std::nullopt;
        }
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        if (!ok || n > std::numeric_limits<qint64>::max() / unit->ms / 4
            || total > std::numeric_limits<qint64>::max() / 2) {
            *error = Duration::tr("'%1' is too long a duration").arg(text);
            return std::nullopt;
        }
        total += n * unit->ms;
        pos = m.capturedEnd();
    }
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    QString out;
    for (const Unit& u : { kUnits[0], kUnits[1], kUnits[2], kUnits[4], kUnits[5], kUnits[3] }) {
        if (ms >= u.ms) {
            out += QString::number(ms / u.ms) + QLatin1String(u.suffix);
            ms %= u.ms;
        }
    }
    return out;
}

std::optional<qint64> parseIsoTime(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid()) {
        // In English always: the ingest API (/v1/metrics) answers with it, also from the window's
        // process, and the rule dialog picks its expiry with a date-time editor, never as text.
        *error = QStringLiteral("'%1' is not an ISO 8601 time such as 2026-11-26T14:00:00Z").arg(text);
        return std::nullopt;
    }
    // Qt reads a time without an offset as local time; we define it as UTC.
    static const QRegularExpression hasOffset(
        QStringLiteral("(Z|[+-]\\d\\d(:?\\d\\d)?)$"), QRegularExpression::CaseInsensitiveOption);
    const qsizetype timePart = t.indexOf(QLatin1Char('T'), 0, Qt::CaseInsensitive);
    if (dt.timeSpec() == Qt::LocalTime && (timePart < 0 || !hasOffset.match(t.mid(timePart)).hasMatch()))
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    return dt.toMSecsSinceEpoch();
}

QString formatIsoTime(qint64 ms)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return dt.toString(ms % 1000 == 0 ? Qt::ISODate : Qt::ISODateWithMs);
}

std::optional<QDateTime> parseIsoDateTime(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    // A date-time needs a time: a bare date would silently mean midnight.
    if (!dt.isValid() || !t.contains(QLatin1Char('T'))) {
        *error = Duration::tr(
            "'%1' is not an ISO 8601 date and time (e.g. 2026-03-29T07:00:00Z or 2026-03-29T09:00+02:00)")
                     .arg(text);
        return std::nullopt;
    }
    return dt.toUTC();
}

} // namespace alertdesk
