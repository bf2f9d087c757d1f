// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/DurationSpinBox.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace alertdesk {

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
} // namespace

DurationSpinBox::DurationSpinBox(QWidget* parent)
    : QSpinBox(parent)
{
    setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    setKeyboardTracking(false); // "1" on the way to "1 min" is not a value yet
}

QString DurationSpinBox::format(qint64 ms)
{
    const QLocale loc;
    if (ms < kSecond)
        return QStringLiteral("%1 ms").arg(loc.toString(ms));
    if (ms < kMinute && ms % kSecond != 0)
        return QStringLiteral("%1 s").arg(loc.toString(static_cast<double>(ms) / kSecond, 'g', 4));
    QStringList parts;
    const std::pair<qint64, const char*> units[] { { kDay, "d" }, { kHour, "h" }, { kMinute, "min" },
        { kSecond, "s" } };
    qint64 rest = ms;
    for (const auto& [size, unit] : units) {
        if (rest >= size) {
            parts << QStringLiteral("%1 %2").arg(loc.toString(rest / size), QLatin1String(unit));
            rest %= size;
        }
    }
    if (rest > 0)
        parts << QStringLiteral("%1 ms").arg(loc.toString(rest));
    return parts.join(QLatin1Char(' '));
}

qint64 DurationSpinBox::parse(const QString& text)
{
    const QLocale loc;
    QString t = text.trimmed().toLower();
    t.remove(loc.groupSeparator());
    t.replace(loc.decimalPoint(), QLatin1String("."));
    if (t.isEmpty())
        return -1;
    // Units longest first, so that "ms" is not read as "m" then "s".
    static const QRegularExpression part(QStringLiteral(R"(\G\s*(\d+(?:\.\d+)?)\s*(ms|min|m|h|d|s)?)"));
    qint64 total = 0;
    qsizetype at = 0;
    bool bare = false;
    int count = 0;
    while (at < t.size()) {
        const QRegularExpressionMatch m = part.match(t, at);
        if (!m.hasMatch() || m.capturedLength() == 0)
            return -1;
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        qint64 size = kSecond; // a number alone is seconds
        if (unit == QLatin1String("ms"))
            size = 1;
        else if (unit == QLatin1String("min") || unit == QLatin1String("m"))
            size = kMinute;
        else if (unit == QLatin1String("h"))
            size = kHour;
        else if (unit == QLatin1String("d"))
            size = kDay;
        bare = bare || unit.isEmpty();
        total += std::llround(n * static_cast<double>(size));
        at = m.capturedEnd();
        ++count;
    }
    if (bare && count > 1) // "1 30": which unit?
        return -1;
    return total;
}

void DurationSpinBox::stepBy(int steps)
{
    const int v = value();
    const qint64 step = v < 10 * kSecond ? 500 : v < 2 * kMinute ? 5 * kSecond : v < kHour ? kMinute : 15 * kMinute;
    setValue(static_cast<int>(std::clamp<qint64>(v + steps * step, minimum(), maximum())));
}

QString DurationSpinBox::textFromValue(int value) const
{
    return format(value);
}

int DurationSpinBox::valueFromText(const QString& text) const
{
    const qint64 ms = parse(text);
    return ms < 0 ? value() : static_cast<int>(std::clamp<qint64>(ms, minimum(), maximum()));
}

QValidator::State DurationSpinBox::validate(QString& text, int& pos) const
{
    Q_UNUSED(pos);
    const qint64 ms = parse(text);
    if (ms >= minimum() && ms <= maximum())
        return QValidator::Acceptable;
    // Digits, units, spaces and separators may still become a duration.
    static const QRegularExpression typing(QStringLiteral(R"(^[\d\s.,'’hdmins]*$)"));
    return typing.match(text.toLower()).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

} // namespace alertdesk
