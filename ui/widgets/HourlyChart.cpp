// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/HourlyChart.h"

#include "UiText.h"
#include "widgets/Theme.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <cmath>

namespace alertdesk {

namespace {
constexpr int kGridLines = 2; // 0, half and the top of the axis

// The smallest 1, 2 or 5 × 10^k at or above v.
double niceCeiling(double v)
{
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * p >= v - 1e-9)
            return m * p;
    }
    return 10 * p;
}
} // namespace

HourlyChart::HourlyChart(Style style, QWidget* parent)
    : QWidget(parent)
    , m_style(style)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

HourlyChart::~HourlyChart() = default;

void HourlyChart::setTitle(const QString& title)
{
    m_title = title;
    setAccessibleName(title);
    update();
}

void HourlyChart::setEmptyText(const QString& text)
{
    m_emptyText = text;
    update();
}

void HourlyChart::setBucketLabels(std::function<QString(int)> label, bool centred)
{
    m_bucketLabel = std::move(label);
    m_labelsCentred = centred;
    update();
}

void HourlyChart::setActivatable(bool on)
{
    m_activatable = on;
    setCursor(on ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void HourlyChart::setData(const QList<qint64>& bucketStartMs, const QList<Series>& series, const QStringList& tips,
    std::function<QString(double)> valueText)
{
    m_starts = bucketStartMs;
    m_series = series;
    m_tips = tips;
    m_valueText = std::move(valueText);
    double max = 0;
    for (int b = 0; b < bucketCount(); ++b) {
        double stacked = 0;
        for (const Series& s : m_series) {
            const double v = s.values.value(b, -1);
            if (v < 0)
                continue;
            if (m_style == Style::StackedBars)
                stacked += v;
            else
                max = std::max(max, v);
        }
        max = std::max(max, stacked);
    }
    m_axisMax = niceCeiling(max);
    if (m_integerValues)
        m_axisMax = std::ceil(m_axisMax / kGridLines) * kGridLines;
    if (m_current >= bucketCount())
        m_current = -1;
    if (m_current >= 0) {
        setAccessibleDescription(m_tips.value(m_current));
        if (QToolTip::isVisible() && hasFocus())
            setCurrent(m_current, true);
    }
    update();
}

bool HourlyChart::isEmpty() const
{
    // A line's point of 0 (a 0 ms latency) is drawn; a negative one is an hour without a value.
    // A bar of 0 is no bar.
    const bool zeroIsData = m_style == Style::Lines;
    for (const Series& s : m_series) {
        for (double v : s.values) {
            if (v > 0 || (zeroIsData && v >= 0))
                return false;
        }
    }
    return true;
}

QSize HourlyChart::sizeHint() const
{
    const int line = fontMetrics().height();
    return { 420, line * 12 };
}

QSize HourlyChart::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return { 220, line * 7 };
}

int HourlyChart::legendWidth() const
{
    const QFontMetrics fm = fontMetrics();
    int w = 0;
    for (const Series& s : m_series)
        w += fm.horizontalAdvance(s.name) + fm.height() / 2 + 2 + 4 + 12;
    return w;
}

bool HourlyChart::legendBelowTitle() const
{
    QFont bold = font();
    bold.setBold(true);
    return QFontMetrics(bold).horizontalAdvance(m_title) + 12 + legendWidth() > width();
}

QRect HourlyChart::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    int labelWidth = fm.horizontalAdvance(QStringLiteral("0"));
    if (m_valueText) {
        for (int i = 0; i <= kGridLines; ++i)
            labelWidth = std::max(labelWidth, fm.horizontalAdvance(m_valueText(m_axisMax * i / kGridLines)));
    }
    const int left = labelWidth + 10;
    // The title, and the legend beside it or on a line of its own: never over the bars.
    const int top = fm.height() * (legendBelowTitle() ? 2 : 1) + 10;
    const int bottom = fm.height() + 6; // hour labels
    return { left, top, std::max(10, width() - left - 8), std::max(10, height() - top - bottom) };
}

QRect HourlyChart::bucketRect(int bucket) const
{
    const QRect plot = plotRect();
    const int n = std::max(1, bucketCount());
    const double w = static_cast<double>(plot.width()) / n;
    const int x0 = plot.left() + static_cast<int>(std::round(bucket * w));
    const int x1 = plot.left() + static_cast<int>(std::round((bucket + 1) * w));
    return { x0, plot.top(), std::max(1, x1 - x0), plot.height() };
}

int HourlyChart::bucketAt(const QPoint& pos) const
{
    const QRect plot = plotRect();
    if (bucketCount() == 0 || pos.x() < plot.left() || pos.x() > plot.right() || pos.y() < plot.top() - 4
        || pos.y() > plot.bottom() + 4)
        return -1;
    const int b = (pos.x() - plot.left()) * bucketCount() / std::max(1, plot.width());
    return std::clamp(b, 0, bucketCount() - 1);
}

int HourlyChart::seriesAt(int bucket, const QPoint& pos) const
{
    if (m_style != Style::StackedBars || bucket < 0 || bucket >= bucketCount())
        return -1;
    const QRect plot = plotRect();
    double base = 0;
    for (int i = 0; i < m_series.size(); ++i) {
        const double v = m_series.at(i).values.value(bucket, -1);
        if (v <= 0)
            continue;
        const double top = plot.bottom() - plot.height() * (base + v) / m_axisMax;
        const double bottom = plot.bottom() - plot.height() * base / m_axisMax;
        // A thin segment is hard to hit: a pixel either side of it counts.
        if (pos.y() >= top - 1 && pos.y() <= bottom + 1)
            return i;
        base += v;
    }
    return -1;
}

QColor HourlyChart::seriesColor(int i) const
{
    return Theme::series(m_series.value(i).color, palette());
}

void HourlyChart::setCurrent(int bucket, bool showTip)
{
    if (bucket != m_current) {
        m_current = bucket;
        update();
    }
    setAccessibleDescription(m_tips.value(bucket));
    if (!showTip)
        return;
    if (bucket < 0) {
        QToolTip::hideText();
        return;
    }
    const QRect r = bucketRect(bucket);
    QToolTip::showText(mapToGlobal(QPoint(r.center().x(), r.top())), m_tips.value(bucket), this, r);
}

bool HourlyChart::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int b = bucketAt(help->pos());
        if (b < 0 || m_tips.value(b).isEmpty()) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        QToolTip::showText(help->globalPos(), m_tips.value(b), this, bucketRect(b));
        return true;
    }
    return QWidget::event(event);
}

void HourlyChart::mouseMoveEvent(QMouseEvent* event)
{
    const int b = bucketAt(event->position().toPoint());
    if (b != m_current) {
        m_current = b;
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void HourlyChart::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const int b = bucketAt(pos);
    if (m_activatable && event->button() == Qt::LeftButton && b >= 0) {
        Q_EMIT bucketActivated(b, seriesAt(b, pos));
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void HourlyChart::leaveEvent(QEvent* event)
{
    if (!hasFocus() && m_current >= 0) {
        m_current = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

void HourlyChart::focusOutEvent(QFocusEvent* event)
{
    m_current = -1;
    update();
    QWidget::focusOutEvent(event);
}

void HourlyChart::keyPressEvent(QKeyEvent* event)
{
    const int n = bucketCount();
    if (n == 0) {
        QWidget::keyPressEvent(event);
        return;
    }
    int b = m_current;
    switch (event->key()) {
    case Qt::Key_Left:
        b = b < 0 ? n - 1 : std::max(0, b - 1);
        break;
    case Qt::Key_Right:
        b = b < 0 ? n - 1 : std::min(n - 1, b + 1);
        break;
    case Qt::Key_Home:
        b = 0;
        break;
    case Qt::Key_End:
        b = n - 1;
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_activatable && m_current >= 0) {
            Q_EMIT bucketActivated(m_current, -1);
            return;
        }
        QWidget::keyPressEvent(event);
        return;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    setCurrent(b, true);
}

void HourlyChart::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.6);
    QColor grid = text;
    grid.setAlphaF(0.15);
    const QFontMetrics fm = fontMetrics();
    const QRect plot = plotRect();

    p.fillRect(rect(), pal.color(QPalette::Base));
    if (hasFocus()) {
        QPen focusPen(pal.color(QPalette::Highlight), 1.5);
        p.setPen(focusPen);
        p.drawRoundedRect(QRectF(rect()).adjusted(0.75, 0.75, -0.75, -0.75), 3, 3);
    }

    // Title on the left, the legend on the right.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(text);
    p.drawText(QRect(6, 4, width() - 12, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, width() - 12));
    p.setFont(font());
    // The legend on the title's line when both fit, else on a line of its own under it.
    const int legendY = legendBelowTitle() ? 4 + fm.height() : 4;
    int x = width() - 8;
    for (int i = static_cast<int>(m_series.size()) - 1; i >= 0; --i) {
        const int w = fm.horizontalAdvance(m_series.at(i).name);
        x -= w;
        p.setPen(text);
        p.drawText(QRect(x, legendY, w, fm.height()), Qt::AlignVCenter, m_series.at(i).name);
        const int sw = fm.height() / 2 + 2;
        x -= sw + 4;
        p.fillRect(QRect(x, legendY + (fm.height() - sw) / 2, sw, sw), seriesColor(i));
        x -= 12;
    }

    // Grid and y labels; a label that reads as the one below it (a half of 1 shown as a whole
    // number) is left out rather than repeated.
    QString previousLabel;
    for (int i = 0; i <= kGridLines; ++i) {
        const double v = m_axisMax * i / kGridLines;
        const int y = plot.bottom() - static_cast<int>(std::round(plot.height() * static_cast<double>(i) / kGridLines));
        p.setPen(QPen(i == 0 ? muted : grid, 1));
        p.drawLine(plot.left(), y, plot.right(), y);
        p.setPen(muted);
        const QString label = m_valueText ? m_valueText(v) : QString::number(v);
        if (label == previousLabel)
            continue;
        previousLabel = label;
        p.drawText(
            QRect(0, y - fm.height() / 2, plot.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
    }
    // Bucket labels, on the bucket's left edge: by default every 6 hours.
    p.setPen(muted);
    for (int b = 0; b < bucketCount(); ++b) {
        QString label;
        if (m_bucketLabel) {
            label = m_bucketLabel(b);
        } else {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(m_starts.at(b)).toLocalTime();
            if (t.time().hour() % 6 == 0)
                label = QLocale().toString(t.time(), UiText::timeFormat(false));
        }
        if (label.isEmpty())
            continue;
        const QRect r = bucketRect(b);
        const int at = m_labelsCentred ? r.center().x() : r.left();
        p.drawLine(at, plot.bottom(), at, plot.bottom() + 3);
        const int w = fm.horizontalAdvance(label);
        const int lx = std::clamp(at - w / 2, 0, width() - w);
        p.drawText(QRect(lx, plot.bottom() + 4, w, fm.height()), Qt::AlignCenter, label);
    }

    if (m_current >= 0 && m_current < bucketCount()) {
        QColor hl = pal.color(QPalette::Highlight);
        hl.setAlphaF(0.18);
        p.fillRect(bucketRect(m_current), hl);
    }

    const auto yOf = [&](double v) { return plot.bottom() - plot.height() * v / m_axisMax; };
    if (m_style == Style::StackedBars) {
        p.setRenderHint(QPainter::Antialiasing, false);
        for (int b = 0; b < bucketCount(); ++b) {
            const QRect r = bucketRect(b);
            // A few buckets over a wide chart: bars of a readable width, not slabs.
            const int gap = std::max({ 1, r.width() / 6, (r.width() - fm.height() * 4) / 2 });
            double base = 0;
            for (int i = 0; i < m_series.size(); ++i) {
                const double v = m_series.at(i).values.value(b, -1);
                if (v <= 0)
                    continue;
                const QRectF bar(QPointF(r.left() + gap, yOf(base + v)), QPointF(r.right() - gap + 1, yOf(base)));
                // At least one pixel, so that a single failure among thousands still shows.
                p.fillRect(bar.height() < 1 ? bar.adjusted(0, -1, 0, 0) : bar, seriesColor(i));
                base += v;
            }
        }
    } else {
        for (int i = 0; i < m_series.size(); ++i) {
            const QColor c = seriesColor(i);
            QPainterPath path;
            bool open = false;
            for (int b = 0; b < bucketCount(); ++b) {
                const double v = m_series.at(i).values.value(b, -1);
                if (v < 0) {
                    open = false;
                    continue;
                }
                const QPointF pt(bucketRect(b).center().x() + 0.5, yOf(v));
                if (open)
                    path.lineTo(pt);
                else
                    path.moveTo(pt);
                open = true;
                p.setPen(Qt::NoPen);
                p.setBrush(c);
                p.drawEllipse(pt, 2.2, 2.2);
            }
            p.setPen(QPen(c, 1.8));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
    }

    if (isEmpty() && !m_emptyText.isEmpty()) {
        p.setPen(muted);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
    }
}

} // namespace alertdesk
