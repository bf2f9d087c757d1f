// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QPixmap>
#include <QStyledItemDelegate>

namespace alertdesk {

// Draws a column's text from a pixmap rendered once per text, colour and font, for text whose
// glyphs are slow to draw: a colour emoji (the priority's dot) is a PNG that FreeType decodes
// at every draw, and a storm repaints the table several times a second. Text that does not
// fit its cell is drawn (and elided) the ordinary way.
class CachedTextDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    static constexpr int kMaxCached = 64; // a few texts by a few colours; cleared beyond
    mutable QHash<QString, QPixmap> m_cache;
};

} // namespace alertdesk
