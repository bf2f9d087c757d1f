// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/SteadyText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace alertdesk;

// A count that changes during a storm must not lay out the whole window again at each new
// value: SteadyText gives its widget a fixed size that only grows.
class TestSteadyText final : public QObject {
    Q_OBJECT

    // Counts the layout requests the window receives.
    class LayoutRequests final : public QObject {
    public:
        int count = 0;
        bool eventFilter(QObject*, QEvent* e) override
        {
            if (e->type() == QEvent::LayoutRequest)
                ++count;
            return false;
        }
    };

private Q_SLOTS:
    void newCountDoesNotLayOutTheWindow_data()
    {
        QTest::addColumn<bool>("button");
        QTest::addColumn<bool>("steady");
        QTest::newRow("label, steady") << false << true;
        QTest::newRow("button, steady") << true << true;
        // The control: a plain setText does ask for a layout, so the check above can fail.
        QTest::newRow("label, plain") << false << false;
    }

    void newCountDoesNotLayOutTheWindow()
    {
        QFETCH(bool, button);
        QFETCH(bool, steady);
        QWidget window;
        auto* h = new QHBoxLayout(&window);
        h->addStretch(1);
        QLabel* label = button ? nullptr : new QLabel(&window);
        QPushButton* push = button ? new QPushButton(&window) : nullptr;
        QWidget* w = button ? static_cast<QWidget*>(push) : label;
        h->addWidget(w);
        auto set = [&](const QString& text) {
            if (!steady)
                label->setText(text);
            else if (button)
                SteadyText::set(push, text);
            else
                SteadyText::set(label, text);
        };
        set(QStringLiteral("1,000 alerts"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCoreApplication::sendPostedEvents(); // the first layout
        LayoutRequests requests;
        window.installEventFilter(&requests);
        set(QStringLiteral("1,001 alerts"));
        set(QStringLiteral("1,234 alerts"));
        QCoreApplication::sendPostedEvents();
        QCOMPARE(requests.count > 0, !steady);
        QVERIFY(w->width() >= w->sizeHint().width());
        if (steady) {
            QCOMPARE(w->minimumWidth(), w->maximumWidth());
            QCOMPARE(w->minimumHeight(), w->maximumHeight());
        }
    }

    void growsWhenTheTextDoesNotFit()
    {
        QWidget window;
        auto* h = new QHBoxLayout(&window);
        auto* label = new QLabel(&window);
        h->addWidget(label);
        SteadyText::set(label, QStringLiteral("9"));
        const int narrow = label->minimumWidth();
        SteadyText::set(label, QStringLiteral("9,999,999,999 alerts · 9,999,999 open"));
        QVERIFY(label->minimumWidth() > narrow);
        QVERIFY(label->minimumWidth() >= label->sizeHint().width());
        // Shorter again: the width stays, so the next long count does not move anything.
        const int wide = label->minimumWidth();
        SteadyText::set(label, QStringLiteral("12 alerts"));
        QCOMPARE(label->minimumWidth(), wide);
        QCOMPARE(label->text(), QStringLiteral("12 alerts"));
    }
};

QTEST_MAIN(TestSteadyText)
#include "TestSteadyText.moc"
