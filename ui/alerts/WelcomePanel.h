// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QWidget>

class QPushButton;

namespace alertdesk {

// What a new user sees instead of an empty history: the three first steps, each with its button.
class WelcomePanel final : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePanel(QWidget* parent = nullptr);
    ~WelcomePanel() override;

    QPushButton* addChannelButton() const { return m_addChannel; }
    void setReadOnly(bool readOnly);

Q_SIGNALS:
    void addChannelRequested();
    void channelsRequested();
    void composeRequested();

private:
    QPushButton* m_addChannel = nullptr;
    QPushButton* m_channels = nullptr;
    QPushButton* m_compose = nullptr;
};

} // namespace alertdesk
