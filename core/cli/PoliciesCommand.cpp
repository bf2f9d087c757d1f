// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/Profile.h"
#include "engine/Engine.h"
#include "policy/PolicyConfig.h"

#include <QFile>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli policies

void PoliciesCommand::execute(const QStringList& rest)
{
    const QString sub = rest.value(0);
    const QString usageLine = QStringLiteral("usage: policies show | policies check FILE|- | policies set FILE|-");
    if (sub == QLatin1String("show") && rest.size() == 1) {
        if (!openEngine())
            return;
        printJson(m_engine->profile().policies().json);
        return done(Ok);
    }
    if ((sub != QLatin1String("check") && sub != QLatin1String("set")) || rest.size() != 2)
        return fail(BadInput, usageLine);
    QByteArray bytes;
    if (rest[1] == QLatin1String("-")) {
        if (!m_in || !m_in->isReadable())
            return fail(BadInput, QStringLiteral("standard input is not readable"));
        bytes = m_in->readAll();
    } else {
        QFile f(rest[1]);
        if (!f.open(QIODevice::ReadOnly))
            return fail(BadInput, QStringLiteral("cannot read %1: %2").arg(rest[1], f.errorString()));
        bytes = f.readAll();
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(BadInput, QStringLiteral("not valid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return fail(BadInput, QStringLiteral("the policies must be a JSON object"));
    // Either the section itself or a whole config.json with a "policies" member.
    QJsonObject policies = doc.object();
    if (policies.contains(QStringLiteral("policies")) && policies.value(QStringLiteral("policies")).isObject())
        policies = policies.value(QStringLiteral("policies")).toObject();
    FieldError fe;
    if (!PolicyConfig::fromJson(policies, &fe))
        return fail(BadInput, fe.toString());
    if (sub == QLatin1String("check")) {
        m_out << "policies are valid\n";
        return done(Ok);
    }
    if (!openEngine())
        return;
    QString error;
    if (!m_engine->profile().setPolicies(policies, &error))
        return fail(BadInput, error);
    if (!m_engine->profile().save(&error))
        return fail(Failed, error);
    m_out << "policies saved to " << m_engine->profile().configPath() << '\n';
    done(Ok);
}

} // namespace alertdesk
