// The shared write path, against a scripted backend: batch failures are
// sticky, history errors fail the watch, and a stopped committer refuses
// writes.
#include "store/committer.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "unit/store/store_test_util.h"

namespace stead::store {
namespace {

using testing::Recorder;

// Accepts every op (no preconditions) unless told to fail a batch.
class ScriptedBackend : public CommitBackend {
 public:
  Status ApplyBatch(const std::vector<WriteOp*>& ops, int64_t next_revision) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++batches_;
    if (!batch_error_.ok()) return batch_error_;
    for (WriteOp* op : ops) {
      op->event.kv = KeyValue{op->key, op->value, next_revision, next_revision};
      ++next_revision;
    }
    return Status::OK();
  }

  Result<std::vector<Event>> ReadHistory(std::string_view, int64_t, int64_t) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!history_error_.ok()) return history_error_;
    return std::vector<Event>();
  }

  void FailBatches(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    batch_error_ = std::move(status);
  }
  void FailHistory(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    history_error_ = std::move(status);
  }
  int batches() {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_;
  }

 private:
  std::mutex mu_;
  Status batch_error_;
  Status history_error_;
  int batches_ = 0;
};

TEST(CommitterTest, BatchFailureIsSticky) {
  ScriptedBackend backend;
  Committer committer(&backend, 0);
  Recorder recorder;
  auto watch = committer.Watch("/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ(*committer.Write(WriteOp::Create("/a", "v")), 1);

  backend.FailBatches(Status::Internal("disk I/O error"));
  Status failed = committer.Write(WriteOp::Create("/b", "v")).status();
  EXPECT_EQ(failed.message(), "disk I/O error");
  EXPECT_EQ(backend.batches(), 2);

  // The disk recovering changes nothing: the store stays failed, without
  // even trying again.
  backend.FailBatches(Status::OK());
  EXPECT_EQ(committer.Write(WriteOp::Create("/c", "v")).status().message(), "disk I/O error");
  EXPECT_EQ(backend.batches(), 2);
  EXPECT_EQ(committer.revision(), 1);
  EXPECT_EQ(recorder.revisions(), (std::vector<int64_t>{1}));
}

TEST(CommitterTest, HistoryErrorFailsTheWatch) {
  ScriptedBackend backend;
  Committer committer(&backend, 10);
  backend.FailHistory(Status::Expired("too old"));
  Recorder recorder;
  EXPECT_TRUE(committer.Watch("/", 3, recorder.Callback()).status().IsExpired());
  // Watching from the current revision needs no history.
  auto watch = committer.Watch("/", 10, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ(*committer.Write(WriteOp::Create("/a", "v")), 11);
  EXPECT_EQ(recorder.revisions(), (std::vector<int64_t>{11}));
}

TEST(CommitterTest, StoppedCommitterRefusesWrites) {
  ScriptedBackend backend;
  Committer committer(&backend, 0);
  EXPECT_TRUE(committer.Write(WriteOp::Create("/a", "v")).ok());
  committer.Stop();
  EXPECT_EQ(committer.Write(WriteOp::Create("/b", "v")).status().http_code(), 503);
  EXPECT_EQ(backend.batches(), 1);
}

TEST(CommitterTest, EmptyKeyIsRejected) {
  ScriptedBackend backend;
  Committer committer(&backend, 0);
  EXPECT_EQ(committer.Write(WriteOp::Create("", "v")).status().http_code(), 400);
  EXPECT_EQ(backend.batches(), 0);
}

}  // namespace
}  // namespace stead::store
