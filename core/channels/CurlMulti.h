// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>
#include <functional>

using CURL = void;
using CURLM = void;

class QSocketNotifier;

namespace alertdesk {

// libcurl's multi interface driven by the Qt event loop of the thread that owns this object:
// curl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION -> QSocketNotifier) and when
// to call it back (CURLMOPT_TIMERFUNCTION -> a single-shot QTimer). Transfers run without a
// thread of their own and without blocking the loop.
//
// Why this and not curl_easy_perform on a worker thread: a blocking transfer cannot be
// cancelled, so destroying a channel (profile closed, app quitting) would have to wait for
// the slowest server up to the whole timeout, and its result would have to be posted back
// to an object that may be gone. Here everything happens on the owner's thread, destroying
// this object removes every transfer at once, and there is no locking at all.
class CurlMulti final : public QObject {
    Q_OBJECT
public:
    explicit CurlMulti(QObject* parent = nullptr);
    ~CurlMulti() override; // removes unfinished transfers; their callbacks are not called

    // Starts a configured easy handle. finished(CURLcode) is called once, from the event
    // loop, after the handle has left the multi handle; the caller still owns the handle.
    // Returns false when curl refuses the handle (finished is then never called).
    bool start(CURL* easy, std::function<void(int curlCode)> finished);
    int activeCount() const { return static_cast<int>(m_finished.size()); }

private:
    struct Watch {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
    };

    friend struct CurlMultiCallbacks; // curl's C callbacks, in the .cpp

    void watch(qintptr fd, int what);
    void onSocket(qintptr fd, int curlSelect);
    void onTimeout();
    void collectFinished();

    CURLM* m_multi = nullptr;
    QTimer m_timer;
    QHash<qintptr, Watch> m_watches;
    QHash<CURL*, std::function<void(int)>> m_finished;
};

} // namespace alertdesk
