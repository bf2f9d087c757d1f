// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <optional>

namespace alertdesk {

// The profile's network.proxy: "system" (the default: the desktop's or the environment's
// proxy, on Linux $http_proxy, $https_proxy and $no_proxy), "none" (always direct), or an
// HTTP proxy "http://[user@]host:port" whose password lives in the keychain.
struct ProxySetting {
    enum class Mode { System, None, Http };
    Mode mode = Mode::System;
    QString host;
    int port = 0;
    QString user;
    QString password; // only while a URL typed with one is split: never stored in the profile

    // "system", "none" or the URL without its password.
    QString toString() const;
    // The keychain entry of the proxy's password, beside the profile's channels (a channel
    // name cannot start with '@').
    static QString secretChannel() { return QStringLiteral("@network"); }
    static QString secretField() { return QStringLiteral("proxy_password"); }
};

// Reads the setting's text; std::nullopt and *error (naming network.proxy) when it is none of
// the three forms.
std::optional<ProxySetting> parseProxySetting(const QString& text, QString* error);

} // namespace alertdesk
