// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AppriseUrl.h"

#include "EnvImport.h"
#include "channels/EmailChannel.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace alertdesk {

namespace {

// The errors and notes of a URL: the Apprise URL dialog shows them in the window's language
// (alertdesk-cli loads no translation, so `channel add-url` prints them in English).
class AppriseUrl final {
    Q_DECLARE_TR_FUNCTIONS(AppriseUrl)
};

// The URL cut by hand rather than by QUrl: a Telegram token has a ':' where a port would be,
// and a Slack channel starts with '#', which is no fragment here.
struct RawUrl {
    QString scheme;
    bool hasUserInfo = false;
    QString user;
    QString password;
    QString host; // percent-decoded, the whole host[:port] part
    QString rawHostPort; // as written
    QString rawPath; // after the first '/', as written
    QStringList path; // non-empty segments, percent-decoded
    QList<QPair<QString, QString>> query; // keys lower-cased (Apprise's are), values decoded
};

QString decode(const QString& s)
{
    return QUrl::fromPercentEncoding(s.toUtf8());
}

std::optional<RawUrl> split(const QString& text, QString* error)
{
    static const QRegularExpression schemeRe(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]{0,31}$"));
    const QString url = text.trimmed();
    const qsizetype sep = url.indexOf(QLatin1String("://"));
    if (sep <= 0 || !schemeRe.match(url.left(sep)).hasMatch()) {
        //: The URL forms and their parameters (SCHEME://, BOT_TOKEN, from=, mode=, region=...) are what the
        //: user types: keep them as they are.
        *error = AppriseUrl::tr("not a URL of the form SCHEME://... (supported schemes: %1)")
                     .arg(appriseSchemes().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    RawUrl u;
    u.scheme = url.left(sep).toLower();
    QString rest = url.mid(sep + 3);
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        for (const QString& pair : rest.mid(q + 1).split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            u.query.append(
                { decode(eq < 0 ? pair : pair.left(eq)).toLower(), eq < 0 ? QString() : decode(pair.mid(eq + 1)) });
        }
        rest = rest.left(q);
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    QString authority = slash < 0 ? rest : rest.left(slash);
    u.rawPath = slash < 0 ? QString() : rest.mid(slash + 1);
    for (const QString& segment : u.rawPath.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        u.path << decode(segment);
    if (const qsizetype at = authority.lastIndexOf(QLatin1Char('@')); at >= 0) {
        u.hasUserInfo = true;
        const QString info = authority.left(at);
        const qsizetype colon = info.indexOf(QLatin1Char(':'));
        u.user = decode(colon < 0 ? info : info.left(colon));
        u.password = colon < 0 ? QString() : decode(info.mid(colon + 1));
        authority = authority.mid(at + 1);
    }
    u.rawHostPort = authority;
    u.host = decode(authority);
    return u;
}

class Reader {
public:
    explicit Reader(RawUrl u)
        : m_u(std::move(u))
    {
    }

    // The value of a query parameter (the last one given), marking it as understood.
    QString take(const char* key)
    {
        const QString k = QString::fromLatin1(key);
        m_known << k;
        QString v;
        for (const auto& [name, value] : std::as_const(m_u.query)) {
            if (name == k)
                v = value;
        }
        return v;
    }
    bool has(const char* key) const
    {
        const QString k = QString::fromLatin1(key);
        return std::any_of(
            m_u.query.begin(), m_u.query.end(), [&](const auto& p) { return p.first == k && !p.second.isEmpty(); });
    }
    void accept(const QString& key) { m_known << key; }

    // Apprise options this channel does not have: named (never their values) in the notes.
    QStringList unknownNotes() const
    {
        QStringList keys;
        for (const auto& [name, value] : std::as_const(m_u.query)) {
            Q_UNUSED(value)
            if (!m_known.contains(name) && !keys.contains(name))
                keys << name;
        }
        QStringList notes;
        for (const QString& k : std::as_const(keys)) {
            static const QRegularExpression plain(QStringLiteral("^[a-z0-9_+:.-]{1,32}$"));
            notes << (plain.match(k).hasMatch()
                    ? AppriseUrl::tr("ignored the URL option '%1' (AlertDesk has no such setting for this channel)")
                          .arg(k)
                    : AppriseUrl::tr("ignored a URL option AlertDesk does not know"));
        }
        return notes;
    }

    const RawUrl& url() const { return m_u; }

private:
    RawUrl m_u;
    QStringList m_known;
};

QStringList splitTargets(const QString& v)
{
    static const QRegularExpression sep(QStringLiteral("[\\s,]+"));
    return v.split(sep, Qt::SkipEmptyParts);
}

QString trimBase(QString base)
{
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return base;
}

// host[:port] of mailto/json: *port = 0 when none. "[::1]:25" works too.
bool hostAndPort(const QString& hostPort, QString* host, int* port, QString* error, const QString& scheme)
{
    QString h = hostPort;
    QString p;
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype close = h.indexOf(QLatin1Char(']'));
        if (close < 0) {
            *error = AppriseUrl::tr("%1:// URL: the host's '[' is not closed").arg(scheme);
            return false;
        }
        p = h.mid(close + 1);
        h = h.left(close + 1);
        if (!p.isEmpty() && !p.startsWith(QLatin1Char(':'))) {
            *error = AppriseUrl::tr("%1:// URL: unexpected text after the host").arg(scheme);
            return false;
        }
        p = p.mid(1);
    } else if (const qsizetype colon = h.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        p = h.mid(colon + 1);
        h = h.left(colon);
    }
    if (h.isEmpty()) {
        *error = AppriseUrl::tr("%1:// URL: no host").arg(scheme);
        return false;
    }
    *port = 0;
    if (!p.isEmpty()) {
        bool ok = false;
        *port = p.toInt(&ok);
        if (!ok || *port < 1 || *port > 65535) {
            *error = AppriseUrl::tr("%1:// URL: the port must be a number from 1 to 65535").arg(scheme);
            return false;
        }
    }
    *host = h;
    return true;
}

std::optional<AppriseChannel> telegram(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    // Apprise: tgram://[bot]DIGITS:REST/...; '%3A' stands for the ':' as well.
    static const QRegularExpression tokenRe(QStringLiteral("^(?:bot)?([0-9]+)(?::|%3[Aa])(.+)$"));
    const auto m = tokenRe.match(u.rawHostPort);
    if (u.hasUserInfo || !m.hasMatch()) {
        *error = AppriseUrl::tr("tgram:// URL: expected tgram://BOT_TOKEN/CHAT_ID where BOT_TOKEN is the "
                                "digits:letters token BotFather gave");
        return std::nullopt;
    }
    AppriseChannel c { u.scheme, QStringLiteral("telegram"), QStringLiteral("telegram"), {}, {} };
    c.options.insert(QStringLiteral("bot-token"), { m.captured(1) + QLatin1Char(':') + decode(m.captured(2)) });
    QStringList chats = u.path;
    chats += splitTargets(r.take("to"));
    if (chats.isEmpty()) {
        *error = AppriseUrl::tr("tgram:// URL: no chat id (tgram://BOT_TOKEN/CHAT_ID; AlertDesk does not guess the "
                                "chat from the bot's updates)");
        return std::nullopt;
    }
    c.options.insert(QStringLiteral("chat-id"), chats);
    if (r.has("api_base"))
        c.options.insert(QStringLiteral("api-base"), { trimBase(r.take("api_base")) });
    return c;
}

std::optional<AppriseChannel> discord(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    if (u.host.isEmpty() || u.path.isEmpty()) {
        *error = AppriseUrl::tr("discord:// URL: expected discord://WEBHOOK_ID/WEBHOOK_TOKEN");
        return std::nullopt;
    }
    AppriseChannel c { u.scheme, QStringLiteral("discord"), QStringLiteral("discord"), {}, {} };
    if (u.hasUserInfo)
        c.notes << AppriseUrl::tr(
            "ignored the bot name before '@': Discord shows the name the webhook was created with");
    if (u.path.size() > 1)
        c.notes << AppriseUrl::tr("ignored the path after WEBHOOK_TOKEN");
    const QString base = r.has("api_base") ? trimBase(r.take("api_base")) : QStringLiteral("https://discord.com");
    r.accept(QStringLiteral("api_base"));
    c.options.insert(QStringLiteral("webhook-url"),
        { base + QStringLiteral("/api/webhooks/") + QString::fromUtf8(QUrl::toPercentEncoding(u.host))
            + QLatin1Char('/') + QString::fromUtf8(QUrl::toPercentEncoding(u.path.first())) });
    return c;
}

std::optional<AppriseChannel> slack(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    AppriseChannel c { u.scheme, QStringLiteral("slack"), QStringLiteral("slack"), {}, {} };
    QStringList targets = u.path;
    if (u.hasUserInfo)
        c.notes << AppriseUrl::tr("ignored the bot name before '@': Slack shows the app's own name");
    if (u.host.startsWith(QLatin1String("xo"))) {
        targets += splitTargets(r.take("to"));
        if (targets.isEmpty()) {
            *error
                = AppriseUrl::tr("slack:// URL: a bot token needs at least one channel (slack://xoxb-TOKEN/#channel)");
            return std::nullopt;
        }
        c.options.insert(QStringLiteral("bot-token"), { u.host });
        c.options.insert(QStringLiteral("channel-id"), targets);
        if (r.has("api_base"))
            c.options.insert(QStringLiteral("api-base"), { trimBase(r.take("api_base")) });
        return c;
    }
    if (u.host.isEmpty() || targets.size() < 2) {
        *error
            = AppriseUrl::tr("slack:// URL: an incoming webhook is slack://TOKEN_A/TOKEN_B/TOKEN_C (the three parts of "
                             "https://hooks.slack.com/services/...), a bot is slack://xoxb-TOKEN/#channel");
        return std::nullopt;
    }
    const QString a = u.host, b = targets.takeFirst(), tokenC = targets.takeFirst();
    if (!targets.isEmpty() || r.has("to"))
        c.notes << AppriseUrl::tr(
            "ignored the channels after the webhook tokens: an incoming webhook posts to the channel it was made for");
    r.accept(QStringLiteral("to"));
    const QString base = r.has("api_base") ? trimBase(r.take("api_base")) : QStringLiteral("https://hooks.slack.com");
    r.accept(QStringLiteral("api_base"));
    auto enc = [](const QString& s) { return QString::fromUtf8(QUrl::toPercentEncoding(s)); };
    c.options.insert(QStringLiteral("webhook-url"),
        { base + QStringLiteral("/services/") + enc(a) + QLatin1Char('/') + enc(b) + QLatin1Char('/') + enc(tokenC) });
    return c;
}

std::optional<AppriseChannel> email(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    const bool secure = u.scheme == QLatin1String("mailtos");
    AppriseChannel c { u.scheme, QStringLiteral("email"), QStringLiteral("email"), {}, {} };
    QString domain;
    int port = 0;
    if (!hostAndPort(u.host, &domain, &port, error, u.scheme))
        return std::nullopt;
    QString user = r.has("user") ? r.take("user") : u.user;
    QString password = r.has("pass") ? r.take("pass") : u.password;
    r.accept(QStringLiteral("user"));
    r.accept(QStringLiteral("pass"));
    const QString server = r.has("smtp") ? r.take("smtp") : domain;
    r.accept(QStringLiteral("smtp"));

    const QString mode = r.take("mode").toLower();
    std::optional<SmtpSecurity> security;
    if (mode == QLatin1String("ssl") || mode == QLatin1String("tls"))
        security = SmtpSecurity::Tls;
    else if (mode == QLatin1String("starttls"))
        security = SmtpSecurity::StartTls;
    else if (mode == QLatin1String("none") || mode == QLatin1String("insecure"))
        security = SmtpSecurity::None;
    else if (!mode.isEmpty()) {
        *error = AppriseUrl::tr("%1:// URL: mode= must be ssl, starttls or none").arg(u.scheme);
        return std::nullopt;
    }
    const bool credentials = !user.isEmpty() || !password.isEmpty();
    if (!security) {
        // mailtos: Apprise's STARTTLS on 587 unless the port says implicit TLS. mailto: the
        // port decides, as import-env does; clear text only for a local server without login.
        if (secure)
            security = port == 465 ? SmtpSecurity::Tls : SmtpSecurity::StartTls;
        else
            security = smtpSecurityForPort(port ? port : 25, server, credentials);
        if (!secure && *security != SmtpSecurity::None)
            c.notes << AppriseUrl::tr(
                "security %1: AlertDesk never sends mail in clear text to another machine (mode=none is only for a "
                "local server)")
                           .arg(smtpSecurityName(*security));
    }
    if (!port)
        port = secure ? defaultSmtpPort(*security) : (*security == SmtpSecurity::Tls ? 465 : 25);
    c.options.insert(QStringLiteral("smtp-host"), { server });
    c.options.insert(QStringLiteral("smtp-port"), { QString::number(port) });
    c.options.insert(QStringLiteral("security"), { smtpSecurityName(*security) });
    if (!user.isEmpty())
        c.options.insert(QStringLiteral("username"), { user });
    if (!password.isEmpty())
        c.options.insert(QStringLiteral("password"), { password });

    QString from = r.take("from");
    if (from.isEmpty()) {
        if (user.isEmpty()) {
            *error = AppriseUrl::tr("%1:// URL: no sender: give from=ADDRESS or a USER@ part to send as").arg(u.scheme);
            return std::nullopt;
        }
        // Apprise's default sender: the user's local part at the URL's domain.
        from = user.section(QLatin1Char('@'), 0, 0) + QLatin1Char('@') + domain;
        c.notes << AppriseUrl::tr("sender: the user at the URL's domain, as Apprise does (from= sets another)");
    }
    c.options.insert(QStringLiteral("from"), { from });
    if (r.has("name"))
        c.options.insert(QStringLiteral("from-name"), { r.take("name") });
    r.accept(QStringLiteral("name"));

    QStringList to = u.path;
    to += splitTargets(r.take("to"));
    if (to.isEmpty()) {
        // Apprise mails the sender itself when no recipient is given.
        QString e;
        const auto mailbox = parseMailbox(from, &e);
        to << (mailbox ? mailbox->address : from);
        c.notes << AppriseUrl::tr("recipient: the sender, as Apprise does when no to= is given");
    }
    c.options.insert(QStringLiteral("to"), to);
    if (r.has("ca_file"))
        c.options.insert(QStringLiteral("ca-file"), { r.take("ca_file") });
    r.accept(QStringLiteral("ca_file"));
    return c;
}

std::optional<AppriseChannel> json(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    AppriseChannel c { u.scheme, QStringLiteral("webhook"), QStringLiteral("webhook"), {}, {} };
    QString host;
    int port = 0;
    // The host as written: an IPv6 literal or a percent-encoded name goes to the URL unchanged.
    if (!hostAndPort(u.rawHostPort, &host, &port, error, u.scheme))
        return std::nullopt;
    const QString scheme = u.scheme == QLatin1String("jsons") ? QStringLiteral("https") : QStringLiteral("http");
    c.options.insert(QStringLiteral("url"),
        { scheme + QStringLiteral("://") + host + (port ? QStringLiteral(":%1").arg(port) : QString())
            + QLatin1Char('/') + u.rawPath });
    QStringList headers;
    if (u.hasUserInfo && (!u.user.isEmpty() || !u.password.isEmpty()))
        headers << QStringLiteral("Authorization: Basic ")
                + QString::fromLatin1((u.user + QLatin1Char(':') + u.password).toUtf8().toBase64());
    bool payloadChanges = false;
    for (const auto& [key, value] : u.query) {
        if (key.startsWith(QLatin1Char('+')) && key.size() > 1) {
            // Apprise lower-cases keys; header names are case-insensitive, so that is harmless.
            headers << key.mid(1) + QStringLiteral(": ") + value;
            r.accept(key);
        } else if (key.startsWith(QLatin1Char('-')) || key.startsWith(QLatin1Char(':'))) {
            payloadChanges = true;
            r.accept(key);
        }
    }
    if (payloadChanges)
        c.notes << AppriseUrl::tr("ignored Apprise's payload changes (-key, :key): AlertDesk posts its own JSON alert "
                                  "(see the README's webhook payload)");
    const QString method = r.take("method").toUpper();
    if (!method.isEmpty() && method != QLatin1String("POST"))
        c.notes << AppriseUrl::tr("ignored method=: AlertDesk always POSTs");
    if (!headers.isEmpty())
        c.options.insert(QStringLiteral("header"), headers);
    return c;
}

std::optional<AppriseChannel> pagerDuty(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    AppriseChannel c { u.scheme, QStringLiteral("pagerduty"), QStringLiteral("pagerduty"), {}, {} };
    QStringList path = u.path;
    QString key = r.take("integrationkey");
    const bool apiKey = r.has("apikey") || (u.hasUserInfo && !u.host.isEmpty());
    r.accept(QStringLiteral("apikey"));
    if (key.isEmpty())
        key = u.hasUserInfo ? u.user : u.host;
    if (key.isEmpty()) {
        *error = AppriseUrl::tr(
            "pagerduty:// URL: expected pagerduty://INTEGRATION_KEY@API_KEY (or pagerduty://INTEGRATION_KEY)");
        return std::nullopt;
    }
    if (apiKey)
        c.notes << AppriseUrl::tr("the API key was not stored: the Events API v2 needs only the integration key");
    c.options.insert(QStringLiteral("routing-key"), { key });
    QString source = r.take("source");
    if (source.isEmpty() && !path.isEmpty())
        source = path.takeFirst();
    if (!source.isEmpty())
        c.options.insert(QStringLiteral("source"), { source });
    if (r.has("component") || !path.isEmpty())
        c.notes << AppriseUrl::tr(
            "ignored the component: AlertDesk sends the alert's symbol and strategy in custom_details");
    r.accept(QStringLiteral("component"));
    if (r.has("severity"))
        c.notes << AppriseUrl::tr("ignored severity=: AlertDesk maps each alert's priority to a severity");
    r.accept(QStringLiteral("severity"));

    const QString region = r.take("region").toLower();
    if (!region.isEmpty() && region != QLatin1String("us") && region != QLatin1String("eu")) {
        *error = AppriseUrl::tr("pagerduty:// URL: region= must be us or eu");
        return std::nullopt;
    }
    if (r.has("api_base"))
        c.options.insert(QStringLiteral("api-base"), { trimBase(r.take("api_base")) });
    else if (region == QLatin1String("eu"))
        c.options.insert(QStringLiteral("api-base"), { QStringLiteral("https://events.eu.pagerduty.com") });
    r.accept(QStringLiteral("api_base"));
    return c;
}

// Apprise: ntfy://TOPIC (the public ntfy.sh), ntfy://[USER[:PASS]@]HOST[:PORT]/TOPIC (http),
// ntfys://... (https); a user that is an access token (tk_...) or ?token= is sent as Bearer.
std::optional<AppriseChannel> ntfy(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    AppriseChannel c { u.scheme, QStringLiteral("ntfy"), QStringLiteral("ntfy"), {}, {} };
    QString topic;
    if (u.path.isEmpty()) {
        topic = u.host;
    } else {
        QString host;
        int port = 0;
        if (!hostAndPort(u.rawHostPort, &host, &port, error, u.scheme))
            return std::nullopt;
        if (u.path.size() > 1) {
            *error = AppriseUrl::tr("%1:// URL: AlertDesk publishes to one topic per channel (add one URL per topic)")
                         .arg(u.scheme);
            return std::nullopt;
        }
        topic = u.path.first();
        const QString scheme = u.scheme == QLatin1String("ntfys") ? QStringLiteral("https") : QStringLiteral("http");
        c.options.insert(QStringLiteral("server"),
            { scheme + QStringLiteral("://") + host + (port ? QStringLiteral(":%1").arg(port) : QString()) });
    }
    if (topic.isEmpty()) {
        *error = AppriseUrl::tr("%1:// URL: no topic (ntfy://TOPIC or ntfys://HOST/TOPIC)").arg(u.scheme);
        return std::nullopt;
    }
    c.options.insert(QStringLiteral("topic"), { topic });
    QString token = r.take("token");
    if (token.isEmpty() && u.hasUserInfo && u.password.isEmpty() && u.user.startsWith(QLatin1String("tk_")))
        token = u.user;
    if (!token.isEmpty())
        c.options.insert(QStringLiteral("token"), { token });
    else if (u.hasUserInfo) {
        c.options.insert(QStringLiteral("user"), { u.user });
        c.options.insert(QStringLiteral("password"), { u.password });
    }
    r.accept(QStringLiteral("auth"));
    for (const char* key : { "priority", "tags", "click", "title" }) {
        if (r.has(key))
            c.notes << AppriseUrl::tr("ignored %1=: AlertDesk sets it from each alert").arg(QString::fromLatin1(key));
        r.accept(QString::fromLatin1(key));
    }
    if (r.has("ca_file"))
        c.options.insert(QStringLiteral("ca-file"), { r.take("ca_file") });
    r.accept(QStringLiteral("ca_file"));
    return c;
}

// Apprise: pover://USER_KEY@APP_TOKEN[/DEVICE...][?sound=S][&retry=SEC][&expire=SEC][&to=DEVICE,...]
std::optional<AppriseChannel> pushover(Reader& r, QString* error)
{
    const RawUrl& u = r.url();
    AppriseChannel c { u.scheme, QStringLiteral("pushover"), QStringLiteral("pushover"), {}, {} };
    if (!u.hasUserInfo || u.user.isEmpty() || u.host.isEmpty()) {
        *error = AppriseUrl::tr("pover:// URL: expected pover://USER_KEY@APP_TOKEN[/DEVICE]");
        return std::nullopt;
    }
    c.options.insert(QStringLiteral("user-key"), { u.user });
    c.options.insert(QStringLiteral("app-token"), { u.host });
    QStringList devices = u.path;
    devices += splitTargets(r.take("to"));
    if (!devices.isEmpty())
        c.options.insert(QStringLiteral("device"), devices);
    for (const char* key : { "sound", "retry", "expire" }) {
        if (r.has(key))
            c.options.insert(QString::fromLatin1(key), { r.take(key) });
        r.accept(QString::fromLatin1(key));
    }
    if (r.has("priority"))
        c.notes << AppriseUrl::tr("ignored priority=: AlertDesk maps each alert's priority to Pushover's");
    r.accept(QStringLiteral("priority"));
    if (r.has("format") && r.take("format").toLower() == QLatin1String("html"))
        c.options.insert(QStringLiteral("html"), { QStringLiteral("true") });
    r.accept(QStringLiteral("format"));
    if (r.has("api_base"))
        c.options.insert(QStringLiteral("api-base"), { trimBase(r.take("api_base")) });
    r.accept(QStringLiteral("api_base"));
    return c;
}

} // namespace

QStringList appriseSchemes()
{
    return { QStringLiteral("tgram"), QStringLiteral("discord"), QStringLiteral("slack"), QStringLiteral("mailto"),
        QStringLiteral("mailtos"), QStringLiteral("json"), QStringLiteral("jsons"), QStringLiteral("pagerduty"),
        QStringLiteral("ntfy"), QStringLiteral("ntfys"), QStringLiteral("pover") };
}

std::optional<AppriseChannel> parseAppriseUrl(const QString& url, QString* error)
{
    auto raw = split(url, error);
    if (!raw)
        return std::nullopt;
    const QString scheme = raw->scheme;
    Reader r(*raw);
    std::optional<AppriseChannel> c;
    if (scheme == QLatin1String("tgram"))
        c = telegram(r, error);
    else if (scheme == QLatin1String("discord"))
        c = discord(r, error);
    else if (scheme == QLatin1String("slack"))
        c = slack(r, error);
    else if (scheme == QLatin1String("mailto") || scheme == QLatin1String("mailtos"))
        c = email(r, error);
    else if (scheme == QLatin1String("json") || scheme == QLatin1String("jsons"))
        c = json(r, error);
    else if (scheme == QLatin1String("pagerduty"))
        c = pagerDuty(r, error);
    else if (scheme == QLatin1String("ntfy") || scheme == QLatin1String("ntfys"))
        c = ntfy(r, error);
    else if (scheme == QLatin1String("pover"))
        c = pushover(r, error);
    else {
        *error = AppriseUrl::tr("unsupported URL scheme '%1://' (supported: %2)")
                     .arg(scheme, appriseSchemes().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (c)
        c->notes += r.unknownNotes();
    return c;
}

QString appriseTerms(const QString& builderMessage)
{
    // The words of the URL, translated where used (the window's language; English on the command line).
    static const QList<QPair<const char*, const char*>> words {
        //: These words take an option's place in the channel checks' messages for a URL: "tgram:// URL:
        //: the bot token is required" (the checks' own words: "{--bot-token} is required").
        { "--bot-token", QT_TRANSLATE_NOOP("AppriseUrl", "the bot token") },
        { "--chat-id", QT_TRANSLATE_NOOP("AppriseUrl", "the chat id") },
        { "--webhook-url", QT_TRANSLATE_NOOP("AppriseUrl", "the webhook URL") },
        { "--channel-id", QT_TRANSLATE_NOOP("AppriseUrl", "the channel") },
        { "--api-base", "api_base=" },
        { "--smtp-host", QT_TRANSLATE_NOOP("AppriseUrl", "the SMTP server") },
        { "--smtp-port", QT_TRANSLATE_NOOP("AppriseUrl", "the port") },
        { "--security", "mode=" },
        { "--username", QT_TRANSLATE_NOOP("AppriseUrl", "the user") },
        { "--password", QT_TRANSLATE_NOOP("AppriseUrl", "the password") },
        { "--from-name", "name=" },
        { "--from", "from=" },
        { "--to", "to=" },
        { "--ca-file", "ca_file=" },
        { "--routing-key", QT_TRANSLATE_NOOP("AppriseUrl", "the integration key") },
        { "--url", QT_TRANSLATE_NOOP("AppriseUrl", "the URL") },
        { "--header", QT_TRANSLATE_NOOP("AppriseUrl", "the header") },
        { "--source", QT_TRANSLATE_NOOP("AppriseUrl", "the source") },
        { "--oauth-token", QT_TRANSLATE_NOOP("AppriseUrl", "an OAuth token") },
        { "--auth", "auth=" },
        { "--topic", QT_TRANSLATE_NOOP("AppriseUrl", "the topic") },
        { "--server", QT_TRANSLATE_NOOP("AppriseUrl", "the server") },
        { "--token", QT_TRANSLATE_NOOP("AppriseUrl", "the access token") },
        { "--user-key", QT_TRANSLATE_NOOP("AppriseUrl", "the user key") },
        { "--app-token", QT_TRANSLATE_NOOP("AppriseUrl", "the application token") },
        { "--device", QT_TRANSLATE_NOOP("AppriseUrl", "the device") },
        { "--user", QT_TRANSLATE_NOOP("AppriseUrl", "the user") },
        { "routing_key", QT_TRANSLATE_NOOP("AppriseUrl", "the integration key") },
        { "user_key", QT_TRANSLATE_NOOP("AppriseUrl", "the user key") },
        { "app_token", QT_TRANSLATE_NOOP("AppriseUrl", "the application token") },
        { "devices", QT_TRANSLATE_NOOP("AppriseUrl", "the device") },
        { "bot_token", QT_TRANSLATE_NOOP("AppriseUrl", "the bot token") },
        { "chat_ids", QT_TRANSLATE_NOOP("AppriseUrl", "the chat ids") },
        { "channel_ids", QT_TRANSLATE_NOOP("AppriseUrl", "the channels") },
        { "webhook_urls", QT_TRANSLATE_NOOP("AppriseUrl", "the webhook URL") },
        { "api_base", "api_base=" },
    };
    QString m = builderMessage;
    static const QRegularExpression indexed(QStringLiteral("webhook_urls\\[[0-9]+\\]"));
    m.replace(indexed, AppriseUrl::tr("the webhook URL"));
    for (const auto& [from, to] : words)
        m.replace(QRegularExpression(QStringLiteral("(?<![A-Za-z0-9_-])%1(?![A-Za-z0-9_=-])")
                                         .arg(QRegularExpression::escape(QString::fromLatin1(from)))),
            QCoreApplication::translate("AppriseUrl", to));
    return m;
}

} // namespace alertdesk
