// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <functional>

class QWidget;

namespace alertdesk {

// The Alerts page's small dialogs: window-modal, not blocking (open()), deleted on close, each
// a child of parent with an object name the tests find it by.
class AlertDialogs final {
    Q_DECLARE_TR_FUNCTIONS(AlertDialogs)
public:
    // "acknowledgeDialog": a note for count alerts (allMatching: every alert the filter
    // matches, said in the dialog); done(note) on Acknowledge.
    static void acknowledge(
        QWidget* parent, int count, bool allMatching, const std::function<void(const QString& note)>& done);
    // "snoozeDialog": a time in the future and a note; done(untilMs, note) on Snooze.
    static void snooze(QWidget* parent, const std::function<void(qint64 untilMs, const QString& note)>& done);
    // "rangeDialog": from and to (from before to); chosen(from, to), or cancelled().
    static void range(QWidget* parent, const QDateTime& from, const QDateTime& to,
        const std::function<void(const QDateTime& from, const QDateTime& to)>& chosen,
        const std::function<void()>& cancelled);
};

} // namespace alertdesk
