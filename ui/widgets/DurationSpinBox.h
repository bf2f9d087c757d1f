// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QSpinBox>

namespace alertdesk {

// A duration setting (its value in milliseconds) as a trader thinks of it: shown as "5 s",
// "1 min 30 s", "2 h" or "250 ms", typed the same way ("90" alone is seconds, "1.5 s" and
// "1h30m" work too). The arrows step by what suits the size: 0.5 s below 10 s, 5 s below
// 2 min, a minute below an hour, else 15 minutes.
class DurationSpinBox final : public QSpinBox {
    Q_OBJECT
public:
    explicit DurationSpinBox(QWidget* parent = nullptr);

    // The text for ms, and the ms for a text (-1 when it is not a duration).
    static QString format(qint64 ms);
    static qint64 parse(const QString& text);

    void stepBy(int steps) override;

protected:
    QString textFromValue(int value) const override;
    int valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
};

} // namespace alertdesk
