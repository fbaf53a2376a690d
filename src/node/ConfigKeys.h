#pragma once
// Which keys a config may hold. A stellar-core config runs unchanged: the keys
// this node reads keep core's meaning; core's other keys (ledger, history,
// database tuning, testing) are accepted and named in one warning at start;
// a few keys older core releases read are accepted the same way. Anything
// else is a typo: every unknown key, at any depth, is refused in one sentence
// that names the nearest known key for each.

#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stellar
{

// Throws ConfigError naming every unknown key in `table` (top level, and
// inside [QUORUM_SET], [[HOME_DOMAINS]], [[VALIDATORS]], [HISTORY.*]) with the
// nearest known key for each. Otherwise returns the stellar-core keys present
// that this node does not use, in TOML's (sorted) order, retired ones marked:
// {"BUCKET_DIR_PATH", "KNOWN_CURSORS (retired from stellar-core)"}.
// `keysRead` are the top-level keys this node reads (Config.cpp's setters).
std::vector<std::string> checkKeys(toml::table const& table, std::vector<std::string_view> const& keysRead);

// Every top-level key stellar-core v27.1.0 reads (main/Config.cpp).
std::vector<std::string_view> const& coreKeys();

// The candidate closest to `key` by edit distance (ties: the first); empty
// for a key more than NEAREST_KEY_MARGIN longer than every candidate (no
// typo of any). The work is bounded whatever the key: at most
// candidates x (longest + margin) x longest cells of the distance table,
// counted in `cells` when given (tests).
inline constexpr std::size_t NEAREST_KEY_MARGIN = 8;
std::string_view nearestKey(std::string_view key, std::vector<std::string_view> const& candidates,
                            std::size_t* cells = nullptr);

}
