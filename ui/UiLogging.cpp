// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "alertdesk.ui", QtInfoMsg)
