#include "node/ConfigKeys.h"

#include "node/ConfigValues.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <optional>

namespace stellar
{

namespace
{

// stellar-core v27.1.0, main/Config.cpp (Config::processConfig), every key.
std::vector<std::string_view> const CORE_KEYS{
    "ALLOW_LOCALHOST_FOR_TESTING", "APPLY_LOAD_BATCH_SAC_COUNT", "APPLY_LOAD_BL_BATCH_SIZE",
    "APPLY_LOAD_BL_LAST_BATCH_LEDGERS", "APPLY_LOAD_BL_LAST_BATCH_SIZE", "APPLY_LOAD_BL_SIMULATED_LEDGERS",
    "APPLY_LOAD_BL_WRITE_FREQUENCY", "APPLY_LOAD_CLASSIC_TXS_PER_LEDGER", "APPLY_LOAD_EVENT_COUNT",
    "APPLY_LOAD_EVENT_COUNT_DISTRIBUTION", "APPLY_LOAD_LEDGER_MAX_DEPENDENT_TX_CLUSTERS",
    "APPLY_LOAD_LEDGER_MAX_DISK_READ_BYTES", "APPLY_LOAD_LEDGER_MAX_DISK_READ_LEDGER_ENTRIES",
    "APPLY_LOAD_LEDGER_MAX_INSTRUCTIONS", "APPLY_LOAD_LEDGER_MAX_WRITE_BYTES",
    "APPLY_LOAD_LEDGER_MAX_WRITE_LEDGER_ENTRIES", "APPLY_LOAD_MAX_CONTRACT_EVENT_SIZE_BYTES",
    "APPLY_LOAD_MAX_LEDGER_TX_SIZE_BYTES", "APPLY_LOAD_MAX_SAC_TPS_MAX_TPS", "APPLY_LOAD_MAX_SAC_TPS_MIN_TPS",
    "APPLY_LOAD_MAX_SOROBAN_TX_COUNT", "APPLY_LOAD_MAX_TX_SIZE_BYTES", "APPLY_LOAD_MODE", "APPLY_LOAD_MODEL_TX",
    "APPLY_LOAD_NUM_LEDGERS", "APPLY_LOAD_TARGET_CLOSE_TIME_MS", "APPLY_LOAD_TIME_WRITES",
    "APPLY_LOAD_TX_MAX_DISK_READ_BYTES", "APPLY_LOAD_TX_MAX_DISK_READ_LEDGER_ENTRIES",
    "APPLY_LOAD_TX_MAX_FOOTPRINT_SIZE", "APPLY_LOAD_TX_MAX_INSTRUCTIONS", "APPLY_LOAD_TX_MAX_WRITE_BYTES",
    "APPLY_LOAD_TX_MAX_WRITE_LEDGER_ENTRIES", "ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING",
    "ARTIFICIALLY_DELAY_BUCKET_APPLICATION_FOR_TESTING", "ARTIFICIALLY_DELAY_LEDGER_CLOSE_FOR_TESTING",
    "ARTIFICIALLY_DELAY_NOMINATION_EMIT_FOR_TESTING", "ARTIFICIALLY_GENERATE_LOAD_FOR_TESTING",
    "ARTIFICIALLY_REPLAY_WITH_NEWEST_BUCKET_LOGIC_FOR_TESTING", "ARTIFICIALLY_SET_CLOSE_TIME_FOR_TESTING",
    "ARTIFICIALLY_SET_SURVEY_PHASE_DURATION_FOR_TESTING", "ARTIFICIALLY_SET_SYSTEM_CLOCK_OFFSET_FOR_TESTING",
    "ARTIFICIALLY_SLEEP_MAIN_THREAD_FOR_TESTING", "AUTOMATIC_MAINTENANCE_COUNT", "AUTOMATIC_MAINTENANCE_PERIOD",
    "AUTOMATIC_SELF_CHECK_PERIOD", "BACKFILL_RESTORE_META", "BACKFILL_STELLAR_ASSET_EVENTS",
    "BACKGROUND_EVICTION_SCAN", "BACKGROUND_OVERLAY_PROCESSING", "BACKGROUND_TX_SIG_VERIFICATION",
    "BUCKETLIST_DB_INDEX_CUTOFF", "BUCKETLIST_DB_INDEX_PAGE_SIZE_EXPONENT", "BUCKETLIST_DB_MEMORY_FOR_CACHING",
    "BUCKETLIST_DB_PERSIST_INDEX", "BUCKET_DIR_PATH", "CATCHUP_COMPLETE", "CATCHUP_RECENT",
    "CATCHUP_SKIP_KNOWN_RESULTS_FOR_TESTING", "CATCHUP_WAIT_MERGES_TX_APPLY_FOR_TESTING", "COMMANDS",
    "COMPILATION_THREADS", "DATABASE", "DISABLE_SOROBAN_METRICS_FOR_TESTING", "DISABLE_TX_META_FOR_TESTING",
    "DISABLE_XDR_FSYNC", "EMIT_CLASSIC_EVENTS", "EMIT_LEDGER_CLOSE_META_EXT_V1",
    "EMIT_SOROBAN_TRANSACTION_META_EXT_V1", "ENABLE_DIAGNOSTICS_FOR_TX_SUBMISSION",
    "ENABLE_SOROBAN_DIAGNOSTIC_EVENTS", "ENTRY_CACHE_SIZE", "EXCLUDE_TRANSACTIONS_CONTAINING_OPERATION_TYPE",
    "EXPERIMENTAL_BACKGROUND_TX_SIG_VERIFICATION", "EXPERIMENTAL_PARALLEL_LEDGER_APPLY",
    "EXPERIMENTAL_PARALLEL_TX_SET_DOWNLOAD", "EXPERIMENTAL_TRIGGER_TIMER", "EXPERIMENTAL_TX_BATCH_MAX_SIZE",
    "FAILURE_SAFETY", "FILTERED_G_ADDRESSES", "FILTERED_SOROBAN_KEYS_PATH", "FLOOD_ADVERT_PERIOD_MS",
    "FLOOD_ARB_TX_BASE_ALLOWANCE", "FLOOD_ARB_TX_DAMPING_FACTOR", "FLOOD_DEMAND_BACKOFF_DELAY_MS",
    "FLOOD_DEMAND_PERIOD_MS", "FLOOD_OP_RATE_PER_LEDGER", "FLOOD_SOROBAN_RATE_PER_LEDGER",
    "FLOOD_SOROBAN_TX_PERIOD_MS", "FLOOD_TX_PERIOD_MS", "FLOW_CONTROL_SEND_MORE_BATCH_SIZE",
    "FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES", "FORCE_OLD_STYLE_LEADER_ELECTION", "GENESIS_TEST_ACCOUNT_COUNT",
    "HALT_ON_INTERNAL_TRANSACTION_ERROR", "HISTOGRAM_WINDOW_SIZE", "HISTORY", "HOME_DOMAINS", "HTTP_MAX_CLIENT",
    "HTTP_PORT", "HTTP_QUERY_PORT", "IGNORE_MESSAGE_LIMITS_FOR_TESTING", "INVARIANT_CHECKS",
    "INVARIANT_EXTRA_CHECKS", "KNOWN_PEERS", "LOADGEN_BYTE_COUNT_DISTRIBUTION_FOR_TESTING",
    "LOADGEN_BYTE_COUNT_FOR_TESTING", "LOADGEN_INSTRUCTIONS_DISTRIBUTION_FOR_TESTING",
    "LOADGEN_INSTRUCTIONS_FOR_TESTING", "LOADGEN_IO_KILOBYTES_DISTRIBUTION_FOR_TESTING",
    "LOADGEN_IO_KILOBYTES_FOR_TESTING", "LOADGEN_NUM_DATA_ENTRIES_DISTRIBUTION_FOR_TESTING",
    "LOADGEN_NUM_DATA_ENTRIES_FOR_TESTING", "LOADGEN_PREGENERATED_TRANSACTIONS_FILE",
    "LOADGEN_TX_SIZE_BYTES_DISTRIBUTION_FOR_TESTING", "LOADGEN_TX_SIZE_BYTES_FOR_TESTING",
    "LOADGEN_WASM_BYTES_DISTRIBUTION_FOR_TESTING", "LOADGEN_WASM_BYTES_FOR_TESTING", "LOG_COLOR", "LOG_FILE_PATH",
    "MANUAL_CLOSE", "MAXIMUM_LEDGER_CLOSETIME_DRIFT", "MAX_ADDITIONAL_PEER_CONNECTIONS", "MAX_BATCH_WRITE_BYTES",
    "MAX_BATCH_WRITE_COUNT", "MAX_CONCURRENT_SUBPROCESSES", "MAX_DEX_TX_OPERATIONS_IN_TX_SET",
    "MAX_PENDING_CONNECTIONS", "MAX_SLOTS_TO_REMEMBER", "METADATA_DEBUG_LEDGERS", "METADATA_OUTPUT_STREAM",
    "NETWORK_PASSPHRASE", "NODE_HOME_DOMAIN", "NODE_IS_VALIDATOR", "NODE_NAMES", "NODE_SEED",
    "NTP_DRIFT_CHECK_SERVER", "OP_APPLY_SLEEP_TIME_DURATION_FOR_TESTING", "OP_APPLY_SLEEP_TIME_WEIGHT_FOR_TESTING",
    "OUTBOUND_TX_QUEUE_BYTE_LIMIT", "OVERRIDE_EVICTION_PARAMS_FOR_TESTING", "PARALLEL_LEDGER_APPLY",
    "PATH_TO_PROTOCOL_23_CORRUPTION_FILE", "PEER_AUTHENTICATION_TIMEOUT", "PEER_FLOOD_READING_CAPACITY",
    "PEER_FLOOD_READING_CAPACITY_BYTES", "PEER_PORT", "PEER_READING_CAPACITY", "PEER_STRAGGLER_TIMEOUT",
    "PEER_TIMEOUT", "PREFERRED_PEERS", "PREFERRED_PEERS_ONLY", "PREFERRED_PEER_KEYS", "PREFETCH_BATCH_SIZE",
    "PUBLIC_HTTP_PORT", "PUBLISH_TO_ARCHIVE_DELAY", "QUERY_SNAPSHOT_LEDGERS", "QUERY_THREAD_POOL_SIZE",
    "QUORUM_INTERSECTION_CHECKER", "QUORUM_INTERSECTION_CHECKER_MEMORY_LIMIT_BYTES",
    "QUORUM_INTERSECTION_CHECKER_TIME_LIMIT_MS", "QUORUM_SET", "RUN_STANDALONE",
    "SKIP_HIGH_CRITICAL_VALIDATOR_CHECKS_FOR_TESTING", "SOROBAN_TRANSACTION_QUEUE_SIZE_MULTIPLIER_FOR_TESTING",
    "STATE_SNAPSHOT_INVARIANT_LEDGER_FREQUENCY", "SURVEYOR_KEYS", "TARGET_PEER_CONNECTIONS",
    "TESTING_EVICTION_SCAN_SIZE", "TESTING_IGNORE_LEDGER_TIME_UPGRADE_BOUNDS", "TESTING_MAX_CLASSIC_BYTE_ALLOWANCE",
    "TESTING_MAX_ENTRIES_TO_ARCHIVE", "TESTING_MAX_SOROBAN_BYTE_ALLOWANCE",
    "TESTING_MINIMUM_PERSISTENT_ENTRY_LIFETIME", "TESTING_NOMINATE_RANDOM_VALUES",
    "TESTING_SOROBAN_HIGH_LIMIT_OVERRIDE", "TESTING_STARTING_EVICTION_SCAN_LEVEL",
    "TRANSACTION_QUEUE_SIZE_MULTIPLIER_FOR_TESTING", "TX_SET_DOWNLOAD_TIMEOUT", "UNSAFE_QUORUM",
    "UPDATE_SOROBAN_COSTS_DURING_PROTOCOL_UPGRADE_FOR_TESTING", "USE_QUORUM_INTERSECTION_CHECKER_V2", "VALIDATORS",
    "WORKER_THREADS",
};

// Keys stellar-core v19..v23 read that v27.1.0 does not (it refuses them); an
// operator upgrading an older config may still have them.
std::vector<std::string_view> const RETIRED_CORE_KEYS{
    "DEPRECATED_SQL_LEDGER_STATE", "ENABLE_FLOW_CONTROL_BYTES", "ENABLE_OVERLAY_FLOW_CONTROL",
    "EXPERIMENTAL_BACKGROUND_EVICTION_SCAN", "EXPERIMENTAL_BACKGROUND_OVERLAY_PROCESSING", "EXPERIMENTAL_BUCKETLIST_DB",
    "EXPERIMENTAL_BUCKETLIST_DB_INDEX_CUTOFF", "EXPERIMENTAL_BUCKETLIST_DB_INDEX_PAGE_SIZE_EXPONENT",
    "EXPERIMENTAL_BUCKETLIST_DB_PERSIST_INDEX", "EXPERIMENTAL_PRECAUTION_DELAY_META", "KNOWN_CURSORS",
};

// Keys this node once read and no longer does, with the sentence on how to move.
struct Replaced
{
    std::string_view key;
    std::string_view how;
};
std::vector<Replaced> const REPLACED_KEYS{
    {"QUORUM_VALIDATORS", "no longer read: list the validators as [QUORUM_SET] VALIDATORS = [\"G...\", ...] or as "
                          "[[VALIDATORS]] entries, as stellar-core does"},
};

std::vector<std::string_view> const HOME_DOMAIN_FIELDS{"HOME_DOMAIN", "QUALITY"};
std::vector<std::string_view> const VALIDATOR_FIELDS{"NAME", "HOME_DOMAIN", "QUALITY", "PUBLIC_KEY", "ADDRESS",
                                                      "HISTORY"};
std::vector<std::string_view> const HISTORY_FIELDS{"get", "put", "mkdir"};
std::vector<std::string_view> const QUORUM_SET_FIELDS{"THRESHOLD_PERCENT", "VALIDATORS"};

bool
contains(std::vector<std::string_view> const& v, std::string_view key)
{
    return std::find(v.begin(), v.end(), key) != v.end();
}

struct Unknown
{
    std::string where; // "PEER_PROT", "[FOO]", "VALIDATORS[2].PUBKEY"
    std::string_view nearest;
    std::string_view how; // set for a replaced key
};

void
fieldsOf(toml::table const& t, std::string const& path, std::vector<std::string_view> const& fields,
         std::vector<Unknown>& out)
{
    for (auto const& [k, v] : t)
        if (!contains(fields, k.str()))
            out.push_back({path + "." + std::string(k.str()), nearestKey(k.str(), fields), {}});
}

void
tableArrayFields(toml::node const& n, std::string const& name, std::vector<std::string_view> const& fields,
                 std::vector<Unknown>& out)
{
    if (auto arr = n.as_array())
        for (std::size_t i = 0; i < arr->size(); ++i)
            if (auto t = (*arr)[i].as_table())
                fieldsOf(*t, fmt::format("{}[{}]", name, i + 1), fields, out);
}

// [QUORUM_SET]: any key other than THRESHOLD_PERCENT and VALIDATORS names an
// inner set, so only a non-table one can be a typo.
void
quorumSetFields(toml::table const& t, std::string const& path, std::vector<Unknown>& out)
{
    for (auto const& [k, v] : t)
    {
        auto key = path + "." + std::string(k.str());
        if (contains(QUORUM_SET_FIELDS, k.str()))
            continue;
        if (auto inner = v.as_table())
            quorumSetFields(*inner, key, out);
        else
            out.push_back({key, nearestKey(k.str(), QUORUM_SET_FIELDS), {}});
    }
}

// A key as the error names it: a long one by its start and its length (a
// quoted key may hold any character: ConfigError keeps it on one line).
std::string
shown(std::string_view where)
{
    constexpr std::size_t SHOWN = 40;
    if (where.size() <= 2 * SHOWN)
        return std::string(where);
    return fmt::format("{}... ({} bytes)", where.substr(0, SHOWN), where.size());
}

std::string
describe(Unknown const& u)
{
    if (!u.how.empty())
        return fmt::format("{} ({})", shown(u.where), u.how);
    if (u.nearest.empty())
        return fmt::format("{} (no known key is near it)", shown(u.where));
    return fmt::format("{} (did you mean {}?)", shown(u.where), u.nearest);
}

// The edit distance of a and b, or nullopt once every path through the table
// reaches `bound` (it cannot beat a candidate found already).
std::optional<std::size_t>
editDistanceBelow(std::string_view a, std::string_view b, std::size_t bound, std::size_t& cells)
{
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t rowMin = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
            rowMin = std::min(rowMin, row[j]);
        }
        cells += b.size();
        if (rowMin >= bound)
            return std::nullopt;
    }
    return row[b.size()] < bound ? std::optional(row[b.size()]) : std::nullopt;
}
}

std::vector<std::string_view> const&
coreKeys()
{
    return CORE_KEYS;
}

std::string_view
nearestKey(std::string_view key, std::vector<std::string_view> const& candidates, std::size_t* cells)
{
    std::size_t work = 0;
    std::size_t longest = 0;
    for (auto c : candidates)
        longest = std::max(longest, c.size());
    std::string_view best;
    std::size_t bestDistance = SIZE_MAX;
    if (key.size() <= longest + NEAREST_KEY_MARGIN)
        for (auto c : candidates)
        {
            // The distance is at least the difference in length.
            auto gap = key.size() > c.size() ? key.size() - c.size() : c.size() - key.size();
            if (gap >= bestDistance)
                continue;
            if (auto d = editDistanceBelow(key, c, bestDistance, work))
            {
                best = c;
                bestDistance = *d;
            }
        }
    if (cells)
        *cells = work;
    return best;
}

std::vector<std::string>
checkKeys(toml::table const& table, std::vector<std::string_view> const& keysRead)
{
    std::vector<std::string_view> known = keysRead;
    known.insert(known.end(), CORE_KEYS.begin(), CORE_KEYS.end());
    std::vector<Unknown> unknown;
    std::vector<std::string> ignored;
    for (auto const& [k, v] : table)
    {
        auto key = k.str();
        auto replaced = std::find_if(REPLACED_KEYS.begin(), REPLACED_KEYS.end(),
                                     [&](Replaced const& r) { return r.key == key; });
        if (key == "QUORUM_SET" && v.is_table())
            quorumSetFields(*v.as_table(), "QUORUM_SET", unknown);
        if (key == "HOME_DOMAINS")
            tableArrayFields(v, "HOME_DOMAINS", HOME_DOMAIN_FIELDS, unknown);
        if (key == "VALIDATORS")
            tableArrayFields(v, "VALIDATORS", VALIDATOR_FIELDS, unknown);
        if (key == "HISTORY" && v.is_table())
            for (auto const& [name, archive] : *v.as_table())
                if (auto t = archive.as_table())
                    fieldsOf(*t, "HISTORY." + std::string(name.str()), HISTORY_FIELDS, unknown);

        if (replaced != REPLACED_KEYS.end())
            unknown.push_back({std::string(key), {}, replaced->how});
        else if (contains(keysRead, key))
            continue;
        else if (contains(CORE_KEYS, key))
            ignored.emplace_back(key);
        else if (contains(RETIRED_CORE_KEYS, key))
            ignored.push_back(std::string(key) + " (retired from stellar-core)");
        else
        {
            bool isTable = v.is_table() || v.is_array_of_tables();
            auto shown = !isTable ? std::string(key) : v.is_table() ? fmt::format("[{}]", key) : fmt::format("[[{}]]", key);
            unknown.push_back({shown, nearestKey(key, known), {}});
        }
    }
    if (!unknown.empty())
    {
        std::vector<std::string> parts;
        for (auto const& u : unknown)
            parts.push_back(describe(u));
        throw ConfigError(fmt::format("unknown key{}: {}: see \"Coming from stellar-core\" in README.md for the "
                                      "keys this node reads",
                                      unknown.size() > 1 ? "s" : "", fmt::join(parts, ", ")));
    }
    return ignored;
}

}
