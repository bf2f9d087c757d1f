// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CurlMulti.h"

#include <QPointer>
#include <QSocketNotifier>
#include <climits>
#include <curl/curl.h>
#include <mutex>

namespace alertdesk {

struct CurlMultiCallbacks {
    static int socket(CURL*, curl_socket_t s, int what, void* userp, void*)
    {
        static_cast<CurlMulti*>(userp)->watch(static_cast<qintptr>(s), what);
        return 0;
    }
    // Only arms the timer: curl must not be called back from inside its own callback.
    static int timer(CURLM*, long timeoutMs, void* userp)
    {
        auto* self = static_cast<CurlMulti*>(userp);
        if (timeoutMs < 0)
            self->m_timer.stop();
        else
            self->m_timer.start(static_cast<int>(std::min<long>(timeoutMs, INT_MAX)));
        return 0;
    }
};

CurlMulti::CurlMulti(QObject* parent)
    : QObject(parent)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlMultiCallbacks::socket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlMultiCallbacks::timer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CurlMulti::onTimeout);
}

CurlMulti::~CurlMulti()
{
    const QList<CURL*> active = m_finished.keys();
    m_finished.clear();
    for (CURL* easy : active)
        curl_multi_remove_handle(m_multi, easy);
    curl_multi_cleanup(m_multi); // closes cached connections; may still report sockets
    m_timer.stop();
    for (const Watch& w : std::as_const(m_watches)) {
        delete w.read;
        delete w.write;
    }
}

bool CurlMulti::start(CURL* easy, std::function<void(int)> finished)
{
    m_finished.emplace(easy, std::move(finished));
    if (curl_multi_add_handle(m_multi, easy) != CURLM_OK) {
        m_finished.remove(easy);
        return false;
    }
    return true; // curl asks for a 0 ms timeout now, and the transfer starts from the loop
}

void CurlMulti::watch(qintptr fd, int what)
{
    if (what == CURL_POLL_REMOVE) {
        const auto it = m_watches.find(fd);
        if (it == m_watches.end())
            return;
        // We may be inside this notifier's own activated signal: disable it now, delete later.
        for (QSocketNotifier* n : { it->read, it->write }) {
            if (n) {
                n->setEnabled(false);
                n->deleteLater();
            }
        }
        m_watches.erase(it);
        return;
    }
    Watch& w = m_watches[fd];
    auto ensure = [this, fd](QSocketNotifier*& n, QSocketNotifier::Type type, int select, bool wanted) {
        if (!n && wanted) {
            n = new QSocketNotifier(fd, type, this);
            connect(n, &QSocketNotifier::activated, this, [this, fd, select] { onSocket(fd, select); });
        }
        if (n)
            n->setEnabled(wanted);
    };
    ensure(w.read, QSocketNotifier::Read, CURL_CSELECT_IN, what == CURL_POLL_IN || what == CURL_POLL_INOUT);
    ensure(w.write, QSocketNotifier::Write, CURL_CSELECT_OUT, what == CURL_POLL_OUT || what == CURL_POLL_INOUT);
}

void CurlMulti::onSocket(qintptr fd, int curlSelect)
{
    int running = 0;
    curl_multi_socket_action(m_multi, static_cast<curl_socket_t>(fd), curlSelect, &running);
    collectFinished();
}

void CurlMulti::onTimeout()
{
    int running = 0;
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    collectFinished();
}

void CurlMulti::collectFinished()
{
    QList<QPair<CURL*, CURLcode>> done;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg == CURLMSG_DONE)
            done.append({ msg->easy_handle, msg->data.result });
    }
    // A callback may start new transfers or even destroy us: re-check before each one.
    const QPointer<CurlMulti> self(this);
    for (const auto& [easy, code] : std::as_const(done)) {
        if (!self)
            return;
        curl_multi_remove_handle(m_multi, easy);
        const std::function<void(int)> finished = m_finished.take(easy);
        if (finished)
            finished(static_cast<int>(code));
    }
}

} // namespace alertdesk
