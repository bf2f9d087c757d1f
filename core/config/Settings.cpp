// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Settings.h"

#include "ProxySetting.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <cmath>

namespace alertdesk {

namespace {
// A value refused: the Settings page shows why in the window's language (its proxy is typed
// as text). The messages name the setting by its key, as `settings set` does.
class SettingChecks final {
    Q_DECLARE_TR_FUNCTIONS(SettingChecks)
};
} // namespace

namespace {
constexpr double kLatestEndMs = 4102444800000.0; // 2100-01-01: an end time beyond is a typing error
} // namespace

QStringList alarmSoundNames()
{
    // The files of resources/sounds/ (scripts/make-sounds.py), from urgent to discreet.
    return { QStringLiteral("alarm"), QStringLiteral("alert"), QStringLiteral("chime"), QStringLiteral("ping"),
        QStringLiteral("tick") };
}

const QList<SettingSpec>& settingSpecs()
{
    using T = SettingSpec::Type;
    static const QList<SettingSpec> specs {
        { QStringLiteral("delivery.max_retries"), T::Int, 3, 0, 20, QStringLiteral("retries after the first attempt") },
        { QStringLiteral("delivery.retry_delay_ms"), T::Int, 5000, 0, 3600000,
            QStringLiteral("base delay of the exponential backoff") },
        { QStringLiteral("delivery.retry_cap_ms"), T::Int, 300000, 0, 86400000,
            QStringLiteral("longest single backoff") },
        { QStringLiteral("delivery.jitter"), T::Double, 0.2, 0, 1,
            QStringLiteral("random +/- fraction of each backoff") },
        { QStringLiteral("delivery.parallel"), T::Bool, true, 0, 0,
            QStringLiteral("send to all channels at once (false: one after another)") },
        { QStringLiteral("delivery.fail_fast"), T::Bool, false, 0, 0,
            QStringLiteral("stop an alert's other deliveries at its first failure") },
        { QStringLiteral("delivery.timeout_ms"), T::Int, 10000, 100, 600000,
            QStringLiteral("time limit of one HTTP attempt") },
        { QStringLiteral("delivery.concurrency"), T::Int, 8, 1, 64,
            QStringLiteral("deliveries in flight per channel") },
        { QStringLiteral("delivery.breaker_threshold"), T::Int, 5, 1, 1000,
            QStringLiteral("consecutive failures that open a channel's circuit") },
        { QStringLiteral("delivery.breaker_cooldown_ms"), T::Int, 30000, 100, 3600000,
            QStringLiteral("how long an open circuit waits before a probe") },
        { QStringLiteral("network.proxy"), T::String, QStringLiteral("system"), 0, 2048,
            QStringLiteral(
                "proxy for the channels' HTTP: system (the desktop's or $http_proxy, $https_proxy, $no_proxy), "
                "none, or http://[user[:password]@]host:port (the password goes to the keychain)") },
        { QStringLiteral("ingest.port"), T::Int, 8765, 0, 65535,
            QStringLiteral("TCP port of the local ingest API on 127.0.0.1 (0: any free port)") },
        { QStringLiteral("ingest.max_body_bytes"), T::Int, 1048576, 1024, 67108864,
            QStringLiteral("largest request body the ingest API accepts") },
        { QStringLiteral("feed.enabled"), T::Bool, false, 0, 0,
            QStringLiteral("stream the prices the rules watch from the exchange ticker feed") },
        { QStringLiteral("feed.url"), T::String, QStringLiteral("wss://stream.binance.com:9443/stream"), 0, 2048,
            QStringLiteral("combined-stream WebSocket URL of a Binance-style ticker feed") },
        { QStringLiteral("feed.stale_after_ms"), T::Int, 30000, 1000, 86400000,
            QStringLiteral("silence after which the feed raises a HEALTH alert") },
        // The desktop app's window and tray.
        // The Alerts page's saved filters, written by the window: a JSON object, name -> filter.
        { QStringLiteral("ui.saved_filters"), T::String, QStringLiteral("{}"), 0, 65536,
            QStringLiteral("the Alerts page's saved filters (JSON: name -> filter)") },
        { QStringLiteral("ui.notify_min_priority"), T::Choice, QStringLiteral("HIGH"), 0, 0,
            QStringLiteral("desktop notification for new alerts of this priority or more urgent (OFF: none)") },
        { QStringLiteral("ui.notify_actions_min_priority"), T::Choice, QStringLiteral("HIGH"), 0, 0,
            QStringLiteral("desktop notifications of this priority or more urgent carry Acknowledge and Snooze 1 h "
                           "(where the desktop's notification server shows actions; OFF: none)") },
        { QStringLiteral("ui.close_to_tray"), T::Bool, true, 0, 0,
            QStringLiteral(
                "closing the window keeps AlertDesk running in the system tray (when the desktop has one)") },
        { QStringLiteral("ui.start_minimized"), T::Bool, false, 0, 0,
            QStringLiteral("start with the window hidden in the tray (minimized when there is no tray)") },
        { QStringLiteral("ui.autostart"), T::Bool, false, 0, 0,
            QStringLiteral("start AlertDesk at login: an XDG autostart entry that opens this profile (in the tray "
                           "when ui.start_minimized is on)") },
        { QStringLiteral("ui.language"), T::Choice, QStringLiteral("system"), 0, 0,
            QStringLiteral("language of the window: system (the desktop's) or a shipped translation; read at start") },
        { QStringLiteral("ui.theme"), T::Choice, QStringLiteral("system"), 0, 0,
            QStringLiteral("colours of the window: system (the desktop's), light or dark; read at start") },
        // Desktop notifications paused (tray and status bar): the end, so a restarted window keeps it.
        { QStringLiteral("ui.pause_until"), T::Int, 0, 0, kLatestEndMs,
            QStringLiteral(
                "desktop notifications and sounds paused until this time (ms since 1970 UTC; 0: not paused); "
                "other channels keep delivering unless ui.pause_holds_channels is on") },
        { QStringLiteral("ui.pause_holds_channels"), T::Bool, false, 0, 0,
            QStringLiteral("a pause holds every channel's notifications too; they go out when it ends, one digest per "
                           "channel (acknowledged or resolved alerts are dropped)") },
        // Alarm sounds of the window (Qt Multimedia), one per priority; kept together for the Settings page.
        { QStringLiteral("ui.sound.critical"), T::Choice, QStringLiteral("alarm"), 0, 0,
            QStringLiteral("sound for a new CRITICAL alert (silent: none)") },
        { QStringLiteral("ui.sound.high"), T::Choice, QStringLiteral("alert"), 0, 0,
            QStringLiteral("sound for a new HIGH alert (silent: none)") },
        { QStringLiteral("ui.sound.medium"), T::Choice, QStringLiteral("chime"), 0, 0,
            QStringLiteral("sound for a new MEDIUM alert (silent: none)") },
        { QStringLiteral("ui.sound.low"), T::Choice, QStringLiteral("ping"), 0, 0,
            QStringLiteral("sound for a new LOW alert (silent: none)") },
        { QStringLiteral("ui.sound.info"), T::Choice, QStringLiteral("silent"), 0, 0,
            QStringLiteral("sound for a new INFO alert (silent: none)") },
        { QStringLiteral("ui.sound.volume"), T::Int, 80, 0, 100, QStringLiteral("volume of the alarm sounds, in %") },
        { QStringLiteral("ui.sound.critical_repeats"), T::Int, 0, 0, 1000,
            QStringLiteral("times a CRITICAL alert's sound plays again while it is open (0: until acknowledged)") },
        { QStringLiteral("ui.sound.repeat_interval_s"), T::Int, 15, 2, 3600,
            QStringLiteral("seconds between the repeats of a CRITICAL alert's sound") },
        { QStringLiteral("ui.sound.muted_until"), T::Int, 0, 0, kLatestEndMs,
            QStringLiteral("alarm sounds muted until this time (ms since 1970 UTC; 0: not muted)") },
    };
    return specs;
}

QStringList SettingSpec::choices() const
{
    // Kept out of the table's rows, so that rows of the other types need not name them.
    if (key == QLatin1String("ui.notify_min_priority") || key == QLatin1String("ui.notify_actions_min_priority"))
        return { QStringLiteral("CRITICAL"), QStringLiteral("HIGH"), QStringLiteral("MEDIUM"), QStringLiteral("LOW"),
            QStringLiteral("INFO"), QStringLiteral("OFF") };
    if (key.startsWith(QLatin1String("ui.sound.")))
        return alarmSoundNames() << QStringLiteral("silent");
    // The desktop's language, then every translation in translations/.
    if (key == QLatin1String("ui.language"))
        return { QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es") };
    if (key == QLatin1String("ui.theme"))
        return { QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark") };
    return {};
}

const SettingSpec* findSetting(const QString& key)
{
    for (const SettingSpec& s : settingSpecs()) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

std::optional<QJsonValue> checkSettingValue(const SettingSpec& spec, const QJsonValue& v, QString* error)
{
    switch (spec.type) {
    case SettingSpec::Type::String:
        if (!v.isString()) {
            *error = SettingChecks::tr("%1 must be a string").arg(spec.key);
            return std::nullopt;
        }
        if (static_cast<double>(v.toString().size()) > spec.max) {
            *error = SettingChecks::tr("%1 is longer than %2 characters").arg(spec.key).arg(spec.max);
            return std::nullopt;
        }
        if (spec.key == QLatin1String("network.proxy")) {
            const auto proxy = parseProxySetting(v.toString(), error);
            if (!proxy)
                return std::nullopt;
            if (!proxy->password.isEmpty()) {
                // Whoever takes a password out of the text (settings set, the window) keeps it
                // in the keychain; the profile never holds one.
                *error = SettingChecks::tr("network.proxy must not hold a password: it belongs in the keychain");
                return std::nullopt;
            }
            return QJsonValue(proxy->toString());
        }
        if (spec.key == QLatin1String("ui.saved_filters")
            && !QJsonDocument::fromJson(v.toString().toUtf8()).isObject()) {
            *error = SettingChecks::tr("%1 must be a JSON object").arg(spec.key);
            return std::nullopt;
        }
        return v;
    case SettingSpec::Type::Choice:
        for (const QString& c : spec.choices()) {
            if (v.isString() && v.toString().compare(c, Qt::CaseInsensitive) == 0)
                return QJsonValue(c);
        }
        *error = SettingChecks::tr("%1 must be one of %2").arg(spec.key, spec.choices().join(QStringLiteral(", ")));
        return std::nullopt;
    case SettingSpec::Type::Bool:
        if (!v.isBool()) {
            *error = SettingChecks::tr("%1 must be true or false").arg(spec.key);
            return std::nullopt;
        }
        return v;
    case SettingSpec::Type::Int:
    case SettingSpec::Type::Double: {
        if (!v.isDouble()) {
            *error = SettingChecks::tr("%1 must be a number").arg(spec.key);
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (!std::isfinite(d)) {
            *error = SettingChecks::tr("%1 must be a finite number").arg(spec.key);
            return std::nullopt;
        }
        // std::trunc, not a cast to qint64: casting 1e300 is undefined (found by fuzz_dotenv).
        if (spec.type == SettingSpec::Type::Int && d != std::trunc(d)) {
            *error = SettingChecks::tr("%1 must be a whole number").arg(spec.key);
            return std::nullopt;
        }
        if (d < spec.min || d > spec.max) {
            *error = SettingChecks::tr("%1 must be between %2 and %3").arg(spec.key).arg(spec.min).arg(spec.max);
            return std::nullopt;
        }
        return spec.type == SettingSpec::Type::Int ? QJsonValue(static_cast<qint64>(d)) : QJsonValue(d);
    }
    }
    return std::nullopt;
}

std::optional<QJsonValue> parseSettingValue(const SettingSpec& spec, const QString& text, QString* error)
{
    if (spec.type == SettingSpec::Type::String)
        return checkSettingValue(spec, QJsonValue(text.trimmed()), error);
    const QString t = text.trimmed().toLower();
    if (spec.type == SettingSpec::Type::Choice) {
        if (auto v = checkSettingValue(spec, QJsonValue(text.trimmed()), error))
            return v;
        *error = SettingChecks::tr("%1 must be one of %2, not '%3'")
                     .arg(spec.key, spec.choices().join(QStringLiteral(", ")), text);
        return std::nullopt;
    }
    if (spec.type == SettingSpec::Type::Bool) {
        if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes")
            || t == QLatin1String("on"))
            return QJsonValue(true);
        if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no")
            || t == QLatin1String("off"))
            return QJsonValue(false);
        *error = SettingChecks::tr("%1 must be true or false, not '%2'").arg(spec.key, text);
        return std::nullopt;
    }
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (!ok || !std::isfinite(d)) {
        *error = SettingChecks::tr("%1 must be a number, not '%2'").arg(spec.key, text);
        return std::nullopt;
    }
    return checkSettingValue(spec, QJsonValue(d), error);
}

DeliverySettings DeliverySettings::fromSettings(const QJsonObject& values)
{
    auto get = [&](const char* key) {
        const QString k = QString::fromLatin1(key);
        return values.contains(k) ? values.value(k) : findSetting(k)->defaultValue;
    };
    DeliverySettings s;
    s.maxRetries = get("delivery.max_retries").toInt();
    s.retryDelayMs = get("delivery.retry_delay_ms").toInt();
    s.retryCapMs = get("delivery.retry_cap_ms").toInt();
    s.jitter = get("delivery.jitter").toDouble();
    s.parallel = get("delivery.parallel").toBool();
    s.failFast = get("delivery.fail_fast").toBool();
    s.timeoutMs = get("delivery.timeout_ms").toInt();
    s.concurrency = get("delivery.concurrency").toInt();
    s.breakerThreshold = get("delivery.breaker_threshold").toInt();
    s.breakerCooldownMs = get("delivery.breaker_cooldown_ms").toInt();
    return s;
}

} // namespace alertdesk
