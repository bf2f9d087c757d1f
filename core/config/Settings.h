// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

// The known settings, their types, ranges and defaults. `settings set` and the profile loader
// both validate against this table, so a bad value is refused with the key named.
struct SettingSpec {
    QString key;
    enum class Type { Int, Bool, Double, String, Choice } type;
    QJsonValue defaultValue;
    double min = 0;
    double max = 0; // for String: the longest length
    QString description;

    // Choice: the values taken, stored as written there and read case-insensitively.
    QStringList choices() const;
};

const QList<SettingSpec>& settingSpecs();
// The bundled alarm sounds (resources/sounds/NAME.wav), the choices of ui.sound.<priority>.
QStringList alarmSoundNames();
const SettingSpec* findSetting(const QString& key);
// Parses text ("3", "true", "0.5") into the setting's type; sets *error naming the key.
std::optional<QJsonValue> parseSettingValue(const SettingSpec& spec, const QString& text, QString* error);
std::optional<QJsonValue> checkSettingValue(const SettingSpec& spec, const QJsonValue& v, QString* error);

struct DeliverySettings {
    int maxRetries = 3; // retries after the first attempt
    int retryDelayMs = 5000; // base delay of the exponential backoff
    int retryCapMs = 300000; // no single backoff waits longer
    double jitter = 0.2; // +/- fraction applied to each backoff
    bool parallel = true;
    bool failFast = false;
    int timeoutMs = 10000; // per HTTP attempt
    int concurrency = 8; // in-flight deliveries per channel
    int breakerThreshold = 5; // consecutive failures that open the circuit
    int breakerCooldownMs = 30000;

    static DeliverySettings fromSettings(const QJsonObject& values);
};

} // namespace alertdesk
