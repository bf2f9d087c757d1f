// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "VoiceChannel.h"

#include "PayloadText.h"
#include "SmsChannel.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrl>

namespace alertdesk {

namespace {
QString xmlEscape(QString s)
{
    return s.replace(QLatin1Char('&'), QLatin1String("&amp;"))
        .replace(QLatin1Char('<'), QLatin1String("&lt;"))
        .replace(QLatin1Char('>'), QLatin1String("&gt;"))
        .replace(QLatin1Char('"'), QLatin1String("&quot;"));
}

// Pictographs, their modifiers and joiners: a voice reads them as nothing useful, or as
// their long Unicode names.
bool isEmojiPart(char32_t c)
{
    if (c == 0x200D || c == 0xFE0E || c == 0xFE0F || c == 0x20E3)
        return true;
    const QChar::Category cat = QChar::category(c);
    return cat == QChar::Symbol_Other || cat == QChar::Symbol_Modifier || cat == QChar::Other_Format
        || cat == QChar::Other_Control || cat == QChar::Other_PrivateUse || cat == QChar::Other_Surrogate
        || cat == QChar::Other_NotAssigned;
}

QString wordFor(char32_t c)
{
    switch (c) {
    case '%':
        return QStringLiteral(" percent ");
    case '&':
        return QStringLiteral(" and ");
    case '+':
        return QStringLiteral(" plus ");
    case '@':
        return QStringLiteral(" at ");
    case '#':
        return QStringLiteral(" number ");
    case '=':
        return QStringLiteral(" equals ");
    case '<':
        return QStringLiteral(" less than ");
    case '>':
        return QStringLiteral(" greater than ");
    case '/':
        return QStringLiteral(" slash ");
    case '$':
        return QStringLiteral(" dollars ");
    case 0x20AC:
        return QStringLiteral(" euros ");
    case '_':
    case '*':
    case '`':
    case '~':
    case '|':
    case '^':
    case '\\':
    case '[':
    case ']':
    case '{':
    case '}':
    case '"':
        return QStringLiteral(" ");
    default:
        return {};
    }
}

QString sentence(QString s)
{
    s = s.trimmed();
    if (s.isEmpty())
        return s;
    const QChar last = s.back();
    if (last != QLatin1Char('.') && last != QLatin1Char('!') && last != QLatin1Char('?'))
        s += QLatin1Char('.');
    return s;
}

QString capitalised(const QString& word)
{
    return word.left(1).toUpper() + word.mid(1).toLower();
}
} // namespace

QString speakableText(const QString& text)
{
    // "$5" and "€5" are said "5 dollars", "5 euros": the currency goes after the amount.
    static const QRegularExpression currency(QStringLiteral("([$\u20ac])\\s?([0-9][0-9,.]*[0-9]|[0-9])"));
    QString t = text;
    t.replace(currency, QStringLiteral("\\2\\1"));
    QString out;
    for (const char32_t c : t.toUcs4()) {
        if (QChar::isSpace(c)) {
            out += QLatin1Char(' ');
            continue;
        }
        if (const QString w = wordFor(c); !w.isEmpty()) {
            out += w;
            continue;
        }
        if (isEmojiPart(c)) {
            out += QLatin1Char(' ');
            continue;
        }
        out += QString::fromUcs4(&c, 1);
    }
    // "92 % ," would leave the voice a pause before nothing: no space before punctuation.
    static const QRegularExpression spaceBeforePunctuation(QStringLiteral("\\s+([,.;:!?])"));
    return out.simplified().replace(spaceBeforePunctuation, QStringLiteral("\\1"));
}

QString spokenSymbol(const QString& symbol)
{
    QStringList parts;
    for (const char32_t c : symbol.toUcs4()) {
        if (QChar::isLetterOrNumber(c))
            parts << QString::fromUcs4(&c, 1).toUpper();
    }
    return parts.join(QLatin1Char(' '));
}

QString voiceText(const Alert& alert)
{
    QStringList parts;
    parts << capitalised(priorityName(alert.priority)) + QStringLiteral(" priority alert.");
    parts << sentence(speakableText(alert.title));
    if (const QString sym = spokenSymbol(alert.symbol); !sym.isEmpty())
        parts << QStringLiteral("Symbol ") + sym + QLatin1Char('.');
    QString message = speakableText(alert.message);
    if (message.size() > VoiceLimits::message) {
        // Cut between words: a marker means nothing when spoken.
        message = message.left(VoiceLimits::message + 1);
        const qsizetype space = message.lastIndexOf(QLatin1Char(' '));
        message = message.left(space > 0 ? space : VoiceLimits::message);
    }
    parts << sentence(message);
    parts.removeAll(QString());
    return parts.join(QLatin1Char(' '));
}

QString voiceTwiml(const Alert& alert, const QString& voice, const QString& language, int repeat)
{
    QString say = QStringLiteral("<Say");
    if (!voice.isEmpty())
        say += QStringLiteral(" voice=\"") + xmlEscape(voice) + QLatin1Char('"');
    if (!language.isEmpty())
        say += QStringLiteral(" language=\"") + xmlEscape(language) + QLatin1Char('"');
    say += QLatin1Char('>');
    repeat = std::clamp(repeat, 1, VoiceLimits::maxRepeat);
    const QString pause = QStringLiteral("<Pause length=\"1\"/>");
    const QString open = QStringLiteral("<Response>"), close = QStringLiteral("</Response>"),
                  end = QStringLiteral("</Say>");
    // Twilio takes at most 4,000 characters of TwiML: a title whose symbols became words can
    // outgrow it, so each repetition gets its share and the text is cut between words to fit.
    const qsizetype budget = (VoiceLimits::twiml - open.size() - close.size() - (repeat - 1) * pause.size()) / repeat
        - say.size() - end.size();
    QString text = xmlEscape(voiceText(alert));
    if (text.size() > budget) {
        text = text.left(budget);
        const qsizetype space = text.lastIndexOf(QLatin1Char(' '));
        text = text.left(space > 0 ? space : budget - 1);
        // An entity cut in two would not be XML.
        if (const qsizetype amp = text.lastIndexOf(QLatin1Char('&'));
            amp >= 0 && text.indexOf(QLatin1Char(';'), amp) < 0)
            text.truncate(amp);
        text = text.trimmed() + QLatin1Char('.');
    }
    QStringList says;
    for (int i = 0; i < repeat; ++i)
        says << say + text + end;
    return open + says.join(pause) + close;
}

QByteArray twilioCallForm(const QString& to, const QString& from, const QString& twiml)
{
    return "To=" + twilioFormEncode(to) + "&From=" + twilioFormEncode(from) + "&Twiml=" + twilioFormEncode(twiml);
}

CallProgress callProgress(const QString& status)
{
    if (status == QLatin1String("completed"))
        return CallProgress::Completed;
    if (status == QLatin1String("busy") || status == QLatin1String("no-answer") || status == QLatin1String("failed")
        || status == QLatin1String("canceled"))
        return CallProgress::Unanswered;
    return CallProgress::Pending;
}

// One call in flight: placed, then asked after until its status is final.
struct VoiceChannel::Call {
    QString to;
    QString sid; // CA..., from Twilio's answer
    QString lastStatus;
    QByteArray auth;
    qint64 startedAt = 0; // clock time the call was placed
    qint64 interval = VoiceLimits::pollIntervalMs;
    qint64 limit = VoiceLimits::pollLimitMs;
    int timeoutMs = 10000;
    std::function<void(SendOutcome)> done;
};

VoiceChannel::VoiceChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // As for SMS: the token travels as Basic base64(SID:token), which an echo must not leak.
    const QString sid = m_config.settings.value(QStringLiteral("account_sid")).toString();
    m_redactor.addSecret(QString::fromLatin1(twilioBasicCredentials(sid, secret(QStringLiteral("auth_token")))));
}

VoiceChannel::~VoiceChannel()
{
    const QList<std::shared_ptr<Call>> calls = m_calls;
    for (const std::shared_ptr<Call>& call : calls) {
        SendOutcome o;
        o.kind = SendOutcome::Kind::Retry;
        o.error = QStringLiteral("call %1: the channel changed before the call ended").arg(call->sid);
        finish(call, o);
    }
}

void VoiceChannel::finish(const std::shared_ptr<Call>& call, const SendOutcome& outcome)
{
    m_calls.removeOne(call);
    call->done(outcome);
}

RatePolicy VoiceChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 1.0, 1);
}

void VoiceChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QJsonObject& s = m_config.settings;
    const QString from = s.value(QStringLiteral("from")).toString();
    const QUrl url(twilioAccountUrl(s) + QStringLiteral("/Calls.json"));
    const QByteArray auth = "Basic "
        + twilioBasicCredentials(
            s.value(QStringLiteral("account_sid")).toString(), secret(QStringLiteral("auth_token")));
    const QString twiml
        = voiceTwiml(alert, s.value(QStringLiteral("voice")).toString(), s.value(QStringLiteral("language")).toString(),
            s.value(QStringLiteral("repeat")).toInt(VoiceLimits::defaultRepeat));

    QList<ChannelTarget> targets;
    for (const QString& to : settingsList(s, QStringLiteral("to")))
        targets << ChannelTarget { to, to };
    Clock* clock = m_env.clock;
    const int timeoutMs = ctx.timeoutMs;
    m_fanout.run(
        ctx.idempotencyKey, targets,
        [=, this](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            auto call = std::make_shared<Call>();
            call->to = t.id;
            call->auth = auth;
            call->startedAt = clock->nowMs();
            call->timeoutMs = timeoutMs;
            call->done = std::move(one);
            QNetworkRequest req(url);
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
            req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
            req.setRawHeader("Authorization", auth);
            post(req, twilioCallForm(t.id, from, twiml), timeoutMs, [this, clock, call](const HttpResponse& r) {
                SendOutcome o = twilioOutcome(r, clock->nowMs(), m_redactor);
                if (o.kind == SendOutcome::Kind::Delivered) {
                    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
                    call->sid = body.value(QStringLiteral("sid")).toString();
                    call->lastStatus = body.value(QStringLiteral("status")).toString();
                    static const QRegularExpression callSid(QStringLiteral("^CA[0-9a-fA-F]{32}$"));
                    if (callSid.match(call->sid).hasMatch()) {
                        // Placed: the outcome is the call's, known once Twilio says it ended.
                        qCDebug(lcChannels).noquote() << "voice" << m_config.name << "placed call" << call->sid;
                        m_calls << call;
                        clock->schedule(call->interval, this, [this, call] { poll(call); });
                        return;
                    }
                    o.kind = SendOutcome::Kind::Failed;
                    o.error = QStringLiteral("Twilio accepted the call without a call sid: %1")
                                  .arg(answerText(r, m_redactor, 200));
                }
                qCDebug(lcChannels).noquote() << "voice" << m_config.name << o.error;
                call->done(o);
            });
        },
        std::move(done));
}

void VoiceChannel::poll(const std::shared_ptr<Call>& call)
{
    Clock* clock = m_env.clock;
    auto again = [this, clock, call] {
        if (clock->nowMs() - call->startedAt + call->interval > call->limit) {
            SendOutcome o;
            o.kind = SendOutcome::Kind::Retry;
            o.error = QStringLiteral("call %1 not finished after %2 s (last status: %3)")
                          .arg(call->sid)
                          .arg((clock->nowMs() - call->startedAt) / 1000)
                          .arg(call->lastStatus.isEmpty() ? QStringLiteral("unknown") : call->lastStatus);
            finish(call, o);
            return;
        }
        clock->schedule(call->interval, this, [this, call] { poll(call); });
    };
    QNetworkRequest req(
        QUrl(twilioAccountUrl(m_config.settings) + QStringLiteral("/Calls/") + call->sid + QStringLiteral(".json")));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    req.setRawHeader("Authorization", call->auth);
    get(req, call->timeoutMs, [this, clock, call, again](const HttpResponse& r) {
        const SendOutcome asked = twilioOutcome(r, clock->nowMs(), m_redactor);
        if (asked.kind == SendOutcome::Kind::Failed) {
            // The call was placed, but Twilio will not tell how it went (a revoked token, say).
            SendOutcome o = asked;
            o.error = QStringLiteral("call %1: status unknown: %2").arg(call->sid, asked.error);
            finish(call, o);
            return;
        }
        if (asked.kind == SendOutcome::Kind::Retry) {
            // A lost answer is no reason to call again: ask again later.
            qCDebug(lcChannels).noquote() << "voice" << m_config.name << "status of" << call->sid << asked.error;
            again();
            return;
        }
        const QString status = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("status")).toString();
        if (!status.isEmpty())
            call->lastStatus = status;
        switch (callProgress(status)) {
        case CallProgress::Completed: {
            SendOutcome o = SendOutcome::delivered(r.status, clock->nowMs() - call->startedAt + r.latencyMs);
            finish(call, o);
            return;
        }
        case CallProgress::Unanswered: {
            // Nobody heard it: the delivery policy calls again, and escalation goes on.
            SendOutcome o;
            o.kind = SendOutcome::Kind::Retry;
            o.httpStatus = r.status;
            o.error = QStringLiteral("call %1 ended %2").arg(call->sid, status);
            finish(call, o);
            return;
        }
        case CallProgress::Pending:
            again();
            return;
        }
    });
}

} // namespace alertdesk
