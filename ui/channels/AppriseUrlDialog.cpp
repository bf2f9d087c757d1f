// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/AppriseUrlDialog.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "config/AppriseUrl.h"
#include "widgets/SecretReveal.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace alertdesk {

AppriseUrlDialog::AppriseUrlDialog(EngineHost& host, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
{
    setWindowTitle(tr("Add a channel from an Apprise URL"));
    setMinimumWidth(620);
    auto* v = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Paste the URL you use with Apprise, for example tgram://TOKEN/CHAT_ID, "
                                "discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, "
                                "jsons://host/path or pagerduty://KEY. Schemes AlertDesk reads: %1.")
                                 .arg(appriseSchemes().join(QStringLiteral(", "))),
        this);
    intro->setWordWrap(true);
    v->addWidget(intro);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_url = new QLineEdit(this);
    SecretReveal::attach(m_url); // it holds tokens and passwords
    m_url->setPlaceholderText(tr("scheme://…"));
    form->addRow(tr("&URL:"), m_url);
    m_name = new QLineEdit(this);
    m_name->setMaxLength(64);
    m_name->setPlaceholderText(tr("Optional: the kind's name (telegram, discord, …) by default"));
    form->addRow(tr("&Name:"), m_name);
    v->addLayout(form);
    auto* secrets = new QLabel(tr("Its tokens and passwords go to the system keychain, never to disk."), this);
    secrets->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(secrets);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);
    m_message->setAccessibleName(tr("Message"));
    v->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_add = buttons->addButton(tr("&Add channel"), QDialogButtonBox::AcceptRole);
    m_add->setEnabled(false);
    v->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &AppriseUrlDialog::add);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        m_add->setEnabled(!m_url->text().trimmed().isEmpty() && !m_adding);
        m_message->clear();
    });
}

AppriseUrlDialog::~AppriseUrlDialog() = default;

void AppriseUrlDialog::add()
{
    if (m_adding || m_url->text().trimmed().isEmpty())
        return;
    m_adding = true;
    m_add->setEnabled(false);
    m_message->setText(tr("Adding…"));
    m_host.addChannelFromUrl(m_url->text(), m_name->text(), this,
        [this](const QString& name, const QStringList& notes, const QString& error) {
            m_adding = false;
            if (error.isEmpty()) {
                m_savedName = name;
                m_notes = notes;
                accept();
                return;
            }
            QPalette pal = m_message->palette();
            pal.setColor(QPalette::WindowText, UiText::errorColor());
            m_message->setPalette(pal);
            m_message->setText(tr("Not added: %1").arg(error));
            m_add->setEnabled(true);
        });
}

} // namespace alertdesk
