// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Channel.h"

#include "net/HttpTransport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QNetworkRequest>
#include <QSslCertificate>

namespace alertdesk {

Channel::Channel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(std::move(secrets))
    , m_env(env)
{
    for (const QString& v : std::as_const(m_secrets))
        m_redactor.addSecretWithParts(v);
    const QString caFile = m_config.settings.value(QStringLiteral("ca_file")).toString();
    if (!caFile.isEmpty()) {
        // Checked on load (caFileError); a file that went away since trusts nothing more.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(caFile, QSsl::Pem));
        m_tls = tls;
    }
}

std::optional<FieldError> caFileError(const QJsonObject& settings, const QString& shownName)
{
    if (!settings.contains(QStringLiteral("ca_file")))
        return std::nullopt;
    const QString caFile = settings.value(QStringLiteral("ca_file")).toString();
    QFile f(caFile);
    if (caFile.isEmpty() || !f.open(QIODevice::ReadOnly))
        return FieldError { QStringLiteral("ca_file"),
            QCoreApplication::translate("ChannelChecks", "%1 '%2' cannot be read")
                .arg(shownName, FieldError::literal(caFile)) };
    if (!f.read(1 << 20).contains("-----BEGIN CERTIFICATE-----"))
        return FieldError { QStringLiteral("ca_file"),
            QCoreApplication::translate("ChannelChecks", "%1 '%2' holds no PEM certificate")
                .arg(shownName, FieldError::literal(caFile)) };
    return std::nullopt;
}

void Channel::post(
    QNetworkRequest request, const QByteArray& body, int timeoutMs, std::function<void(const HttpResponse&)> done)
{
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    postHttp(m_env.network, request, body, timeoutMs, this, std::move(done));
}

void Channel::request(const QByteArray& verb, QNetworkRequest request, const QByteArray& body, int timeoutMs,
    std::function<void(const HttpResponse&)> done)
{
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    sendHttp(m_env.network, verb, request, body, timeoutMs, this, std::move(done));
}

void Channel::get(const QNetworkRequest& query, int timeoutMs, std::function<void(const HttpResponse&)> done)
{
    request(QByteArrayLiteral("GET"), query, {}, timeoutMs, std::move(done));
}

Channel::~Channel() = default;

RatePolicy Channel::ratePolicy() const
{
    const double perSecond = m_config.settings.value(QStringLiteral("rate_per_second")).toDouble(0);
    const int burst = m_config.settings.value(QStringLiteral("rate_burst")).toInt(1);
    return { perSecond, std::max(1, burst) };
}

} // namespace alertdesk
