#pragma once

#include <QMainWindow>

class QApplication;

namespace alertdesk {

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    static int runApplication(QApplication& app);
};

} // namespace alertdesk
