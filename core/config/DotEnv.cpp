// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DotEnv.h"

namespace alertdesk {

namespace {
bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}
bool isKeyStart(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
        || c == QLatin1Char('_');
}
bool isKeyChar(QChar c)
{
    return isKeyStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

class Parser {
public:
    explicit Parser(QString text)
        : m_text(std::move(text))
    {
        if (m_text.startsWith(QChar(0xFEFF)))
            m_text.remove(0, 1);
        m_text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    }

    DotEnvParseResult run()
    {
        while (!atEnd())
            parseLine();
        return m_result;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    bool atLineEnd() const { return atEnd() || peek() == QLatin1Char('\n'); }

    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek()))
            ++m_pos;
    }

    // Skips the rest of the current line and its line break.
    void skipLine()
    {
        while (!atEnd() && peek() != QLatin1Char('\n'))
            ++m_pos;
        if (!atEnd()) {
            ++m_pos;
            ++m_line;
        }
    }

    void error(int line, const QString& key, const QString& message) { m_result.errors.append({ line, key, message }); }

    void parseLine()
    {
        skipBlanks();
        if (atLineEnd() || peek() == QLatin1Char('#')) {
            skipLine();
            return;
        }
        const int line = m_line;
        if (m_text.mid(m_pos, 6) == QLatin1String("export") && m_pos + 6 < m_text.size()
            && isBlank(m_text.at(m_pos + 6))) {
            m_pos += 6;
            skipBlanks();
        }
        const qsizetype keyStart = m_pos;
        if (!isKeyStart(peek())) {
            error(line, {}, QStringLiteral("line %1 is not a KEY=value assignment").arg(line));
            skipLine();
            return;
        }
        while (!atEnd() && isKeyChar(peek()))
            ++m_pos;
        const QString key = m_text.mid(keyStart, m_pos - keyStart);
        skipBlanks();
        if (peek() != QLatin1Char('=')) {
            error(line, key,
                atLineEnd() ? QStringLiteral("line %1: %2 has no '=' and no value").arg(line).arg(key)
                            : QStringLiteral("line %1: %2 must be followed by '=' (a key is letters, digits and '_')")
                                  .arg(line)
                                  .arg(key));
            skipLine();
            return;
        }
        ++m_pos;
        const qsizetype beforeBlanks = m_pos;
        skipBlanks();
        const bool spaced = m_pos > beforeBlanks;

        QString value;
        const QChar first = peek();
        if (first == QLatin1Char('\'') || first == QLatin1Char('"')) {
            const qsizetype quoteAt = m_pos;
            if (!readQuoted(first, &value)) {
                error(line, key,
                    QStringLiteral("line %1: the %2 quote of %3 is never closed")
                        .arg(line)
                        .arg(first == QLatin1Char('"') ? QStringLiteral("double") : QStringLiteral("single"), key));
                // Go on with the next line, as if this one alone were bad.
                m_pos = quoteAt;
                m_line = line;
                skipLine();
                return;
            }
            skipBlanks();
            if (!atLineEnd() && peek() != QLatin1Char('#')) {
                error(line, key,
                    QStringLiteral("line %1: %2 has text after its closing quote (quote the whole value)")
                        .arg(line)
                        .arg(key));
                skipLine();
                return;
            }
            skipLine();
        } else if (spaced && first == QLatin1Char('#')) {
            skipLine(); // "KEY= # comment": an empty value
        } else {
            const qsizetype start = m_pos;
            while (!atLineEnd()) {
                if (peek() == QLatin1Char('#') && m_pos > start && isBlank(m_text.at(m_pos - 1)))
                    break;
                ++m_pos;
            }
            value = m_text.mid(start, m_pos - start);
            while (!value.isEmpty() && isBlank(value.back()))
                value.chop(1);
            skipLine();
        }
        m_result.entries.append({ key, value, line });
    }

    // At an opening quote: reads up to the matching closing quote (line breaks included).
    bool readQuoted(QChar quote, QString* out)
    {
        ++m_pos;
        const bool escapes = quote == QLatin1Char('"');
        while (!atEnd()) {
            const QChar c = peek();
            ++m_pos;
            if (c == quote)
                return true;
            if (c == QLatin1Char('\n'))
                ++m_line;
            if (escapes && c == QLatin1Char('\\') && !atEnd()) {
                const QChar e = peek();
                switch (e.unicode()) {
                case 'n':
                    out->append(QLatin1Char('\n'));
                    break;
                case 'r':
                    out->append(QLatin1Char('\r'));
                    break;
                case 't':
                    out->append(QLatin1Char('\t'));
                    break;
                case '"':
                    out->append(QLatin1Char('"'));
                    break;
                case '\'':
                    out->append(QLatin1Char('\''));
                    break;
                case '\\':
                    out->append(QLatin1Char('\\'));
                    break;
                case '$':
                    out->append(QLatin1Char('$'));
                    break;
                default:
                    // Unknown escapes stay as written: "C:\path" keeps its backslash.
                    out->append(c);
                    continue;
                }
                ++m_pos;
                continue;
            }
            out->append(c);
        }
        return false;
    }

    QString m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    DotEnvParseResult m_result;
};
} // namespace

DotEnvParseResult parseDotEnv(const QString& text)
{
    return Parser(text).run();
}

} // namespace alertdesk
