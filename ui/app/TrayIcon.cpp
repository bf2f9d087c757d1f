// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/TrayIcon.h"

#include "app/TrayNotifier.h"
#include "channels/DesktopChannel.h"

#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>

namespace alertdesk {

TrayIcon::TrayIcon(TrayNotifier& notifier, QObject* parent)
    : QObject(parent)
    , m_notifier(notifier)
    , m_icon(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
{
    m_showAction = m_menu->addAction(tr("&Show AlertDesk"));
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("&Quit AlertDesk"));
    connect(m_showAction, &QAction::triggered, this, [this] { Q_EMIT showWindowRequested({}); });
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason != QSystemTrayIcon::Trigger && reason != QSystemTrayIcon::DoubleClick)
            return;
        // Right after a balloon, a click on the icon means "show me that alert".
        const QString alert = std::exchange(m_unopenedAlert, QString());
        Q_EMIT showWindowRequested(alert);
    });
    connect(&m_notifier, &TrayNotifier::shown, this, [this](const QString& alertId) { m_unopenedAlert = alertId; });
    connect(&m_notifier, &TrayNotifier::clicked, this, [this](const QString& alertId) {
        m_unopenedAlert.clear();
        Q_EMIT showWindowRequested(alertId);
    });
    m_notifier.setTrayIcon(m_icon);
    setOpenCount(0);
    // Shown even without a tray now: Qt docks it when a tray appears later.
    m_icon->show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable() const
{
    return m_notifier.trayAvailable();
}

QString TrayIcon::toolTip() const
{
    const QString count = m_open <= 0
        ? tr("AlertDesk — no open alert")
        : tr("AlertDesk — %n open alert(s)", nullptr, static_cast<int>(std::min<qint64>(m_open, INT_MAX)));
    return m_statusLine.isEmpty() ? count : count + QLatin1Char('\n') + m_statusLine;
}

void TrayIcon::setStatusLine(const QString& line)
{
    if (line == m_statusLine)
        return;
    m_statusLine = line;
    m_icon->setToolTip(toolTip());
}

void TrayIcon::setOpenCount(qint64 open)
{
    if (open == m_open)
        return;
    m_open = open;
    m_icon->setIcon(makeIcon(open));
    m_icon->setToolTip(toolTip());
}

QString TrayIcon::alertArrived(const Alert& alert)
{
    if (!m_min || static_cast<int>(alert.priority) > static_cast<int>(*m_min))
        return {};
    return m_notifier.show(desktopNotification(alert, alert.id));
}

QIcon TrayIcon::makeIcon(qint64 open)
{
    QIcon icon;
    for (const int size : { 16, 22, 24, 32, 48, 64 }) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 64.0, size / 64.0);
        // A white bell on a blue rounded square.
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x15, 0x65, 0xC0));
        p.drawRoundedRect(QRectF(2, 2, 60, 60), 14, 14);
        QPainterPath bell;
        bell.moveTo(14, 44);
        bell.cubicTo(20, 38, 19, 30, 20, 26);
        bell.cubicTo(21, 15, 27, 11, 32, 11);
        bell.cubicTo(37, 11, 43, 15, 44, 26);
        bell.cubicTo(45, 30, 44, 38, 50, 44);
        bell.closeSubpath();
        p.setBrush(Qt::white);
        p.drawPath(bell);
        p.drawEllipse(QPointF(32, 49), 5.5, 5.5);
        if (open > 0) {
            const QString text = open > 99 ? QStringLiteral("99+") : QString::number(open);
            const QRectF badge(open > 99 ? 22 : open > 9 ? 28 : 34, 0, open > 99 ? 42 : open > 9 ? 36 : 30, 30);
            p.setBrush(QColor(0xD3, 0x2F, 0x2F));
            p.setPen(QPen(Qt::white, 2.5));
            p.drawRoundedRect(badge, 15, 15);
            QFont f = p.font();
            f.setBold(true);
            f.setPixelSize(open > 99 ? 18 : 21);
            p.setFont(f);
            p.setPen(Qt::white);
            p.drawText(badge, Qt::AlignCenter, text);
        }
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

} // namespace alertdesk
