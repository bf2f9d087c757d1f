// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "EmailMessage.h"
#include "model/FieldError.h"

#include <list>
#include <memory>
#include <optional>

namespace alertdesk {

class CurlMulti;

// How the SMTP connection is protected.
//  tls      implicit TLS from the first byte (smtps://, usually port 465)
//  starttls plain connection upgraded with STARTTLS, which is required (usually port 587)
//  none     no TLS at all: only for a server on this machine, and never with AUTH
enum class SmtpSecurity { Tls, StartTls, None };
QString smtpSecurityName(SmtpSecurity s);
std::optional<SmtpSecurity> smtpSecurityFromString(const QString& s);
int defaultSmtpPort(SmtpSecurity s); // 465, 587, 25

// The non-secret settings of an email channel (ChannelConfig::settings):
//   smtp_host, smtp_port, security, username, auth ("" = the best the server offers, "plain",
//   "login", "xoauth2"), from ("Name <addr>" or "addr"), to (array of addresses), ca_file.
// Secret fields: password, oauth_token.
struct EmailSettings {
    QString host;
    int port = 0;
    SmtpSecurity security = SmtpSecurity::StartTls;
    QString username;
    QString auth;
    Mailbox from;
    QStringList to;
    QString caFile;

    // Reads settings that checkEmailChannel accepted.
    static EmailSettings fromJson(const QJsonObject& o);
};

// What is wrong with an email configuration, naming the field: the settings key (smtp_host),
// or the command line option (--smtp-host) when cliNames is set; checkEmailChannel() as text.
std::optional<FieldError> emailChannelError(const QJsonObject& settings, const SecretMap& secrets, bool cliNames);
QString checkEmailChannel(const QJsonObject& settings, const SecretMap& secrets, bool cliNames);
bool isLoopbackHost(const QString& host);

// What one SMTP exchange came to, as curl reports it.
struct SmtpResult {
    int curlCode = 0; // CURLcode
    long replyCode = 0; // the last SMTP reply code
    QString reply; // the last complete SMTP reply, all its lines
    QString curlError; // curl's own explanation
};

// 250 delivered; 4xx retry; 5xx failed for good with the server's text (535 included); a
// refused STARTTLS or a failed TLS verification failed for good (we never fall back to clear
// text); connection problems and timeouts retry. Secrets are redacted.
SendOutcome classifySmtp(const SmtpResult& r, const Redactor& redactor);

// Email over SMTP with libcurl, driven by the Qt event loop (see CurlMulti). The message comes
// from the pure builder emailMessage(); TLS is always verified, against the system trust
// store or the ca_file of the channel.
class EmailChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "email";

    EmailChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);
    ~EmailChannel() override;

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;

    const EmailSettings& settings() const { return m_settings; }
    QByteArray smtpUrl() const;

private:
    struct Transfer;
    void finish(Transfer* transfer, int curlCode, const std::function<void(SendOutcome)>& done);
    void failLater(const QString& error, std::function<void(SendOutcome)> done);

    EmailSettings m_settings;
    std::list<std::unique_ptr<Transfer>> m_transfers; // declared before m_multi: outlives it
    std::unique_ptr<CurlMulti> m_multi;
};

} // namespace alertdesk
