// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QList>
#include <QString>
#include <optional>

namespace alertdesk {

// Where a template went wrong: offset into the text, and the line and column a person sees.
struct TemplateError {
    int offset = 0;
    int line = 1; // from 1
    int column = 1; // from 1
    QString message;
    QString toString() const; // "line 1, column 7: unknown field 'titel'"
};

// A message template with placeholders:
//   {{title}} {{message}} {{type}} {{priority}} {{priority_emoji}} {{priority_color}} {{symbol}}
//   {{strategy}} {{position}} {{id}} {{state}} {{created_at}} {{last_seen_at}} {{count}}
//   {{dedup_key}} {{channels}} {{data}}    every field of the alert
//   {{data.price}} {{data.levels.stop}}    an entry of its data (nested with dots)
//   {{data.price|n/a}}                     with a default when the entry is missing
//   \{{                                     a literal "{{"
// Parsing checks the syntax and the field names; rendering fails only for a data entry the
// alert does not have and no default covers. Pure.
class Template final {
public:
    static std::optional<Template> parse(const QString& text, TemplateError* error);
    std::optional<QString> render(const Alert& a, TemplateError* error) const;
    const QString& text() const { return m_text; }

    static QStringList fieldNames();

private:
    struct Part {
        QString literal; // when path is empty
        QStringList path; // "data", "price"
        QString fallback; // after '|'
        bool hasFallback = false;
        int offset = 0;
    };
    QString m_text;
    QList<Part> m_parts;
};

TemplateError templateErrorAt(const QString& text, int offset, const QString& message);

// A template for one channel kind ("*": any) and alert type (nullopt: any); a part left out
// keeps the default text.
//   {"channel_kind": "webhook", "type": "PRICE", "title": "{{symbol}} at {{data.price}}", "message": "..."}
struct MessageTemplate {
    QString channelKind = QStringLiteral("*");
    std::optional<AlertType> type;
    std::optional<Template> title;
    std::optional<Template> message;

    static std::optional<MessageTemplate> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

// The most specific template: kind and type, then kind, then type, then the catch-all.
const MessageTemplate* findTemplate(
    const QList<MessageTemplate>& templates, const QString& channelKind, AlertType type);

// Applies a template to an alert's title and message. A part that cannot be rendered keeps
// the default text and its error is put in *errors ("title: line 1, column 3: ...").
Alert applyTemplate(const MessageTemplate& t, Alert a, QStringList* errors);

} // namespace alertdesk
