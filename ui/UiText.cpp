// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiText.h"

#include "widgets/Theme.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>

namespace alertdesk {

QString UiText::priority(Priority p)
{
    return priorityEmoji(p) + QLatin1Char(' ') + priorityName(p);
}

QColor UiText::priorityColor(Priority p)
{
    return { priorityColorHex(p) };
}

QColor UiText::priorityTextColor(Priority p)
{
    return Theme::priorityText(p);
}

QIcon UiText::priorityIcon(Priority p)
{
    return QIcon(QStringLiteral(":/icons/priority/%1.svg").arg(priorityName(p).toLower()));
}

QIcon UiText::channelIcon(const QString& kind)
{
    const QString path = QStringLiteral(":/icons/channels/%1.svg").arg(kind);
    return QIcon(QFile::exists(path) ? path : QStringLiteral(":/icons/channels/webhook.svg"));
}

QString UiText::type(AlertType t)
{
    switch (t) {
    case AlertType::Price:
        return tr("Price");
    case AlertType::Performance:
        return tr("Performance");
    case AlertType::Risk:
        return tr("Risk");
    case AlertType::Health:
        return tr("Health");
    case AlertType::Milestone:
        return tr("Milestone");
    case AlertType::Custom:
        return tr("Custom");
    }
    return alertTypeName(t);
}

QString UiText::state(AlertState s)
{
    switch (s) {
    case AlertState::Open:
        return tr("Open");
    case AlertState::Acknowledged:
        return tr("Acknowledged");
    case AlertState::Snoozed:
        return tr("Snoozed");
    case AlertState::Resolved:
        return tr("Resolved");
    }
    return alertStateName(s);
}

QString UiText::deliveryStatus(DeliveryStatus s)
{
    switch (s) {
    case DeliveryStatus::Pending:
        return tr("queued");
    case DeliveryStatus::Waiting:
        return tr("waiting");
    case DeliveryStatus::Delivered:
        return tr("delivered");
    case DeliveryStatus::Failed:
        return tr("failed");
    case DeliveryStatus::Cancelled:
        return tr("cancelled");
    }
    return deliveryStatusName(s);
}

QString UiText::outcome(const QString& outcome)
{
    if (outcome == QLatin1String("delivered"))
        return tr("delivered");
    if (outcome == QLatin1String("retry"))
        return tr("failed, will retry");
    if (outcome == QLatin1String("failed"))
        return tr("failed");
    return outcome;
}

QString UiText::circuit(CircuitState s)
{
    switch (s) {
    case CircuitState::Closed:
        return tr("closed");
    case CircuitState::Open:
        return tr("open (paused)");
    case CircuitState::HalfOpen:
        return tr("probing");
    }
    return circuitStateName(s);
}

QString UiText::timeFormat(bool seconds)
{
    const QLocale locale;
    if (locale.language() == QLocale::C)
        return seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    QString format = locale.timeFormat(QLocale::ShortFormat);
    if (seconds && !format.contains(QLatin1String("ss")))
        format.replace(QLatin1String("mm"), QLatin1String("mm:ss"));
    return format;
}

QString UiText::dateTimeFormat(bool seconds, bool fullYear)
{
    const QLocale locale;
    QString date
        = locale.language() == QLocale::C ? QStringLiteral("yyyy-MM-dd") : locale.dateFormat(QLocale::ShortFormat);
    if (fullYear && !date.contains(QLatin1String("yyyy")))
        date.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    return date + QLatin1Char(' ') + timeFormat(seconds);
}

QString UiText::time(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return QStringLiteral("—");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toLocalTime(), dateTimeFormat(true));
}

QString UiText::shortTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return QStringLiteral("—");
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toLocalTime();
    if (t.date() == QDate::currentDate())
        return QLocale().toString(t.time(), timeFormat(true));
    return QLocale().toString(t, dateTimeFormat(false));
}

QString UiText::time(const QDateTime& t)
{
    return t.isValid() ? time(t.toMSecsSinceEpoch()) : QStringLiteral("—");
}

QString UiText::latency(double ms)
{
    if (ms < 0)
        return QStringLiteral("—");
    if (ms < 1000)
        return tr("%1 ms").arg(QLocale().toString(qRound(ms)));
    return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
}

QString UiText::deliveries(int total, int delivered, int failed, int cancelled)
{
    if (total == 0)
        return tr("no channel");
    QString s = tr("%1/%2 delivered").arg(delivered).arg(total);
    if (failed > 0)
        s += tr(", %n failed", nullptr, failed);
    if (cancelled > 0)
        s += tr(", %n cancelled", nullptr, cancelled);
    const int open = total - delivered - failed - cancelled;
    if (open > 0)
        s += tr(", %n queued", nullptr, open);
    return s;
}

QString UiText::deliveriesShort(int total, int delivered, int failed, int cancelled)
{
    if (total == 0)
        return tr("no channel");
    const int open = total - delivered - failed - cancelled;
    if (failed == 0 && open == 0 && cancelled == 0)
        return tr("%1/%2 delivered").arg(delivered).arg(total);
    QString s = tr("%1/%2").arg(delivered).arg(total);
    if (failed > 0)
        s += tr(" · %1 failed").arg(failed);
    if (cancelled > 0)
        s += tr(" · %1 cancelled").arg(cancelled);
    if (open > 0)
        s += tr(" · %1 queued").arg(open);
    return s;
}

QColor UiText::okColor()
{
    return Theme::ok();
}
QColor UiText::errorColor()
{
    return Theme::error();
}
QString UiText::typedNumber(const QString& text)
{
    bool ok = false;
    const double v = QLocale().toDouble(text.trimmed(), &ok);
    return ok ? QString::number(v, 'g', QLocale::FloatingPointShortest) : text;
}

QString UiText::fieldLabel(const QString& label)
{
    return tr("“%1”").arg(label);
}

QString UiText::jsonError(const QString& text, const QJsonParseError& error)
{
    struct Open {
        QChar bracket;
        int line;
        int column;
    };
    QList<Open> open;
    int line = 1, column = 0;
    bool inString = false, escaped = false;
    Open stringStart { QLatin1Char('"'), 0, 0 };
    for (const QChar c : text) {
        if (c == QLatin1Char('\n')) {
            ++line;
            column = 0;
            continue;
        }
        ++column;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == QLatin1Char('\\'))
                escaped = true;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c == QLatin1Char('"')) {
            inString = true;
            stringStart = { c, line, column };
        } else if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            open.append({ c, line, column });
        } else if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
            const QChar opener = c == QLatin1Char('}') ? QLatin1Char('{') : QLatin1Char('[');
            if (open.isEmpty())
                return tr("the “%1” on line %2, column %3 closes nothing").arg(c).arg(line).arg(column);
            if (open.last().bracket != opener)
                return tr("the “%1” on line %2, column %3 does not match the “%4” of line %5, column %6")
                    .arg(c)
                    .arg(line)
                    .arg(column)
                    .arg(open.last().bracket)
                    .arg(open.last().line)
                    .arg(open.last().column);
            open.removeLast();
        }
    }
    if (inString)
        return tr("the text in quotes from line %1, column %2 has no closing “\"”")
            .arg(stringStart.line)
            .arg(stringStart.column);
    if (!open.isEmpty()) {
        const Open& o = open.last();
        const QChar closer = o.bracket == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
        return tr("a “%1” is missing to close the “%2” of line %3, column %4")
            .arg(closer)
            .arg(o.bracket)
            .arg(o.line)
            .arg(o.column);
    }
    // Where the parser stopped: its offset counts UTF-8 bytes.
    const QString before = QString::fromUtf8(text.toUtf8().left(error.offset));
    const qsizetype at = before.count(QLatin1Char('\n')) + 1;
    const qsizetype col = before.size() - before.lastIndexOf(QLatin1Char('\n'));
    return tr("%1 on line %2, column %3").arg(error.errorString()).arg(at).arg(col);
}

QString UiText::formMessage(const FieldError& error, const std::function<QString(const QString& name)>& nameOf)
{
    QString m = error.text([&nameOf](const QString& name) {
        const QString n = nameOf(name);
        return n.isEmpty() ? name : n;
    });
    if (!m.isEmpty())
        m[0] = m[0].toUpper();
    if (!m.endsWith(QLatin1Char('.')) && !m.endsWith(QLatin1Char(')')))
        m += QLatin1Char('.');
    return m;
}

QColor UiText::mutedColor()
{
    return Theme::muted();
}

} // namespace alertdesk
