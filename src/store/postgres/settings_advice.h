// The PostgreSQL server settings packprod's writes depend on, and what to tell an
// operator whose server has less (docs/operations.md "Server settings"): with the
// defaults an import checkpoints every few thousand orders, and after each checkpoint
// every first change to a page is written whole into the WAL (3x the WAL per order, and
// views that catch up several times slower after a large import).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace packprod::store::postgres {

struct WalSettings {
  std::int64_t max_wal_size_mb = 0;       // pg_settings.setting of max_wal_size (MB)
  std::int64_t checkpoint_timeout_s = 0;  // of checkpoint_timeout (s)
  std::string wal_compression;            // of wal_compression: off, on, pglz, lz4, zstd
};

// Below these, SettingsAdvice names the setting (the recommendation is 8GB, 15min, lz4).
inline constexpr std::int64_t kAdviseMaxWalSizeMb = 4096;
inline constexpr std::int64_t kAdviseCheckpointTimeoutS = 600;

// One sentence per setting below its bound (none when all are at or above).
std::vector<std::string> WalSettingsAdvice(const WalSettings& s);

}  // namespace packprod::store::postgres
