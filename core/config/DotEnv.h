// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QList>
#include <QString>

namespace alertdesk {

// One KEY=value assignment of a .env file.
struct DotEnvEntry {
    QString key;
    QString value;
    int line = 0; // 1-based line where the assignment starts
};

// A line that is not an assignment. The message never holds the line's value (it may be a
// secret): it names the line, the key when there is one, and what is wrong.
struct DotEnvError {
    int line = 0;
    QString key;
    QString message;
};

struct DotEnvParseResult {
    QList<DotEnvEntry> entries; // in file order; a key set twice appears twice
    QList<DotEnvError> errors;
};

// Parses .env text as python-dotenv and docker compose write it:
//  - blank lines and lines starting with '#' are skipped; LF or CRLF line ends; a UTF-8 BOM
//  - an optional "export " before the key; spaces around '=' are allowed
//  - unquoted values end at the line end or at " #" (a comment), trailing spaces dropped;
//    '=' and '#' not preceded by a space are part of the value
//  - 'single quotes': literal, may span lines
//  - "double quotes": may span lines; \n \r \t \" \\ \' \$ are escapes, any other backslash is
//    kept as it is
//  - after a closing quote only spaces and a comment may follow
// No ${VAR} expansion: '$' is literal (a password may hold one).
// A bad line is reported and skipped; the rest of the file is still read.
DotEnvParseResult parseDotEnv(const QString& text);

} // namespace alertdesk
