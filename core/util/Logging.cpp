#include "Logging.h"

Q_LOGGING_CATEGORY(lcStorage, "alertdesk.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "alertdesk.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "alertdesk.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChannels, "alertdesk.channels", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSmtp, "alertdesk.smtp", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDelivery, "alertdesk.delivery", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "alertdesk.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "alertdesk.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRules, "alertdesk.rules", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSources, "alertdesk.sources", QtInfoMsg)
