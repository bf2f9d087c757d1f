#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "alertdesk.ui", QtInfoMsg)
