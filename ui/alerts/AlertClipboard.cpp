// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertClipboard.h"

#include <QAction>
#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenu>
#include <QRegularExpression>

namespace alertdesk::AlertClipboard {

namespace {

QString when(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QString asText(const Alert& a)
{
    QStringList head { priorityEmoji(a.priority) + QLatin1Char(' ') + priorityName(a.priority), alertTypeName(a.type) };
    if (!a.symbol.isEmpty())
        head << a.symbol;
    QStringList lines { head.join(QStringLiteral(" · ")), a.title };
    if (!a.message.isEmpty())
        lines << a.message;
    lines << QStringLiteral("%1 · %2").arg(alertStateName(a.state), when(a.createdAt));
    if (!a.data.isEmpty())
        lines << QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Compact));
    lines << link(a.id);
    return lines.join(QLatin1Char('\n'));
}

// Markdown's own characters in plain text are escaped, so a title like "*BTC* [x]" stays text.
QString escapeMarkdown(const QString& text)
{
    static const QRegularExpression special(QStringLiteral(R"(([\\`*_{}\[\]()#+\-.!|<>]))"));
    QString out = text;
    return out.replace(special, QStringLiteral(R"(\\1)"));
}

QString asMarkdown(const Alert& a)
{
    QStringList lines { QStringLiteral("**%1 %2: %3**")
                            .arg(priorityEmoji(a.priority), priorityName(a.priority), escapeMarkdown(a.title)),
        QString() };
    if (!a.message.isEmpty()) {
        for (const QString& l : a.message.split(QLatin1Char('\n')))
            lines << escapeMarkdown(l) + QStringLiteral("  "); // a hard line break
        lines << QString();
    }
    lines << QStringLiteral("- Type: %1").arg(alertTypeName(a.type));
    if (!a.symbol.isEmpty())
        lines << QStringLiteral("- Symbol: %1").arg(escapeMarkdown(a.symbol));
    lines << QStringLiteral("- State: %1").arg(alertStateName(a.state))
          << QStringLiteral("- Created: %1").arg(when(a.createdAt)) << QStringLiteral("- Link: <%1>").arg(link(a.id));
    if (!a.data.isEmpty()) {
        lines << QString() << QStringLiteral("```json")
              << QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Indented)).trimmed()
              << QStringLiteral("```");
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString link(const QString& alertId)
{
    return QStringLiteral("alertdesk://alert/") + alertId;
}

std::optional<QString> alertIdFromLink(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    static const QRegularExpression id(QStringLiteral("^[0-9a-fA-F-]{8,36}$"));
    if (!url.isValid() || url.scheme() != QLatin1String("alertdesk") || url.host() != QLatin1String("alert")
        || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty() || url.port() != -1)
        return std::nullopt;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.startsWith(QLatin1Char('/')) || !id.match(path.mid(1)).hasMatch())
        return std::nullopt;
    return path.mid(1).toLower();
}

QString format(const QList<Alert>& alerts, Format format)
{
    QStringList parts;
    switch (format) {
    case Format::Json: {
        if (alerts.size() == 1)
            return QString::fromUtf8(QJsonDocument(alerts.first().toJson()).toJson(QJsonDocument::Indented));
        QJsonArray all;
        for (const Alert& a : alerts)
            all.append(a.toJson());
        return QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Indented));
    }
    case Format::Link:
        for (const Alert& a : alerts)
            parts << link(a.id);
        return parts.join(QLatin1Char('\n'));
    case Format::Text:
        for (const Alert& a : alerts)
            parts << asText(a);
        break;
    case Format::Markdown:
        for (const Alert& a : alerts)
            parts << asMarkdown(a);
        break;
    }
    return parts.join(QStringLiteral("\n\n"));
}

void copy(const QList<Alert>& alerts, Format format)
{
    if (!alerts.isEmpty())
        QGuiApplication::clipboard()->setText(AlertClipboard::format(alerts, format));
}

void addCopyActions(QMenu* menu, const std::function<QList<Alert>()>& alerts)
{
    const std::pair<const char*, Format> forms[] = {
        { QT_TRANSLATE_NOOP("AlertClipboard", "As &text"), Format::Text },
        { QT_TRANSLATE_NOOP("AlertClipboard", "As &Markdown"), Format::Markdown },
        { QT_TRANSLATE_NOOP("AlertClipboard", "As &JSON"), Format::Json },
        { QT_TRANSLATE_NOOP("AlertClipboard", "&Link (alertdesk://…)"), Format::Link },
    };
    for (const auto& [text, form] : forms) {
        QAction* a = menu->addAction(QCoreApplication::translate("AlertClipboard", text));
        a->setData(static_cast<int>(form));
        QObject::connect(a, &QAction::triggered, menu, [alerts, form = form] { copy(alerts(), form); });
    }
}

} // namespace alertdesk::AlertClipboard
