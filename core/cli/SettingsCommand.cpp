#include "Commands.h"

#include "config/Profile.h"
#include "config/Settings.h"
#include "engine/Engine.h"

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
    if (sub == QLatin1String("set") && rest.size() == 3) {
        if (!openEngine())
            return;
        QString error;
        if (!m_engine->profile().setSetting(rest[1], rest[2], &error))
            return fail(BadInput, error);
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
