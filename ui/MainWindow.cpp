#include "MainWindow.h"

#include <QApplication>

namespace alertdesk {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("AlertDesk"));
}

MainWindow::~MainWindow() = default;

int MainWindow::runApplication(QApplication& app)
{
    MainWindow w;
    w.show();
    return app.exec();
}

} // namespace alertdesk
