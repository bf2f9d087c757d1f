// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "rules/Rule.h"

#include <optional>

namespace alertdesk {

class CommandArgs;

// The options of `alertdesk-cli rule add NAME ...`, the usage line, and the Rule they make.
QStringList ruleAddOptions();
QString ruleAddUsage();
// Builds and validates the rule, or sets *error: the option at fault ("value2"; "name" for
// the rule's name) and a message naming it as {--value2} or {rule name}, which the command
// line prints as it is ("--value2 is required by enter-range ...") and a form in its labels.
// nowMs refuses an expiry in the past.
std::optional<Rule> ruleFromArgs(const QString& name, const CommandArgs& args, qint64 nowMs, FieldError* error);
// A rule check's error (validateRule, RuleService) in the same words as ruleFromArgs's.
QString ruleErrorMessage(const FieldError& e);
// "once", "every", "once-per:1h" -> frequency and interval.
bool parseFrequency(const QString& text, RuleFrequency* frequency, qint64* intervalMs, QString* error);

} // namespace alertdesk
