// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QColor>
#include <QList>
#include <QStringList>
#include <QWidget>
#include <functional>

namespace alertdesk {

// A small chart of values per hour (the Channels page's last 24 hours): stacked bars
// (delivered / failed) or lines (latency p50 / p95), with a y axis, hour labels, a legend and
// a tooltip per bucket. Painted with the widget's palette, so it reads in light and dark
// themes. Keyboard: Tab to it, Left/Right (Home/End) walk the buckets and show each one's tip.
class HourlyChart final : public QWidget {
    Q_OBJECT
public:
    enum class Style { StackedBars, Lines };
    struct Series {
        QString name;
        QColor color;
        QList<double> values; // one per bucket; < 0: no value (a gap in a line)
    };

    explicit HourlyChart(Style style, QWidget* parent = nullptr);
    ~HourlyChart() override;

    void setTitle(const QString& title);
    QString title() const { return m_title; }
    // valueText formats a y-axis value ("12", "250 ms"); tips: one tooltip per bucket.
    void setData(const QList<qint64>& bucketStartMs, const QList<Series>& series, const QStringList& tips,
        std::function<QString(double)> valueText);
    void setEmptyText(const QString& text);
    // The label under each bucket (empty: none); by default every sixth hour's time of day, on
    // the bucket's left edge (its start); centred: under the bucket's middle (a bar per name).
    void setBucketLabels(std::function<QString(int bucket)> label, bool centred = false);
    // Counts: the axis' top is a multiple of its grid lines, so every label is a whole number
    // at its true height (not 2.5 shown as "3").
    void setIntegerValues(bool on) { m_integerValues = on; }
    // Clicks (and Enter on the current bucket) emit bucketActivated: the chart leads somewhere.
    void setActivatable(bool on);
    QString emptyText() const { return m_emptyText; }
    bool isEmpty() const; // nothing to draw: the empty text is shown instead

    int bucketCount() const { return static_cast<int>(m_starts.size()); }
    const QList<Series>& series() const { return m_series; }
    QString toolTipFor(int bucket) const { return m_tips.value(bucket); }
    int bucketAt(const QPoint& pos) const; // -1 outside the plot
    // The series whose stacked bar holds pos in that bucket; -1 for none (or a line chart).
    int seriesAt(int bucket, const QPoint& pos) const;
    QRect bucketRect(int bucket) const;
    int currentBucket() const { return m_current; }
    double axisMax() const { return m_axisMax; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // series: the stacked bar's segment clicked, -1 for the bucket as a whole (the keyboard).
    void bucketActivated(int bucket, int series);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    QRect plotRect() const;
    int legendWidth() const;
    bool legendBelowTitle() const; // the title and the legend do not fit on one line
    QColor seriesColor(int i) const; // lighter on a dark background
    void setCurrent(int bucket, bool showTip);

    Style m_style;
    QString m_title;
    QString m_emptyText;
    QList<qint64> m_starts;
    QList<Series> m_series;
    QStringList m_tips;
    std::function<QString(double)> m_valueText;
    std::function<QString(int)> m_bucketLabel;
    bool m_labelsCentred = false;
    bool m_activatable = false;
    bool m_integerValues = false;
    double m_axisMax = 1;
    int m_current = -1; // highlighted bucket (hover or keyboard)
};

} // namespace alertdesk
