// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "EmailMessage.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTextBoundaryFinder>
#include <cstdlib>
#include <string_view>

namespace alertdesk {

namespace {

constexpr int kMaxHeaderLine = 78; // RFC 5322 "SHOULD"; 998 is the hard limit
constexpr int kMaxEncodedWord = 75; // RFC 2047 section 2
constexpr int kMaxEncodedLine = 76; // RFC 2047 section 2, lines with encoded-words

bool isAtext(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Control characters (C0, DEL, C1) and Unicode line/paragraph separators become spaces: in
// a header they could end the line, anywhere else in one-line text they only confuse.
QString oneLine(const QString& s)
{
    QString out = s;
    for (QChar& c : out) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0) || u == 0x2028 || u == 0x2029)
            c = QLatin1Char(' ');
    }
    return out;
}

// Only visible ASCII survives: for values that must be ASCII tokens in a header.
QByteArray asciiToken(const QString& s)
{
    QByteArray out;
    for (QChar c : s) {
        if (c.unicode() > 0x20 && c.unicode() < 0x7F)
            out += static_cast<char>(c.unicode());
    }
    return out;
}

// Q encoding, restricted to the characters RFC 2047 section 5(3) allows in a phrase, so the
// same words are valid in Subject and in a From display name.
bool isQSafe(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '!' || b == '*'
        || b == '+' || b == '-' || b == '/';
}

int qCost(const QByteArray& bytes)
{
    int n = 0;
    for (char c : bytes)
        n += (isQSafe(static_cast<unsigned char>(c)) || c == ' ') ? 1 : 3;
    return n;
}

int bCost(qsizetype bytes)
{
    return static_cast<int>(4 * ((bytes + 2) / 3));
}

QByteArray qEncode(const QByteArray& bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (isQSafe(b)) {
            out += c;
        } else if (b == ' ') {
            out += '_';
        } else {
            out += '=';
            out += hex[b >> 4];
            out += hex[b & 0xF];
        }
    }
    return out;
}

// Code points of s, each as its UTF-8 bytes; a surrogate pair stays together.
QList<QByteArray> codePoints(const QString& s)
{
    QList<QByteArray> out;
    for (qsizetype i = 0; i < s.size(); ++i) {
        qsizetype len = 1;
        if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate())
            len = 2;
        out << s.mid(i, len).toUtf8();
        i += len - 1;
    }
    return out;
}

QByteArray lastLine(const QByteArray& folded)
{
    const qsizetype nl = folded.lastIndexOf('\n');
    return nl < 0 ? folded : folded.mid(nl + 1);
}

QString htmlEscape(const QString& s)
{
    QString out;
    out.reserve(s.size() + s.size() / 8);
    for (QChar c : s) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&#39;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString normalizeNewlines(const QString& s)
{
    QString out = s;
    out.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    out.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return out;
}

QString jsonValueText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // Scalars: the JSON spelling, from a one-element array.
    return QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).mid(1).chopped(1));
}

QString utcText(const QDateTime& dt)
{
    return dt.isValid() ? QLocale::c().toString(dt.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QString();
}

struct FieldRow {
    const char* label;
    QString value;
};

QList<FieldRow> alertFields(const Alert& a)
{
    QList<FieldRow> rows;
    if (!a.symbol.isEmpty())
        rows.append({ "Symbol", a.symbol });
    if (!a.strategy.isEmpty())
        rows.append({ "Strategy", a.strategy });
    if (!a.position.isEmpty())
        rows.append({ "Position", a.position });
    return rows;
}

// Badge text must stay readable on the priority color: dark on yellow, white elsewhere.
QString badgeTextColor(Priority p)
{
    return p == Priority::Medium ? QStringLiteral("#1f2328") : QStringLiteral("#ffffff");
}

// A display name as a phrase: atoms as they are, other ASCII as a quoted-string, anything
// else (or anything too long for one line) as encoded-words.
QByteArray displayNamePhrase(const QString& name, int used)
{
    const QString clean = oneLine(name).simplified();
    if (clean.isEmpty())
        return {};
    bool ascii = !clean.contains(QLatin1String("=?"));
    bool atoms = true;
    for (QChar c : clean) {
        if (c.unicode() >= 0x7F)
            ascii = false;
        else if (c != QLatin1Char(' ') && !isAtext(static_cast<char>(c.unicode())))
            atoms = false;
    }
    if (ascii) {
        QByteArray phrase = clean.toLatin1();
        if (!atoms) {
            phrase.replace('\\', "\\\\");
            phrase.replace('"', "\\\"");
            phrase = '"' + phrase + '"';
        }
        if (used + phrase.size() <= kMaxHeaderLine)
            return phrase;
    }
    return encodeHeaderWords(clean, used);
}

// What is wrong with an address or a mailbox: the email channel's checks (its dialog, and an
// Apprise mailto:// URL) show them in the window's language.
// (Named apart from the struct Mailbox; "Mailbox" is the translations' context.)
class MailboxText final {
    Q_DECLARE_TR_FUNCTIONS(Mailbox)
};

} // namespace

// ---- addresses ----------------------------------------------------------------------------

QString checkEmailAddress(const QString& address)
{
    //: This and the other messages of this context follow the address or its field: "{to} 'x' has no @".
    if (address.isEmpty())
        return MailboxText::tr("is empty");
    for (QChar c : address) {
        if (c.unicode() >= 0x7F)
            return MailboxText::tr("must be ASCII (internationalised addresses are not supported)");
        if (c.unicode() <= 0x20)
            return MailboxText::tr("must not contain spaces or control characters");
    }
    if (address.size() > 254)
        return MailboxText::tr("is longer than 254 characters");
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return MailboxText::tr("has no @");
    const QByteArray local = address.left(at).toLatin1();
    const QString domain = address.mid(at + 1);
    if (local.isEmpty())
        return MailboxText::tr("has nothing before the @");
    if (local.size() > 64)
        return MailboxText::tr("has more than 64 characters before the @");
    if (local.startsWith('.') || local.endsWith('.') || local.contains(".."))
        return MailboxText::tr("has a misplaced dot before the @");
    for (char c : local) {
        if (c != '.' && !isAtext(c))
            return MailboxText::tr("has the character '%1' before the @ (quoted local parts are not supported)")
                .arg(QLatin1Char(c));
    }
    if (domain.isEmpty())
        return MailboxText::tr("has no domain after the @");
    if (domain.startsWith(QLatin1Char('['))) {
        if (!domain.endsWith(QLatin1Char(']')))
            return MailboxText::tr("has an unterminated [address] domain");
        QString ip = domain.mid(1, domain.size() - 2);
        if (ip.startsWith(QLatin1String("IPv6:"), Qt::CaseInsensitive))
            ip = ip.mid(5);
        if (QHostAddress(ip).isNull())
            return MailboxText::tr("has an invalid [address] domain");
        return {};
    }
    if (domain.size() > 253)
        return MailboxText::tr("has a domain longer than 253 characters");
    for (const QString& label : domain.split(QLatin1Char('.'))) {
        if (label.isEmpty() || label.size() > 63)
            return MailboxText::tr("has an invalid domain '%1'").arg(domain);
        if (label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
            return MailboxText::tr("has an invalid domain '%1'").arg(domain);
        for (QChar c : label) {
            if (!(c.isLetterOrNumber() || c == QLatin1Char('-')))
                return MailboxText::tr("has an invalid domain '%1'").arg(domain);
        }
    }
    return {};
}

std::optional<Mailbox> parseMailbox(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    Mailbox m;
    if (t.endsWith(QLatin1Char('>'))) {
        const qsizetype lt = t.lastIndexOf(QLatin1Char('<'));
        if (lt < 0) {
            *error = MailboxText::tr("has a '>' without '<'");
            return std::nullopt;
        }
        m.address = t.mid(lt + 1, t.size() - lt - 2).trimmed();
        QString name = t.left(lt).trimmed();
        if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"'))) {
            QString unquoted;
            for (qsizetype i = 1; i < name.size() - 1; ++i) {
                if (name[i] == QLatin1Char('\\') && i + 1 < name.size() - 1)
                    ++i;
                unquoted += name[i];
            }
            name = unquoted;
        }
        for (QChar c : name) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7F) {
                *error = MailboxText::tr("has a control character in its display name");
                return std::nullopt;
            }
        }
        if (name.size() > 128) {
            *error = MailboxText::tr("has a display name longer than 128 characters");
            return std::nullopt;
        }
        m.displayName = name;
    } else {
        if (t.contains(QLatin1Char('<'))) {
            *error = MailboxText::tr("has a '<' without '>'");
            return std::nullopt;
        }
        m.address = t;
    }
    if (QString e = checkEmailAddress(m.address); !e.isEmpty()) {
        //: %1 is the address, %2 what is wrong with it (such as "has no @").
        *error = MailboxText::tr("'%1' %2").arg(m.address.left(80), e);
        return std::nullopt;
    }
    return m;
}

// ---- encodings ----------------------------------------------------------------------------

QByteArray encodeHeaderWords(const QString& text, int used)
{
    const QByteArray all = text.toUtf8();
    const bool useQ = qCost(all) <= bCost(all.size());
    const QByteArray prefix = useQ ? QByteArrayLiteral("=?UTF-8?Q?") : QByteArrayLiteral("=?UTF-8?B?");
    const int overhead = static_cast<int>(prefix.size()) + 2; // "?="
    auto cost = [useQ](const QByteArray& bytes) { return useQ ? qCost(bytes) : bCost(bytes.size()); };

    QByteArray out;
    QByteArray word; // raw bytes of the word being filled
    int lineUsed = used; // characters already on the current line
    auto budget = [&] { return std::min(kMaxEncodedWord, kMaxEncodedLine - lineUsed) - overhead; };
    auto flush = [&] {
        if (word.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += prefix + (useQ ? qEncode(word) : word.toBase64()) + "?=";
        word.clear();
        lineUsed = 1; // the folding space of the next line
    };
    auto add = [&](const QByteArray& unit) {
        if (cost(word + unit) <= budget()) {
            word += unit;
            return true;
        }
        flush();
        if (cost(unit) <= budget()) {
            word += unit;
            return true;
        }
        return false; // too big for a whole word: the caller splits it
    };

    // Grapheme clusters keep an emoji with its modifiers in one word where they fit; a
    // cluster longer than a word is split between its code points.
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    qsizetype start = 0;
    for (qsizetype end = finder.toNextBoundary(); end != -1; end = finder.toNextBoundary()) {
        if (end <= start)
            continue;
        const QString cluster = text.mid(start, end - start);
        if (!add(cluster.toUtf8())) {
            for (const QByteArray& cp : codePoints(cluster))
                add(cp); // a code point (at most 4 bytes) always fits a fresh word
        }
        start = end;
    }
    flush();
    if (out.isEmpty())
        out = prefix + "?=";
    return out;
}

QByteArray quotedPrintable(const QByteArray& utf8)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(utf8.size() + utf8.size() / 4);
    const QList<QByteArray> lines = utf8.split('\n');
    for (qsizetype li = 0; li < lines.size(); ++li) {
        const QByteArray& line = lines[li];
        int col = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const auto b = static_cast<unsigned char>(line[i]);
            const bool last = i == line.size() - 1;
            bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
            // A leading "." may be eaten by a careless relay, a leading "From " mangled into
            // ">From " by mbox tools: encoding their first character keeps both intact.
            if (i == 0 && (b == '.' || (b == 'F' && line.startsWith("From "))))
                literal = false;
            char token[3];
            int len = 1;
            if (literal) {
                token[0] = static_cast<char>(b);
            } else {
                token[0] = '=';
                token[1] = hex[b >> 4];
                token[2] = hex[b & 0xF];
                len = 3;
            }
            // A soft break ("=" at the end) keeps every line within 76 characters.
            const bool fitsWithBreak = col + len <= 75;
            const bool fitsAsLast = last && col + len <= 76;
            if (!fitsWithBreak && !fitsAsLast) {
                out += "=\r\n";
                col = 0;
            }
            out.append(token, len);
            col += len;
        }
        if (li + 1 < lines.size())
            out += "\r\n";
    }
    return out;
}

QByteArray rfc5322Date(const QDateTime& dt)
{
    static const char* const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char* const months[]
        = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    const QDate d = dt.date();
    const QTime t = dt.time();
    const int offsetMin = dt.offsetFromUtc() / 60;
    const int absOff = std::abs(offsetMin);
    return QString::asprintf("%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[d.dayOfWeek() - 1], d.day(),
        months[d.month() - 1], d.year(), t.hour(), t.minute(), t.second(), offsetMin < 0 ? '-' : '+', absOff / 60,
        absOff % 60)
        .toLatin1();
}

QString emailMessageId(const QString& idempotencyKey, const QString& fromAddress)
{
    QString key;
    for (QChar c : idempotencyKey) {
        if (c.unicode() < 0x80 && (c.isLetterOrNumber() || c == QLatin1Char('-')))
            key += c;
    }
    QString domain;
    const qsizetype at = fromAddress.lastIndexOf(QLatin1Char('@'));
    if (at >= 0 && !fromAddress.mid(at + 1).startsWith(QLatin1Char('['))) {
        for (QChar c : fromAddress.mid(at + 1)) {
            if (c.unicode() < 0x80 && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.')))
                domain += c;
        }
    }
    if (domain.isEmpty())
        domain = QStringLiteral("alertdesk.invalid");
    return QStringLiteral("alertdesk.%1@%2").arg(key, domain);
}

QByteArray emailBoundary(const QString& idempotencyKey)
{
    return "=_alertdesk_"
        + QCryptographicHash::hash(idempotencyKey.toUtf8(), QCryptographicHash::Sha256).toHex().left(24);
}

// ---- content ------------------------------------------------------------------------------

QString emailSubject(const Alert& alert)
{
    return priorityEmoji(alert.priority) + QLatin1Char(' ') + oneLine(alert.title);
}

QString emailPlainText(const Alert& a)
{
    QString t;
    t += priorityEmoji(a.priority) + QLatin1Char(' ') + priorityName(a.priority) + QStringLiteral(" \u00B7 ")
        + alertTypeName(a.type) + QLatin1Char('\n');
    t += oneLine(a.title) + QLatin1Char('\n');
    if (!a.message.isEmpty())
        t += QLatin1Char('\n') + normalizeNewlines(a.message) + QLatin1Char('\n');
    const QList<FieldRow> fields = alertFields(a);
    if (!fields.isEmpty()) {
        t += QLatin1Char('\n');
        for (const FieldRow& f : fields)
            t += QLatin1String(f.label) + QStringLiteral(": ") + oneLine(f.value) + QLatin1Char('\n');
    }
    if (!a.data.isEmpty()) {
        t += QStringLiteral("\nDetails:\n");
        for (auto it = a.data.begin(); it != a.data.end(); ++it) {
            QString value = normalizeNewlines(jsonValueText(it.value()));
            value.replace(QLatin1Char('\n'), QStringLiteral("\n    "));
            t += QStringLiteral("  ") + oneLine(it.key()) + QStringLiteral(": ") + value + QLatin1Char('\n');
        }
    }
    t += QStringLiteral("\nAlert ") + a.id;
    if (a.createdAt.isValid())
        t += QStringLiteral(" \u00B7 ") + utcText(a.createdAt);
    t += QLatin1Char('\n');
    return t;
}

QString emailHtml(const Alert& a)
{
    const QString color = priorityColorHex(a.priority);
    const QString muted = QStringLiteral("#57606a");
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                        "content=\"width=device-width\">\n<title>%1</title>\n</head>\n")
             .arg(htmlEscape(oneLine(a.title)));
    h += QStringLiteral("<body style=\"margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',"
                        "Roboto,Helvetica,Arial,sans-serif;color:#1f2328\">\n");
    h += QStringLiteral("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
                        "style=\"border-collapse:collapse\">\n");
    h += QStringLiteral("<tr><td style=\"background:%1;height:6px;font-size:0;line-height:0\">&nbsp;</td></tr>\n")
             .arg(color);
    h += QStringLiteral("<tr><td style=\"padding:20px 24px;background:#ffffff\">\n");
    h += QStringLiteral("<p style=\"margin:0 0 12px\"><span style=\"display:inline-block;padding:3px 10px;"
                        "border-radius:4px;background:%1;color:%2;font-weight:bold;font-size:13px\">%3 %4</span> "
                        "<span style=\"color:%5;font-size:13px\">%6</span></p>\n")
             .arg(color, badgeTextColor(a.priority), priorityEmoji(a.priority), priorityName(a.priority), muted,
                 alertTypeName(a.type));
    h += QStringLiteral("<h1 dir=\"auto\" style=\"margin:0 0 12px;font-size:20px\">%1</h1>\n")
             .arg(htmlEscape(oneLine(a.title)));
    if (!a.message.isEmpty()) {
        QString msg = htmlEscape(normalizeNewlines(a.message));
        msg.replace(QLatin1Char('\n'), QStringLiteral("<br>\n"));
        h += QStringLiteral("<p dir=\"auto\" style=\"margin:0 0 16px;line-height:1.5\">%1</p>\n").arg(msg);
    }
    const QString th = QStringLiteral("<th align=\"left\" valign=\"top\" style=\"padding:4px 16px 4px 0;color:%1;"
                                      "font-weight:normal\">")
                           .arg(muted);
    const QList<FieldRow> fields = alertFields(a);
    if (!fields.isEmpty()) {
        h += QStringLiteral("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" "
                            "style=\"border-collapse:collapse;margin:0 0 16px\">\n");
        for (const FieldRow& f : fields)
            h += QStringLiteral("<tr>%1%2</th><td dir=\"auto\" style=\"padding:4px 0\">%3</td></tr>\n")
                     .arg(th, QLatin1String(f.label), htmlEscape(oneLine(f.value)));
        h += QStringLiteral("</table>\n");
    }
    if (!a.data.isEmpty()) {
        h += QStringLiteral("<h2 style=\"margin:0 0 8px;font-size:15px\">Details</h2>\n");
        h += QStringLiteral("<table cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;"
                            "margin:0 0 16px;font-size:14px\">\n");
        for (auto it = a.data.begin(); it != a.data.end(); ++it) {
            QString value = htmlEscape(normalizeNewlines(jsonValueText(it.value())));
            value.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
            h += QStringLiteral(
                "<tr>%1%2</th><td dir=\"auto\" style=\"padding:4px 0;font-family:monospace\">%3</td></tr>\n")
                     .arg(th, htmlEscape(oneLine(it.key())), value);
        }
        h += QStringLiteral("</table>\n");
    }
    h += QStringLiteral("<p style=\"margin:16px 0 0;color:%1;font-size:12px\">Alert %2").arg(muted, htmlEscape(a.id));
    if (a.createdAt.isValid())
        h += QStringLiteral(" \u00B7 ") + utcText(a.createdAt);
    h += QStringLiteral("</p>\n</td></tr>\n</table>\n</body>\n</html>\n");
    return h;
}

QByteArray emailMessage(const Alert& alert, const EmailMessageOptions& o)
{
    QByteArray m;
    auto header
        = [&m](const char* name, const QByteArray& value) { m += name + QByteArrayLiteral(": ") + value + "\r\n"; };

    // From: display name (atoms, quoted-string or encoded-words) and the address.
    {
        const QByteArray address = '<' + asciiToken(o.from.address) + '>';
        QByteArray value = displayNamePhrase(o.from.displayName, 6);
        if (value.isEmpty())
            value = address;
        else if ((value.contains('\n') ? lastLine(value).size() : 6 + value.size()) + 1 + address.size()
            > kMaxHeaderLine)
            value += "\r\n " + address;
        else
            value += ' ' + address;
        header("From", value);
    }
    // To: every recipient, folded between addresses.
    {
        QByteArray value;
        int col = 4;
        for (const QString& to : o.to) {
            const QByteArray addr = asciiToken(to);
            if (addr.isEmpty())
                continue;
            if (value.isEmpty()) {
                value = addr;
                col += static_cast<int>(addr.size());
            } else if (col + 2 + addr.size() > kMaxHeaderLine) {
                value += ",\r\n " + addr;
                col = 1 + static_cast<int>(addr.size());
            } else {
                value += ", " + addr;
                col += 2 + static_cast<int>(addr.size());
            }
        }
        header("To", value);
    }
    header("Subject", encodeHeaderWords(emailSubject(alert), 9));
    header("Date", rfc5322Date(o.date));
    header("Message-ID", '<' + asciiToken(o.messageId) + '>');
    header("MIME-Version", "1.0");
    const QByteArray boundary = asciiToken(QString::fromLatin1(o.boundary));
    header("Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + '"');
    header("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation auto-replies to alerts
    if (alert.priority == Priority::Critical || alert.priority == Priority::High)
        header("Importance", "high");
    header("X-AlertDesk-Alert-Id", asciiToken(alert.id));
    header("X-AlertDesk-Priority", priorityName(alert.priority).toLatin1());
    header("X-AlertDesk-Type", alertTypeName(alert.type).toLatin1());
    m += "\r\n";

    auto part = [&](const char* type, const QString& text) {
        m += "--" + boundary + "\r\n";
        m += QByteArrayLiteral("Content-Type: ") + type + "; charset=UTF-8\r\n";
        m += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        m += quotedPrintable(text.toUtf8()) + "\r\n";
    };
    part("text/plain", emailPlainText(alert));
    part("text/html", emailHtml(alert));
    m += "--" + boundary + "--\r\n";
    return m;
}

} // namespace alertdesk
