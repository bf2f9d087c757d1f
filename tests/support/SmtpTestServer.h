// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace alertdesk::test {

class TestCertificates;

// tests/support/smtp_server.py (Debian's python3-aiosmtpd) in a child process, on 127.0.0.1
// with a port the system picked. What it received is read back from its folder, and a
// message is parsed with Python's email package (tests/support/parse_eml.py).
class SmtpTestServer final {
public:
    enum class Mode { Plain, StartTls, ImplicitTls, RefuseStartTls };
    struct Options {
        Mode mode = Mode::StartTls;
        QString certFile; // needed by every mode but Plain
        QString keyFile;
        QString mechanisms = QStringLiteral("PLAIN,LOGIN"); // offered AUTH mechanisms
        QStringList failData; // replies to the first DATA commands instead of accepting
        // A refused AUTH is answered with a reply over 1 KB quoting the credentials (--echo-auth).
        bool echoAuth = false;
    };
    static constexpr const char* kUser = "trader";
    static constexpr const char* kPassword = "s3cret-pass";
    static constexpr const char* kToken = "ya29.test-token";

    // The options of a server in this mode with the test certificates (server.pem, server.key).
    static Options options(Mode mode, const TestCertificates& certs);

    explicit SmtpTestServer(Options options);
    ~SmtpTestServer();

    // Starts the server and waits (with a deadline) until it listens; "" or the reason.
    QString start();
    quint16 port() const { return m_port; }
    QString folder() const { return m_dir.path(); }

    QStringList messageFiles() const; // .eml files received so far, oldest first
    QJsonObject envelope(const QString& emlFile) const; // mail_from, rcpt_tos, tls, mechanism, login
    QList<QJsonObject> events() const; // events.jsonl
    QList<QJsonObject> events(const QString& kind) const;

    // Python's reading of a saved message; an object with "error" when parsing failed.
    static QJsonObject parse(const QString& emlFile);
    static QString python(); // the interpreter with aiosmtpd: Debian's
    static QString supportDir(); // tests/support in the source tree

private:
    Options m_options;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace alertdesk::test
