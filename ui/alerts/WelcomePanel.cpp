// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/WelcomePanel.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
QLabel* stepNumber(int n, QWidget* parent)
{
    auto* l = new QLabel(QString::number(n), parent);
    l->setAlignment(Qt::AlignCenter);
    l->setFixedSize(32, 32);
    l->setStyleSheet(QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text);"
                                    " border-radius: 16px; font-weight: bold; }"));
    return l;
}
} // namespace

WelcomePanel::WelcomePanel(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("welcomeCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(760);
    auto* v = new QVBoxLayout(card);
    v->setContentsMargins(32, 28, 32, 28);
    v->setSpacing(14);

    auto* title = new QLabel(tr("Welcome to AlertDesk"), card);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.8);
    tf.setBold(true);
    title->setFont(tf);
    v->addWidget(title);
    auto* intro = new QLabel(tr("AlertDesk routes the alerts of your trading bots, price feeds and rules to the places "
                                "you watch, retries what fails and keeps every alert and delivery here. "
                                "This profile has no channel yet: three steps get you going."),
        card);
    intro->setWordWrap(true);
    v->addWidget(intro);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(18);
    struct Step {
        QString heading;
        QString text;
        QPushButton** button;
        QString buttonText;
    };
    const Step steps[] = {
        { tr("Add a channel"),
            tr("Tell AlertDesk where alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or "
               "this desktop; or import your .env file or an Apprise URL from the Channels page. Secrets go to the "
               "system keychain, never to disk."),
            &m_addChannel, tr("Add a channel…") },
        { tr("Send a test"),
            tr("Select the channel and press Send test: you see at once whether it was delivered, and how fast, or "
               "the platform's error."),
            &m_channels, tr("Open Channels") },
        { tr("Send your first alert"),
            tr("Compose one by hand, or from a script: alertdesk-cli send --priority HIGH --title \"BTC above 70k\". "
               "Every alert and every delivery attempt shows up in this window as it happens."),
            &m_compose, tr("Compose an alert") },
    };
    int row = 0;
    for (const Step& s : steps) {
        grid->addWidget(stepNumber(row + 1, card), row, 0, Qt::AlignTop);
        auto* text = new QLabel(
            QStringLiteral("<b>%1</b><br>%2").arg(s.heading.toHtmlEscaped(), s.text.toHtmlEscaped()), card);
        text->setWordWrap(true);
        text->setTextFormat(Qt::RichText);
        grid->addWidget(text, row, 1);
        *s.button = new QPushButton(s.buttonText, card);
        (*s.button)->setMinimumWidth(170);
        grid->addWidget(*s.button, row, 2, Qt::AlignVCenter);
        ++row;
    }
    grid->setColumnStretch(1, 1);
    v->addLayout(grid);
    m_addChannel->setDefault(true);

    auto* row2 = new QHBoxLayout;
    row2->addStretch(1);
    row2->addWidget(card, 4);
    row2->addStretch(1);
    outer->addLayout(row2);
    outer->addStretch(2);

    connect(m_addChannel, &QPushButton::clicked, this, &WelcomePanel::addChannelRequested);
    connect(m_channels, &QPushButton::clicked, this, &WelcomePanel::channelsRequested);
    connect(m_compose, &QPushButton::clicked, this, &WelcomePanel::composeRequested);
    setFocusProxy(m_addChannel);
}

WelcomePanel::~WelcomePanel() = default;

void WelcomePanel::setReadOnly(bool readOnly)
{
    m_addChannel->setEnabled(!readOnly);
}

} // namespace alertdesk
