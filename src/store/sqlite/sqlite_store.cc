#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/log.h"
#include "store/committer.h"
#include "store/sqlite/connection.h"

namespace stead::store {

namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr int64_t kSchemaVersion = 1;
// Free pages returned to the file system per vacuum step (4 KiB pages).
constexpr int kVacuumStepPages = 256;
// Read connections kept open between reads.
constexpr size_t kMaxIdleReaders = 8;
// Vacuum once more than 1/kVacuumFreeFraction of the file is free pages.
constexpr int64_t kVacuumFreeFraction = 8;

// `kv` is the kine layout: one row per revision. A tombstone (deleted = 1)
// keeps the last value so a replayed delete event carries it, and
// prev_revision chains a key's versions so compaction can find the rows a
// newer one superseded. Creations have prev_revision 0.
constexpr char kSchemaSql[] = R"sql(
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// meta keys: readers treat history at or below kCompactRev as gone; rows up
// to kCompactDone are actually deleted (a compaction interrupted by a crash
// resumes from there).
constexpr char kSchemaVersionKey[] = "schema_version";
constexpr char kCompactRevKey[] = "compact_rev";
constexpr char kCompactDoneKey[] = "compact_done";

constexpr char kMetaGetSql[] = "SELECT value FROM meta WHERE key = ?1";
constexpr char kMetaSetSql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr char kMaxIdSql[] = "SELECT COALESCE(MAX(id), 0) FROM kv";
constexpr char kLatestSql[] =
    "SELECT id, create_revision, deleted, value FROM kv WHERE name = ?1 ORDER BY id DESC LIMIT 1";
constexpr char kInsertSql[] =
    "INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kLiveKeysSql[] =
    "SELECT COUNT(*) FROM kv AS o WHERE o.deleted = 0 AND "
    "o.id = (SELECT MAX(i.id) FROM kv AS i WHERE i.name = o.name)";
constexpr char kCompactSupersededSql[] =
    "DELETE FROM kv WHERE id IN "
    "(SELECT prev_revision FROM kv WHERE id > ?1 AND id <= ?2 AND prev_revision != 0)";
constexpr char kCompactTombstonesSql[] =
    "DELETE FROM kv WHERE id > ?1 AND id <= ?2 AND deleted = 1";

// Key range queries come in two shapes: with an upper bound (?2, the
// prefix end) or without one (empty prefix, or a prefix of 0xff bytes).
//
// List: the newest version at or below ?3 of every key in the range, in key
// order, walking the (name, id) index so a LIMIT stops early.
std::string ListSql(bool bounded) {
  return std::string(
             "SELECT o.id, o.name, o.create_revision, o.value FROM kv AS o "
             "WHERE o.name >= ?1 ") +
         (bounded ? "AND o.name < ?2 " : "") +
         "AND o.id <= ?3 AND o.deleted = 0 "
         "AND o.id = (SELECT MAX(i.id) FROM kv AS i WHERE i.name = o.name AND i.id <= ?3) "
         "ORDER BY o.name";
}

// History: rows in a revision range, filtered by key. The unary + keeps the
// planner on the rowid range instead of the name index.
std::string HistorySql(bool bounded) {
  return std::string(
             "SELECT id, name, created, deleted, create_revision, prev_revision, value "
             "FROM kv WHERE id > ?1 AND id <= ?2 AND +name >= ?3 ") +
         (bounded ? "AND +name < ?4 " : "") + "ORDER BY id";
}

Result<int64_t> MetaGet(Connection& db, const char* key) {
  STEAD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kMetaGetSql));
  stmt.BindText(1, key);
  STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

Status MetaSet(Connection& db, const char* key, int64_t value) {
  STEAD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kMetaSetSql));
  stmt.BindText(1, key);
  stmt.BindInt(2, value);
  return stmt.Run();
}

// Runs `body` in a write transaction; rolls back on error.
template <typename Body>
Status InTransaction(Connection& db, Body body) {
  STEAD_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status status = body();
  if (status.ok()) status = db.Exec("COMMIT");
  if (!status.ok()) db.Exec("ROLLBACK");
  return status;
}

// A read transaction: every query inside sees one snapshot.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& db) : db_(db) {}
  ~ReadSnapshot() {
    if (open_) db_.Exec("ROLLBACK");
  }
  Status Begin() {
    STEAD_RETURN_IF_ERROR(db_.Exec("BEGIN"));
    open_ = true;
    return Status::OK();
  }

 private:
  Connection& db_;
  bool open_ = false;
};

// Holds the writer connection for a maintenance write (compaction, vacuum)
// and lets it skip the fsync: such a write lost to a crash is simply redone,
// and the WAL is append-only with chained checksums, so the next durable
// commit's sync covers it and recovery never keeps a later frame without it.
class MaintenanceLock {
 public:
  MaintenanceLock(std::mutex& mu, Connection& db) : lock_(mu), db_(db) {
    db_.Exec("PRAGMA synchronous = NORMAL");
  }
  ~MaintenanceLock() { db_.Exec("PRAGMA synchronous = FULL"); }
  MaintenanceLock(const MaintenanceLock&) = delete;
  MaintenanceLock& operator=(const MaintenanceLock&) = delete;

 private:
  std::lock_guard<std::mutex> lock_;
  Connection& db_;
};

int64_t FileSize(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

Status ErrnoError(const std::string& what) {
  return Status::Internal(what + ": " + std::strerror(errno));
}

// Makes the creation of the database and WAL files durable.
Status SyncParentDirectory(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoError("fsync " + dir.string());
  return Status::OK();
}

Event RowEvent(const Statement& row) {
  // Columns as in HistorySql.
  Event event;
  event.type = row.ColumnInt(3) != 0 ? Event::Type::kDelete : Event::Type::kPut;
  event.kv.key = row.ColumnString(1);
  event.kv.value = row.ColumnString(6);
  event.kv.create_revision = row.ColumnInt(4);
  event.kv.mod_revision = row.ColumnInt(0);
  event.prev_revision = row.ColumnInt(5);
  return event;
}

class SqliteStoreImpl final : public Store, private CommitBackend {
 public:
  SqliteStoreImpl(const SqliteOptions& options, int lock_fd)
      : options_(options), lock_fd_(lock_fd) {}

  ~SqliteStoreImpl() override {
    {
      std::lock_guard<std::mutex> lock(compactor_mu_);
      stopping_ = true;
    }
    compactor_cv_.notify_all();
    if (compactor_.joinable()) compactor_.join();
    committer_.reset();
    // Connections close before the lock is released.
    maintenance_.reset();
    writer_.reset();
    idle_readers_.clear();
    ::close(lock_fd_);
  }

  Status Init();

  Result<int64_t> Create(std::string_view key, std::string_view value) override {
    return committer_->Write(WriteOp::Create(key, value));
  }
  Result<int64_t> Update(std::string_view key, std::string_view value,
                         int64_t expected_mod_revision) override {
    return committer_->Write(WriteOp::Update(key, value, expected_mod_revision));
  }
  Result<int64_t> Delete(std::string_view key, int64_t expected_mod_revision) override {
    return committer_->Write(WriteOp::Delete(key, expected_mod_revision));
  }

  Result<KeyValue> Get(std::string_view key) override;
  Result<ListResult> List(const ListOptions& options) override;

  Result<std::unique_ptr<WatchHandle>> Watch(std::string_view prefix, int64_t after_revision,
                                             EventsCallback callback) override {
    return committer_->Watch(prefix, after_revision, std::move(callback));
  }

  int64_t CurrentRevision() override { return committer_->revision(); }
  int64_t CompactedRevision() override { return compacted_; }
  Status Compact(int64_t revision) override;
  StoreStats Stats() override;

 private:
  // A pooled read connection, returned to the pool on destruction.
  class Reader {
   public:
    Reader(SqliteStoreImpl* store, std::unique_ptr<Connection> db)
        : store_(store), db_(std::move(db)) {}
    Reader(Reader&&) = default;
    ~Reader() {
      if (db_ == nullptr) return;
      std::lock_guard<std::mutex> lock(store_->readers_mu_);
      // Each connection has its own page cache: keep a few, not the peak.
      if (store_->idle_readers_.size() < kMaxIdleReaders) {
        store_->idle_readers_.push_back(std::move(db_));
      }
    }
    Connection& operator*() { return *db_; }
    Connection* operator->() { return db_.get(); }

   private:
    SqliteStoreImpl* store_;
    std::unique_ptr<Connection> db_;
  };

  Result<Reader> AcquireReader();
  Status ApplyBatch(const std::vector<WriteOp*>& ops, int64_t next_revision) override;
  Status ApplyOps(const std::vector<WriteOp*>& ops, int64_t next_revision, int64_t* key_delta);
  Result<std::vector<Event>> ReadHistory(std::string_view prefix, int64_t after_revision,
                                         int64_t until_revision) override;
  Status CompactStep(int64_t from, int64_t to, int64_t* deleted_rows);
  void ReclaimSpace();
  void RunCompactor();

  // Constant after Init().
  const SqliteOptions options_;
  const int lock_fd_;
  bool incremental_vacuum_ = false;

  // The only connection that writes; used by the committer thread and by
  // compaction steps, one at a time.
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;  // protected by write_mu_

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // protected by readers_mu_

  // Serializes Compact().
  std::mutex compact_mu_;
  // Protected by compact_mu_.
  int64_t compact_done_ = 0;
  std::unique_ptr<Connection> maintenance_;  // for WAL checkpoints

  std::atomic<int64_t> committed_revision_{0};
  std::atomic<int64_t> compacted_{0};
  std::atomic<int64_t> live_keys_{0};

  std::mutex compactor_mu_;
  std::condition_variable compactor_cv_;
  bool stopping_ = false;  // protected by compactor_mu_
  std::thread compactor_;

  std::unique_ptr<Committer> committer_;
};

Status SqliteStoreImpl::Init() {
  const std::string& path = options_.path;
  STEAD_ASSIGN_OR_RETURN(writer_, Connection::Open(path));
  Connection& db = *writer_;
  // auto_vacuum only takes effect before the first table is created.
  STEAD_RETURN_IF_ERROR(db.Exec("PRAGMA auto_vacuum = INCREMENTAL"));
  {
    STEAD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("PRAGMA journal_mode = WAL"));
    STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row || stmt.ColumnString(0) != "wal") {
      return Status::Internal("sqlite: cannot switch " + path + " to WAL mode");
    }
  }
  STEAD_RETURN_IF_ERROR(
      db.Exec("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; "
              "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 8388608"));
  STEAD_RETURN_IF_ERROR(InTransaction(db, [&]() -> Status {
    STEAD_RETURN_IF_ERROR(db.Exec(kSchemaSql));
    STEAD_ASSIGN_OR_RETURN(int64_t version, MetaGet(db, kSchemaVersionKey));
    if (version == 0) return MetaSet(db, kSchemaVersionKey, kSchemaVersion);
    if (version != kSchemaVersion) {
      return Status::Internal("store file " + path + " has schema version " +
                              std::to_string(version) + ", this binary reads version " +
                              std::to_string(kSchemaVersion));
    }
    return Status::OK();
  }));
  STEAD_RETURN_IF_ERROR(SyncParentDirectory(path));

  STEAD_ASSIGN_OR_RETURN(int64_t auto_vacuum, db.QueryInt("PRAGMA auto_vacuum"));
  incremental_vacuum_ = auto_vacuum == 2;
  STEAD_ASSIGN_OR_RETURN(int64_t compacted, MetaGet(db, kCompactRevKey));
  STEAD_ASSIGN_OR_RETURN(compact_done_, MetaGet(db, kCompactDoneKey));
  STEAD_ASSIGN_OR_RETURN(int64_t max_id, db.QueryInt(kMaxIdSql));
  STEAD_ASSIGN_OR_RETURN(int64_t live_keys, db.QueryInt(kLiveKeysSql));
  // Compaction may have removed the newest rows (tombstones), never the
  // revision counter.
  const int64_t revision = std::max(max_id, compacted);
  committed_revision_ = revision;
  compacted_ = compacted;
  live_keys_ = live_keys;

  LOG_INFO("store", "opened sqlite store",
           {{"path", path},
            {"revision", revision},
            {"compacted_revision", compacted},
            {"keys", live_keys},
            {"db_size_bytes", FileSize(path) + FileSize(path + "-wal")}});
  committer_ = std::make_unique<Committer>(static_cast<CommitBackend*>(this), revision);
  if (options_.compaction_interval.count() > 0) {
    compactor_ = std::thread([this] { RunCompactor(); });
  }
  return Status::OK();
}

Result<SqliteStoreImpl::Reader> SqliteStoreImpl::AcquireReader() {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(db));
    }
  }
  STEAD_ASSIGN_OR_RETURN(std::unique_ptr<Connection> db, Connection::Open(options_.path));
  STEAD_RETURN_IF_ERROR(
      db->Exec("PRAGMA query_only = 1; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY"));
  return Reader(this, std::move(db));
}

Status SqliteStoreImpl::ApplyBatch(const std::vector<WriteOp*>& ops, int64_t next_revision) {
  std::lock_guard<std::mutex> lock(write_mu_);
  int64_t key_delta = 0;
  STEAD_RETURN_IF_ERROR(
      InTransaction(*writer_, [&] { return ApplyOps(ops, next_revision, &key_delta); }));
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    if ((*it)->status.ok()) {
      committed_revision_ = (*it)->event.kv.mod_revision;
      break;
    }
  }
  live_keys_ += key_delta;
  return Status::OK();
}

Status SqliteStoreImpl::ApplyOps(const std::vector<WriteOp*>& ops, int64_t next_revision,
                                 int64_t* key_delta) {
  Connection& db = *writer_;
  for (WriteOp* op : ops) {
    std::optional<KeyValue> latest;
    {
      STEAD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kLatestSql));
      stmt.BindText(1, op->key);
      STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (row && stmt.ColumnInt(2) == 0) {
        latest = KeyValue{op->key, "", stmt.ColumnInt(1), stmt.ColumnInt(0)};
        // Only a deletion needs the old value (its tombstone keeps it).
        if (op->kind == WriteOp::Kind::kDelete) latest->value = stmt.ColumnString(3);
      }
    }
    op->status = CheckPrecondition(*op, latest ? &*latest : nullptr);
    if (!op->status.ok()) continue;

    const int64_t revision = next_revision++;
    Event& event = op->event;
    event.kv.key = op->key;
    event.kv.mod_revision = revision;
    switch (op->kind) {
      case WriteOp::Kind::kCreate:
        event.type = Event::Type::kPut;
        event.kv.value = std::move(op->value);
        event.kv.create_revision = revision;
        event.prev_revision = 0;
        ++*key_delta;
        break;
      case WriteOp::Kind::kUpdate:
        event.type = Event::Type::kPut;
        event.kv.value = std::move(op->value);
        event.kv.create_revision = latest->create_revision;
        event.prev_revision = latest->mod_revision;
        break;
      case WriteOp::Kind::kDelete:
        event.type = Event::Type::kDelete;
        event.kv.value = std::move(latest->value);
        event.kv.create_revision = latest->create_revision;
        event.prev_revision = latest->mod_revision;
        --*key_delta;
        break;
    }
    STEAD_ASSIGN_OR_RETURN(Statement insert, db.Prepare(kInsertSql));
    insert.BindInt(1, revision);
    insert.BindText(2, event.kv.key);
    insert.BindInt(3, op->kind == WriteOp::Kind::kCreate ? 1 : 0);
    insert.BindInt(4, op->kind == WriteOp::Kind::kDelete ? 1 : 0);
    insert.BindInt(5, event.kv.create_revision);
    insert.BindInt(6, event.prev_revision);
    insert.BindBlob(7, event.kv.value);
    STEAD_RETURN_IF_ERROR(insert.Run());
  }
  return Status::OK();
}

Result<KeyValue> SqliteStoreImpl::Get(std::string_view key) {
  STEAD_ASSIGN_OR_RETURN(Reader db, AcquireReader());
  STEAD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(kLatestSql));
  stmt.BindText(1, key);
  STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.ColumnInt(2) != 0) {
    return Status::NotFound("key \"" + std::string(key) + "\" not found");
  }
  return KeyValue{std::string(key), stmt.ColumnString(3), stmt.ColumnInt(1), stmt.ColumnInt(0)};
}

Result<ListResult> SqliteStoreImpl::List(const ListOptions& options) {
  STEAD_ASSIGN_OR_RETURN(Reader db, AcquireReader());
  ReadSnapshot snapshot(*db);
  STEAD_RETURN_IF_ERROR(snapshot.Begin());
  STEAD_ASSIGN_OR_RETURN(int64_t compacted, MetaGet(*db, kCompactRevKey));
  STEAD_ASSIGN_OR_RETURN(int64_t max_id, db->QueryInt(kMaxIdSql));
  const int64_t current = std::max(max_id, compacted);
  if (options.revision > current) return TooLargeRevisionError(options.revision, current);
  if (options.revision != 0 && options.revision < compacted) return ExpiredListError();

  ListResult result;
  result.revision = options.revision == 0 ? current : options.revision;
  const std::string end = PrefixEnd(options.prefix);
  STEAD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(ListSql(!end.empty())));
  stmt.BindText(1, std::max(options.prefix, options.start_key));
  if (!end.empty()) stmt.BindText(2, end);
  stmt.BindInt(3, result.revision);
  while (true) {
    STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (options.limit > 0 && static_cast<int64_t>(result.kvs.size()) == options.limit) {
      result.more = true;
      break;
    }
    result.kvs.push_back(
        KeyValue{stmt.ColumnString(1), stmt.ColumnString(3), stmt.ColumnInt(2), stmt.ColumnInt(0)});
  }
  return result;
}

Result<std::vector<Event>> SqliteStoreImpl::ReadHistory(std::string_view prefix,
                                                        int64_t after_revision,
                                                        int64_t until_revision) {
  STEAD_ASSIGN_OR_RETURN(Reader db, AcquireReader());
  ReadSnapshot snapshot(*db);
  STEAD_RETURN_IF_ERROR(snapshot.Begin());
  // Compaction records its revision before deleting anything, so a snapshot
  // that passes this check still holds every row above after_revision.
  STEAD_ASSIGN_OR_RETURN(int64_t compacted, MetaGet(*db, kCompactRevKey));
  if (after_revision < compacted) return ExpiredWatchError();
  const std::string end = PrefixEnd(prefix);
  STEAD_ASSIGN_OR_RETURN(Statement stmt, db->Prepare(HistorySql(!end.empty())));
  stmt.BindInt(1, after_revision);
  stmt.BindInt(2, until_revision);
  stmt.BindText(3, prefix);
  if (!end.empty()) stmt.BindText(4, end);
  std::vector<Event> events;
  while (true) {
    STEAD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    events.push_back(RowEvent(stmt));
  }
  return events;
}

Status SqliteStoreImpl::Compact(int64_t revision) {
  std::lock_guard<std::mutex> lock(compact_mu_);
  const int64_t current = committed_revision_;
  if (revision > current) return TooLargeRevisionError(revision, current);
  // Also finishes a compaction a crash interrupted.
  const int64_t target = std::max(revision, compacted_.load());
  if (target <= compact_done_) return Status::OK();

  const auto start = std::chrono::steady_clock::now();
  if (target > compacted_) {
    MaintenanceLock write_lock(write_mu_, *writer_);
    STEAD_RETURN_IF_ERROR(MetaSet(*writer_, kCompactRevKey, target));
    compacted_ = target;
  }
  int64_t deleted_rows = 0;
  const int64_t step = std::max<int64_t>(options_.compaction_step_revisions, 1);
  while (compact_done_ < target) {
    const int64_t to = std::min(compact_done_ + step, target);
    Status status = CompactStep(compact_done_, to, &deleted_rows);
    if (!status.ok()) {
      LOG_ERROR("store", "compaction failed", {{"revision", target}, {"error", status.ToString()}});
      return status;
    }
    compact_done_ = to;
  }
  ReclaimSpace();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  LOG_INFO("store", "compacted",
           {{"revision", target},
            {"deleted_rows", deleted_rows},
            {"duration_ms", std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()},
            {"db_size_bytes", FileSize(options_.path) + FileSize(options_.path + "-wal")}});
  return Status::OK();
}

Status SqliteStoreImpl::CompactStep(int64_t from, int64_t to, int64_t* deleted_rows) {
  MaintenanceLock lock(write_mu_, *writer_);
  Connection& db = *writer_;
  int64_t deleted = 0;
  STEAD_RETURN_IF_ERROR(InTransaction(db, [&]() -> Status {
    // Superseded versions first: deleting a tombstone loses the link to the
    // version it superseded.
    for (const char* sql : {kCompactSupersededSql, kCompactTombstonesSql}) {
      STEAD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      stmt.BindInt(1, from);
      stmt.BindInt(2, to);
      STEAD_RETURN_IF_ERROR(stmt.Run());
      deleted += db.Changes();
    }
    return MetaSet(db, kCompactDoneKey, to);
  }));
  *deleted_rows += deleted;
  return Status::OK();
}

void SqliteStoreImpl::ReclaimSpace() {
  if (incremental_vacuum_) {
    // Under steady churn new rows reuse free pages anyway; moving pages only
    // pays when a large part of the file is free.
    bool worth_it = false;
    {
      std::lock_guard<std::mutex> lock(write_mu_);
      Result<int64_t> free_pages = writer_->QueryInt("PRAGMA freelist_count");
      Result<int64_t> pages = writer_->QueryInt("PRAGMA page_count");
      worth_it = free_pages.ok() && pages.ok() && *free_pages * kVacuumFreeFraction > *pages;
    }
    while (worth_it) {
      MaintenanceLock lock(write_mu_, *writer_);
      Result<int64_t> free_pages = writer_->QueryInt("PRAGMA freelist_count");
      if (!free_pages.ok() || *free_pages == 0) break;
      Status status =
          writer_->Exec("PRAGMA incremental_vacuum(" + std::to_string(kVacuumStepPages) + ")");
      if (!status.ok()) {
        LOG_WARN("store", "incremental vacuum failed", {{"error", status.ToString()}});
        break;
      }
    }
  }
  // The file shrinks only when a checkpoint copies the vacuumed pages back;
  // a passive one never waits for readers or blocks writers.
  if (maintenance_ == nullptr) {
    Result<std::unique_ptr<Connection>> db = Connection::Open(options_.path);
    if (!db.ok()) return;
    maintenance_ = std::move(db).value();
  }
  Status status = maintenance_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
  if (!status.ok()) LOG_DEBUG("store", "checkpoint skipped", {{"error", status.ToString()}});
}

StoreStats SqliteStoreImpl::Stats() {
  StoreStats stats;
  stats.revision = committed_revision_;
  stats.compacted_revision = compacted_;
  stats.keys = live_keys_;
  Result<Reader> db = AcquireReader();
  if (db.ok()) {
    Result<int64_t> rows = (*db)->QueryInt("SELECT COUNT(*) FROM kv");
    if (rows.ok()) stats.history_rows = *rows;
  }
  stats.db_size_bytes = FileSize(options_.path) + FileSize(options_.path + "-wal");
  return stats;
}

void SqliteStoreImpl::RunCompactor() {
  std::unique_lock<std::mutex> lock(compactor_mu_);
  while (!compactor_cv_.wait_for(lock, options_.compaction_interval, [&] { return stopping_; })) {
    lock.unlock();
    const int64_t target =
        std::max<int64_t>(committed_revision_ - options_.compaction_keep_revisions, 0);
    // Errors are logged by Compact(); the next round retries.
    Compact(target);
    lock.lock();
  }
}

}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::Open(const SqliteOptions& options) {
  if (options.path.empty()) return Status::BadRequest("sqlite store: empty path");
  int fd = ::open(options.path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("open " + options.path);
  // The lock lives on its own file description for the store's lifetime;
  // SQLite's own (fcntl) locks coordinate transactions, not ownership.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    Status status = errno == EWOULDBLOCK
                        ? Status::ServiceUnavailable("store file " + options.path +
                                                     " is in use by another stead process")
                        : ErrnoError("lock " + options.path);
    ::close(fd);
    return status;
  }
  auto store = std::make_unique<SqliteStoreImpl>(options, fd);
  Status status = store->Init();
  if (!status.ok()) {
    LOG_ERROR("store", "cannot open sqlite store",
              {{"path", options.path}, {"error", status.ToString()}});
    return status;
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace stead::store
