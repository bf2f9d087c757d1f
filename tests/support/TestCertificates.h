// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

namespace alertdesk::test {

// A throw-away certificate authority and a server certificate it signed for localhost and
// 127.0.0.1 (EC P-256, valid two days), made with the openssl command line in a folder the
// caller owns. Tests trust the CA explicitly (--ca-file), never the system store.
class TestCertificates final {
public:
    // Writes ca.pem, server.pem and server.key into dir; returns "" or what went wrong.
    QString create(const QString& dir);

    // After create(): another server certificate signed by the same CA, for subjectAltName
    // (e.g. "DNS:other.example") and valid from notBefore to notAfter (openssl's
    // YYYYMMDDHHMMSSZ; empty: from now for two days). Writes NAME.pem and NAME.key.
    QString createServerCertificate(const QString& name, const QString& subjectAltName, const QString& notBefore = {},
        const QString& notAfter = {});
    QString certFile(const QString& name) const { return m_dir + QLatin1Char('/') + name + QStringLiteral(".pem"); }
    QString keyFile(const QString& name) const { return m_dir + QLatin1Char('/') + name + QStringLiteral(".key"); }

    QString caFile() const { return m_dir + QStringLiteral("/ca.pem"); }
    QString certFile() const { return m_dir + QStringLiteral("/server.pem"); }
    QString keyFile() const { return m_dir + QStringLiteral("/server.key"); }

private:
    QString m_dir;
};

} // namespace alertdesk::test
