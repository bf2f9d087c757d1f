#include "CliRunner.h"

#include "TestProfile.h"
#include "config/SecretStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QUuid>

namespace alertdesk::test {

QJsonDocument CliResult::json() const { return QJsonDocument::fromJson(out); }

QList<QJsonObject> CliResult::jsonLines() const
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    }
    return lines;
}

QString CliResult::describe() const
{
    const QString end = !finished                              ? QStringLiteral("did not finish in time")
                      : exitStatus == QProcess::NormalExit ? QStringLiteral("exit code %1").arg(exitCode)
                                                               : QStringLiteral("crashed");
    return QStringLiteral("alertdesk-cli %1: %2\n--- stdout:\n%3\n--- stderr:\n%4")
        .arg(args.join(QLatin1Char(' ')), end, QString::fromUtf8(out), QString::fromUtf8(err));
}

CliProcess::CliProcess(const QString& program, const QStringList& args, const QProcessEnvironment& env)
    : m_args(args)
{
    m_process.setProgram(program);
    m_process.setArguments(args);
    m_process.setProcessEnvironment(env);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                     [this] { m_out += m_process.readAllStandardOutput(); });
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_err += m_process.readAllStandardError(); });
}

CliProcess::~CliProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool CliProcess::start(const QByteArray& input)
{
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return false;
    if (!input.isEmpty())
        m_process.write(input);
    // Closed in every case: a command that reads standard input must never wait on the test.
    m_process.closeWriteChannel();
    return true;
}

bool CliProcess::waitForStderr(const QByteArray& needle, int timeoutMs)
{
    return waitUntil([&] { return m_err.contains(needle) || m_process.state() == QProcess::NotRunning; }, timeoutMs)
        && m_err.contains(needle);
}

bool CliProcess::waitForFinished(int timeoutMs)
{
    const bool done = waitUntil([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    if (done) {
        // Whatever arrived after the last readyRead.
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
    }
    return done;
}

CliResult CliProcess::result() const
{
    CliResult r;
    r.args = m_args;
    r.finished = m_process.state() == QProcess::NotRunning;
    r.exitCode = m_process.exitCode();
    r.exitStatus = m_process.exitStatus();
    r.out = m_out;
    r.err = m_err;
    return r;
}

CliRunner::CliRunner(QString program, QString profileDir)
    : m_program(std::move(program))
    , m_profileDir(std::move(profileDir))
    , m_env(QProcessEnvironment::systemEnvironment())
{
}

std::unique_ptr<CliProcess> CliRunner::start(const QStringList& args, const QByteArray& input)
{
    auto p = std::make_unique<CliProcess>(m_program, QStringList{QStringLiteral("--profile"), m_profileDir} + args, m_env);
    if (!p->start(input))
        return nullptr;
    return p;
}

CliResult CliRunner::run(const QStringList& args, const QByteArray& input, int timeoutMs)
{
    auto p = start(args, input);
    if (!p) {
        CliResult r;
        r.args = args;
        r.err = "could not start " + m_program.toUtf8();
        return r;
    }
    const bool timedOut = !p->waitForFinished(timeoutMs);
    if (timedOut) {
        p->kill();
        p->waitForFinished(5000);
    }
    record(*p);
    CliResult r = p->result();
    r.finished = !timedOut;
    r.args = args;
    return r;
}

CliResult CliRunner::addWebhook(const QString& name, const QString& url, const QStringList& headers, const QString& hmacSecret)
{
    QStringList args{QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), name,
                     QStringLiteral("--url"), QStringLiteral("-")};
    for (const QString& h : headers)
        args << QStringLiteral("--header") << h;
    if (!hmacSecret.isEmpty())
        args << QStringLiteral("--hmac-secret") << hmacSecret;
    return run(args, url.toUtf8() + '\n');
}

void CliRunner::record(const CliProcess& p) { m_transcript += p.out() + p.err(); }

QList<QPair<QString, QByteArray>> readFilesUnder(const QString& dir)
{
    QList<QPair<QString, QByteArray>> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            files.append({f.fileName(), f.readAll()});
    }
    return files;
}

namespace {
SecretResult callKeychain(const std::function<void(KeychainSecretStore&, SecretStore::Callback)>& call, int timeoutMs)
{
    KeychainSecretStore store;
    SecretResult result;
    bool done = false;
    call(store, [&](const SecretResult& r) {
        result = r;
        done = true;
    });
    if (!waitUntil([&] { return done; }, timeoutMs))
        result.error = QStringLiteral("the keychain did not answer within %1 ms").arg(timeoutMs);
    return result;
}
} // namespace

QString secretServiceProblem(int timeoutMs)
{
    const QString bus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    const QString hint = QStringLiteral(
        "These tests need the real Secret Service on the D-Bus session bus: run them inside "
        "scripts/with-test-services.sh (a private session with an unlocked gnome-keyring), as scripts/test.sh does. "
        "DBUS_SESSION_BUS_ADDRESS=%1")
                             .arg(bus.isEmpty() ? QStringLiteral("(not set)") : bus);
    const QString key = QStringLiteral("alertdesk-test-probe/%1/probe").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString value = QUuid::createUuid().toString();
    const SecretResult w = callKeychain([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.write(key, value, cb); }, timeoutMs);
    if (!w.ok)
        return QStringLiteral("No Secret Service: writing a probe secret failed (%1). %2").arg(w.error, hint);
    const SecretResult r = callKeychain([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.read(key, cb); }, timeoutMs);
    callKeychain([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.remove(key, cb); }, timeoutMs);
    if (!r.ok || r.value != value)
        return QStringLiteral("The Secret Service did not give back the probe secret (%1). %2").arg(r.error, hint);
    return {};
}

QStringList purgeProfileSecrets(const QString& profileDir, int timeoutMs)
{
    QFile f(QDir(profileDir).filePath(QStringLiteral("config.json")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QString profileId = root.value(QStringLiteral("profile_id")).toString();
    QStringList failed;
    for (const QJsonValue& c : root.value(QStringLiteral("channels")).toArray()) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        for (const QJsonValue& field : c.toObject().value(QStringLiteral("secret_fields")).toArray()) {
            const QString key = SecretStore::key(profileId, name, field.toString());
            const SecretResult r = callKeychain([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.remove(key, cb); }, timeoutMs);
            if (!r.ok)
                failed << key;
        }
    }
    return failed;
}

} // namespace alertdesk::test
