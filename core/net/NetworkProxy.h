// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/ProxySetting.h"

class QNetworkAccessManager;

namespace alertdesk {

// Makes nam use the proxy the setting names (password: the keychain's, for Http with a user).
void applyProxySetting(QNetworkAccessManager* nam, const ProxySetting& setting, const QString& password = {});

} // namespace alertdesk
