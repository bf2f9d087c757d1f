// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/Application.h"

int main(int argc, char** argv)
{
    alertdesk::Application app(argc, argv);
    return app.run();
}
