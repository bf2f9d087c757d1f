// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/SecretReveal.h"

#include <QAction>
#include <QIcon>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace alertdesk {

namespace {
QIcon eyeIcon(const QColor& color, bool crossed)
{
    constexpr int kSize = 32; // drawn large, scaled down crisply (and up at 2x)
    QPixmap pm(kSize, kSize);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(color, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    QPainterPath lid;
    lid.moveTo(3, 16);
    lid.quadTo(16, 3, 29, 16);
    lid.quadTo(16, 29, 3, 16);
    p.drawPath(lid);
    p.setBrush(color);
    p.drawEllipse(QPointF(16, 16), 4.2, 4.2);
    if (crossed)
        p.drawLine(QPointF(6, 27), QPointF(26, 5));
    return { pm };
}
} // namespace

QAction* SecretReveal::attach(QLineEdit* edit)
{
    edit->setEchoMode(QLineEdit::Password);
    auto* show = new QAction(edit);
    show->setObjectName(QStringLiteral("revealSecret"));
    show->setCheckable(true);
    show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    show->setShortcutContext(Qt::WidgetShortcut);
    const QColor color = edit->palette().color(QPalette::Text);
    const auto update = [edit, show, color](bool shown) {
        edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        show->setIcon(eyeIcon(color, shown));
        show->setText(shown ? tr("Hide") : tr("Show"));
        show->setToolTip(shown ? tr("Hide what you typed (Ctrl+H)") : tr("Show what you typed (Ctrl+H)"));
    };
    update(false);
    QObject::connect(show, &QAction::toggled, edit, update);
    edit->addAction(show, QLineEdit::TrailingPosition);
    return show;
}

} // namespace alertdesk
