#include "store/postgres/settings_advice.h"

namespace packprod::store::postgres {

std::vector<std::string> WalSettingsAdvice(const WalSettings& s) {
  const std::string why =
      ": imports write up to 3x more WAL and the views catch up slower after them; see "
      "docs/operations.md \"Server settings\"";
  std::vector<std::string> out;
  if (s.max_wal_size_mb < kAdviseMaxWalSizeMb) {
    out.push_back("PostgreSQL max_wal_size is " + std::to_string(s.max_wal_size_mb) +
                  "MB, below 4GB (8GB recommended)" + why);
  }
  if (s.checkpoint_timeout_s < kAdviseCheckpointTimeoutS) {
    out.push_back("PostgreSQL checkpoint_timeout is " + std::to_string(s.checkpoint_timeout_s) +
                  "s, below 10min (15min recommended)" + why);
  }
  if (s.wal_compression == "off") {
    out.push_back("PostgreSQL wal_compression is off (lz4 recommended)" + why);
  }
  return out;
}

}  // namespace packprod::store::postgres
