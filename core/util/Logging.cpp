// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Logging.h"

Q_LOGGING_CATEGORY(lcStorage, "alertdesk.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "alertdesk.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "alertdesk.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChannels, "alertdesk.channels", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSmtp, "alertdesk.smtp", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDelivery, "alertdesk.delivery", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "alertdesk.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "alertdesk.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRules, "alertdesk.rules", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSources, "alertdesk.sources", QtInfoMsg)

namespace alertdesk {

namespace {
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

void guardedFilter(QLoggingCategory* category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    const char* name = category->categoryName();
    if (qstrncmp(name, "qt.network", 10) == 0 || qstrncmp(name, "qt.httpserver", 13) == 0) {
        category->setEnabled(QtDebugMsg, false);
        category->setEnabled(QtInfoMsg, false);
    }
}
} // namespace

void guardQtNetworkLogging()
{
    static const bool installed = [] {
        g_previousFilter = QLoggingCategory::installFilter(guardedFilter);
        return true;
    }();
    Q_UNUSED(installed);
}

} // namespace alertdesk
