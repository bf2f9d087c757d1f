// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ProxySetting.h"

#include <QCoreApplication>
#include <QUrl>

namespace alertdesk {

namespace {
// The Settings page shows it in the window's language (the context of core/config/Settings.cpp).
class SettingChecks final {
    Q_DECLARE_TR_FUNCTIONS(SettingChecks)
};
} // namespace

QString ProxySetting::toString() const
{
    switch (mode) {
    case Mode::System:
        return QStringLiteral("system");
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Http: {
        QUrl u;
        u.setScheme(QStringLiteral("http"));
        u.setHost(host);
        u.setPort(port);
        u.setUserName(user);
        return u.toString();
    }
    }
    return {};
}

std::optional<ProxySetting> parseProxySetting(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    ProxySetting s;
    if (t.isEmpty() || t.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0)
        return s;
    if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        s.mode = ProxySetting::Mode::None;
        return s;
    }
    const QUrl u(t, QUrl::StrictMode);
    if (!u.isValid() || u.scheme() != QLatin1String("http") || u.host().isEmpty() || u.port() <= 0
        || (!u.path().isEmpty() && u.path() != QLatin1String("/")) || u.hasQuery() || u.hasFragment()) {
        // The text may hold a password: never echoed.
        //: network.proxy is the setting's key; system, none and the URL's form are what it takes.
        *error = SettingChecks::tr("network.proxy must be system, none or http://[user[:password]@]host:port");
        return std::nullopt;
    }
    s.mode = ProxySetting::Mode::Http;
    s.host = u.host();
    s.port = u.port();
    s.user = u.userName(QUrl::FullyDecoded);
    s.password = u.password(QUrl::FullyDecoded);
    return s;
}

} // namespace alertdesk
