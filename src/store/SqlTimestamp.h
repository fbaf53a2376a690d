#pragma once
// How a TIMESTAMP column (peers.nextattempt) travels between us and SQL: as
// UTC text "YYYY-MM-DD HH:MM:SS", whole seconds, the form stellar-core's SOCI
// binding of std::tm writes. On SQLite that text is what the column stores and
// compares (fixed width, so text order is time order); PostgreSQL converts it
// to and from its TIMESTAMP type. We format and parse it ourselves rather than
// bind std::tm, whose SOCI conversion goes through the local time zone.

#include "util/Clock.h"

#include <optional>
#include <string>
#include <string_view>

namespace stellar
{

// Truncates to the second below.
std::string toSqlTimestamp(SystemTimePoint t);

// Accepts "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS", each optionally
// followed by a fraction of a second (dropped). Anything else: nullopt.
std::optional<SystemTimePoint> fromSqlTimestamp(std::string_view text);

// Whole unix seconds, for BIGINT time columns (ban.banneduntil).
int64_t toUnixSeconds(SystemTimePoint t);
SystemTimePoint fromUnixSeconds(int64_t seconds);

}
