// The embedded default Store backend: one SQLite 3 file in WAL mode.
//
// Layout (kine-like): table `kv` holds one row per revision (id = revision,
// name, created/deleted flags, create_revision, prev_revision, value; a
// tombstone keeps the last value), indexed on (name, id); table `meta` holds
// the compacted revision and the compaction progress. Reopening a file
// resumes its revision counter and keys, so resourceVersions survive
// restarts. The file is locked (flock) for the lifetime of the store: a
// second Open() of the same file, from any process, fails.
//
// Writes go through group commit: concurrent writers share one transaction
// and one fsync (synchronous=FULL), so a write is acknowledged only once it
// is on disk and a crash never leaves half a batch. Reads use a pool of
// separate connections and never wait for writers. Compaction deletes
// superseded history in small transactions, then returns free pages to the
// file system (auto_vacuum=INCREMENTAL) so the file stays bounded under
// churn; an optional background compactor runs it periodically.
//
// Stats().db_size_bytes counts the database file and its WAL.
//
// Thread-safe; see store.h for the semantics.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace stead::store {

struct SqliteOptions {
  // Database file; created (with its parent directory existing) if missing.
  std::string path;
  // Background compaction: every `compaction_interval`, compact to the
  // current revision minus `compaction_keep_revisions`. Zero disables it.
  std::chrono::milliseconds compaction_interval = std::chrono::seconds(60);
  int64_t compaction_keep_revisions = 10000;
  // Revisions examined per compaction transaction; bounds how long one
  // compaction step holds up writers (at most twice as many rows deleted).
  int64_t compaction_step_revisions = 500;
};

class SqliteStore {
 public:
  SqliteStore() = delete;
  static Result<std::unique_ptr<Store>> Open(const SqliteOptions& options);
};

}  // namespace stead::store
