#pragma once
// The schema of the node's database and the numbered migrations that build it.
//
// Version 1 is stellar-core's own `peers` and `ban` tables, column for column
// (core: PeerManager::kSQLCreateStatement, BanManager::maybeDropAndCreateNew).
// Version 2 adds `ban.banneduntil`, the nullable expiry of a time-limited ban
// (G10); NULL keeps core's meaning, a permanent ban.
//
// The version lives in stellar-core's key/value table, `storestate`, under
// core's key `databaseschema`. Each migration runs in its own transaction
// together with the version bump, so a crash leaves the database at the old or
// the new version, never between. Opening an up-to-date database applies
// nothing; a database newer than SCHEMA_VERSION is refused.

#include <string>

namespace soci
{
class session;
}

namespace stellar
{

inline constexpr int SCHEMA_VERSION = 2;

// The schema version recorded in the database; 0 for a database that has never
// been migrated. Creates `storestate` when it is missing. Throws DatabaseError
// when the recorded version is not a number.
int readSchemaVersion(soci::session& sql, std::string const& displayName);

// Applies the migrations from the recorded version up to SCHEMA_VERSION and
// returns SCHEMA_VERSION. Throws DatabaseError, naming `displayName`, when the
// database is newer than this program or a migration fails.
int migrateToCurrentSchema(soci::session& sql, bool isSqlite, std::string const& displayName);

}
