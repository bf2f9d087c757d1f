#include "Channel.h"

#include <QJsonArray>

namespace alertdesk {

Channel::Channel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(std::move(secrets))
    , m_env(env)
{
    for (const QString& v : std::as_const(m_secrets))
        m_redactor.addSecretWithParts(v);
}

Channel::~Channel() = default;

RatePolicy Channel::ratePolicy() const
{
    const double perSecond = m_config.settings.value(QStringLiteral("rate_per_second")).toDouble(0);
    const int burst = m_config.settings.value(QStringLiteral("rate_burst")).toInt(1);
    return {perSecond, std::max(1, burst)};
}

} // namespace alertdesk
