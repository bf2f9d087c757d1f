// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QLoggingCategory>

// One category per component: QT_LOGGING_RULES="alertdesk.delivery.debug=true" turns on just that.
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcChannels)
Q_DECLARE_LOGGING_CATEGORY(lcSmtp)
Q_DECLARE_LOGGING_CATEGORY(lcDelivery)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcRules)
Q_DECLARE_LOGGING_CATEGORY(lcSources)

namespace alertdesk {
// Keeps Qt's own network and HTTP server categories (qt.network.*, qt.httpserver*) from
// debug and info output whatever the logging rules say ("*.debug=true" included): they print
// request headers, credentials among them. Warnings still show. Idempotent.
void guardQtNetworkLogging();
} // namespace alertdesk
