// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "EmailChannel.h"

#include "CurlMulti.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QTimeZone>
#include <curl/curl.h>

namespace alertdesk {

namespace {

// The checks' messages name a field as {smtp_host}, or {--smtp-host} for the command line.
QString fieldName(const char* key, bool cli)
{
    QString k = QString::fromLatin1(key);
    if (!cli)
        return QLatin1Char('{') + k + QLatin1Char('}');
    return QStringLiteral("{--") + k.replace(QLatin1Char('_'), QLatin1Char('-')) + QLatin1Char('}');
}

class ChannelChecks final {
    Q_DECLARE_TR_FUNCTIONS(ChannelChecks)
};

QString bareHost(const QString& host)
{
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        return host.mid(1, host.size() - 2);
    return host;
}

QString checkHost(const QString& host, const QString& field)
{
    const QString h = bareHost(host);
    if (h.isEmpty())
        return ChannelChecks::tr("%1 is required").arg(field);
    if (!QHostAddress(h).isNull())
        return {};
    if (h.size() > 253)
        return ChannelChecks::tr("%1 is longer than 253 characters").arg(field);
    for (const QString& label : h.split(QLatin1Char('.'))) {
        bool ok = !label.isEmpty() && label.size() <= 63 && !label.startsWith(QLatin1Char('-'))
            && !label.endsWith(QLatin1Char('-'));
        for (QChar c : label)
            ok = ok && c.unicode() < 0x80 && (c.isLetterOrNumber() || c == QLatin1Char('-'));
        if (!ok)
            return ChannelChecks::tr("%1 '%2' is not a host name or IP address")
                .arg(field, FieldError::literal(host.left(80)));
    }
    return {};
}

QStringList stringList(const QJsonValue& v)
{
    QStringList out;
    if (v.isString())
        out << v.toString();
    for (const QJsonValue& e : v.toArray())
        out << e.toString();
    return out;
}

} // namespace

QString smtpSecurityName(SmtpSecurity s)
{
    switch (s) {
    case SmtpSecurity::Tls:
        return QStringLiteral("tls");
    case SmtpSecurity::StartTls:
        return QStringLiteral("starttls");
    case SmtpSecurity::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<SmtpSecurity> smtpSecurityFromString(const QString& s)
{
    for (SmtpSecurity v : { SmtpSecurity::Tls, SmtpSecurity::StartTls, SmtpSecurity::None }) {
        if (s.compare(smtpSecurityName(v), Qt::CaseInsensitive) == 0)
            return v;
    }
    return std::nullopt;
}

int defaultSmtpPort(SmtpSecurity s)
{
    switch (s) {
    case SmtpSecurity::Tls:
        return 465;
    case SmtpSecurity::StartTls:
        return 587;
    case SmtpSecurity::None:
        return 25;
    }
    return 587;
}

bool isLoopbackHost(const QString& host)
{
    const QString h = bareHost(host);
    // curl resolves "localhost" to the loopback addresses itself, without asking DNS.
    if (h.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(h);
    return !a.isNull() && a.isLoopback();
}

EmailSettings EmailSettings::fromJson(const QJsonObject& o)
{
    EmailSettings s;
    s.host = o.value(QStringLiteral("smtp_host")).toString();
    s.security
        = smtpSecurityFromString(o.value(QStringLiteral("security")).toString()).value_or(SmtpSecurity::StartTls);
    s.port = o.value(QStringLiteral("smtp_port")).toInt(defaultSmtpPort(s.security));
    s.username = o.value(QStringLiteral("username")).toString();
    s.auth = o.value(QStringLiteral("auth")).toString().toLower();
    QString error;
    s.from = parseMailbox(o.value(QStringLiteral("from")).toString(), &error).value_or(Mailbox {});
    s.to = stringList(o.value(QStringLiteral("to")));
    s.caFile = o.value(QStringLiteral("ca_file")).toString();
    return s;
}

std::optional<FieldError> emailChannelError(const QJsonObject& o, const SecretMap& secrets, bool cli)
{
    auto name = [cli](const char* key) { return fieldName(key, cli); };
    auto error = [cli](const char* key, const QString& message) {
        QString field = QString::fromLatin1(key);
        if (cli)
            field.replace(QLatin1Char('_'), QLatin1Char('-'));
        return std::optional<FieldError>(FieldError { field, message });
    };
    auto quoted = [](const QString& value) { return FieldError::literal(value); };
    const QString host = o.value(QStringLiteral("smtp_host")).toString();
    if (QString e = checkHost(host, name("smtp_host")); !e.isEmpty())
        return error("smtp_host", e);

    const QString securityText = o.value(QStringLiteral("security")).toString();
    const auto security = smtpSecurityFromString(securityText);
    if (!security)
        return error("security",
            securityText.isEmpty() ? ChannelChecks::tr("%1 is required: tls, starttls or none").arg(name("security"))
                                   : ChannelChecks::tr("%1 must be tls, starttls or none, not '%2'")
                                         .arg(name("security"), quoted(securityText)));

    if (o.contains(QStringLiteral("smtp_port"))) {
        const double port = o.value(QStringLiteral("smtp_port")).toDouble(-1);
        if (port < 1 || port > 65535 || port != static_cast<int>(port))
            return error(
                "smtp_port", ChannelChecks::tr("%1 must be a whole number from 1 to 65535").arg(name("smtp_port")));
    }

    QString parseError;
    const QString from = o.value(QStringLiteral("from")).toString();
    if (from.isEmpty())
        return error("from", ChannelChecks::tr("%1 is required").arg(name("from")));
    if (!parseMailbox(from, &parseError))
        //: %1 is the sender's field, %2 what is wrong with its mailbox (a message of the Mailbox context,
        //: such as "'x' has no @").
        return error("from", ChannelChecks::tr("%1 %2").arg(name("from"), quoted(parseError)));

    const QStringList to = stringList(o.value(QStringLiteral("to")));
    if (to.isEmpty())
        return error("to", ChannelChecks::tr("%1 is required (at least one recipient)").arg(name("to")));
    if (to.size() > 100)
        return error("to", ChannelChecks::tr("%1 has more than 100 recipients").arg(name("to")));
    for (const QString& addr : to) {
        if (QString e = checkEmailAddress(addr); !e.isEmpty())
            //: %1 is the recipients' field, %2 one of its addresses, %3 what is wrong with it (a message of
            //: the Mailbox context, such as "has no @").
            return error("to", ChannelChecks::tr("%1 '%2' %3").arg(name("to"), quoted(addr.left(80)), quoted(e)));
    }

    const QString username = o.value(QStringLiteral("username")).toString();
    const QString password = secrets.value(QStringLiteral("password"));
    const QString token = secrets.value(QStringLiteral("oauth_token"));
    for (QChar c : QString(username + password + token)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            return error("username",
                ChannelChecks::tr("%1, %2 and %3 must not contain control characters")
                    .arg(name("username"), name("password"), name("oauth_token")));
    }
    const bool credentials = !username.isEmpty() || !password.isEmpty() || !token.isEmpty();
    if (*security == SmtpSecurity::None) {
        if (credentials)
            return error("security",
                ChannelChecks::tr("%1 none sends everything in clear text, so it cannot be used with %2, %3 or %4: "
                                  "use %1 starttls or %1 tls")
                    .arg(name("security"), name("username"), name("password"), name("oauth_token")));
        if (!isLoopbackHost(host))
            return error("security",
                ChannelChecks::tr("%1 none is only allowed for a server on this machine (localhost, 127.0.0.1, ::1), "
                                  "not for %2: use %1 starttls or %1 tls")
                    .arg(name("security"), quoted(host)));
        if (o.contains(QStringLiteral("ca_file")))
            return error(
                "ca_file", ChannelChecks::tr("%1 has no use with %2 none").arg(name("ca_file"), name("security")));
    }
    if (!password.isEmpty() && !token.isEmpty())
        return error(
            "password", ChannelChecks::tr("give either %1 or %2, not both").arg(name("password"), name("oauth_token")));
    if ((!password.isEmpty() || !token.isEmpty()) && username.isEmpty())
        return error("username",
            ChannelChecks::tr("%1 needs %2 (the account to log in as)")
                .arg(password.isEmpty() ? name("oauth_token") : name("password"), name("username")));
    if (!username.isEmpty() && password.isEmpty() && token.isEmpty())
        return error("password",
            ChannelChecks::tr("%1 needs %2 or %3").arg(name("username"), name("password"), name("oauth_token")));

    const QString auth = o.value(QStringLiteral("auth")).toString().toLower();
    if (!auth.isEmpty()) {
        if (auth != QLatin1String("plain") && auth != QLatin1String("login") && auth != QLatin1String("xoauth2"))
            return error("auth",
                ChannelChecks::tr("%1 must be plain, login or xoauth2, not '%2'").arg(name("auth"), quoted(auth)));
        if (!credentials)
            return error("auth",
                ChannelChecks::tr("%1 needs %2 with %3 or %4")
                    .arg(name("auth"), name("username"), name("password"), name("oauth_token")));
        if (auth == QLatin1String("xoauth2") && token.isEmpty())
            return error(
                "oauth_token", ChannelChecks::tr("%1 xoauth2 needs %2").arg(name("auth"), name("oauth_token")));
        if (auth != QLatin1String("xoauth2") && password.isEmpty())
            return error(
                "password", ChannelChecks::tr("%1 %2 needs %3").arg(name("auth"), quoted(auth), name("password")));
    }

    if (auto e = caFileError(o, name("ca_file")))
        return error("ca_file", e->message);
    return std::nullopt;
}

QString checkEmailChannel(const QJsonObject& settings, const SecretMap& secrets, bool cliNames)
{
    const auto e = emailChannelError(settings, secrets, cliNames);
    return e ? e->text() : QString();
}

// ---- classification ---------------------------------------------------------------------

SendOutcome classifySmtp(const SmtpResult& r, const Redactor& redactor)
{
    SendOutcome o;
    o.httpStatus = r.replyCode >= 200 && r.replyCode < 600 ? static_cast<int>(r.replyCode) : 0;
    if (r.curlCode == CURLE_OK) {
        o.kind = SendOutcome::Kind::Delivered;
        return o;
    }
    const QString reply = r.reply.trimmed();
    const QString server = reply.isEmpty() ? QString() : QStringLiteral("SMTP server answered: ") + reply;
    auto fail = [&](SendOutcome::Kind kind, const QString& text) {
        o.kind = kind;
        o.error = redactor.apply(text);
        return o;
    };
    const bool transientReply = r.replyCode >= 400 && r.replyCode < 500;
    const bool permanentReply = r.replyCode >= 500 && r.replyCode < 600;

    switch (r.curlCode) {
    case CURLE_USE_SSL_FAILED:
        // Never retried, never downgraded: a server (or something in between) that drops
        // STARTTLS must not get the password or the alert in clear text.
        if (transientReply || permanentReply)
            return fail(SendOutcome::Kind::Failed,
                QStringLiteral("the server refused STARTTLS (%1); AlertDesk never sends "
                               "mail or passwords in clear text")
                    .arg(reply));
        return fail(SendOutcome::Kind::Failed,
            QStringLiteral("the server does not offer STARTTLS; AlertDesk never sends "
                           "mail or passwords in clear text (security tls is for "
                           "servers that speak TLS from the start, usually on port 465)"));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
        return fail(SendOutcome::Kind::Failed, QStringLiteral("TLS verification failed: ") + r.curlError);
    case CURLE_SSL_CONNECT_ERROR:
        // A handshake that fails repeats the same way: a server without TLS on this port, or
        // TLS versions with nothing in common. Retrying would only hide the configuration error.
        return fail(SendOutcome::Kind::Failed, QStringLiteral("TLS handshake failed: ") + r.curlError);
    case CURLE_LOGIN_DENIED:
        if (transientReply)
            return fail(SendOutcome::Kind::Retry, QStringLiteral("authentication failed for now: ") + server);
        // Without an error reply curl refused by itself, e.g. no AUTH mechanism in common.
        return fail(SendOutcome::Kind::Failed,
            QStringLiteral("authentication failed: ") + (permanentReply ? server : r.curlError));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
        return fail(SendOutcome::Kind::Failed, r.curlError);
    case CURLE_OPERATION_TIMEDOUT:
        return fail(SendOutcome::Kind::Retry, QStringLiteral("no answer in time (%1)").arg(r.curlError));
    default:
        break;
    }
    if (permanentReply)
        return fail(SendOutcome::Kind::Failed, server);
    if (transientReply)
        return fail(SendOutcome::Kind::Retry, server);
    // Could not connect, connection lost, unreadable reply: the server may be back soon.
    return fail(SendOutcome::Kind::Retry, r.curlError);
}

// ---- the channel --------------------------------------------------------------------------

struct EmailChannel::Transfer {
    CURL* easy = nullptr;
    curl_slist* recipients = nullptr;
    QByteArray payload;
    qsizetype readPos = 0;
    QStringList replyLines; // lines of the reply being read
    QString lastReply; // the last complete reply
    char errorBuffer[CURL_ERROR_SIZE] = {};
    QElapsedTimer elapsed;
    const Redactor* redactor = nullptr;

    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(recipients);
    }

    static size_t read(char* buffer, size_t size, size_t count, void* userp)
    {
        auto* t = static_cast<Transfer*>(userp);
        const qsizetype n = std::min<qsizetype>(static_cast<qsizetype>(size * count), t->payload.size() - t->readPos);
        memcpy(buffer, t->payload.constData() + t->readPos, static_cast<size_t>(n));
        t->readPos += n;
        return static_cast<size_t>(n);
    }

    // curl hands every SMTP reply line to the header callback: the last reply is the
    // server's own explanation of a failure.
    static size_t header(char* data, size_t size, size_t count, void* userp)
    {
        auto* t = static_cast<Transfer*>(userp);
        const size_t n = size * count;
        const QString line = QString::fromUtf8(data, static_cast<qsizetype>(n)).trimmed();
        if (line.size() >= 3 && line[0].isDigit() && line[1].isDigit() && line[2].isDigit()) {
            if (t->replyLines.size() < 20)
                t->replyLines << line.mid(4).trimmed();
            if (line.size() == 3 || line[3] != QLatin1Char('-')) {
                t->replyLines.removeAll(QString());
                // Redacted before it is cut: a cut first would leave the start of a quoted
                // secret that the redactor no longer recognises.
                t->lastReply
                    = t->redactor->apply(
                                     QString(line.left(3) + QLatin1Char(' ') + t->replyLines.join(QLatin1Char(' '))))
                          .trimmed()
                          .left(600);
                t->replyLines.clear();
            }
        }
        return n;
    }

    static int debug(CURL*, curl_infotype type, char* data, size_t size, void* userp)
    {
        auto* t = static_cast<Transfer*>(userp);
        const char* dir = type == CURLINFO_HEADER_IN ? "<"
            : type == CURLINFO_HEADER_OUT            ? ">"
            : type == CURLINFO_TEXT                  ? "*"
                                                     : nullptr;
        if (dir)
            qCDebug(lcSmtp).noquote() << dir
                                      << t->redactor->apply(
                                             QString::fromUtf8(data, static_cast<qsizetype>(size)).trimmed());
        return 0;
    }
};

EmailChannel::EmailChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
    , m_settings(EmailSettings::fromJson(m_config.settings))
    , m_multi(std::make_unique<CurlMulti>())
{
    // What goes over the wire is base64: a server that echoes a bad AUTH line back in its
    // error must not leak the password in that form either.
    const QByteArray user = m_settings.username.toUtf8();
    const QByteArray password = secret(QStringLiteral("password")).toUtf8();
    const QByteArray token = secret(QStringLiteral("oauth_token")).toUtf8();
    if (!password.isEmpty()) {
        m_redactor.addSecret(QString::fromLatin1(password.toBase64()));
        m_redactor.addSecret(QString::fromLatin1(QByteArray('\0' + user + '\0' + password).toBase64()));
    }
    if (!token.isEmpty()) {
        m_redactor.addSecret(QString::fromLatin1(token.toBase64()));
        m_redactor.addSecret(
            QString::fromLatin1(QByteArray("user=" + user + "\1auth=Bearer " + token + "\1\1").toBase64()));
    }
}

EmailChannel::~EmailChannel() = default;

QByteArray EmailChannel::smtpUrl() const
{
    QString host = bareHost(m_settings.host);
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const char* scheme = m_settings.security == SmtpSecurity::Tls ? "smtps://" : "smtp://";
    return scheme + host.toLatin1() + ':' + QByteArray::number(m_settings.port);
}

void EmailChannel::failLater(const QString& error, std::function<void(SendOutcome)> done)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Failed;
    o.error = m_redactor.apply(error);
    QMetaObject::invokeMethod(
        this, [o, done = std::move(done)] { done(o); }, Qt::QueuedConnection);
}

void EmailChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QByteArray password = secret(QStringLiteral("password")).toUtf8();
    const QByteArray token = secret(QStringLiteral("oauth_token")).toUtf8();
    const bool credentials = !m_settings.username.isEmpty() || !password.isEmpty() || !token.isEmpty();
    // Validation refuses this already; a hand-edited profile must not get around it.
    if (m_settings.security == SmtpSecurity::None && credentials)
        return failLater(QStringLiteral("refusing to authenticate without TLS (security none)"), std::move(done));
    if (m_settings.security == SmtpSecurity::None && !isLoopbackHost(m_settings.host))
        return failLater(
            QStringLiteral("refusing to send without TLS to %1, which is not this machine").arg(m_settings.host),
            std::move(done));

    auto t = std::make_unique<Transfer>();
    t->easy = curl_easy_init();
    if (!t->easy)
        return failLater(QStringLiteral("libcurl could not start a transfer"), std::move(done));
    t->redactor = &m_redactor;

    EmailMessageOptions mo;
    mo.from = m_settings.from;
    mo.to = m_settings.to;
    const qint64 nowMs = m_env.clock ? m_env.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    mo.date = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc());
    mo.messageId = emailMessageId(ctx.idempotencyKey, m_settings.from.address);
    mo.boundary = emailBoundary(ctx.idempotencyKey);
    t->payload = emailMessage(alert, mo);

    CURL* h = t->easy;
    curl_easy_setopt(h, CURLOPT_URL, smtpUrl().constData());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errorBuffer);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max(1, ctx.timeoutMs)));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max(1, ctx.timeoutMs)));
    // TLS: required for tls and starttls (curl fails rather than continue in clear text when
    // STARTTLS is missing or refused), always verified, TLS 1.2 at least.
    curl_easy_setopt(h, CURLOPT_USE_SSL,
        static_cast<long>(m_settings.security == SmtpSecurity::None ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    if (!m_settings.caFile.isEmpty())
        curl_easy_setopt(h, CURLOPT_CAINFO, QFile::encodeName(m_settings.caFile).constData());
    if (!m_settings.username.isEmpty())
        curl_easy_setopt(h, CURLOPT_USERNAME, m_settings.username.toUtf8().constData());
    if (!password.isEmpty())
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    if (!token.isEmpty())
        curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, token.constData());
    QByteArray mechanism = m_settings.auth.toUpper().toLatin1();
    if (mechanism.isEmpty() && !token.isEmpty())
        mechanism = "XOAUTH2";
    if (!mechanism.isEmpty())
        curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, QByteArray("AUTH=" + mechanism).constData());

    curl_easy_setopt(h, CURLOPT_MAIL_FROM, QByteArray('<' + m_settings.from.address.toLatin1() + '>').constData());
    for (const QString& to : std::as_const(m_settings.to))
        t->recipients = curl_slist_append(t->recipients, QByteArray('<' + to.toLatin1() + '>').constData());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, t->recipients);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &Transfer::read);
    curl_easy_setopt(h, CURLOPT_READDATA, t.get());
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t->payload.size()));
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, t.get());
    if (lcSmtp().isDebugEnabled()) {
        curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &Transfer::debug);
        curl_easy_setopt(h, CURLOPT_DEBUGDATA, t.get());
        curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    }

    Transfer* raw = t.get();
    raw->elapsed.start();
    m_transfers.push_back(std::move(t));
    const bool started = m_multi->start(h, [this, raw, done](int code) { finish(raw, code, done); });
    if (!started) {
        m_transfers.remove_if([raw](const std::unique_ptr<Transfer>& p) { return p.get() == raw; });
        failLater(QStringLiteral("libcurl refused the transfer"), std::move(done));
    }
}

void EmailChannel::finish(Transfer* t, int curlCode, const std::function<void(SendOutcome)>& done)
{
    SmtpResult r;
    r.curlCode = curlCode;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r.replyCode);
    r.reply = t->lastReply;
    r.curlError = QString::fromUtf8(t->errorBuffer).trimmed();
    if (r.curlError.isEmpty())
        r.curlError = QString::fromUtf8(curl_easy_strerror(static_cast<CURLcode>(curlCode)));
    SendOutcome o = classifySmtp(r, m_redactor);
    o.latencyMs = t->elapsed.elapsed();
    m_transfers.remove_if([t](const std::unique_ptr<Transfer>& p) { return p.get() == t; });
    qCDebug(lcSmtp).noquote() << name() << "curl" << curlCode << "reply" << r.replyCode << o.error;
    done(o);
}

} // namespace alertdesk
