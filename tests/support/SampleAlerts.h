// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonArray>

namespace alertdesk::test {

// The fixed alert of the payload golden files: every field set, a fixed id and time.
inline Alert goldenAlert()
{
    Alert a;
    a.id = QStringLiteral("3f1c2a9e-5b7d-4e21-9c8a-0d6f4b2e7a10");
    a.type = AlertType::Risk;
    a.priority = Priority::High;
    a.title = QStringLiteral("Position risk exceeded");
    a.message = QStringLiteral("BTC position exceeds risk limit by 15%");
    a.symbol = QStringLiteral("BTCUSDT");
    a.strategy = QStringLiteral("mean-reversion");
    a.position = QStringLiteral("LONG 2.5 BTC");
    a.data = QJsonObject { { QStringLiteral("risk_pct"), 11.5 }, { QStringLiteral("limit_pct"), 10 },
        { QStringLiteral("exchange"), QStringLiteral("binance") },
        { QStringLiteral("legs"), QJsonArray { QStringLiteral("spot"), QStringLiteral("perp") } } };
    a.createdAt = a.updatedAt = QDateTime(QDate(2026, 11, 18), QTime(9, 30, 0), Qt::UTC);
    return a;
}

// Texts that stress escaping and limits, shared by every channel's edge-case tests.
inline QString emojiText()
{
    return QStringLiteral("Rocket \U0001F680 to the moon \U0001F311 \U0001F468\u200D\U0001F469\u200D\U0001F467 family, "
                          "flag \U0001F1E9\U0001F1EA");
}
inline QString rtlText()
{
    return QStringLiteral("\u05D4\u05EA\u05E8\u05D0\u05D4: \u05E1\u05D9\u05DB\u05D5\u05DF \u05D2\u05D1\u05D5\u05D4 "
                          "\u2014 \u062A\u0646\u0628\u064A\u0647 \u0627\u0644\u0645\u062E\u0627\u0637\u0631");
}
inline QString markupText()
{
    return QStringLiteral(
        "<b>bold?</b> & *star* _under_ [link](http://x) `tick` ~strike~ |pipe| # hash > quote &amp; </pre>");
}
// About 10 KB of text with multi-byte characters spread through it.
inline QString longText(int units = 10240)
{
    QString s;
    int i = 0;
    while (s.size() < units) {
        s += QStringLiteral("Line %1: price moved \u00e9\u00e8 \U0001F4C8 <&> ").arg(i++);
    }
    return s;
}

} // namespace alertdesk::test
