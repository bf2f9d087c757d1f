// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Logging.h"

#include <atomic>

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
// Read by guardedFilter on whichever thread registers a category (under Qt's registry lock),
// written by the thread that installs the guard (after Qt has released that lock): atomic.
std::atomic<QLoggingCategory::CategoryFilter> g_previousFilter { nullptr };

void guardedFilter(QLoggingCategory* category)
{
    if (const QLoggingCategory::CategoryFilter previous = g_previousFilter.load(std::memory_order_acquire))
        previous(category);
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
        // installFilter runs the new filter over every category before it returns the old
        // one, so that first pass runs without the logging rules; installing it again with
        // the old filter known applies both to every category.
        g_previousFilter.store(QLoggingCategory::installFilter(guardedFilter), std::memory_order_release);
        QLoggingCategory::installFilter(guardedFilter);
        return true;
    }();
    Q_UNUSED(installed);
}

} // namespace alertdesk
