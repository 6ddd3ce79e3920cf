// Committer: the write path and watch fan-out every Store backend shares.
//
// Writers enqueue an op and block. One committer thread takes every queued
// op, hands them to the backend as one batch (one transaction, one sync:
// group commit as in LevelDB), publishes the resulting events to the watch
// hub, runs the watch callbacks, and only then wakes each writer with its own
// result. A failed precondition fails only its op; a batch failure (I/O,
// sync) fails the whole batch and is sticky: every later write fails with it.
//
// The backend (a CommitBackend) owns the data; the Committer owns ordering.
// Thread-safe. Stop() (or destruction) fails queued and later writes and
// joins the thread; the backend must outlive the Committer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/store.h"
#include "store/watch_hub.h"

namespace stead::store {

struct WriteOp {
  enum class Kind { kCreate, kUpdate, kDelete };
  static WriteOp Create(std::string_view key, std::string_view value);
  static WriteOp Update(std::string_view key, std::string_view value,
                        int64_t expected_mod_revision);
  static WriteOp Delete(std::string_view key, int64_t expected_mod_revision);

  Kind kind = Kind::kCreate;
  std::string key;
  std::string value;
  int64_t expected_mod_revision = 0;  // Update/Delete precondition; 0 = none

  // Set by CommitBackend::ApplyBatch.
  Status status;
  Event event;  // the change, when status is OK
};

// Shared precondition rules, so every backend words its errors the same way.
// `latest` is the key's newest version or null when the key is absent or
// deleted. Returns OK when the op may be applied.
Status CheckPrecondition(const WriteOp& op, const KeyValue* latest);

// The errors backends return for reads at revisions they cannot serve,
// worded like the Kubernetes API server's.
Status ExpiredWatchError();  // watch from a compacted revision
Status ExpiredListError();   // list at a compacted revision
Status TooLargeRevisionError(int64_t requested, int64_t current);

class CommitBackend {
 public:
  virtual ~CommitBackend() = default;

  // Applies `ops` in order as one atomic, durable unit. The k-th op that
  // passes its precondition gets revision `next_revision + k` and its event;
  // the others get their error status. Returns non-OK (and applies nothing)
  // if the batch itself failed. Runs on the committer thread only.
  virtual Status ApplyBatch(const std::vector<WriteOp*>& ops, int64_t next_revision) = 0;

  // Events for keys under `prefix` with after_revision < revision <= until,
  // in revision order, read from one consistent snapshot; Expired if
  // after_revision is below the compacted revision. Any thread.
  virtual Result<std::vector<Event>> ReadHistory(std::string_view prefix, int64_t after_revision,
                                                 int64_t until_revision) = 0;
};

class Committer {
 public:
  // `revision` is the backend's last committed revision.
  Committer(CommitBackend* backend, int64_t revision);
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Blocks until the op is durable and watchers have seen it; returns its
  // revision or its error.
  Result<int64_t> Write(WriteOp op);

  Result<std::unique_ptr<WatchHandle>> Watch(std::string_view prefix, int64_t after_revision,
                                             EventsCallback callback);

  // Last revision that was committed and published to watchers.
  int64_t revision() const { return hub_->revision(); }

  void Stop();

 private:
  struct Pending;
  void Run();
  void Wakeup();

  CommitBackend* const backend_;
  const std::shared_ptr<WatchHub> hub_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Protected by mu_.
  std::deque<Pending*> queue_;
  bool deliver_requested_ = false;
  bool stopping_ = false;
  Status sticky_error_;

  std::thread thread_;
};

}  // namespace stead::store
