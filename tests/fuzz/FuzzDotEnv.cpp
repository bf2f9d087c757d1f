// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// `import-env FILE`: a .env file read by parseDotEnv, then planned into channels and settings
// by planDotEnvImport (the channel builders and their validation included).

#include "FuzzSupport.h"

#include "config/DotEnv.h"
#include "config/EnvImport.h"

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const DotEnvParseResult parsed = parseDotEnv(text);
    const int lines = static_cast<int>(text.count(QLatin1Char('\n'))) + 1;
    for (const DotEnvEntry& e : parsed.entries)
        FUZZ_CHECK(!e.key.isEmpty() && e.line >= 1 && e.line <= lines);
    for (const DotEnvError& e : parsed.errors)
        FUZZ_CHECK(!e.message.isEmpty() && e.line >= 1 && e.line <= lines);
    const EnvImportPlan plan = planDotEnvImport(parsed);
    for (const ImportVariable& v : plan.variables)
        FUZZ_CHECK(!v.name.isEmpty() || v.status == ImportVariable::Status::Rejected);
    return 0;
}
