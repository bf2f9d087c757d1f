// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"
#include "widgets/HourlyChart.h"

#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <cmath>

using namespace alertdesk;
using namespace alertdesk::test;

// The Channels page's health panel for the selected channel: the figures (sent, failed,
// success rate, latency, circuit with the time it probes again), the last 24 hours as two
// charts (volume delivered/failed, latency p50/p95) with a tip per hour, reached by keyboard,
// refreshed as deliveries finish, and readable on a dark palette.
class TestChannelHealthPanel final : public QObject {
    Q_OBJECT

    static QString applySettings(WindowFixture& f, const QHash<QString, QString>& values)
    {
        QString error = QStringLiteral("pending");
        f.host->applySettings(values, f.window.get(), [&error](const QString& e) { error = e; });
        if (!waitUntil([&error] { return error != QStringLiteral("pending"); }, 10000))
            return QStringLiteral("applySettings did not answer");
        return error;
    }

    static bool sendAlerts(WindowFixture& f, const QString& channel, int n)
    {
        for (int i = 0; i < n; ++i) {
            QString error;
            const QString id = submitAlert(f,
                { { QStringLiteral("type"), QStringLiteral("CUSTOM") },
                    { QStringLiteral("title"), QStringLiteral("health %1").arg(i) },
                    { QStringLiteral("priority"), QStringLiteral("LOW") },
                    { QStringLiteral("channels"), QJsonArray { channel } } },
                &error);
            if (id.isEmpty()) {
                qWarning() << error;
                return false;
            }
        }
        return true;
    }

    static int lastBucket(HourlyChart* chart, int series)
    {
        const auto& s = chart->series();
        return series < s.size() && !s.at(series).values.isEmpty() ? qRound(s.at(series).values.last()) : -1;
    }

private Q_SLOTS:
    void figuresChartsAndCircuit()
    {
        ScriptedHttpServer ok;
        QVERIFY(ok.listen());
        ok.setDefault(ScriptedResponse::ok());
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(503, "upstream unavailable"));

        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(applySettings(f,
                     { { QStringLiteral("delivery.max_retries"), QStringLiteral("0") },
                         { QStringLiteral("delivery.breaker_threshold"), QStringLiteral("2") },
                         { QStringLiteral("delivery.breaker_cooldown_ms"), QStringLiteral("600000") } }),
            QString());
        QCOMPARE(addWebhook(f, QStringLiteral("desk"), ok.url(QStringLiteral("/in"))), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        QVERIFY(sendAlerts(f, QStringLiteral("desk"), 3));
        QVERIFY(sendAlerts(f, QStringLiteral("relay"), 2));
        QTRY_COMPARE_WITH_TIMEOUT(ok.requestCount(), 3, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), 2, 10000);

        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 2);
        page->selectChannel(QStringLiteral("desk"));
        QTRY_COMPARE_WITH_TIMEOUT(page->figureLabel(ChannelsPage::SentFigure)->text(), QStringLiteral("3"), 10000);
        QCOMPARE(page->figureLabel(ChannelsPage::FailedFigure)->text(), QStringLiteral("0"));
        QCOMPARE(page->figureLabel(ChannelsPage::SuccessFigure)->text(), QStringLiteral("100.0 %"));
        QVERIFY(page->figureLabel(ChannelsPage::LatencyFigure)->text().contains(QStringLiteral(" ms / ")));
        QCOMPARE(page->figureLabel(ChannelsPage::CircuitFigure)->text(), QStringLiteral("closed"));
        QCOMPARE(page->lastErrorLabel()->text(), QStringLiteral("none"));

        HourlyChart* volume = page->volumeChart();
        HourlyChart* latency = page->latencyChart();
        QTRY_COMPARE_WITH_TIMEOUT(lastBucket(volume, 0), 3, 5000);
        QCOMPARE(volume->bucketCount(), 24);
        QCOMPARE(lastBucket(volume, 1), 0);
        QVERIFY(volume->title().contains(QStringLiteral("3 delivered, 0 failed")));
        QVERIFY(latency->series().at(0).values.last() >= 0); // p50 of this hour
        QVERIFY(latency->series().at(1).values.last() >= latency->series().at(0).values.last());
        QVERIFY(latency->series().at(0).values.first() < 0); // nothing 23 hours ago
        QVERIFY(volume->toolTipFor(23).contains(QStringLiteral("Delivered: 3")));
        QVERIFY(latency->toolTipFor(23).contains(QStringLiteral("p95: ")));
        QVERIFY(latency->toolTipFor(0).contains(QStringLiteral("No successful delivery")));
        QVERIFY(volume->axisMax() >= 3);

        // The keyboard reaches the charts: Tab from the table; End shows the current hour's tip.
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        page->table()->setFocus();
        QTRY_VERIFY(page->table()->hasFocus());
        QTest::keyClick(page->table(), Qt::Key_Tab);
        QVERIFY(volume->hasFocus());
        QTest::keyClick(volume, Qt::Key_End);
        QCOMPARE(volume->currentBucket(), 23);
        QCOMPARE(volume->accessibleDescription(), volume->toolTipFor(23));
        QTest::keyClick(volume, Qt::Key_Left);
        QCOMPARE(volume->currentBucket(), 22);
        QTest::keyClick(volume, Qt::Key_Tab);
        QVERIFY(latency->hasFocus());

        // The failing channel: its circuit opened after two failures, and says when it probes.
        page->selectChannel(QStringLiteral("relay"));
        QTRY_COMPARE_WITH_TIMEOUT(page->figureLabel(ChannelsPage::FailedFigure)->text(), QStringLiteral("2"), 10000);
        QCOMPARE(page->figureLabel(ChannelsPage::SentFigure)->text(), QStringLiteral("0"));
        QCOMPARE(page->figureLabel(ChannelsPage::SuccessFigure)->text(), QStringLiteral("0.0 %"));
        QVERIFY2(page->figureLabel(ChannelsPage::CircuitFigure)->text().startsWith(QStringLiteral("open · probes at ")),
            qPrintable(page->figureLabel(ChannelsPage::CircuitFigure)->text()));
        QVERIFY(page->figureLabel(ChannelsPage::CircuitFigure)->toolTip().contains(QStringLiteral("probe")));
        QVERIFY(page->lastErrorLabel()->text().contains(QStringLiteral("503")));
        const QModelIndex circuit
            = page->model()->index(page->model()->rowOf(QStringLiteral("relay")), ChannelsModel::CircuitColumn);
        QVERIFY(circuit.data().toString().startsWith(QStringLiteral("open · probes at ")));
        QTRY_COMPARE_WITH_TIMEOUT(lastBucket(volume, 1), 2, 5000);
        QCOMPARE(lastBucket(volume, 0), 0);
    }

    // Deliveries that finish while the page is shown reach the chart without a click.
    void refreshedAsDeliveriesFinish()
    {
        ScriptedHttpServer ok;
        QVERIFY(ok.listen());
        ok.setDefault(ScriptedResponse::ok());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("desk"), ok.url(QStringLiteral("/in"))), QString());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(lastBucket(page->volumeChart(), 0), 0, 5000);
        QSignalSpy loads(page, &ChannelsPage::historyLoaded);
        QVERIFY(sendAlerts(f, QStringLiteral("desk"), 5));
        QTRY_COMPARE_WITH_TIMEOUT(lastBucket(page->volumeChart(), 0), 5, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(page->figureLabel(ChannelsPage::SentFigure)->text(), QStringLiteral("5"), 10000);
        QVERIFY(loads.size() >= 1);
        QVERIFY2(loads.size() <= 5, "one read per finished delivery: not coalesced");
    }

    // On a dark palette the axis text, the bars and the background stay apart.
    void readableOnADarkPalette_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void readableOnADarkPalette()
    {
        QFETCH(bool, dark);
        HourlyChart chart(HourlyChart::Style::StackedBars);
        QPalette pal = chart.palette();
        if (dark) {
            pal.setColor(QPalette::Base, QColor(0x1E, 0x1E, 0x1E));
            pal.setColor(QPalette::Window, QColor(0x2B, 0x2B, 0x2B));
            pal.setColor(QPalette::WindowText, QColor(0xEE, 0xEE, 0xEE));
        } else {
            pal.setColor(QPalette::Base, Qt::white);
            pal.setColor(QPalette::WindowText, Qt::black);
        }
        chart.setPalette(pal);
        chart.resize(480, 180);
        QList<qint64> starts;
        QList<double> delivered, failed;
        QStringList tips;
        for (int i = 0; i < 24; ++i) {
            starts << 1795000000000LL + i * 3600000LL;
            delivered << 10;
            failed << 5; // stacked: 15 of an axis up to 20
            tips << QString::number(i);
        }
        chart.setData(starts,
            { { QStringLiteral("delivered"), QColor(0x2E, 0x7D, 0x32), delivered },
                { QStringLiteral("failed"), QColor(0xC6, 0x28, 0x28), failed } },
            tips, [](double v) { return QString::number(v); });
        const QImage img = chart.grab().toImage();
        const QRect bar = chart.bucketRect(12);
        QCOMPARE(chart.axisMax(), 20.0);
        const QColor background = img.pixelColor(bar.center().x(), bar.top() + 2); // above the bars
        const QColor top = img.pixelColor(bar.center().x(), bar.top() + bar.height() * 3 / 8); // the failed part
        const QColor bottom = img.pixelColor(bar.center().x(), bar.bottom() - 2); // the delivered part
        auto luminance = [](const QColor& c) {
            auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
        };
        auto contrast = [&](const QColor& a, const QColor& b) {
            const double la = luminance(a), lb = luminance(b);
            return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
        };
        QCOMPARE(background, pal.color(QPalette::Base));
        QVERIFY2(contrast(top, background) >= 3.0, qPrintable(top.name() + QLatin1Char('/') + background.name()));
        QVERIFY2(contrast(bottom, background) >= 3.0, qPrintable(bottom.name() + QLatin1Char('/') + background.name()));
        QVERIFY(top != bottom);
    }
};

QTEST_MAIN(TestChannelHealthPanel)
#include "TestChannelHealthPanel.moc"
