#include "store/memory/memory_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/committer.h"

namespace stead::store {

namespace {

// The same shape as a row of the SQLite backend's table: one per revision.
struct Row {
  std::string name;
  bool deleted = false;
  int64_t create_revision = 0;
  int64_t prev_revision = 0;
  std::string value;  // for a tombstone, the last value before deletion
};

Event RowEvent(int64_t revision, const Row& row) {
  Event event;
  event.type = row.deleted ? Event::Type::kDelete : Event::Type::kPut;
  event.kv = KeyValue{row.name, row.value, row.create_revision, revision};
  event.prev_revision = row.prev_revision;
  return event;
}

class MemoryStore final : public Store, private CommitBackend {
 public:
  MemoryStore() : committer_(this, 0) {}
  ~MemoryStore() override { committer_.Stop(); }

  Result<int64_t> Create(std::string_view key, std::string_view value) override {
    return committer_.Write(WriteOp::Create(key, value));
  }
  Result<int64_t> Update(std::string_view key, std::string_view value,
                         int64_t expected_mod_revision) override {
    return committer_.Write(WriteOp::Update(key, value, expected_mod_revision));
  }
  Result<int64_t> Delete(std::string_view key, int64_t expected_mod_revision) override {
    return committer_.Write(WriteOp::Delete(key, expected_mod_revision));
  }

  Result<KeyValue> Get(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return Status::NotFound("key \"" + std::string(key) + "\" not found");
    int64_t revision = it->second.back();
    const Row& row = rows_.at(revision);
    if (row.deleted) return Status::NotFound("key \"" + std::string(key) + "\" not found");
    return KeyValue{row.name, row.value, row.create_revision, revision};
  }

  Result<ListResult> List(const ListOptions& options) override {
    std::lock_guard<std::mutex> lock(mu_);
    ListResult result;
    result.revision = options.revision == 0 ? revision_ : options.revision;
    if (options.revision > revision_) return TooLargeRevisionError(options.revision, revision_);
    if (options.revision != 0 && options.revision < compacted_) return ExpiredListError();
    const std::string& from = std::max(options.prefix, options.start_key);
    for (auto it = index_.lower_bound(from);
         it != index_.end() && it->first.starts_with(options.prefix); ++it) {
      const std::vector<int64_t>& revisions = it->second;
      auto newer = std::upper_bound(revisions.begin(), revisions.end(), result.revision);
      if (newer == revisions.begin()) continue;
      int64_t revision = *std::prev(newer);
      const Row& row = rows_.at(revision);
      if (row.deleted) continue;
      if (options.limit > 0 && static_cast<int64_t>(result.kvs.size()) == options.limit) {
        result.more = true;
        break;
      }
      result.kvs.push_back(KeyValue{row.name, row.value, row.create_revision, revision});
    }
    return result;
  }

  Result<std::unique_ptr<WatchHandle>> Watch(std::string_view prefix, int64_t after_revision,
                                             EventsCallback callback) override {
    return committer_.Watch(prefix, after_revision, std::move(callback));
  }

  int64_t CurrentRevision() override { return committer_.revision(); }

  int64_t CompactedRevision() override {
    std::lock_guard<std::mutex> lock(mu_);
    return compacted_;
  }

  Status Compact(int64_t revision) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (revision > revision_) return TooLargeRevisionError(revision, revision_);
    if (revision <= compacted_) return Status::OK();
    // A row is history once a row at or below `revision` supersedes it;
    // tombstones at or below it go too. This keeps exactly what a read at
    // `revision` or later needs.
    std::vector<int64_t> doomed;
    for (auto it = rows_.upper_bound(compacted_); it != rows_.end() && it->first <= revision;
         ++it) {
      if (it->second.prev_revision != 0) doomed.push_back(it->second.prev_revision);
      if (it->second.deleted) doomed.push_back(it->first);
    }
    for (int64_t doomed_revision : doomed) {
      auto row = rows_.find(doomed_revision);
      if (row == rows_.end()) continue;
      auto entry = index_.find(row->second.name);
      std::vector<int64_t>& revisions = entry->second;
      revisions.erase(std::lower_bound(revisions.begin(), revisions.end(), doomed_revision));
      if (revisions.empty()) index_.erase(entry);
      rows_.erase(row);
    }
    compacted_ = revision;
    return Status::OK();
  }

  StoreStats Stats() override {
    std::lock_guard<std::mutex> lock(mu_);
    StoreStats stats;
    stats.revision = revision_;
    stats.compacted_revision = compacted_;
    stats.keys = live_keys_;
    stats.history_rows = static_cast<int64_t>(rows_.size());
    return stats;
  }

 private:
  Status ApplyBatch(const std::vector<WriteOp*>& ops, int64_t next_revision) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (WriteOp* op : ops) {
      std::vector<int64_t>* revisions = nullptr;
      std::optional<KeyValue> latest;
      if (auto it = index_.find(op->key); it != index_.end()) {
        revisions = &it->second;
        const Row& row = rows_.at(revisions->back());
        if (!row.deleted)
          latest = KeyValue{row.name, row.value, row.create_revision, it->second.back()};
      }
      op->status = CheckPrecondition(*op, latest ? &*latest : nullptr);
      if (!op->status.ok()) continue;
      int64_t revision = next_revision++;
      Row row;
      row.name = op->key;
      switch (op->kind) {
        case WriteOp::Kind::kCreate:
          row.create_revision = revision;
          row.value = std::move(op->value);
          ++live_keys_;
          break;
        case WriteOp::Kind::kUpdate:
          row.create_revision = latest->create_revision;
          row.prev_revision = latest->mod_revision;
          row.value = std::move(op->value);
          break;
        case WriteOp::Kind::kDelete:
          row.deleted = true;
          row.create_revision = latest->create_revision;
          row.prev_revision = latest->mod_revision;
          row.value = std::move(latest->value);
          --live_keys_;
          break;
      }
      op->event = RowEvent(revision, row);
      if (revisions == nullptr) revisions = &index_[op->key];
      revisions->push_back(revision);
      rows_.emplace(revision, std::move(row));
      revision_ = revision;
    }
    return Status::OK();
  }

  Result<std::vector<Event>> ReadHistory(std::string_view prefix, int64_t after_revision,
                                         int64_t until_revision) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (after_revision < compacted_) return ExpiredWatchError();
    std::vector<Event> events;
    for (auto it = rows_.upper_bound(after_revision);
         it != rows_.end() && it->first <= until_revision; ++it) {
      if (it->second.name.starts_with(prefix)) events.push_back(RowEvent(it->first, it->second));
    }
    return events;
  }

  std::mutex mu_;
  // Protected by mu_.
  std::map<int64_t, Row> rows_;                                     // by revision
  std::map<std::string, std::vector<int64_t>, std::less<>> index_;  // key -> its revisions
  int64_t revision_ = 0;
  int64_t compacted_ = 0;
  int64_t live_keys_ = 0;

  // Last, so that it stops before the data above goes away.
  Committer committer_;
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace stead::store
