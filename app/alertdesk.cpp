#include "MainWindow.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("AlertDesk"));
    QApplication::setApplicationVersion(QStringLiteral(ALERTDESK_VERSION));
    return alertdesk::MainWindow::runApplication(app);
}
