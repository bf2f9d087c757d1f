// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "WidgetChecks.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QTest>
#include <QWidget>

namespace alertdesk::test {

namespace {

QString rectText(const QRect& r)
{
    return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

// Inside a scroll area's viewport (at any depth): free to be larger than what is shown.
bool scrolled(const QWidget* w)
{
    for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget()) {
        if (const auto* area = qobject_cast<const QAbstractScrollArea*>(p->parentWidget());
            area && area->viewport() == p)
            return true;
    }
    return false;
}

void layoutWidgets(const QLayout* layout, QList<QWidget*>* out)
{
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem* item = layout->itemAt(i);
        if (QWidget* w = item->widget(); w && w->isVisible())
            out->append(w);
        else if (const QLayout* inner = item->layout())
            layoutWidgets(inner, out);
    }
}

void check(const QWidget* w, QStringList* problems)
{
    const bool free = scrolled(w);
    if (!free && w->layout() && w->layout()->isEnabled()) {
        const QSize min = w->layout()->totalMinimumSize();
        if (w->width() < min.width() || w->height() < min.height())
            problems->append(QStringLiteral("%1 is %2x%3, smaller than its layout's minimum %4x%5: clipped")
                                 .arg(describeWidget(w))
                                 .arg(w->width())
                                 .arg(w->height())
                                 .arg(min.width())
                                 .arg(min.height()));
        QList<QWidget*> items;
        layoutWidgets(w->layout(), &items);
        for (qsizetype i = 0; i < items.size(); ++i) {
            for (qsizetype j = i + 1; j < items.size(); ++j) {
                if (items[i]->geometry().intersects(items[j]->geometry()))
                    problems->append(QStringLiteral("%1 (%2) overlaps %3 (%4)")
                                         .arg(describeWidget(items[i]), rectText(items[i]->geometry()),
                                             describeWidget(items[j]), rectText(items[j]->geometry())));
            }
        }
    }
    const auto children = w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly);
    for (const QWidget* child : children) {
        if (!child->isVisible() || child->isWindow())
            continue;
        if (!free && !w->rect().contains(child->geometry()))
            problems->append(
                QStringLiteral("%1 (%2) reaches outside %3 (%4)")
                    .arg(describeWidget(child), rectText(child->geometry()), describeWidget(w), rectText(w->rect())));
        check(child, problems);
    }
}

} // namespace

QString describeWidget(const QWidget* w)
{
    if (!w)
        return QStringLiteral("(none)");
    QString text = w->accessibleName();
    if (text.isEmpty()) {
        if (const auto* b = qobject_cast<const QAbstractButton*>(w))
            text = b->text();
        else if (const auto* l = qobject_cast<const QLabel*>(w))
            text = l->text().left(40);
        else if (const auto* e = qobject_cast<const QLineEdit*>(w))
            text = e->placeholderText();
    }
    QString parent;
    if (w->parentWidget())
        parent = QStringLiteral(" in %1").arg(QString::fromLatin1(w->parentWidget()->metaObject()->className()));
    return QStringLiteral("%1#%2 \"%3\"%4")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), text, parent);
}

QStringList layoutProblems(const QWidget* root)
{
    QStringList problems;
    check(root, &problems);
    return problems;
}

QList<QWidget*> tabStops(const QWidget* root)
{
    QList<QWidget*> stops;
    const auto all = root->findChildren<QWidget*>();
    for (QWidget* w : all) {
        if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) == Qt::TabFocus && !w->focusProxy()
            && !w->isWindow())
            stops.append(w);
    }
    return stops;
}

FocusWalk walkFocus(bool forward, int maxSteps)
{
    FocusWalk walk;
    QWidget* start = QApplication::focusWidget();
    if (!start) {
        walk.problems.append(QStringLiteral("nothing has the focus"));
        return walk;
    }
    walk.visited.append(start);
    QWidget* now = start;
    for (int step = 0; step < maxSteps; ++step) {
        if (forward)
            QTest::keyClick(now, Qt::Key_Tab);
        else
            QTest::keyClick(now, Qt::Key_Backtab, Qt::ShiftModifier);
        QWidget* next = QApplication::focusWidget();
        if (next == start) {
            walk.cycled = true;
            return walk;
        }
        if (!next) {
            walk.problems.append(QStringLiteral("after %1 the focus went nowhere").arg(describeWidget(now)));
            return walk;
        }
        if (next == now) {
            walk.problems.append(
                QStringLiteral("%1 kept the focus: %2 did nothing")
                    .arg(describeWidget(now), forward ? QStringLiteral("Tab") : QStringLiteral("Shift+Tab")));
            return walk;
        }
        // Visible: shown, and not scrolled or clipped out of sight entirely.
        if (!next->isVisible() || next->visibleRegion().isEmpty())
            walk.problems.append(
                QStringLiteral("the focus went to %1, which cannot be seen").arg(describeWidget(next)));
        if (walk.visited.contains(next)) {
            QStringList path;
            for (const QWidget* v : std::as_const(walk.visited))
                path.append(describeWidget(v));
            walk.problems.append(QStringLiteral("%1 came twice before the focus went round; the way: %2")
                                     .arg(describeWidget(next), path.join(QStringLiteral(" → "))));
            return walk;
        }
        walk.visited.append(next);
        now = next;
    }
    walk.problems.append(QStringLiteral("the focus did not come back after %1 keys").arg(maxSteps));
    return walk;
}

} // namespace alertdesk::test
