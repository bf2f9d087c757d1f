// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/SoundPlayer.h"

#include "UiLogging.h"
#include "config/Settings.h"

#include <QAudio>
#include <QAudioDevice>
#include <QMediaDevices>
#include <QSoundEffect>

namespace alertdesk {

SoundPlayer::SoundPlayer(QObject* parent)
    : QObject(parent)
{
}

SoundPlayer::~SoundPlayer() = default;

QUrl SoundPlayer::soundUrl(const QString& sound)
{
    return QUrl { QStringLiteral("qrc:/sounds/%1.wav").arg(sound) };
}

QString SoundPlayer::noOutputMessage()
{
    return tr("This computer has no sound output (no audio device or sound server), so AlertDesk cannot play "
              "alarm sounds here. Notifications and every channel work as before.");
}

bool SoundPlayer::hasOutput() const
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

QSoundEffect* SoundPlayer::effect(const QString& sound)
{
    if (!alarmSoundNames().contains(sound))
        return nullptr;
    QSoundEffect*& e = m_effects[sound];
    if (!e) {
        e = new QSoundEffect(this);
        e->setSource(soundUrl(sound));
    }
    return e;
}

QString SoundPlayer::play(const QString& sound, int volume)
{
    QSoundEffect* e = effect(sound);
    if (!e)
        return tr("there is no sound named %1").arg(sound);
    if (!hasOutput()) {
        qCDebug(lcUi) << "sound" << sound << "not played: no audio output";
        return noOutputMessage();
    }
    if (e->status() == QSoundEffect::Error)
        return tr("the sound %1 cannot be played").arg(sound);
    // The slider is perceptual; QSoundEffect's volume is linear.
    e->setVolume(QAudio::convertVolume(
        static_cast<float>(volume) / 100.0F, QAudio::LogarithmicVolumeScale, QAudio::LinearVolumeScale));
    e->setAudioDevice(QMediaDevices::defaultAudioOutput());
    e->play(); // queued by QSoundEffect until the sample is loaded
    Q_EMIT played(sound, volume);
    return {};
}

} // namespace alertdesk
