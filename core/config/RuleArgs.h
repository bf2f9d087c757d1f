#pragma once

#include "rules/Rule.h"

#include <optional>

namespace alertdesk {

class CommandArgs;

// The options of `alertdesk-cli rule add NAME ...`, the usage line, and the Rule they make.
QStringList ruleAddOptions();
QString ruleAddUsage();
// Builds and validates the rule; *error names the option at fault ("--value2 is required by
// enter-range ..."). nowMs refuses an expiry in the past.
std::optional<Rule> ruleFromArgs(const QString& name, const CommandArgs& args, qint64 nowMs, QString* error);
// "once", "every", "once-per:1h" -> frequency and interval.
bool parseFrequency(const QString& text, RuleFrequency* frequency, qint64* intervalMs, QString* error);

} // namespace alertdesk
