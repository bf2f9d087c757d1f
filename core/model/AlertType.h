// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

enum class AlertType { Price = 0, Performance, Risk, Health, Milestone, Custom };

QString alertTypeName(AlertType t); // "PRICE"
std::optional<AlertType> alertTypeFromString(const QString& s); // case-insensitive
QStringList alertTypeNames();

} // namespace alertdesk
