// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/Autostart.h"

#include "config/Profile.h"
#include "config/ProxySetting.h"
#include "config/Settings.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"

#include <QJsonObject>

namespace alertdesk {

// alertdesk-cli settings

void SettingsCommand::execute(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("get") && rest.size() == 2) {
        if (!findSetting(rest[1]))
            return fail(BadInput, QStringLiteral("unknown setting '%1' (see: settings list)").arg(rest[1]));
        if (!openEngine())
            return;
        printJson(m_engine->profile().setting(rest[1]));
        return done(Ok);
    }
    if (sub == QLatin1String("set") && rest.size() == 3 && rest[1] == QLatin1String("network.proxy")) {
        // A proxy's password goes to the keychain, the rest of the URL to the profile.
        QString error;
        const auto proxy = parseProxySetting(rest[2], &error);
        if (!proxy)
            return fail(BadInput, error);
        if (!openEngine())
            return;
        auto save = [this, setting = proxy->toString()](const QString& keychainError) {
            if (!keychainError.isEmpty())
                return fail(Failed, keychainError);
            QString error;
            if (!m_engine->profile().setSetting(QStringLiteral("network.proxy"), setting, &error))
                return fail(BadInput, error);
            if (!m_engine->profile().save(&error))
                return fail(Failed, error);
            printJson(m_engine->profile().setting(QStringLiteral("network.proxy")));
            done(Ok);
        };
        if (!proxy->password.isEmpty() || proxy->user.isEmpty())
            m_engine->notifications().storeProxyPassword(proxy->password, save);
        else
            save({}); // the password stored before stays
        return;
    }
    if (sub == QLatin1String("set") && rest.size() == 3) {
        if (!openEngine())
            return;
        QString error;
        if (!m_engine->profile().setSetting(rest[1], rest[2], &error))
            return fail(BadInput, error);
        if (rest[1] == QLatin1String("ui.autostart")
            && !Autostart::apply(m_engine->profile().setting(rest[1]).toBool(), m_engine->profile().dir(), &error))
            return fail(Failed, error); // the setting stays as it was: it says what is on disk
        if (!m_engine->profile().save(&error))
            return fail(Failed, error);
        printJson(m_engine->profile().setting(rest[1]));
        return done(Ok);
    }
    if (sub == QLatin1String("list") && rest.size() == 1) {
        if (!openEngine())
            return;
        QJsonObject all;
        for (const SettingSpec& s : settingSpecs())
            all.insert(s.key, m_engine->profile().setting(s.key));
        printJson(all);
        return done(Ok);
    }
    fail(BadInput, QStringLiteral("usage: settings set KEY VALUE | settings get KEY | settings list"));
}

} // namespace alertdesk
