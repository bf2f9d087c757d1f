// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "QuietHours.h"

#include "PolicyJson.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <vector>

namespace alertdesk {

using namespace policyjson;

namespace {
constexpr qint64 kDayMs = 86400000;

const QStringList kWeekdays { QStringLiteral("monday"), QStringLiteral("tuesday"), QStringLiteral("wednesday"),
    QStringLiteral("thursday"), QStringLiteral("friday"), QStringLiteral("saturday"), QStringLiteral("sunday") };
const QStringList kMonths { QStringLiteral("january"), QStringLiteral("february"), QStringLiteral("march"),
    QStringLiteral("april"), QStringLiteral("may"), QStringLiteral("june"), QStringLiteral("july"),
    QStringLiteral("august"), QStringLiteral("september"), QStringLiteral("october"), QStringLiteral("november"),
    QStringLiteral("december") };

// "HH:MM" -> minutes; "24:00" only when allowed (an end).
std::optional<int> clockMinutes(const QString& s, bool allow24)
{
    static const QRegularExpression re(QStringLiteral("^([01]\\d|2[0-4]):([0-5]\\d)$"));
    const auto m = re.match(s.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const int h = m.captured(1).toInt();
    const int min = m.captured(2).toInt();
    if (h == 24 && (min != 0 || !allow24))
        return std::nullopt;
    return h * 60 + min;
}

// A name ("monday") or a number ("1") of a list starting at 1.
std::optional<int> nameOrNumber(const QString& s, const QStringList& names, bool numbers)
{
    const QString t = s.trimmed().toLower();
    if (const qsizetype i = names.indexOf(t); i >= 0)
        return static_cast<int>(i) + 1;
    if (numbers) {
        bool ok = false;
        const int n = t.toInt(&ok);
        if (ok && n >= 1 && n <= names.size())
            return n;
    }
    return std::nullopt;
}

// "a" or "a:b" with names (wrapping allowed: "friday:monday", "november:february").
std::optional<QSet<int>> cyclicSet(const QStringList& specs, const QStringList& names, bool numbers,
    const QString& path, const QString& what, FieldError* error)
{
    QSet<int> out;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const QStringList parts = specs[i].split(QLatin1Char(':'));
        std::optional<int> a = parts.size() <= 2 ? nameOrNumber(parts.value(0), names, numbers) : std::nullopt;
        std::optional<int> b = parts.size() == 2 ? nameOrNumber(parts.value(1), names, numbers) : a;
        if (!a || !b) {
            *error = { item(path, i),
                QStringLiteral("'%1' is not a %2 or a range of them (e.g. %3:%4)")
                    .arg(specs[i], what, names.first(), names.at(4)) };
            return std::nullopt;
        }
        const int n = static_cast<int>(names.size());
        for (int k = *a;; k = k % n + 1) {
            out.insert(k);
            if (k == *b)
                break;
        }
    }
    return out;
}

// "a" or "a:b" of whole numbers within [lo, hi] (days of month also -31..-1).
std::optional<QList<QPair<int, int>>> numberRanges(const QStringList& specs, int lo, int hi, bool negatives,
    const QString& path, const QString& what, FieldError* error)
{
    QList<QPair<int, int>> out;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const QStringList parts = specs[i].split(QLatin1Char(':'));
        bool okA = false, okB = false;
        const int a = parts.value(0).trimmed().toInt(&okA);
        const int b = parts.size() == 2 ? parts.value(1).trimmed().toInt(&okB) : a;
        if (parts.size() == 1)
            okB = okA;
        auto inRange = [&](int v) { return (v >= lo && v <= hi) || (negatives && v <= -lo && v >= -hi); };
        if (parts.size() > 2 || !okA || !okB || !inRange(a) || !inRange(b)) {
            *error = { item(path, i),
                QStringLiteral("'%1' is not a %2 or a range of them (%3 to %4%5)")
                    .arg(specs[i], what)
                    .arg(lo)
                    .arg(hi)
                    .arg(negatives ? QStringLiteral(", or -1 for the last") : QString()) };
            return std::nullopt;
        }
        if ((a > 0) == (b > 0) && a > b) {
            *error = { item(path, i), QStringLiteral("'%1' ends before it starts").arg(specs[i]) };
            return std::nullopt;
        }
        out.append({ a, b });
    }
    return out;
}

std::optional<TimeInterval> intervalFromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("times"), QStringLiteral("weekdays"), QStringLiteral("days_of_month"),
                QStringLiteral("months"), QStringLiteral("years") },
            path, error))
        return std::nullopt;
    if (o.isEmpty()) {
        *error = { path,
            QStringLiteral("gives no times, weekdays, days_of_month, months or years: it would mute for ever") };
        return std::nullopt;
    }
    TimeInterval ti;
    const QJsonValue times = o.value(QStringLiteral("times"));
    if (!times.isUndefined()) {
        const QString tp = field(path, QStringLiteral("times"));
        if (!times.isArray()) {
            *error = { tp, QStringLiteral("must be an array of {\"start_time\", \"end_time\"}") };
            return std::nullopt;
        }
        const QJsonArray arr = times.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            QJsonObject r;
            const QString rp = item(tp, i);
            if (!object(arr[i], rp, &r, error)
                || !knownKeys(r, { QStringLiteral("start_time"), QStringLiteral("end_time") }, rp, error))
                return std::nullopt;
            const auto start = clockMinutes(r.value(QStringLiteral("start_time")).toString(), false);
            if (!start) {
                *error = { field(rp, QStringLiteral("start_time")),
                    QStringLiteral("must be a time HH:MM from 00:00 to 23:59") };
                return std::nullopt;
            }
            const auto end = clockMinutes(r.value(QStringLiteral("end_time")).toString(), true);
            if (!end || *end == 0) {
                *error = { field(rp, QStringLiteral("end_time")),
                    QStringLiteral("must be a time HH:MM from 00:01 to 24:00") };
                return std::nullopt;
            }
            if (*end == *start) {
                *error = { field(rp, QStringLiteral("end_time")), QStringLiteral("is the same as start_time") };
                return std::nullopt;
            }
            ti.times.append({ *start, *end });
        }
    }
    const auto weekdays = strings(o, QStringLiteral("weekdays"), path, error);
    const auto days = weekdays ? strings(o, QStringLiteral("days_of_month"), path, error) : std::nullopt;
    const auto months = days ? strings(o, QStringLiteral("months"), path, error) : std::nullopt;
    const auto years = months ? strings(o, QStringLiteral("years"), path, error) : std::nullopt;
    if (!years)
        return std::nullopt;
    const auto wd = cyclicSet(
        *weekdays, kWeekdays, false, field(path, QStringLiteral("weekdays")), QStringLiteral("weekday"), error);
    if (!wd)
        return std::nullopt;
    ti.weekdays = *wd;
    const auto mo
        = cyclicSet(*months, kMonths, true, field(path, QStringLiteral("months")), QStringLiteral("month"), error);
    if (!mo)
        return std::nullopt;
    ti.months = *mo;
    const auto dm = numberRanges(
        *days, 1, 31, true, field(path, QStringLiteral("days_of_month")), QStringLiteral("day of the month"), error);
    if (!dm)
        return std::nullopt;
    ti.daysOfMonth = *dm;
    const auto yr
        = numberRanges(*years, 1970, 9999, false, field(path, QStringLiteral("years")), QStringLiteral("year"), error);
    if (!yr)
        return std::nullopt;
    ti.years = *yr;
    return ti;
}
} // namespace

bool TimeInterval::matches(const QDateTime& local) const
{
    const QDate d = local.date();
    if (!weekdays.isEmpty() && !weekdays.contains(d.dayOfWeek()))
        return false;
    if (!months.isEmpty() && !months.contains(d.month()))
        return false;
    if (!daysOfMonth.isEmpty()) {
        const int last = d.daysInMonth();
        bool any = false;
        for (const auto& [a, b] : daysOfMonth) {
            const int from = a < 0 ? last + a + 1 : a;
            const int to = b < 0 ? last + b + 1 : b;
            any = any || (d.day() >= from && d.day() <= to);
        }
        if (!any)
            return false;
    }
    if (!years.isEmpty()) {
        bool any = false;
        for (const auto& [a, b] : years)
            any = any || (d.year() >= a && d.year() <= b);
        if (!any)
            return false;
    }
    if (!times.isEmpty()) {
        const qint64 ms = local.time().msecsSinceStartOfDay();
        bool any = false;
        for (const Range& r : times) {
            const qint64 s = r.startMin * 60000LL, e = r.endMin * 60000LL;
            any = any || (r.startMin < r.endMin ? (ms >= s && ms < e) : (ms >= s || ms < e));
        }
        if (!any)
            return false;
    }
    return true;
}

bool MuteTiming::isMuted(qint64 ms) const
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, zone);
    return std::any_of(intervals.begin(), intervals.end(), [&](const TimeInterval& ti) { return ti.matches(local); });
}

qint64 MuteTiming::mutedUntil(qint64 ms) const
{
    if (!isMuted(ms))
        return ms;
    // The mute state can only change at local midnight, at a range's start or end, or at a
    // change of the zone's offset. Walk those instants in order, a day at a time, and take
    // the first that is not muted. A local time is tried under each offset the zone has
    // around that day, so both occurrences of an hour repeated in autumn are candidates.
    QList<int> minutes { 0 };
    for (const TimeInterval& ti : intervals) {
        for (const TimeInterval::Range& r : ti.times) {
            minutes << r.startMin;
            if (r.endMin < 1440)
                minutes << r.endMin;
        }
    }
    std::sort(minutes.begin(), minutes.end());
    minutes.erase(std::unique(minutes.begin(), minutes.end()), minutes.end());

    const qint64 limit = ms + kHorizonMs;
    for (qint64 s = ms; s < limit; s += kDayMs) {
        const qint64 e = s + kDayMs;
        std::vector<qint64> candidates;
        const QDate first = QDateTime::fromMSecsSinceEpoch(s, zone).date().addDays(-1);
        const QDate last = QDateTime::fromMSecsSinceEpoch(e, zone).date().addDays(1);
        for (QDate d = first; d <= last; d = d.addDays(1)) {
            const qint64 dayUtc = d.startOfDay(Qt::UTC).toMSecsSinceEpoch();
            QList<int> offsets;
            for (int k = -1; k <= 1; ++k) {
                const int o
                    = zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(dayUtc + k * kDayMs + kDayMs / 2, Qt::UTC));
                if (!offsets.contains(o))
                    offsets << o;
            }
            for (int m : std::as_const(minutes)) {
                const QTime t(m / 60, m % 60);
                for (int o : std::as_const(offsets)) {
                    const qint64 c = dayUtc + m * 60000LL - o * 1000LL;
                    if (c <= s || c > e)
                        continue;
                    const QDateTime back = QDateTime::fromMSecsSinceEpoch(c, zone);
                    if (back.date() == d && back.time() == t) // a local time that exists under this offset
                        candidates.push_back(c);
                }
            }
        }
        if (zone.hasTransitions()) {
            for (const QTimeZone::OffsetData& tr : zone.transitions(
                     QDateTime::fromMSecsSinceEpoch(s + 1, Qt::UTC), QDateTime::fromMSecsSinceEpoch(e, Qt::UTC)))
                candidates.push_back(tr.atUtc.toMSecsSinceEpoch());
        }
        std::sort(candidates.begin(), candidates.end());
        for (qint64 c : candidates) {
            if (c > s && c <= e && !isMuted(c))
                return c;
        }
    }
    return -1;
}

std::optional<MuteTiming> MuteTiming::fromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("name"), QStringLiteral("channels"), QStringLiteral("location"),
                QStringLiteral("time_intervals"), QStringLiteral("critical_breaks_through"), QStringLiteral("held") },
            path, error))
        return std::nullopt;
    MuteTiming m;
    const auto name = string(o, QStringLiteral("name"), {}, path, error);
    if (!name)
        return std::nullopt;
    if (name->trimmed().isEmpty()) {
        *error = { field(path, QStringLiteral("name")), QStringLiteral("is required") };
        return std::nullopt;
    }
    m.name = name->trimmed();
    const auto channels = strings(o, QStringLiteral("channels"), path, error);
    if (!channels)
        return std::nullopt;
    m.channels = *channels;
    const auto location = string(o, QStringLiteral("location"), {}, path, error);
    if (!location)
        return std::nullopt;
    if (location->isEmpty() || location->compare(QLatin1String("Local"), Qt::CaseInsensitive) == 0) {
        m.zone = QTimeZone::systemTimeZone();
    } else {
        m.zone = QTimeZone(location->toUtf8());
        if (!m.zone.isValid()) {
            *error = { field(path, QStringLiteral("location")),
                QStringLiteral("'%1' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)")
                    .arg(*location) };
            return std::nullopt;
        }
    }
    const QJsonValue intervals = o.value(QStringLiteral("time_intervals"));
    const QString ip = field(path, QStringLiteral("time_intervals"));
    if (!intervals.isArray() || intervals.toArray().isEmpty()) {
        *error = { ip, QStringLiteral("must be a non-empty array of time intervals") };
        return std::nullopt;
    }
    const QJsonArray arr = intervals.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        auto ti = intervalFromJson(arr[i], item(ip, i), error);
        if (!ti)
            return std::nullopt;
        m.intervals << *ti;
    }
    const auto breaks = boolean(o, QStringLiteral("critical_breaks_through"), true, path, error);
    if (!breaks)
        return std::nullopt;
    m.criticalBreaksThrough = *breaks;
    const auto held = string(o, QStringLiteral("held"), QStringLiteral("digest"), path, error);
    if (!held)
        return std::nullopt;
    if (*held != QLatin1String("digest") && *held != QLatin1String("history")) {
        *error = { field(path, QStringLiteral("held")),
            QStringLiteral("must be \"digest\" (sent as one digest when the quiet period ends) or \"history\" "
                           "(only kept in the history)") };
        return std::nullopt;
    }
    m.historyOnly = *held == QLatin1String("history");
    return m;
}

QuietDecision quietDecision(const QList<MuteTiming>& timings, const QString& channel, Priority priority, qint64 nowMs)
{
    QuietDecision d;
    qint64 t = nowMs;
    // Timings can overlap or follow each other: the channel is free at the first instant
    // none of them mutes.
    for (int round = 0; round < 64; ++round) {
        qint64 end = t;
        bool any = false;
        for (const MuteTiming& m : timings) {
            if (!m.appliesTo(channel) || (priority == Priority::Critical && m.criticalBreaksThrough) || !m.isMuted(t))
                continue;
            any = true;
            if (round == 0) {
                d.timings << m.name;
                d.historyOnly = d.historyOnly || m.historyOnly;
            }
            const qint64 u = m.mutedUntil(t);
            if (u < 0) {
                d.muted = true;
                d.until = -1;
                return d;
            }
            end = std::max(end, u);
        }
        if (!any)
            break;
        d.muted = true;
        t = end;
    }
    d.until = d.muted ? t : -1;
    return d;
}

} // namespace alertdesk
