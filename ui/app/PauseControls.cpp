// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/PauseControls.h"

#include "policy/AlarmSchedule.h"
#include "util/Clock.h"
#include "widgets/Theme.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <functional>

namespace alertdesk {

namespace {
constexpr qint64 kMinuteMs = 60000;
constexpr int kTomorrowHour = 8; // "until tomorrow": the next working morning, not midnight
// Paused or muted looks like the warning banner, in the palette's light or dark (Theme).
QString activeStyle()
{
    return Theme::bannerStyleSheet(
        Theme::Banner::Warning, QStringLiteral("QToolButton"), QStringLiteral("border-radius: 3px; padding: 1px 6px;"));
}
} // namespace

PauseControls::PauseControls(Clock& clock, QWidget* statusParent, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_countdown(new QTimer(this))
{
    m_pauseMenu = buildMenu(true);
    m_muteMenu = buildMenu(false);
    const auto button = [statusParent](QMenu* menu, const char* name) {
        auto* b = new QToolButton(statusParent);
        b->setObjectName(QString::fromLatin1(name));
        b->setMenu(menu);
        b->setPopupMode(QToolButton::InstantPopup);
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };
    m_pauseButton = button(m_pauseMenu, "pauseButton");
    m_muteButton = button(m_muteMenu, "muteButton");
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &PauseControls::tick);
    update();
}

PauseControls::~PauseControls()
{
    delete m_pauseMenu;
    delete m_muteMenu;
}

QMenu* PauseControls::buildMenu(bool pause)
{
    auto* menu = new QMenu(pause ? tr("&Pause notifications") : tr("&Mute sounds"));
    menu->setObjectName(pause ? QStringLiteral("pauseMenu") : QStringLiteral("muteMenu"));
    const auto add = [this, menu, pause](const QString& text, const char* name, std::function<qint64()> end) {
        QAction* a = menu->addAction(text);
        a->setObjectName(QString::fromLatin1(name));
        connect(a, &QAction::triggered, this,
            [this, pause, end = std::move(end)] { pause ? pauseUntil(end()) : muteUntil(end()); });
    };
    const QString prefix = pause ? QStringLiteral("pause") : QStringLiteral("mute");
    const QByteArray p = prefix.toLatin1();
    add(tr("For &15 minutes"), QByteArray(p + "15m").constData(), [this] { return m_clock.nowMs() + 15 * kMinuteMs; });
    add(tr("For &1 hour"), QByteArray(p + "1h").constData(), [this] { return m_clock.nowMs() + 60 * kMinuteMs; });
    if (pause)
        add(tr("For &4 hours"), "pause4h", [this] { return m_clock.nowMs() + 240 * kMinuteMs; });
    add(tr("Until &tomorrow %1").arg(QLocale().toString(QTime(kTomorrowHour, 0), QLocale::ShortFormat)),
        QByteArray(p + "Tomorrow").constData(),
        [this] { return tomorrowAtMs(m_clock.nowMs(), kTomorrowHour, QTimeZone::systemTimeZone()); });
    menu->addSeparator();
    if (pause) {
        m_holdChannels = menu->addAction(tr("&Hold other channels too"));
        m_holdChannels->setObjectName(QStringLiteral("pauseHoldsChannels"));
        m_holdChannels->setCheckable(true);
        m_holdChannels->setToolTip(tr("While paused, every channel keeps its notifications; they go out when the "
                                      "pause ends, one summary per channel"));
        menu->setToolTipsVisible(true);
        connect(m_holdChannels, &QAction::triggered, this, [this](bool hold) {
            update();
            Q_EMIT holdsChannelsChanged(hold);
        });
    }
    QAction* off = menu->addAction(pause ? tr("&Resume notifications") : tr("&Unmute sounds"));
    off->setObjectName(pause ? QStringLiteral("resume") : QStringLiteral("unmute"));
    connect(off, &QAction::triggered, this, [this, pause] { pause ? pauseUntil(0) : muteUntil(0); });
    (pause ? m_resume : m_unmute) = off;
    return menu;
}

bool PauseControls::isPaused() const
{
    return m_pausedUntil > m_clock.nowMs();
}

bool PauseControls::isMuted() const
{
    return m_mutedUntil > m_clock.nowMs();
}

void PauseControls::setEnds(qint64 pausedUntil, qint64 mutedUntil)
{
    m_pausedUntil = pausedUntil;
    m_mutedUntil = mutedUntil;
    update();
}

void PauseControls::setHoldsChannels(bool hold)
{
    m_holdChannels->setChecked(hold);
    update();
}

bool PauseControls::holdsChannels() const
{
    return m_holdChannels->isChecked();
}

void PauseControls::pauseUntil(qint64 endMs)
{
    m_pausedUntil = endMs;
    update();
    Q_EMIT changed(m_pausedUntil, m_mutedUntil);
}

void PauseControls::muteUntil(qint64 endMs)
{
    m_mutedUntil = endMs;
    update();
    Q_EMIT changed(m_pausedUntil, m_mutedUntil);
}

void PauseControls::tick()
{
    update();
}

QString PauseControls::countdown(qint64 leftMs)
{
    const qint64 s = std::max<qint64>(0, (leftMs + 999) / 1000); // 0.2 s left still reads 0:01
    const qint64 h = s / 3600;
    const QString ms = QStringLiteral("%1:%2")
                           .arg((s / 60) % 60, h > 0 ? 2 : 1, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'));
    return h > 0 ? QStringLiteral("%1:%2").arg(h).arg(ms) : ms;
}

void PauseControls::update()
{
    const qint64 now = m_clock.nowMs();
    const bool paused = isPaused();
    const bool muted = isMuted();
    const auto endText
        = [](qint64 end) { return QLocale().toString(QDateTime::fromMSecsSinceEpoch(end), QLocale::ShortFormat); };
    if (paused) {
        const QString left = countdown(m_pausedUntil - now);
        m_pauseButton->setText(tr("Notifications paused · %1").arg(left));
        m_pauseButton->setToolTip(
            (holdsChannels() ? tr("Notifications to every channel and sounds are paused until %1. Alerts are still "
                                  "recorded and shown here; what is held goes out when the pause ends.")
                             : tr("Desktop notifications and sounds are paused until %1. Alerts are still recorded, "
                                  "shown here and delivered to your other channels."))
                .arg(endText(m_pausedUntil)));
        m_pauseMenu->menuAction()->setText(tr("Notifications &paused · %1 left").arg(left));
        m_resume->setText(tr("&Resume notifications now"));
    } else {
        m_pauseButton->setText(tr("Pause"));
        m_pauseButton->setToolTip(holdsChannels()
                ? tr("Pause notifications to every channel and sounds for a while; alerts are still recorded and "
                     "shown here, and what is held goes out when the pause ends")
                : tr("Pause desktop notifications and sounds for a while; alerts are still recorded, shown here and "
                     "delivered to your other channels"));
        m_pauseMenu->menuAction()->setText(tr("&Pause notifications"));
        m_resume->setText(tr("&Resume notifications"));
    }
    if (muted) {
        const QString left = countdown(m_mutedUntil - now);
        m_muteButton->setText(tr("Sounds muted · %1").arg(left));
        m_muteButton->setToolTip(tr("Alarm sounds are muted until %1.").arg(endText(m_mutedUntil)));
        m_muteMenu->menuAction()->setText(tr("Sounds &muted · %1 left").arg(left));
        m_unmute->setText(tr("&Unmute sounds now"));
    } else {
        m_muteButton->setText(tr("Mute"));
        m_muteButton->setToolTip(tr("Mute the alarm sounds for a while"));
        m_muteMenu->menuAction()->setText(tr("&Mute sounds"));
        m_unmute->setText(tr("&Unmute sounds"));
    }
    m_resume->setEnabled(paused);
    m_unmute->setEnabled(muted);
    m_pauseButton->setStyleSheet(paused ? activeStyle() : QString());
    m_muteButton->setStyleSheet(muted ? activeStyle() : QString());
    if (paused || muted)
        m_countdown->start();
    else
        m_countdown->stop();
    // The ends, not the countdown: the tray's tooltip changes when the state does.
    const auto clock = [](qint64 end) {
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(end).time(), QLocale::ShortFormat);
    };
    QStringList lines;
    if (paused)
        lines << tr("Notifications paused until %1").arg(clock(m_pausedUntil));
    if (muted)
        lines << tr("Sounds muted until %1").arg(clock(m_mutedUntil));
    if (const QString summary = lines.join(QLatin1Char('\n')); summary != m_summary) {
        m_summary = summary;
        Q_EMIT summaryChanged(m_summary);
    }
}

} // namespace alertdesk
