// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QLoggingCategory>

// The desktop app's category: QT_LOGGING_RULES="alertdesk.ui.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcUi)
