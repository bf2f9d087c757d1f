// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QTimer;
class QToolButton;
class QWidget;

namespace alertdesk {

class Clock;

// "Pause notifications" and "Mute sounds" for a while, from the tray menu and the status bar:
// the same two menus in both places, and status-bar buttons that count down while a pause or a
// mute lasts. The ends are stored as settings (ui.pause_until, ui.sound.muted_until) by
// whoever listens to changed(), so a restarted window keeps them.
class PauseControls final : public QObject {
    Q_OBJECT
public:
    explicit PauseControls(Clock& clock, QWidget* statusParent, QObject* parent = nullptr);
    ~PauseControls() override;

    QMenu* pauseMenu() const { return m_pauseMenu; }
    QMenu* muteMenu() const { return m_muteMenu; }
    QToolButton* pauseButton() const { return m_pauseButton; }
    QToolButton* muteButton() const { return m_muteButton; }

    qint64 pausedUntil() const { return m_pausedUntil; }
    qint64 mutedUntil() const { return m_mutedUntil; }
    bool isPaused() const;
    bool isMuted() const;
    QString summary() const { return m_summary; }
    // The stored ends (from the settings): shown, not stored again.
    void setEnds(qint64 pausedUntil, qint64 mutedUntil);
    // Whether a pause holds the other channels too (ui.pause_holds_channels), as stored.
    void setHoldsChannels(bool hold);
    bool holdsChannels() const;
    void pauseUntil(qint64 endMs);
    void muteUntil(qint64 endMs);
    // Re-reads the clock: the countdowns, and the end of a pause or mute that is over.
    void tick();

    // "14:59" or "1:02:03": what is left of a pause or mute.
    static QString countdown(qint64 leftMs);

Q_SIGNALS:
    // The user paused, muted, resumed or unmuted: the new ends (0: none) to store.
    void changed(qint64 pausedUntil, qint64 mutedUntil);
    // The user chose whether a pause holds the other channels too: to store.
    void holdsChannelsChanged(bool hold);
    // What is paused or muted until when, in a line ("" when nothing is): for the tray's tooltip.
    void summaryChanged(const QString& summary);

private:
    QMenu* buildMenu(bool pause);
    void update();

    Clock& m_clock;
    QMenu* m_pauseMenu = nullptr; // owned here: a QMenu cannot have a QObject parent
    QMenu* m_muteMenu = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_unmute = nullptr;
    QAction* m_holdChannels = nullptr; // checkable, in the pause menu
    QToolButton* m_pauseButton = nullptr; // in the status bar (its parent's child)
    QToolButton* m_muteButton = nullptr;
    QTimer* m_countdown = nullptr;
    qint64 m_pausedUntil = 0;
    qint64 m_mutedUntil = 0;
    QString m_summary;
};

} // namespace alertdesk
