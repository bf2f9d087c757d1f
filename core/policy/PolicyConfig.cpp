#include "PolicyConfig.h"

#include "PolicyJson.h"

#include <QJsonArray>

namespace alertdesk {

using namespace policyjson;

std::optional<PolicyConfig> PolicyConfig::fromJson(const QJsonObject& o, FieldError* error)
{
    const QString path = QStringLiteral("policies");
    if (!knownKeys(o, {QStringLiteral("quiet_hours"), QStringLiteral("escalation"), QStringLiteral("aggregation")}, path, error))
        return std::nullopt;
    PolicyConfig c;
    c.json = o;
    const QJsonValue quiet = o.value(QStringLiteral("quiet_hours"));
    if (!quiet.isUndefined() && !quiet.isNull()) {
        const QString qp = field(path, QStringLiteral("quiet_hours"));
        if (!quiet.isArray()) {
            *error = {qp, QStringLiteral("must be an array of mute timings")};
            return std::nullopt;
        }
        const QJsonArray arr = quiet.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto m = MuteTiming::fromJson(arr[i], item(qp, i), error);
            if (!m)
                return std::nullopt;
            for (const MuteTiming& other : std::as_const(c.quietHours)) {
                if (other.name == m->name) {
                    *error = {field(item(qp, i), QStringLiteral("name")), QStringLiteral("'%1' is used twice").arg(m->name)};
                    return std::nullopt;
                }
            }
            c.quietHours << *m;
        }
    }
    const QJsonValue esc = o.value(QStringLiteral("escalation"));
    if (!esc.isUndefined() && !esc.isNull()) {
        const QString ep = field(path, QStringLiteral("escalation"));
        if (!esc.isArray()) {
            *error = {ep, QStringLiteral("must be an array of escalation policies")};
            return std::nullopt;
        }
        const QJsonArray arr = esc.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto e = EscalationPolicy::fromJson(arr[i], item(ep, i), error);
            if (!e)
                return std::nullopt;
            if (findEscalationPolicy(c.escalation, e->name)) {
                *error = {field(item(ep, i), QStringLiteral("name")), QStringLiteral("'%1' is used twice").arg(e->name)};
                return std::nullopt;
            }
            c.escalation << *e;
        }
    }
    const QJsonValue agg = o.value(QStringLiteral("aggregation"));
    if (!agg.isUndefined() && !agg.isNull()) {
        auto a = AggregationConfig::fromJson(agg, field(path, QStringLiteral("aggregation")), error);
        if (!a)
            return std::nullopt;
        c.aggregation = *a;
    }
    return c;
}

} // namespace alertdesk
