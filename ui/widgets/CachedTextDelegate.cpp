// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/CachedTextDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace alertdesk {

void CachedTextDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty() || !opt.icon.isNull()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // The text's place and colour as the style's own item drawing has them.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect
        = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(margin, 0, -margin, 0);
    QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QColor color
        = opt.palette.color(group, opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    const QString key = opt.text + QLatin1Char('\x1f') + color.name(QColor::HexArgb) + QLatin1Char('\x1f')
        + opt.font.key() + QLatin1Char('\x1f') + QString::number(textRect.height()) + QLatin1Char('\x1f')
        + QString::number(dpr);
    auto it = m_cache.constFind(key);
    if (it == m_cache.constEnd()) {
        // Measuring loads the glyphs too (the emoji's PNG): once per entry, not per paint.
        if (m_cache.size() >= kMaxCached)
            m_cache.clear();
        const QSize size(QFontMetrics(opt.font).horizontalAdvance(opt.text) + 2, textRect.height());
        QPixmap pm(size * dpr);
        pm.setDevicePixelRatio(dpr);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setFont(opt.font);
        p.setPen(color);
        p.drawText(QRect(QPoint(0, 0), size), static_cast<int>(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextSingleLine,
            opt.text);
        p.end();
        it = m_cache.insert(key, pm);
    }
    const QSize size = it->deviceIndependentSize().toSize();
    if (size.width() > textRect.width() + 2) { // does not fit: elided the ordinary way
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background, selection and focus from the style; the text from the pixmap.
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const Qt::Alignment h = opt.displayAlignment & Qt::AlignHorizontal_Mask;
    const int x = h & Qt::AlignRight ? textRect.right() + 1 - size.width()
        : h & Qt::AlignHCenter       ? textRect.left() + (textRect.width() - size.width()) / 2
                                     : textRect.left();
    painter->drawPixmap(QPoint(x, textRect.top()), *it);
}

} // namespace alertdesk
