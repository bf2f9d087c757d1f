#include "Duration.h"

#include <QRegularExpression>
#include <string>

namespace alertdesk {

std::optional<qint64> parseDuration(const QString& text, QString* error)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)([smhdw])"));
    const QString t = text.trimmed().toLower();
    if (t.isEmpty()) {
        *error = QStringLiteral("a duration is needed, e.g. 15m, 1h, 4h, 1d");
        return std::nullopt;
    }
    static constexpr char kOrder[] = "wdhms";
    qint64 total = 0;
    qsizetype pos = 0;
    int lastRank = -1;
    while (pos < t.size()) {
        const auto m = part.match(t, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch()) {
            *error = QStringLiteral("'%1' is not a duration (use e.g. 15m, 1h, 4h, 1d, 1h30m)").arg(text);
            return std::nullopt;
        }
        const char unit = m.captured(2).at(0).toLatin1();
        const int rank = static_cast<int>(std::char_traits<char>::find(kOrder, 5, unit) - kOrder);
        if (rank <= lastRank) {
            *error = QStringLiteral("'%1' is not a duration: give each unit once, largest first (e.g. 1h30m)").arg(text);
            return std::nullopt;
        }
        lastRank = rank;
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        static constexpr qint64 kUnitMs[] = {7 * 86400000LL, 86400000LL, 3600000LL, 60000LL, 1000LL};
        if (!ok || n > 100000) {
            *error = QStringLiteral("'%1' is too long a duration").arg(text);
            return std::nullopt;
        }
        total += n * kUnitMs[rank];
        pos += m.capturedLength();
    }
    if (total <= 0) {
        *error = QStringLiteral("'%1' is no time at all; give a duration longer than zero").arg(text);
        return std::nullopt;
    }
    return total;
}

std::optional<QDateTime> parseIsoDateTime(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    // A date-time needs a time: a bare date would silently mean midnight.
    if (!dt.isValid() || !t.contains(QLatin1Char('T'))) {
        *error = QStringLiteral("'%1' is not an ISO 8601 date and time (e.g. 2026-03-29T07:00:00Z or 2026-03-29T09:00+02:00)").arg(text);
        return std::nullopt;
    }
    return dt.toUTC();
}

} // namespace alertdesk
