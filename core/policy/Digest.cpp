// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Digest.h"

#include <QJsonArray>
#include <QMap>
#include <algorithm>

namespace alertdesk {

namespace {
QString hhmm(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString oneLine(QString s, int max)
{
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (s.size() > max)
        s = s.left(max - 1) + QStringLiteral("…");
    return s;
}
} // namespace

DigestMessage buildDigest(const QString& id, const QList<Alert>& alerts, const QString& reason, const QString& group)
{
    DigestMessage d;
    if (alerts.isEmpty())
        return d;
    QMap<int, int> byPriority;
    QMap<QString, int> byType, bySymbol;
    QDateTime first = alerts.first().createdAt, last = first;
    d.priority = alerts.first().priority;
    d.type = alerts.first().type;
    d.symbol = alerts.first().symbol;
    bool oneType = true, oneSymbol = true;
    for (const Alert& a : alerts) {
        ++byPriority[static_cast<int>(a.priority)];
        ++byType[alertTypeName(a.type)];
        if (!a.symbol.isEmpty())
            ++bySymbol[a.symbol];
        d.priority = std::min(d.priority, a.priority); // Critical is 0
        oneType = oneType && a.type == d.type;
        oneSymbol = oneSymbol && a.symbol == d.symbol;
        first = std::min(first, a.createdAt);
        last = std::max(last, a.createdAt);
    }
    if (!oneType)
        d.type = AlertType::Custom;
    if (!oneSymbol)
        d.symbol.clear();

    const int n = static_cast<int>(alerts.size());
    const QString what = n == 1 ? QStringLiteral("1 alert") : QStringLiteral("%1 alerts").arg(n);
    if (reason == QLatin1String("quiet_hours"))
        d.title = QStringLiteral("Quiet hours ended: %1").arg(what);
    else if (reason == QLatin1String("pause"))
        d.title = QStringLiteral("Pause ended: %1").arg(what);
    else
        d.title = group.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, group);

    QStringList lines;
    lines << (first == last ? QStringLiteral("%1 at %2 UTC").arg(what, hhmm(first))
                            : QStringLiteral("%1 from %2 to %3 UTC").arg(what, hhmm(first), hhmm(last)));
    QStringList parts;
    QJsonObject prioJson, typeJson, symbolJson;
    for (auto it = byPriority.begin(); it != byPriority.end(); ++it) {
        const QString name = priorityName(static_cast<Priority>(it.key()));
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(name);
        prioJson.insert(name, it.value());
    }
    lines << QStringLiteral("By priority: ") + parts.join(QStringLiteral(", "));
    parts.clear();
    for (auto it = byType.begin(); it != byType.end(); ++it) {
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        typeJson.insert(it.key(), it.value());
    }
    lines << QStringLiteral("By type: ") + parts.join(QStringLiteral(", "));
    if (!bySymbol.isEmpty()) {
        // The busiest symbols first; a storm over hundreds of symbols is cut to ten.
        QList<QPair<int, QString>> symbols;
        for (auto it = bySymbol.begin(); it != bySymbol.end(); ++it)
            symbols.append({ it.value(), it.key() });
        std::stable_sort(
            symbols.begin(), symbols.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        parts.clear();
        for (qsizetype i = 0; i < symbols.size() && i < 10; ++i)
            parts << QStringLiteral("%1 %2").arg(symbols[i].second).arg(symbols[i].first);
        for (qsizetype i = 0; i < symbols.size() && i < DigestLimits::symbolsInData; ++i)
            symbolJson.insert(symbols[i].second, symbols[i].first);
        if (symbols.size() > 10)
            parts << QStringLiteral("%1 more").arg(symbols.size() - 10);
        lines << QStringLiteral("By symbol: ") + parts.join(QStringLiteral(", "));
    }
    lines << QString();
    lines << (n > DigestLimits::lines ? QStringLiteral("Latest %1:").arg(DigestLimits::lines)
                                      : QStringLiteral("Alerts:"));
    for (qsizetype i = alerts.size() - 1, shown = 0; i >= 0 && shown < DigestLimits::lines; --i, ++shown) {
        const Alert& a = alerts.at(i);
        QString line = priorityEmoji(a.priority) + QLatin1Char(' ') + priorityName(a.priority) + QLatin1Char(' ')
            + alertTypeName(a.type);
        if (!a.symbol.isEmpty())
            line += QLatin1Char(' ') + a.symbol;
        line += QStringLiteral(" — %1 (%2)")
                    .arg(oneLine(a.title, DigestLimits::lineTitle),
                        a.createdAt.toUTC().toString(QStringLiteral("HH:mm:ss")));
        lines << line;
    }
    if (n > DigestLimits::lines)
        lines << QStringLiteral("… and %1 more in the AlertDesk history").arg(n - DigestLimits::lines);
    d.message = lines.join(QLatin1Char('\n'));

    d.data = QJsonObject { { QStringLiteral("digest"),
        QJsonObject {
            { QStringLiteral("id"), id },
            { QStringLiteral("count"), n },
            { QStringLiteral("reason"), reason },
            { QStringLiteral("group"), group },
            { QStringLiteral("first_at"), first.toUTC().toString(Qt::ISODateWithMs) },
            { QStringLiteral("last_at"), last.toUTC().toString(Qt::ISODateWithMs) },
            { QStringLiteral("by_priority"), prioJson },
            { QStringLiteral("by_type"), typeJson },
            { QStringLiteral("by_symbol"), symbolJson },
            { QStringLiteral("symbols"), static_cast<int>(bySymbol.size()) },
            { QStringLiteral("priority"), priorityName(d.priority) },
            { QStringLiteral("type"), alertTypeName(d.type) },
            { QStringLiteral("symbol"), d.symbol },
        } } };
    return d;
}

} // namespace alertdesk
