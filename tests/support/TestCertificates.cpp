// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestCertificates.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>

namespace alertdesk::test {

namespace {
QString runOpenssl(const QString& dir, const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("openssl %1 failed: %2 %3")
            .arg(args.value(0), p.errorString(), QString::fromLocal8Bit(p.readAll()));
    return {};
}
} // namespace

QString TestCertificates::create(const QString& dir)
{
    m_dir = dir;
    const QStringList ec { QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes") };
    QString e = runOpenssl(dir,
        QStringList { QStringLiteral("req"), QStringLiteral("-x509") } + ec
            + QStringList { QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                QStringLiteral("/CN=AlertDesk Test CA"), QStringLiteral("-addext"),
                QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") });
    if (!e.isEmpty())
        return e;
    e = runOpenssl(dir,
        QStringList { QStringLiteral("req") } + ec
            + QStringList { QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost") });
    if (!e.isEmpty())
        return e;
    QFile ext(dir + QStringLiteral("/server.ext"));
    if (!ext.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1").arg(ext.fileName());
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
              "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
    ext.close();
    return runOpenssl(dir,
        { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
            QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
            QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("server.ext") });
}

QString TestCertificates::createServerCertificate(
    const QString& name, const QString& subjectAltName, const QString& notBefore, const QString& notAfter)
{
    auto write = [this](const QString& file, const QByteArray& text) {
        QFile f(m_dir + QLatin1Char('/') + file);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    // `openssl ca` rather than `x509 -req`: only it takes explicit dates (an expired certificate).
    if (!write(name + QStringLiteral(".ext"),
            "subjectAltName=" + subjectAltName.toLatin1()
                + "\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                  "extendedKeyUsage=serverAuth\n")
        || !write(QStringLiteral("ca.cnf"),
            "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\n"
            "default_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n")
        || (!QFile::exists(m_dir + QStringLiteral("/index.txt")) && !write(QStringLiteral("index.txt"), {}))
        || (!QFile::exists(m_dir + QStringLiteral("/serial")) && !write(QStringLiteral("serial"), "1000\n")))
        return QStringLiteral("cannot write the openssl files in %1").arg(m_dir);
    const QStringList ec { QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes") };
    QString e = runOpenssl(m_dir,
        QStringList { QStringLiteral("req") } + ec
            + QStringList { QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                name + QStringLiteral(".csr"), QStringLiteral("-subj"), QStringLiteral("/CN=") + name });
    if (!e.isEmpty())
        return e;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString format = QStringLiteral("yyyyMMddHHmmss'Z'");
    return runOpenssl(m_dir,
        { QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), QStringLiteral("ca.cnf"),
            QStringLiteral("-cert"), QStringLiteral("ca.pem"), QStringLiteral("-keyfile"), QStringLiteral("ca.key"),
            QStringLiteral("-in"), name + QStringLiteral(".csr"), QStringLiteral("-out"), name + QStringLiteral(".pem"),
            QStringLiteral("-startdate"), notBefore.isEmpty() ? now.addSecs(-60).toString(format) : notBefore,
            QStringLiteral("-enddate"), notAfter.isEmpty() ? now.addDays(2).toString(format) : notAfter,
            QStringLiteral("-extfile"), name + QStringLiteral(".ext"), QStringLiteral("-notext") });
}

} // namespace alertdesk::test
