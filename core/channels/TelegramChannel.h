// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>
#include <QHash>

namespace alertdesk {

struct HttpResponse;

struct TelegramLimits {
    static constexpr int text = 4096; // characters (UTF-16 units) after entity parsing
};

// The alert as Telegram HTML (parse_mode HTML): the priority emoji and bold title, the
// message, symbol/strategy/position, the data in a <pre> block, and a footer with priority,
// type, time and alert id. Every user string is escaped (<, >, &) and only b, i, code and pre
// are used. Over 4,096 visible characters the message and the data are cut (never inside a
// tag or an entity, never inside a character) and end with "…". Pure.
QString telegramText(const Alert& alert);
// The sendMessage body for one chat.
QByteArray telegramPayload(const Alert& alert, const QString& chatId);

// What Telegram counts: the text with tags removed and each entity (&lt; &amp; ...) as one.
qsizetype telegramVisibleLength(const QString& html);

struct TelegramAnswer {
    SendOutcome outcome;
    QString migrateToChatId; // set when a group became a supergroup: send there instead
};

// {"ok":false,"error_code":429,"parameters":{"retry_after":N}} is a retry after exactly N s;
// {"parameters":{"migrate_to_chat_id":ID}} names the chat's new id; other answers carry
// Telegram's description.
TelegramAnswer telegramAnswer(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// The Telegram Bot API (secret "bot_token"; settings "chat_ids", "api_base" default
// https://api.telegram.org). When a chat has moved (migrate_to_chat_id), the message is sent
// again to the new id at once, and the chat id in the settings is replaced through
// settingsChanged, which the NotificationService saves in the profile.
class TelegramChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "telegram";
    static constexpr const char* kDefaultApiBase = "https://api.telegram.org";

    TelegramChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // About one message per second to a chat.
    RatePolicy ratePolicy() const override;

    const TargetFanout& fanout() const { return m_fanout; }

private:
    void sendToChat(const Alert& alert, const QString& chatId, int timeoutMs, bool mayFollowMigration,
        std::function<void(SendOutcome)> done);
    void migrateChat(const QString& from, const QString& to);

    TargetFanout m_fanout;
    QHash<QString, QString> m_migratedFrom; // new chat id -> the id the delivery progress knows
};

} // namespace alertdesk
