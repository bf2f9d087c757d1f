// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <functional>

namespace alertdesk {

// A validation failure that names the field at fault: the field as its source names it (an
// alert's JSON key, a command-line option without "--", a settings key) and what is wrong.
//
// A message may name fields itself, as "{name}" ("{--bot-token} is required with
// {--channel-id}", "{chat_ids}: 'me' is not a chat id"): text() writes those names as they
// are, for the command line and the logs; a form passes its own namer and shows its labels
// instead. A value from the input is put in with literal(), so that its braces stay braces.
struct FieldError {
    QString field;
    QString message;

    QString toString() const { return field + QStringLiteral(": ") + message; }
    // The message with each {name} written by nameOf (by default as it is).
    QString text(const std::function<QString(const QString& name)>& nameOf = {}) const;
    // A piece of input for a message: "{" written as "{{", which text() turns back.
    static QString literal(const QString& value);
};

} // namespace alertdesk
