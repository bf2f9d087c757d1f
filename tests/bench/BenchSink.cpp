// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// bench_sink: the HTTP receiver the benchmarks send to. A single-threaded epoll server on
// 127.0.0.1 (port chosen by the OS) that answers every request with 200 and keep-alive (at
// once, or after the delay it was told), counts requests, and records when each
// Idempotency-Key first arrived (CLOCK_MONOTONIC, which every process on the machine shares,
// so the engine can compare it with its trigger times).
//
// It runs as its own process so that the measured engine shares no event loop with it.
// Control is on standard input, one command a line; answers go to standard output:
//   stats   -> "requests N keys K duplicates D"
//   dump    -> one "KEY MICROSECONDS" line per key, then "end"
//   reset   -> "ok" (forgets every request and key)
//   delay MS -> "ok": from now on every answer leaves MS milliseconds after its request
//               arrived (a slowed receiver; arrivals are still stamped at once); 0 = at once
//   quit    -> exits (so does end of input)
// The first line it prints is "port P".
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>

namespace {

struct Connection {
    unsigned long long serial = 0; // tells a connection from a later one on the same descriptor
    std::string in;
    std::string out;
    size_t outSent = 0;
    bool closeAfterWrite = false;
    bool watchingWrites = false; // EPOLLOUT is on while an answer could not be written at once
};

std::unordered_map<int, Connection> g_connections;
std::unordered_map<std::string, long long> g_keys; // key -> first arrival, microseconds
long long g_requests = 0;
long long g_duplicates = 0;
unsigned long long g_serials = 0;

// Answers held back by "delay", in arrival order (one delay for all: also in due order).
struct Delayed {
    long long dueUs;
    int fd;
    unsigned long long serial;
    bool close;
};
long long g_delayUs = 0;
std::deque<Delayed> g_delayed;

long long nowUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

std::string_view trim(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.remove_suffix(1);
    return v;
}

constexpr std::string_view kResponse = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
constexpr std::string_view kCloseResponse
    = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

// Parses every complete request in c.in and queues one answer each. False on a malformed request.
bool parseRequests(int fd, Connection& c)
{
    size_t pos = 0;
    while (true) {
        const size_t end = c.in.find("\r\n\r\n", pos);
        if (end == std::string::npos)
            break;
        const std::string_view head(c.in.data() + pos, end - pos);
        size_t contentLength = 0;
        bool close = head.find("HTTP/1.0") != std::string_view::npos;
        std::string_view key;
        size_t line = head.find("\r\n");
        while (line != std::string_view::npos) {
            const size_t next = head.find("\r\n", line + 2);
            const std::string_view h
                = head.substr(line + 2, next == std::string_view::npos ? std::string_view::npos : next - line - 2);
            const size_t colon = h.find(':');
            if (colon != std::string_view::npos) {
                const std::string_view name = h.substr(0, colon);
                const std::string_view value = trim(h.substr(colon + 1));
                if (iequals(name, "content-length"))
                    contentLength = std::strtoull(std::string(value).c_str(), nullptr, 10);
                else if (iequals(name, "idempotency-key"))
                    key = value;
                else if (iequals(name, "connection"))
                    close = iequals(value, "close");
            }
            line = next;
        }
        const size_t total = end + 4 - pos + contentLength;
        if (c.in.size() - pos < total)
            break; // the body is not all here yet
        ++g_requests;
        if (!key.empty()) {
            const auto [it, inserted] = g_keys.try_emplace(std::string(key), nowUs());
            if (!inserted)
                ++g_duplicates;
        }
        if (g_delayUs > 0)
            g_delayed.push_back({ nowUs() + g_delayUs, fd, c.serial, close });
        else
            c.out.append(close ? kCloseResponse : kResponse);
        pos += total;
        if (close) {
            c.closeAfterWrite = g_delayUs == 0; // else when the held answer leaves
            break;
        }
    }
    c.in.erase(0, pos);
    return c.in.size() < (1 << 20);
}

void closeConnection(int epfd, int fd)
{
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    g_connections.erase(fd);
}

// Writes what is queued; returns false when the connection is finished.
bool flush(int epfd, int fd, Connection& c)
{
    while (c.outSent < c.out.size()) {
        const ssize_t n = send(fd, c.out.data() + c.outSent, c.out.size() - c.outSent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!c.watchingWrites) {
                    epoll_event ev {};
                    ev.events = EPOLLIN | EPOLLOUT;
                    ev.data.fd = fd;
                    epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
                    c.watchingWrites = true;
                }
                return true;
            }
            return false;
        }
        c.outSent += static_cast<size_t>(n);
    }
    c.out.clear();
    c.outSent = 0;
    if (c.watchingWrites) {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
        c.watchingWrites = false;
    }
    return !c.closeAfterWrite;
}

void handleCommand(const std::string& cmd)
{
    if (cmd == "stats") {
        std::printf("requests %lld keys %zu duplicates %lld\n", g_requests, g_keys.size(), g_duplicates);
    } else if (cmd == "dump") {
        for (const auto& [key, us] : g_keys)
            std::printf("%s %lld\n", key.c_str(), us);
        std::printf("end\n");
    } else if (cmd == "reset") {
        g_keys.clear();
        g_requests = 0;
        g_duplicates = 0;
        std::printf("ok\n");
    } else if (cmd.rfind("delay ", 0) == 0) {
        g_delayUs = std::strtoll(cmd.c_str() + 6, nullptr, 10) * 1000;
        std::printf("ok\n");
    } else if (cmd == "quit") {
        std::fflush(stdout);
        std::exit(0);
    } else {
        std::printf("error unknown command\n");
    }
    std::fflush(stdout);
}

// Sends the held answers that are due; returns the epoll timeout until the next, or -1.
int releaseDelayed(int epfd)
{
    const long long now = nowUs();
    while (!g_delayed.empty() && g_delayed.front().dueUs <= now) {
        const Delayed d = g_delayed.front();
        g_delayed.pop_front();
        auto it = g_connections.find(d.fd);
        if (it == g_connections.end() || it->second.serial != d.serial)
            continue; // the client went away meanwhile
        it->second.out.append(d.close ? kCloseResponse : kResponse);
        it->second.closeAfterWrite = it->second.closeAfterWrite || d.close;
        if (!flush(epfd, d.fd, it->second))
            closeConnection(epfd, d.fd);
    }
    if (g_delayed.empty())
        return -1;
    return static_cast<int>((g_delayed.front().dueUs - now + 999) / 1000);
}

} // namespace

int main()
{
    std::signal(SIGPIPE, SIG_IGN);
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1024) != 0) {
        std::perror("bench_sink: listen");
        return 1;
    }
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("port %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);

    const int epfd = epoll_create1(0);
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.fd = listener;
    epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
    ev.data.fd = STDIN_FILENO;
    epoll_ctl(epfd, EPOLL_CTL_ADD, STDIN_FILENO, &ev);

    std::string commands;
    char buf[65536];
    epoll_event events[256];
    while (true) {
        const int n = epoll_wait(epfd, events, 256, releaseDelayed(epfd));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                while (true) {
                    const int c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                    if (c < 0)
                        break;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event cev {};
                    cev.events = EPOLLIN;
                    cev.data.fd = c;
                    epoll_ctl(epfd, EPOLL_CTL_ADD, c, &cev);
                    g_connections[c].serial = ++g_serials;
                }
                continue;
            }
            if (fd == STDIN_FILENO) {
                const ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
                if (r <= 0)
                    return 0;
                commands.append(buf, static_cast<size_t>(r));
                size_t nl;
                while ((nl = commands.find('\n')) != std::string::npos) {
                    handleCommand(commands.substr(0, nl));
                    commands.erase(0, nl + 1);
                }
                continue;
            }
            auto it = g_connections.find(fd);
            if (it == g_connections.end())
                continue;
            Connection& c = it->second;
            bool alive = true;
            if (events[i].events & EPOLLIN) {
                while (true) {
                    const ssize_t r = recv(fd, buf, sizeof buf, 0);
                    if (r > 0) {
                        c.in.append(buf, static_cast<size_t>(r));
                        if (r < static_cast<ssize_t>(sizeof buf))
                            break;
                        continue;
                    }
                    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        break;
                    alive = false; // closed by the peer, or an error
                    break;
                }
                if (alive)
                    alive = parseRequests(fd, c);
            }
            if (events[i].events & EPOLLERR)
                alive = false;
            if (alive && !c.out.empty())
                alive = flush(epfd, fd, c);
            if (!alive)
                closeConnection(epfd, fd);
        }
    }
}
