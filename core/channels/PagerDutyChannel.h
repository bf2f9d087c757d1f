// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QByteArray>
#include <QJsonObject>

namespace alertdesk {

struct HttpResponse;

struct PagerDutyLimits {
    static constexpr int dedupKey = 255;
    static constexpr int summary = 1024;
};

enum class PagerDutyAction { Trigger, Acknowledge, Resolve };
QString pagerDutyActionName(PagerDutyAction a); // "trigger", "acknowledge", "resolve"

// CRITICAL -> critical, HIGH -> error, MEDIUM -> warning, LOW and INFO -> info.
QString pagerDutySeverity(Priority p);
// The alert id (at most 255 characters): acknowledging or resolving the alert in AlertDesk
// later names the same PagerDuty alert, and a retried trigger never opens a second one.
QString pagerDutyDedupKey(const Alert& alert);

// Events API v2 trigger: summary (title and symbol, <= 1,024), severity, source, timestamp,
// component (symbol), group (strategy), class (type), custom_details (the alert's data plus
// message, symbol, strategy and position where data does not have them already). Pure.
QByteArray pagerDutyTriggerPayload(const Alert& alert, const QString& routingKey, const QString& source);
// Events API v2 acknowledge or resolve of the alert with that dedup key. Pure.
QByteArray pagerDutyLifecyclePayload(const QString& routingKey, const QString& dedupKey, PagerDutyAction action);

// 202 accepted; 400 invalid event (failed, with PagerDuty's message and errors); 429 retried.
SendOutcome pagerDutyOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// PagerDuty Events API v2 (secret "routing_key"; settings "api_base" default
// https://events.pagerduty.com, "source" default "AlertDesk").
class PagerDutyChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "pagerduty";
    static constexpr const char* kDefaultApiBase = "https://events.pagerduty.com";

    PagerDutyChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // Acknowledges or resolves the PagerDuty alert of an AlertDesk alert (by its id).
    void sendLifecycle(
        const QString& alertId, PagerDutyAction action, int timeoutMs, std::function<void(SendOutcome)> done);
    // PagerDuty takes about 120 events a minute per routing key.
    RatePolicy ratePolicy() const override;

private:
    void post(const QByteArray& body, int timeoutMs, std::function<void(SendOutcome)> done);
};

} // namespace alertdesk
