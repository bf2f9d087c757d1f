// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ProfileImporter.h"

#include "config/Profile.h"
#include "config/SecretStore.h"
#include "engine/Engine.h"
#include "util/Logging.h"

#include <QJsonDocument>
#include <QSet>

namespace alertdesk {

namespace {
// JSON read back from config.json may hold 3 as a double where the import has an integer:
// compare what the two would write, not their in-memory types.
QByteArray canonical(const QJsonValue& v)
{
    return QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
}
} // namespace

ProfileImporter::ProfileImporter(Engine& engine, EnvImportPlan plan, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_plan(std::move(plan))
{
}

ProfileImporter::~ProfileImporter() = default;

void ProfileImporter::start(std::function<void()> done)
{
    m_done = std::move(done);
    m_index = 0;
    next();
}

void ProfileImporter::next()
{
    if (m_index >= m_plan.channels.size()) {
        applySettings();
        m_done();
        return;
    }
    const PlannedChannel& p = m_plan.channels.at(m_index);
    const ChannelConfig* existing = m_engine.profile().channel(p.config.name);
    if (!existing) {
        save(p, false);
        return;
    }
    if (existing->kind != p.config.kind) {
        // The user's own channel: never replaced by an import of another kind.
        record(p, QStringLiteral("conflict"),
            QStringLiteral("a %1 channel named '%2' exists already; rename or remove it, then import again")
                .arg(existing->kind, p.config.name));
        ++m_index;
        next();
        return;
    }
    QStringList fields;
    for (auto it = p.secrets.begin(); it != p.secrets.end(); ++it) {
        if (!it.value().isEmpty())
            fields << it.key();
    }
    const bool sameConfig = existing->enabled == p.config.enabled
        && canonical(existing->settings) == canonical(p.config.settings)
        && QSet<QString>(existing->secretFields.begin(), existing->secretFields.end())
            == QSet<QString>(fields.begin(), fields.end());
    if (!sameConfig) {
        save(p, true);
        return;
    }
    compareSecrets(p, [this, p](bool same, const QString& error) {
        if (!error.isEmpty()) {
            record(p, QStringLiteral("failed"), error);
            ++m_index;
            next();
            return;
        }
        if (same) {
            record(p, QStringLiteral("unchanged"));
            ++m_index;
            next();
            return;
        }
        save(p, true);
    });
}

void ProfileImporter::compareSecrets(const PlannedChannel& p, const std::function<void(bool, const QString&)>& done)
{
    struct State {
        int outstanding = 0;
        bool same = true;
        QString error;
    };
    auto st = std::make_shared<State>();
    QStringList fields;
    for (auto it = p.secrets.begin(); it != p.secrets.end(); ++it) {
        if (!it.value().isEmpty())
            fields << it.key();
    }
    if (fields.isEmpty()) {
        done(true, {});
        return;
    }
    st->outstanding = static_cast<int>(fields.size());
    for (const QString& field : std::as_const(fields)) {
        const QString expected = p.secrets.value(field);
        m_engine.secrets().read(SecretStore::key(m_engine.profile().id(), p.config.name, field),
            [st, expected, done](const SecretResult& r) {
                if (r.ok)
                    st->same = st->same && r.value == expected;
                else if (r.notFound)
                    st->same = false; // written again below
                else if (st->error.isEmpty())
                    st->error = r.error;
                if (--st->outstanding == 0)
                    done(st->same, st->error);
            });
    }
}

void ProfileImporter::save(const PlannedChannel& p, bool replace)
{
    m_engine.saveChannel(p.config, p.secrets, replace, [this, p, replace](const QString& error) {
        if (error.isEmpty())
            record(p, replace ? QStringLiteral("updated") : QStringLiteral("added"));
        else
            record(p, QStringLiteral("failed"), error);
        ++m_index;
        next();
    });
}

void ProfileImporter::record(const PlannedChannel& p, const QString& result, const QString& reason)
{
    if (result == QLatin1String("failed") || result == QLatin1String("conflict"))
        m_failed = true;
    qCDebug(lcCli) << "import: channel" << p.config.name << result;
    m_channels.append({ p.config.name, p.config.kind, p.config.enabled, result, reason, p.notes });
}

void ProfileImporter::applySettings()
{
    Profile& profile = m_engine.profile();
    bool changed = false;
    for (const PlannedSetting& s : std::as_const(m_plan.settings)) {
        const bool same = canonical(profile.setting(s.key)) == canonical(s.value);
        QString error;
        if (!same
            && !profile.setSetting(s.key,
                s.value.isBool() ? (s.value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                 : QString::number(s.value.toDouble(), 'g', 17),
                &error)) {
            m_failed = true;
            m_settings.append(
                QJsonObject { { QStringLiteral("key"), s.key }, { QStringLiteral("variable"), s.variable },
                    { QStringLiteral("result"), QStringLiteral("failed") }, { QStringLiteral("reason"), error } });
            continue;
        }
        changed = changed || !same;
        m_settings.append(QJsonObject { { QStringLiteral("key"), s.key }, { QStringLiteral("value"), s.value },
            { QStringLiteral("variable"), s.variable },
            { QStringLiteral("result"), same ? QStringLiteral("unchanged") : QStringLiteral("set") } });
    }
    QString error;
    if (changed && !profile.save(&error)) {
        m_failed = true;
        for (QJsonValueRef v : m_settings) {
            QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("result")).toString() == QLatin1String("set")) {
                o.insert(QStringLiteral("result"), QStringLiteral("failed"));
                o.insert(QStringLiteral("reason"), error);
                v = o;
            }
        }
    }
}

QJsonObject ProfileImporter::report() const
{
    QJsonArray variables;
    for (const ImportVariable& v : m_plan.variables)
        variables.append(v.toJson());
    QJsonArray channels;
    for (const ChannelOutcome& c : m_channels) {
        QJsonObject o { { QStringLiteral("name"), c.name }, { QStringLiteral("kind"), c.kind },
            { QStringLiteral("enabled"), c.enabled }, { QStringLiteral("result"), c.result } };
        if (!c.reason.isEmpty())
            o.insert(QStringLiteral("reason"), c.reason);
        if (!c.notes.isEmpty())
            o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(c.notes));
        channels.append(o);
    }
    for (const RejectedChannel& r : m_plan.rejectedChannels) {
        channels.append(QJsonObject { { QStringLiteral("name"), r.name }, { QStringLiteral("kind"), r.kind },
            { QStringLiteral("result"), QStringLiteral("not imported") }, { QStringLiteral("reason"), r.reason } });
    }
    return { { QStringLiteral("variables"), variables }, { QStringLiteral("channels"), channels },
        { QStringLiteral("settings"), m_settings }, { QStringLiteral("exit_code"), exitCode() } };
}

QStringList ProfileImporter::summary() const
{
    QStringList lines;
    for (const ChannelOutcome& c : m_channels) {
        QString line = QStringLiteral("channel %1 (%2%3): %4")
                           .arg(c.name, c.kind, c.enabled ? QString() : QStringLiteral(", disabled"), c.result);
        if (!c.reason.isEmpty())
            line += QStringLiteral(": ") + c.reason;
        lines << line;
        for (const QString& n : c.notes)
            lines << QStringLiteral("  note: ") + n;
    }
    for (const RejectedChannel& r : m_plan.rejectedChannels)
        lines << QStringLiteral("channel %1 (%2): not imported: %3").arg(r.name, r.kind, r.reason);
    for (const QJsonValue& v : m_settings) {
        const QJsonObject o = v.toObject();
        lines << QStringLiteral("setting %1 (from %2): %3")
                     .arg(o.value(QStringLiteral("key")).toString(), o.value(QStringLiteral("variable")).toString(),
                         o.value(QStringLiteral("result")).toString());
    }
    int used = 0;
    for (const ImportVariable& v : m_plan.variables) {
        if (v.status == ImportVariable::Status::Used)
            ++used;
        else if (v.status == ImportVariable::Status::Rejected)
            lines << QStringLiteral("rejected %1%2: %3")
                         .arg(v.name, v.line ? QStringLiteral(" (line %1)").arg(v.line) : QString(), v.reason);
        else if (v.status == ImportVariable::Status::Ignored && !v.reason.startsWith(QLatin1String("empty")))
            lines << QStringLiteral("ignored %1%2: %3")
                         .arg(v.name, v.line ? QStringLiteral(" (line %1)").arg(v.line) : QString(), v.reason);
    }
    if (m_plan.channels.isEmpty() && m_plan.settings.isEmpty() && m_plan.rejectedChannels.isEmpty()
        && !m_plan.hasRejections())
        lines << QStringLiteral("nothing to import: none of the variables import-env reads is set (%1, ...)")
                     .arg(envImportVariables().mid(0, 4).join(QStringLiteral(", ")));
    lines << QStringLiteral("%1 variable(s) used").arg(used);
    return lines;
}

int ProfileImporter::exitCode() const
{
    if (m_failed)
        return 1;
    if (m_plan.hasRejections() || (m_plan.channels.isEmpty() && m_plan.settings.isEmpty()))
        return 2;
    return 0;
}

} // namespace alertdesk
