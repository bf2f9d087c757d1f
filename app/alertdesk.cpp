#include "app/Application.h"

int main(int argc, char** argv)
{
    alertdesk::Application app(argc, argv);
    return app.run();
}
