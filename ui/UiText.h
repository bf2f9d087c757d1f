// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/ChannelHealth.h"
#include "model/DeliveryReport.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QJsonParseError>
#include <QString>
#include <functional>

namespace alertdesk {

// How the window words and colours the model's values, in one place, through tr().
class UiText final {
    Q_DECLARE_TR_FUNCTIONS(UiText)
public:
    static QString priority(Priority p); // "🔴 CRITICAL"
    static QColor priorityColor(Priority p); // the design's colour
    static QColor priorityTextColor(Priority p); // the same, readable on the palette (Theme)
    static QIcon priorityIcon(Priority p); // a dot in the priority's colour (resources/icons/priority)
    // The channel kind's glyph (resources/icons/channels); a kind without one has the webhook's.
    static QIcon channelIcon(const QString& kind);
    static QString type(AlertType t);
    static QString state(AlertState s);
    static QString deliveryStatus(DeliveryStatus s);
    static QString outcome(const QString& outcome); // an attempt's "delivered", "retry", "failed"
    static QString circuit(CircuitState s);
    static QString time(qint64 msSinceEpoch); // local, to the second
    static QString time(const QDateTime& t);
    static QString shortTime(qint64 msSinceEpoch); // "15:13:30" today, else "25/11/26 15:13" (Spanish)
    // The formats of the locale's short date and time (QLocale()): "H:mm" or "H:mm:ss" in Spanish,
    // "HH:mm" in German, "h:mm AP" in American English; the date as "d/M/yy", a date editor's
    // with a four-digit year. The C locale (no language chosen) gets ISO 8601: "yyyy-MM-dd HH:mm".
    static QString timeFormat(bool seconds);
    static QString dateTimeFormat(bool seconds, bool fullYear = false);
    static QString latency(double ms); // "12 ms", "1.4 s", "—"
    // "2/3 delivered", "1/3 delivered, 1 failed, 1 pending", "no channel"
    static QString deliveries(int total, int delivered, int failed, int cancelled);
    // For a table cell: "2/3 delivered", "1/2 · 1 failed", "1/3 · 2 pending".
    static QString deliveriesShort(int total, int delivered, int failed, int cancelled);
    // A check's message (FieldError) in a form's words, as a sentence: each field it names as
    // nameOf() writes it (usually fieldLabel() of the form's label); "" keeps the name.
    static QString formMessage(const FieldError& error, const std::function<QString(const QString& name)>& nameOf);
    static QString fieldLabel(const QString& label); // “Bot token”
    // A number as the trader types it in the window's locale ("100,000", "1.234,5" in German,
    // with or without group separators) in the form the core reads ("100000"); text that is
    // no such number is handed on as it is, for the core to name what is wrong with it.
    static QString typedNumber(const QString& text);
    // Why text is not JSON, where (line and column), and for an unclosed or stray bracket
    // which one: "a “}” is missing to close the “{” of line 1, column 1".
    static QString jsonError(const QString& text, const QJsonParseError& error);
    // Text colours for the application's palette, light or dark (Theme).
    static QColor okColor();
    static QColor errorColor();
    static QColor mutedColor();
};

} // namespace alertdesk
