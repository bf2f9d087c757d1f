// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Profile.h"

#include "policy/PolicyConfig.h"
#include "util/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <sys/stat.h>

namespace alertdesk {

QString Profile::defaultDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/AlertDesk/default");
}

bool Profile::isValidChannelName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return re.match(name).hasMatch();
}

void Profile::makePrivate(const QString& dir)
{
    // What an older AlertDesk, a copy or a restore left open to others is closed again.
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile::setPermissions(dir, ownerOnly | QFileDevice::ExeOwner);
    const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks);
    for (const QFileInfo& f : files) {
        if (f.permissions() & ~(ownerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser)) {
            if (!QFile::setPermissions(f.absoluteFilePath(), ownerOnly))
                qCWarning(lcConfig).noquote() << "cannot make" << f.absoluteFilePath() << "private to its owner";
        }
    }
}

QString Profile::configPath() const
{
    return m_dir + QStringLiteral("/config.json");
}
QString Profile::databasePath() const
{
    return m_dir + QStringLiteral("/history.db");
}
QString Profile::lockPath() const
{
    return m_dir + QStringLiteral("/engine.lock");
}

std::optional<Profile> Profile::load(const QString& dirPath, QString* error, QString* warning)
{
    Profile p;
    p.m_dir = QDir(dirPath).absolutePath();
    // Everything this process creates from now on (the history and its -wal and -shm, the
    // lock, ingest.json) is its user's alone from its first byte: no window in which another
    // user could open it.
    const mode_t previous = ::umask(0077);
    ::umask(previous | 0077);
    if (!QDir().mkpath(p.m_dir)) {
        *error = QStringLiteral("cannot create profile folder %1").arg(p.m_dir);
        return std::nullopt;
    }
    makePrivate(p.m_dir);
    QFile f(p.configPath());
    if (!f.exists()) {
        p.m_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (!p.save(error))
            return std::nullopt;
        return p;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString());
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    f.close();
    QString problem;
    if (pe.error != QJsonParseError::NoError)
        problem = QStringLiteral("not valid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString());
    else if (!doc.isObject())
        problem = QStringLiteral("the top level is not a JSON object");
    else {
        const int version = doc.object().value(QStringLiteral("version")).toInt(-1);
        if (version > kConfigVersion) {
            *error = QStringLiteral(
                "%1 was written by a newer AlertDesk (config version %2; this version knows up to %3); "
                "it has not been modified")
                         .arg(f.fileName())
                         .arg(version)
                         .arg(kConfigVersion);
            return std::nullopt;
        }
        if (!p.parse(doc.object(), &problem) && problem.isEmpty())
            problem = QStringLiteral("invalid");
    }
    if (problem.isEmpty()) {
        if (warning && !p.m_warnings.isEmpty())
            *warning = p.m_warnings.join(QLatin1Char('\n'));
        return p;
    }

    // Keep the unreadable file for the user, start afresh, and say so.
    // A second bad file within the same second must not be lost to a name clash.
    const QString stem = f.fileName() + QStringLiteral(".corrupt-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmssZ"));
    QString aside = stem;
    for (int n = 2; QFile::exists(aside); ++n)
        aside = stem + QStringLiteral("-%1").arg(n);
    if (!QFile::rename(f.fileName(), aside)) {
        *error = QStringLiteral("%1 is unreadable (%2) and could not be moved aside").arg(f.fileName(), problem);
        return std::nullopt;
    }
    if (warning)
        *warning = QStringLiteral("%1 was unreadable (%2); it was kept as %3 and a fresh configuration started")
                       .arg(f.fileName(), problem, aside);
    qCWarning(lcConfig).noquote() << "config unreadable:" << problem << "kept as" << aside;
    Profile fresh;
    fresh.m_dir = p.m_dir;
    fresh.m_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!fresh.save(error))
        return std::nullopt;
    return fresh;
}

bool Profile::parse(const QJsonObject& root, QString* error)
{
    m_id = root.value(QStringLiteral("profile_id")).toString();
    if (m_id.isEmpty()) {
        *error = QStringLiteral("profile_id is missing");
        return false;
    }
    const QJsonValue channels = root.value(QStringLiteral("channels"));
    if (!channels.isUndefined() && !channels.isArray()) {
        *error = QStringLiteral("channels must be an array");
        return false;
    }
    const QJsonArray arr = channels.toArray();
    for (int i = 0; i < arr.size(); ++i) {
        const QString where = QStringLiteral("channels[%1]").arg(i);
        if (!arr[i].isObject()) {
            *error = where + QStringLiteral(" must be an object");
            return false;
        }
        const ChannelConfig c = ChannelConfig::fromJson(arr[i].toObject());
        if (!isValidChannelName(c.name)) {
            *error = where + QStringLiteral(".name '%1' is not a valid channel name").arg(c.name);
            return false;
        }
        if (c.kind.isEmpty()) {
            *error = where + QStringLiteral(".kind is missing");
            return false;
        }
        if (channel(c.name)) {
            *error = where + QStringLiteral(".name '%1' is used twice").arg(c.name);
            return false;
        }
        m_channels << c;
    }
    const QJsonValue sources = root.value(QStringLiteral("sources"));
    if (!sources.isUndefined() && !sources.isArray()) {
        *error = QStringLiteral("sources must be an array");
        return false;
    }
    const QJsonArray sourceArr = sources.toArray();
    for (int i = 0; i < sourceArr.size(); ++i) {
        const QString where = QStringLiteral("sources[%1]").arg(i);
        if (!sourceArr[i].isObject()) {
            *error = where + QStringLiteral(" must be an object");
            return false;
        }
        const SourceConfig c = SourceConfig::fromJson(sourceArr[i].toObject());
        if (!isValidChannelName(c.name)) {
            *error = where + QStringLiteral(".name '%1' is not a valid source name").arg(c.name);
            return false;
        }
        if (c.kind.isEmpty()) {
            *error = where + QStringLiteral(".kind is missing");
            return false;
        }
        if (source(c.name)) {
            *error = where + QStringLiteral(".name '%1' is used twice").arg(c.name);
            return false;
        }
        m_sources << c;
    }
    const QJsonObject settings = root.value(QStringLiteral("settings")).toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const SettingSpec* spec = findSetting(it.key());
        if (!spec) {
            qCWarning(lcConfig).noquote() << "ignoring unknown setting" << it.key();
            continue;
        }
        // One bad value costs only that setting, never the channels beside it.
        QString problem;
        const auto v = checkSettingValue(*spec, it.value(), &problem);
        if (!v) {
            m_warnings << QStringLiteral("%1: settings.%2 ignored (the default applies): %3")
                              .arg(configPath(), it.key(), problem);
            m_rejectedSettings.insert(it.key(), it.value());
            continue;
        }
        m_settings.insert(it.key(), *v);
    }
    const QJsonValue policies = root.value(QStringLiteral("policies"));
    if (!policies.isUndefined() && !policies.isNull()) {
        if (!policies.isObject()) {
            *error = QStringLiteral("policies must be an object");
            return false;
        }
        if (!setPolicies(policies.toObject(), error))
            return false;
    }
    return true;
}

const PolicyConfig& Profile::policies() const
{
    static const PolicyConfig none;
    return m_policies ? *m_policies : none;
}

bool Profile::setPolicies(const QJsonObject& policies, QString* error)
{
    FieldError fe;
    auto parsed = PolicyConfig::fromJson(policies, &fe);
    if (!parsed) {
        *error = fe.toString();
        return false;
    }
    m_policies = std::make_shared<const PolicyConfig>(std::move(*parsed));
    return true;
}

QJsonObject Profile::settingsToSave() const
{
    QJsonObject out = m_settings;
    for (auto it = m_rejectedSettings.begin(); it != m_rejectedSettings.end(); ++it) {
        if (!out.contains(it.key()))
            out.insert(it.key(), it.value());
    }
    return out;
}

bool Profile::save(QString* error) const
{
    QJsonArray channels;
    for (const auto& c : m_channels)
        channels.append(c.toJson());
    QJsonObject root {
        { QStringLiteral("version"), kConfigVersion },
        { QStringLiteral("profile_id"), m_id },
        { QStringLiteral("channels"), channels },
        { QStringLiteral("settings"), settingsToSave() },
    };
    if (m_policies && !m_policies->json.isEmpty())
        root.insert(QStringLiteral("policies"), m_policies->json);
    if (!m_sources.isEmpty()) {
        QJsonArray sources;
        for (const auto& c : m_sources)
            sources.append(c.toJson());
        root.insert(QStringLiteral("sources"), sources);
    }
    QSaveFile f(configPath());
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(configPath(), f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(configPath(), f.errorString());
        return false;
    }
    m_savedStamp = QFileInfo(configPath()).lastModified();
    return true;
}

const ChannelConfig* Profile::channel(const QString& name) const
{
    for (const auto& c : m_channels) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QStringList Profile::enabledChannelNames() const
{
    QStringList out;
    for (const auto& c : m_channels) {
        if (c.enabled)
            out << c.name;
    }
    return out;
}

bool Profile::addChannel(const ChannelConfig& c, QString* error)
{
    if (!isValidChannelName(c.name)) {
        *error = QStringLiteral("channel name '%1' is not valid: use 1-64 letters, digits, '_', '.' or '-', starting "
                                "with a letter or digit")
                     .arg(c.name);
        return false;
    }
    if (channel(c.name)) {
        *error = QStringLiteral("a channel named '%1' exists already").arg(c.name);
        return false;
    }
    m_channels << c;
    return true;
}

void Profile::replaceChannel(const ChannelConfig& c)
{
    for (auto& existing : m_channels) {
        if (existing.name == c.name) {
            existing = c;
            return;
        }
    }
    m_channels << c;
}

bool Profile::removeChannel(const QString& name)
{
    for (int i = 0; i < m_channels.size(); ++i) {
        if (m_channels[i].name == name) {
            m_channels.removeAt(i);
            return true;
        }
    }
    return false;
}

const SourceConfig* Profile::source(const QString& name) const
{
    for (const auto& c : m_sources) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

void Profile::replaceSource(const SourceConfig& s)
{
    for (auto& existing : m_sources) {
        if (existing.name == s.name) {
            existing = s;
            return;
        }
    }
    m_sources << s;
}

bool Profile::removeSource(const QString& name)
{
    for (int i = 0; i < m_sources.size(); ++i) {
        if (m_sources[i].name == name) {
            m_sources.removeAt(i);
            return true;
        }
    }
    return false;
}

QJsonValue Profile::setting(const QString& key) const
{
    if (m_settings.contains(key))
        return m_settings.value(key);
    const SettingSpec* spec = findSetting(key);
    return spec ? spec->defaultValue : QJsonValue();
}

bool Profile::setSetting(const QString& key, const QString& text, QString* error)
{
    const SettingSpec* spec = findSetting(key);
    if (!spec) {
        QStringList keys;
        for (const auto& s : settingSpecs())
            keys << s.key;
        *error = QStringLiteral("unknown setting '%1' (known: %2)").arg(key, keys.join(QStringLiteral(", ")));
        return false;
    }
    const auto v = parseSettingValue(*spec, text, error);
    if (!v)
        return false;
    m_settings.insert(key, *v);
    m_rejectedSettings.remove(key);
    return true;
}

} // namespace alertdesk
