// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SmsChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTextBoundaryFinder>
#include <QUrl>

namespace alertdesk {

namespace {
// GSM 03.38 basic character set (ESC excluded) and the extension table (two septets each).
const QString& gsmBasic()
{
    static const QString s
        = QStringLiteral("@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
                         "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
                         " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
                         "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
                         "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0");
    return s;
}

const QString& gsmExtension()
{
    static const QString s = QStringLiteral("\f^{}\\[~]|\u20ac");
    return s;
}

int septets(QChar c)
{
    if (gsmBasic().contains(c))
        return 1;
    if (gsmExtension().contains(c))
        return 2;
    return -1;
}

// Segments when each item (a character's cost) must sit whole in one segment.
int pack(const QList<int>& costs, int single, int multi)
{
    int total = 0;
    for (int c : costs)
        total += c;
    if (total == 0)
        return 0;
    if (total <= single)
        return 1;
    int segments = 1, used = 0;
    for (int c : costs) {
        if (used + c > multi) {
            ++segments;
            used = 0;
        }
        used += c;
    }
    return segments;
}

bool fits(const QString& text, int maxSegments)
{
    return text.size() <= SmsLimits::body && smsSegments(text).segments <= maxSegments;
}

// The longest grapheme prefix p of variable such that make(p + marker) fits; the marker is
// "..." while the text stays GSM-7 and "…" once it is UCS-2 anyway.
QString fitPrefix(const QString& variable, const std::function<QString(const QString&)>& make, int maxSegments)
{
    QList<qsizetype> bounds { 0 };
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, variable);
    for (qsizetype pos = finder.toNextBoundary(); pos > 0; pos = finder.toNextBoundary())
        bounds << pos;
    auto candidate = [&](qsizetype n) {
        QString prefix = variable.left(n);
        while (!prefix.isEmpty() && prefix.back().isSpace())
            prefix.chop(1);
        const QString plain = make(prefix + QStringLiteral("..."));
        return isGsm7(plain) ? plain : make(prefix + truncationMarker());
    };
    qsizetype lo = 0, hi = bounds.size() - 1;
    while (lo < hi) {
        const qsizetype mid = (lo + hi + 1) / 2;
        if (fits(candidate(bounds.at(mid)), maxSegments))
            lo = mid;
        else
            hi = mid - 1;
    }
    return candidate(bounds.at(lo));
}
} // namespace

QByteArray twilioBasicCredentials(const QString& sid, const QString& authToken)
{
    return (sid + QLatin1Char(':') + authToken).toUtf8().toBase64();
}

QString twilioAccountUrl(const QJsonObject& settings)
{
    QString base
        = settings.value(QStringLiteral("api_base")).toString(QString::fromLatin1(SmsChannel::kDefaultApiBase));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return base + QStringLiteral("/2010-04-01/Accounts/") + settings.value(QStringLiteral("account_sid")).toString();
}

QByteArray twilioFormEncode(const QString& value)
{
    return QUrl::toPercentEncoding(value).replace("%20", "+");
}

bool isGsm7(const QString& text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return septets(c) > 0; });
}

SmsSegments smsSegments(const QString& text)
{
    SmsSegments s;
    QList<int> costs;
    if (isGsm7(text)) {
        s.encoding = SmsEncoding::Gsm7;
        for (QChar c : text)
            costs << septets(c);
        for (int c : costs)
            s.units += c;
        s.segments = pack(costs, SmsLimits::gsmSingle, SmsLimits::gsmMulti);
        return s;
    }
    s.encoding = SmsEncoding::Ucs2;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool pair = text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        costs << (pair ? 2 : 1);
        if (pair)
            ++i;
    }
    s.units = static_cast<int>(text.size());
    s.segments = pack(costs, SmsLimits::ucs2Single, SmsLimits::ucs2Multi);
    return s;
}

QString smsText(const Alert& alert, int maxSegments)
{
    maxSegments = std::clamp(maxSegments, 1, SmsLimits::maxSegments);
    const QString prefix = priorityName(alert.priority) + QStringLiteral(": ");
    const QString symbol = alert.symbol.isEmpty() ? QString() : QStringLiteral(" (") + alert.symbol + QLatin1Char(')');
    QString head = prefix + alert.title + symbol;
    const QString message = alert.message.trimmed();
    if (message.isEmpty() || !fits(head + QLatin1Char('\n'), maxSegments)) {
        if (fits(head, maxSegments))
            return head;
        return fitPrefix(
            alert.title, [&](const QString& t) -> QString { return prefix + t + symbol; }, maxSegments);
    }
    QString full = head + QLatin1Char('\n') + message;
    if (fits(full, maxSegments))
        return full;
    const QString cut = fitPrefix(
        message, [&](const QString& m) -> QString { return head + QLatin1Char('\n') + m; }, maxSegments);
    // A message cut to nothing but the marker says too little to be worth a line.
    return cut.endsWith(QLatin1Char('\n') + truncationMarker()) || cut.endsWith(QStringLiteral("\n...")) ? head : cut;
}

QByteArray twilioForm(const QString& to, const QString& from, const QString& body)
{
    return "To=" + twilioFormEncode(to) + "&From=" + twilioFormEncode(from) + "&Body=" + twilioFormEncode(body);
}

SendOutcome twilioOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || o.kind == SendOutcome::Kind::Delivered)
        return o;
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    const int code = body.value(QStringLiteral("code")).toInt();
    const QString message = redactor.apply(body.value(QStringLiteral("message")).toString());
    if (code > 0 || !message.isEmpty())
        o.error = QStringLiteral("Twilio error %1: %2").arg(code).arg(message);
    if (code == 21610) {
        // The recipient replied STOP: sending again is forbidden, not merely useless.
        o.kind = SendOutcome::Kind::Failed;
        o.retryAfterMs = -1;
        o.rateLimited = false;
    } else if (code == 20429 || r.status == 429) {
        o.kind = SendOutcome::Kind::Retry;
        o.rateLimited = true;
        o.retryAfterMs = parseRetryAfter(r.header("Retry-After"), nowMs);
    }
    return o;
}

SmsChannel::SmsChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // The auth token goes over the wire as Basic base64(SID:token): a server that echoes the
    // Authorization header back in its error must not leak it in that form.
    const QString sid = m_config.settings.value(QStringLiteral("account_sid")).toString();
    m_redactor.addSecret(QString::fromLatin1(twilioBasicCredentials(sid, secret(QStringLiteral("auth_token")))));
}

RatePolicy SmsChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 1.0, 1);
}

void SmsChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QJsonObject& s = m_config.settings;
    const QString sid = s.value(QStringLiteral("account_sid")).toString();
    const QString from = s.value(QStringLiteral("from")).toString();
    const QUrl url(twilioAccountUrl(s) + QStringLiteral("/Messages.json"));
    const QByteArray auth = "Basic " + twilioBasicCredentials(sid, secret(QStringLiteral("auth_token")));
    const QString text = smsText(alert, s.value(QStringLiteral("max_segments")).toInt(1));

    QList<ChannelTarget> targets;
    for (const QString& to : settingsList(s, QStringLiteral("to")))
        targets << ChannelTarget { to, to };
    Clock* clock = m_env.clock;
    const int timeoutMs = ctx.timeoutMs;
    m_fanout.run(
        ctx.idempotencyKey, targets,
        [=, this](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            QNetworkRequest req(url);
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
            req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
            req.setRawHeader("Authorization", auth);
            post(req, twilioForm(t.id, from, text), timeoutMs,
                [this, clock, one = std::move(one)](const HttpResponse& r) {
                    const SendOutcome o = twilioOutcome(r, clock->nowMs(), m_redactor);
                    if (o.kind != SendOutcome::Kind::Delivered)
                        qCDebug(lcChannels).noquote() << "sms" << m_config.name << o.error;
                    one(o);
                });
        },
        std::move(done));
}

} // namespace alertdesk
