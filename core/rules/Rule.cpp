// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Rule.h"

#include "util/Duration.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <array>
#include <cmath>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 9> kConditionNames { "above", "below", "crossing", "crossing-up", "crossing-down",
    "moved-up", "moved-down", "enter-range", "leave-range" };

QString frequencyText(const Rule& r)
{
    switch (r.frequency) {
    case RuleFrequency::Once:
        return QStringLiteral("once");
    case RuleFrequency::Every:
        return QStringLiteral("every");
    case RuleFrequency::OncePer:
        return QStringLiteral("once-per:") + formatDuration(r.intervalMs);
    }
    return {};
}

// Titles must stay one line and within the alert limit whatever a value or template holds.
QString oneLine(QString s, int max)
{
    for (QChar& c : s) {
        if (c.unicode() < 0x20)
            c = QLatin1Char(' ');
    }
    if (s.size() > max)
        s = s.left(max - 1) + QChar(0x2026);
    return s;
}
} // namespace

QString ruleConditionName(RuleCondition c)
{
    return QString::fromLatin1(kConditionNames.at(static_cast<size_t>(c)));
}

std::optional<RuleCondition> ruleConditionFromString(const QString& s)
{
    const QString lower = s.trimmed().toLower();
    for (size_t i = 0; i < kConditionNames.size(); ++i) {
        if (lower == QLatin1String(kConditionNames[i]))
            return static_cast<RuleCondition>(i);
    }
    return std::nullopt;
}

QStringList ruleConditionNames()
{
    QStringList out;
    for (const char* n : kConditionNames)
        out << QString::fromLatin1(n);
    return out;
}

bool isEdgeCondition(RuleCondition c)
{
    return c == RuleCondition::Crossing || c == RuleCondition::CrossingUp || c == RuleCondition::CrossingDown
        || c == RuleCondition::EnterRange || c == RuleCondition::LeaveRange;
}

bool isRangeCondition(RuleCondition c)
{
    return c == RuleCondition::EnterRange || c == RuleCondition::LeaveRange;
}
bool isMoveCondition(RuleCondition c)
{
    return c == RuleCondition::MovedUp || c == RuleCondition::MovedDown;
}

RuleFrequency defaultFrequency(RuleCondition c)
{
    return isEdgeCondition(c) ? RuleFrequency::Every : RuleFrequency::Once;
}

bool RuleState::operator==(const RuleState& o) const
{
    const bool sameValue = (hasLastValue() == o.hasLastValue()) && (!hasLastValue() || lastValue == o.lastValue);
    return sameValue && lastSampleMs == o.lastSampleMs && lastFiredMs == o.lastFiredMs && firedCount == o.firedCount
        && exhausted == o.exhausted;
}

QJsonObject RuleState::toJson() const
{
    QJsonObject o { { QStringLiteral("fired_count"), firedCount }, { QStringLiteral("exhausted"), exhausted } };
    o.insert(QStringLiteral("last_value"), hasLastValue() ? QJsonValue(lastValue) : QJsonValue());
    o.insert(QStringLiteral("last_sample_at"), lastSampleMs ? QJsonValue(formatIsoTime(lastSampleMs)) : QJsonValue());
    o.insert(QStringLiteral("last_fired_at"), lastFiredMs ? QJsonValue(formatIsoTime(lastFiredMs)) : QJsonValue());
    return o;
}

QJsonObject Rule::toJson(qint64 nowMs) const
{
    QJsonObject o {
        { QStringLiteral("name"), name },
        { QStringLiteral("metric"), metric },
        { QStringLiteral("when"), ruleConditionName(condition) },
        { QStringLiteral("value"), value },
        { QStringLiteral("frequency"), frequencyText(*this) },
        { QStringLiteral("cooldown"), formatDuration(cooldownMs) },
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("expired"), expiresAtMs > 0 && nowMs >= expiresAtMs },
        { QStringLiteral("type"), alertTypeName(type) },
        { QStringLiteral("priority"), priorityName(priority) },
        { QStringLiteral("title"), titleTemplate.isEmpty() ? defaultTitleTemplate() : titleTemplate },
        { QStringLiteral("message"), messageTemplate.isEmpty() ? defaultMessageTemplate() : messageTemplate },
        { QStringLiteral("channels"), QJsonArray::fromStringList(channels) },
        { QStringLiteral("created_at"), formatIsoTime(createdAtMs) },
        { QStringLiteral("state"), state.toJson() },
    };
    if (hasValue2())
        o.insert(QStringLiteral("value2"), value2);
    if (isMoveCondition(condition))
        o.insert(QStringLiteral("window"), formatDuration(windowMs));
    o.insert(QStringLiteral("expires"), expiresAtMs ? QJsonValue(formatIsoTime(expiresAtMs)) : QJsonValue());
    return o;
}

bool isValidRuleName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return re.match(name).hasMatch();
}

bool isValidMetricKey(const QString& key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.:/@-]{1,128}$"));
    return re.match(key).hasMatch();
}

namespace {
// validateRule's messages: the window shows them (through the rule dialog) in its language.
class RuleChecks final {
    Q_DECLARE_TR_FUNCTIONS(RuleChecks)
};
} // namespace

std::optional<FieldError> validateRule(const Rule& r)
{
    auto err = [](const char* field, const QString& message) {
        return FieldError { QString::fromLatin1(field), message };
    };
    if (!isValidRuleName(r.name))
        return err("name",
            RuleChecks::tr("'%1' is not a valid rule name: use 1-64 letters, digits, '_', '.' or '-', "
                           "starting with a letter or digit")
                .arg(FieldError::literal(r.name)));
    if (!isValidMetricKey(r.metric))
        return err("metric",
            RuleChecks::tr("'%1' is not a valid metric key: use 1-128 letters, digits and . _ - : / @")
                .arg(FieldError::literal(r.metric)));
    if (!std::isfinite(r.value))
        return err("value", RuleChecks::tr("must be a finite number"));
    if (isRangeCondition(r.condition)) {
        if (!r.hasValue2())
            return err("value2",
                RuleChecks::tr("is required by %1: the range is from {--value} to {--value2}")
                    .arg(ruleConditionName(r.condition)));
        if (!std::isfinite(r.value2))
            return err("value2", RuleChecks::tr("must be a finite number"));
        if (!(r.value < r.value2))
            return err("value2", RuleChecks::tr("must be greater than {--value}"));
    } else if (r.hasValue2()) {
        return err("value2", RuleChecks::tr("only applies to enter-range and leave-range"));
    }
    if (isMoveCondition(r.condition)) {
        if (r.value <= 0)
            return err("value", RuleChecks::tr("is the size of the move in percent and must be greater than 0"));
        if (r.windowMs <= 0)
            return err("window",
                RuleChecks::tr("is required by %1 and must be longer than 0").arg(ruleConditionName(r.condition)));
    } else if (r.windowMs != 0) {
        return err("window", RuleChecks::tr("only applies to moved-up and moved-down"));
    }
    if (r.frequency == RuleFrequency::OncePer && r.intervalMs <= 0)
        return err("frequency", RuleChecks::tr("once-per needs an interval longer than 0, e.g. once-per:1h"));
    if (r.frequency != RuleFrequency::OncePer && r.intervalMs != 0)
        return err("frequency", RuleChecks::tr("only once-per takes an interval"));
    if (r.cooldownMs < 0)
        return err("cooldown", RuleChecks::tr("must not be negative"));
    if (r.expiresAtMs < 0)
        return err("expires", RuleChecks::tr("must be a time after 1970"));
    for (const auto& [field, tmpl] :
        { std::pair { "title", &r.titleTemplate }, std::pair { "message", &r.messageTemplate } }) {
        if (const QString bad = unknownPlaceholder(*tmpl); !bad.isEmpty())
            return err(field,
                RuleChecks::tr("uses the unknown placeholder %1 (known: %2)")
                    .arg(FieldError::literal(QLatin1Char('{') + bad + QLatin1Char('}')),
                        templatePlaceholders().join(QStringLiteral(", "))));
    }
    if (r.titleTemplate.size() > AlertLimits::title)
        return err("title",
            RuleChecks::tr("is %1 characters long; the limit is %2")
                .arg(r.titleTemplate.size())
                .arg(AlertLimits::title));
    if (r.messageTemplate.size() > AlertLimits::message / 2)
        return err("message",
            RuleChecks::tr("is %1 characters long; the limit is %2")
                .arg(r.messageTemplate.size())
                .arg(AlertLimits::message / 2));
    if (r.channels.size() > AlertLimits::channels)
        return err("channel",
            RuleChecks::tr("names %1 channels; the limit is %2").arg(r.channels.size()).arg(AlertLimits::channels));
    for (const QString& c : r.channels) {
        if (c.trimmed().isEmpty() || c.size() > AlertLimits::channelName)
            return err("channel", RuleChecks::tr("'%1' is not a channel name").arg(FieldError::literal(c)));
    }
    return std::nullopt;
}

QStringList templatePlaceholders()
{
    return { QStringLiteral("symbol"), QStringLiteral("value"), QStringLiteral("threshold"),
        QStringLiteral("condition"), QStringLiteral("time"), QStringLiteral("metric"), QStringLiteral("rule"),
        QStringLiteral("priority"), QStringLiteral("type") };
}

QString defaultTitleTemplate()
{
    return QStringLiteral("{metric} {condition} {threshold}");
}
QString defaultMessageTemplate()
{
    return QStringLiteral("{metric} is {value} at {time} (rule {rule}).");
}

namespace {
// Calls fn(name) for every {name} in tmpl and copies the rest; "{" without a closing "}" or
// with characters other than [a-z0-9_] inside is literal text.
template <typename Fn> QString substitute(const QString& tmpl, Fn fn)
{
    QString out;
    out.reserve(tmpl.size() + 32);
    qsizetype i = 0;
    while (i < tmpl.size()) {
        const QChar c = tmpl.at(i);
        if (c == QLatin1Char('{')) {
            qsizetype j = i + 1;
            while (j < tmpl.size() && (tmpl.at(j).isLower() || tmpl.at(j).isDigit() || tmpl.at(j) == QLatin1Char('_')))
                ++j;
            if (j < tmpl.size() && j > i + 1 && tmpl.at(j) == QLatin1Char('}')) {
                out += fn(tmpl.mid(i + 1, j - i - 1));
                i = j + 1;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}
} // namespace

QString unknownPlaceholder(const QString& tmpl)
{
    const QStringList known = templatePlaceholders();
    QString bad;
    substitute(tmpl, [&](const QString& name) {
        if (bad.isEmpty() && !known.contains(name))
            bad = name;
        return QString();
    });
    return bad;
}

QString symbolOfMetric(const QString& metric)
{
    for (const QString& part : metric.split(QLatin1Char('.'))) {
        if (part.size() < 2 || part.size() > AlertLimits::symbol)
            continue;
        bool ticker = true;
        bool hasLetter = false;
        for (QChar c : part) {
            if (c.isUpper() && c.unicode() < 128)
                hasLetter = true;
            else if (!(c.isDigit() && c.unicode() < 128))
                ticker = false;
        }
        if (ticker && hasLetter)
            return part;
    }
    return {};
}

QString formatMetricValue(double v)
{
    if (!std::isfinite(v))
        return QString::number(v);
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(static_cast<qint64>(v));
    // 12 significant digits drop the binary noise (0.1 + 0.2) but keep any real price.
    return QString::number(v, 'g', 12);
}

QString conditionText(const Rule& r)
{
    switch (r.condition) {
    case RuleCondition::Above:
        return QStringLiteral("above");
    case RuleCondition::Below:
        return QStringLiteral("below");
    case RuleCondition::Crossing:
        return QStringLiteral("crossed");
    case RuleCondition::CrossingUp:
        return QStringLiteral("crossed up");
    case RuleCondition::CrossingDown:
        return QStringLiteral("crossed down");
    case RuleCondition::MovedUp:
        return QStringLiteral("moved up");
    case RuleCondition::MovedDown:
        return QStringLiteral("moved down");
    case RuleCondition::EnterRange:
        return QStringLiteral("entered range");
    case RuleCondition::LeaveRange:
        return QStringLiteral("left range");
    }
    return {};
}

QString thresholdText(const Rule& r)
{
    if (isRangeCondition(r.condition))
        return formatMetricValue(r.value) + QStringLiteral("..") + formatMetricValue(r.value2);
    if (isMoveCondition(r.condition))
        return QStringLiteral("%1% within %2").arg(formatMetricValue(r.value), formatDuration(r.windowMs));
    return formatMetricValue(r.value);
}

Alert buildRuleAlert(const Rule& r, double value, qint64 sampleMs)
{
    const QString symbol = symbolOfMetric(r.metric);
    auto field = [&](const QString& name) -> QString {
        if (name == QLatin1String("symbol"))
            return symbol.isEmpty() ? r.metric : symbol;
        if (name == QLatin1String("value"))
            return formatMetricValue(value);
        if (name == QLatin1String("threshold"))
            return thresholdText(r);
        if (name == QLatin1String("condition"))
            return conditionText(r);
        if (name == QLatin1String("time"))
            return formatIsoTime(sampleMs);
        if (name == QLatin1String("metric"))
            return r.metric;
        if (name == QLatin1String("rule"))
            return r.name;
        if (name == QLatin1String("priority"))
            return priorityName(r.priority);
        if (name == QLatin1String("type"))
            return alertTypeName(r.type);
        return QLatin1Char('{') + name + QLatin1Char('}');
    };
    Alert a;
    a.type = r.type;
    a.priority = r.priority;
    a.title = oneLine(
        substitute(r.titleTemplate.isEmpty() ? defaultTitleTemplate() : r.titleTemplate, field), AlertLimits::title);
    if (a.title.trimmed().isEmpty())
        a.title = oneLine(substitute(defaultTitleTemplate(), field), AlertLimits::title);
    a.message = substitute(r.messageTemplate.isEmpty() ? defaultMessageTemplate() : r.messageTemplate, field)
                    .left(AlertLimits::message);
    a.symbol = symbol;
    a.channels = r.channels;
    a.dedupKey = QStringLiteral("rule:") + r.name;
    a.data = QJsonObject {
        { QStringLiteral("rule"), r.name },
        { QStringLiteral("metric"), r.metric },
        { QStringLiteral("value"), value },
        { QStringLiteral("condition"), ruleConditionName(r.condition) },
        { QStringLiteral("threshold"), r.value },
        { QStringLiteral("sample_time"), formatIsoTime(sampleMs) },
    };
    if (r.hasValue2())
        a.data.insert(QStringLiteral("threshold2"), r.value2);
    if (isMoveCondition(r.condition))
        a.data.insert(QStringLiteral("window"), formatDuration(r.windowMs));
    return a;
}

} // namespace alertdesk
