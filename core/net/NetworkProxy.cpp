// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "NetworkProxy.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

namespace alertdesk {

namespace {

// The system's proxies, asked once per scheme, host and port: the environment and desktop
// settings are read at start, and asking costs more than the rest of a request.
class SystemProxyFactory final : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override
    {
        const QString key = query.protocolTag() + QLatin1Char('/') + query.peerHostName() + QLatin1Char(':')
            + QString::number(query.peerPort());
        QMutexLocker lock(&m_mutex);
        if (auto it = m_cache.constFind(key); it != m_cache.constEnd())
            return *it;
        // This machine is never reached through a proxy (the local ingest API, a test server).
        const QHostAddress address(query.peerHostName());
        QList<QNetworkProxy> proxies = address.isLoopback() || query.peerHostName() == QLatin1String("localhost")
            ? QList<QNetworkProxy>()
            : systemProxyForQuery(query);
        if (proxies.isEmpty())
            proxies << QNetworkProxy(QNetworkProxy::NoProxy);
        m_cache.insert(key, proxies);
        return proxies;
    }

private:
    QMutex m_mutex;
    QHash<QString, QList<QNetworkProxy>> m_cache;
};

} // namespace

void applyProxySetting(QNetworkAccessManager* nam, const ProxySetting& setting, const QString& password)
{
    switch (setting.mode) {
    case ProxySetting::Mode::System:
        nam->setProxyFactory(new SystemProxyFactory); // the manager owns it
        break;
    case ProxySetting::Mode::None:
        nam->setProxy(QNetworkProxy(QNetworkProxy::NoProxy)); // drops any factory
        break;
    case ProxySetting::Mode::Http:
        nam->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, setting.host, static_cast<quint16>(setting.port),
            setting.user, setting.user.isEmpty() ? QString() : password));
        break;
    }
}

} // namespace alertdesk
