// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace alertdesk {

// What one Prometheus Alertmanager webhook notification (payload version 4) asks of AlertDesk:
// alerts to raise for the firing ones, and the dedup keys of those it reports resolved. An
// Alertmanager alert is known by its fingerprint (dedup key "alertmanager:<fingerprint>"), so
// the repeats Alertmanager sends for a group are recognised as the same alert.
//
// Mapping: title = annotations.summary, else labels.alertname; message = annotations.description
// (or .message / .summary) with the labels and the generator URL; priority from the severity
// label (critical/page -> CRITICAL, error/high/major -> HIGH, warning/warn/medium -> MEDIUM,
// low/minor -> LOW, info/informational/none -> INFO, otherwise MEDIUM) unless an
// alertdesk_priority label names one; type HEALTH unless an alertdesk_type label names one;
// symbol and strategy from the labels of those names; labels, annotations, times and URLs in data.
struct AlertmanagerBatch {
    QList<Alert> firing;
    QStringList resolved;

    // channels: where the alerts go (empty: every enabled channel). On failure *error names the
    // field ("version", "alerts[2].labels", ...).
    static std::optional<AlertmanagerBatch> parse(
        const QJsonObject& payload, const QStringList& channels, FieldError* error);
    static Priority priorityFromSeverity(const QString& severity);
    static QString dedupKeyFor(const QString& fingerprint) { return QStringLiteral("alertmanager:") + fingerprint; }
};

} // namespace alertdesk
