// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "policy/Template.h"

#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

// Message templates: placeholders for every alert field and data entry, errors with their
// position, the most specific template, and the fallback to the default text.
class TestTemplate final : public QObject {
    Q_OBJECT

    static Alert sample()
    {
        Alert a;
        a.id = QStringLiteral("0b7e2c1a-0000-4000-8000-000000000001");
        a.type = AlertType::Price;
        a.priority = Priority::High;
        a.title = QStringLiteral("BTC above 100k");
        a.message = QStringLiteral("Breakout");
        a.symbol = QStringLiteral("BTCUSDT");
        a.strategy = QStringLiteral("momentum");
        a.data = QJsonDocument::fromJson(
            R"({"price":100250.5,"qty":3,"up":true,"levels":{"stop":98000},"tags":["a","b"]})")
                     .object();
        a.createdAt = QDateTime::fromString(QStringLiteral("2026-11-18T09:30:00Z"), Qt::ISODate);
        a.occurrences = 4;
        return a;
    }

private Q_SLOTS:
    void render_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "no placeholders"
                               << "no placeholders";
        QTest::newRow("fields") << "{{priority_emoji}} {{priority}} {{type}} {{symbol}}: {{title}}"
                                << "🟠 HIGH PRICE BTCUSDT: BTC above 100k";
        QTest::newRow("spaces inside") << "{{ symbol }}"
                                       << "BTCUSDT";
        QTest::newRow("decimal") << "{{data.price}}"
                                 << "100250.5";
        QTest::newRow("whole number") << "{{data.qty}} lots"
                                      << "3 lots";
        QTest::newRow("bool") << "{{data.up}}"
                              << "true";
        QTest::newRow("nested") << "stop {{data.levels.stop}}"
                                << "stop 98000";
        QTest::newRow("object") << "{{data.levels}}"
                                << R"({"stop":98000})";
        QTest::newRow("array") << "{{data.tags}}"
                               << R"(["a","b"])";
        QTest::newRow("default unused") << "{{data.price|n/a}}"
                                        << "100250.5";
        QTest::newRow("default used") << "{{data.volume|n/a}}"
                                      << "n/a";
        QTest::newRow("empty default") << "[{{data.volume|}}]"
                                       << "[]";
        QTest::newRow("count and time") << "x{{count}} since {{created_at}}"
                                        << "x4 since 2026-11-18T09:30:00Z";
        QTest::newRow("state and color") << "{{state}} {{priority_color}}"
                                         << "open #F57C00";
        QTest::newRow("escaped braces") << R"(\{{title}} is {{title}})"
                                        << "{{title}} is BTC above 100k";
        QTest::newRow("lone braces") << "a } b { c"
                                     << "a } b { c";
        QTest::newRow("empty field value") << "[{{position}}]"
                                           << "[]";
        QTest::newRow("multi line") << "{{title}}\n{{message}}"
                                    << "BTC above 100k\nBreakout";
    }
    void render()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        TemplateError e;
        const auto t = Template::parse(text, &e);
        QVERIFY2(t, qPrintable(e.toString()));
        const auto out = t->render(sample(), &e);
        QVERIFY2(out, qPrintable(e.toString()));
        QCOMPARE(*out, expected);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown field") << "Hi {{titel}}" << 1 << 6 << "unknown field 'titel'";
        QTest::newRow("not closed") << "{{title}} and {{symbol" << 1 << 15 << "not closed";
        QTest::newRow("opened twice") << "{{title {{symbol}}" << 1 << 1 << "not closed";
        QTest::newRow("empty") << "x {{ }}" << 1 << 3 << "empty placeholder";
        QTest::newRow("second line") << "{{title}}\n  {{prize}}" << 2 << 5 << "unknown field 'prize'";
        QTest::newRow("entry of a plain field") << "{{symbol.base}}" << 1 << 1 << "only data has entries";
        QTest::newRow("bad name") << "{{data.a b}}" << 1 << 1 << "not a field name";
    }
    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);
        TemplateError e;
        QVERIFY(!Template::parse(text, &e));
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
        QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
        QVERIFY(e.toString().startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
    }

    void missingDataEntryFailsAtItsPosition()
    {
        TemplateError e;
        const auto t = Template::parse(QStringLiteral("{{symbol}} at\n {{data.volume}}"), &e);
        QVERIFY(t);
        QVERIFY(!t->render(sample(), &e));
        QCOMPARE(e.line, 2);
        QCOMPARE(e.column, 2);
        QVERIFY(e.message.contains(QStringLiteral("data.volume is not in this alert")));
    }

    void mostSpecificTemplateWins()
    {
        auto make = [](const QByteArray& json) {
            FieldError fe;
            auto t = MessageTemplate::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("t"), &fe);
            if (!t)
                qFatal("%s", qPrintable(fe.toString()));
            return *t;
        };
        const QList<MessageTemplate> ts { make(R"({"title":"any"})"), make(R"({"type":"PRICE","title":"price"})"),
            make(R"({"channel_kind":"slack","title":"slack"})"),
            make(R"({"channel_kind":"slack","type":"PRICE","title":"slack price"})") };
        auto titleOf = [&](const QString& kind, AlertType type) { return findTemplate(ts, kind, type)->title->text(); };
        QCOMPARE(titleOf(QStringLiteral("slack"), AlertType::Price), QStringLiteral("slack price"));
        QCOMPARE(titleOf(QStringLiteral("slack"), AlertType::Risk), QStringLiteral("slack"));
        QCOMPARE(titleOf(QStringLiteral("webhook"), AlertType::Price), QStringLiteral("price"));
        QCOMPARE(titleOf(QStringLiteral("webhook"), AlertType::Risk), QStringLiteral("any"));
        QCOMPARE(findTemplate({}, QStringLiteral("slack"), AlertType::Price), nullptr);
    }

    void applyFallsBackPartByPart()
    {
        FieldError fe;
        const auto t = MessageTemplate::fromJson(
            QJsonDocument::fromJson(R"({"title":"{{symbol}} {{data.volume}}","message":"at {{data.price}}\nline two"})")
                .object(),
            QStringLiteral("t"), &fe);
        QVERIFY2(t, qPrintable(fe.toString()));
        QStringList errors;
        const Alert out = applyTemplate(*t, sample(), &errors);
        QCOMPARE(out.title, QStringLiteral("BTC above 100k")); // the default: the title could not be rendered
        QCOMPARE(out.message, QStringLiteral("at 100250.5\nline two"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().startsWith(QStringLiteral("title: line 1, column 12: data.volume")),
            qPrintable(errors.first()));
        // A rendered title is one line of at most 256 characters.
        const auto longT = MessageTemplate::fromJson(
            QJsonDocument::fromJson(R"({"title":"{{message}}\n{{data}}{{data}}{{data}}{{data}}"})").object(),
            QStringLiteral("t"), &fe);
        QVERIFY(longT);
        const Alert clipped = applyTemplate(*longT, sample(), &errors);
        QVERIFY(!clipped.title.contains(QLatin1Char('\n')));
        QCOMPARE(clipped.title.size(), AlertLimits::title);
    }

    void configErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("syntax") << QByteArray(R"({"title":"{{titel}}"})")
                                << "t.title: line 1, column 3: unknown field 'titel'";
        QTest::newRow("type") << QByteArray(R"({"type":"PRICES","title":"x"})") << "t.type: 'PRICES' is not";
        QTest::newRow("nothing") << QByteArray(R"({"channel_kind":"slack"})") << "t: gives neither";
        QTest::newRow("unknown key") << QByteArray(R"({"kind":"slack","title":"x"})") << "t.kind: is not a known field";
    }
    void configErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        FieldError fe;
        QVERIFY(!MessageTemplate::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("t"), &fe));
        QVERIFY2(fe.toString().startsWith(error), qPrintable(fe.toString()));
    }
};

QTEST_GUILESS_MAIN(TestTemplate)
#include "TestTemplate.moc"
