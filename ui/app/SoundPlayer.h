// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

class QSoundEffect;

namespace alertdesk {

// Plays the bundled alarm sounds (resources/sounds, under qrc:/sounds) through Qt Multimedia's
// QSoundEffect, one effect per sound, loaded once. Without an audio output it plays nothing
// and says so; nothing else depends on it. What to play and when is AlarmSchedule's.
class SoundPlayer final : public QObject {
    Q_OBJECT
public:
    explicit SoundPlayer(QObject* parent = nullptr);
    ~SoundPlayer() override;

    // Whether the system offers an audio output now (QMediaDevices).
    bool hasOutput() const;
    // Plays a bundled sound at volume 0..100: "" when it was started, else why not.
    QString play(const QString& sound, int volume);
    // The effect of a bundled sound (loaded on first use), nullptr for an unknown name.
    QSoundEffect* effect(const QString& sound);

    static QUrl soundUrl(const QString& sound);
    static QString noOutputMessage();

Q_SIGNALS:
    // The sound went to the audio output (the tests' seam, with or without a device).
    void played(const QString& sound, int volume);

private:
    QHash<QString, QSoundEffect*> m_effects; // children
};

} // namespace alertdesk
