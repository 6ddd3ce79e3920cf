// The Store contract (store.h), run against every backend.
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"
#include "unit/store/store_test_util.h"

namespace stead::store {
namespace {

using testing::Range;
using testing::Recorder;
using testing::TempDir;

enum class Backend { kMemory, kSqlite };

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<Store> Open() {
    if (GetParam() == Backend::kMemory) return NewMemoryStore();
    SqliteOptions options;
    options.path = dir_.File("store.db");
    options.compaction_interval = std::chrono::milliseconds(0);
    options.compaction_step_revisions = 3;  // several steps even in small tests
    Result<std::unique_ptr<Store>> store = SqliteStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  int64_t MustCreate(const std::string& key, const std::string& value) {
    Result<int64_t> rev = store_->Create(key, value);
    EXPECT_TRUE(rev.ok()) << rev.status().ToString();
    return rev.ok() ? *rev : -1;
  }
  int64_t MustUpdate(const std::string& key, const std::string& value, int64_t expected = 0) {
    Result<int64_t> rev = store_->Update(key, value, expected);
    EXPECT_TRUE(rev.ok()) << rev.status().ToString();
    return rev.ok() ? *rev : -1;
  }
  int64_t MustDelete(const std::string& key, int64_t expected = 0) {
    Result<int64_t> rev = store_->Delete(key, expected);
    EXPECT_TRUE(rev.ok()) << rev.status().ToString();
    return rev.ok() ? *rev : -1;
  }
  std::vector<std::string> ListKeys(const ListOptions& options) {
    Result<ListResult> list = store_->List(options);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> keys;
    if (list.ok()) {
      for (const KeyValue& kv : list->kvs) keys.push_back(kv.key);
    }
    return keys;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, EverySuccessfulWriteAddsOneRevision) {
  EXPECT_EQ(store_->CurrentRevision(), 0);
  EXPECT_EQ(MustCreate("/a", "1"), 1);
  EXPECT_EQ(MustUpdate("/a", "2"), 2);
  EXPECT_EQ(MustCreate("/b", "1"), 3);
  EXPECT_EQ(MustDelete("/a"), 4);
  // Failed writes consume no revision.
  EXPECT_TRUE(store_->Create("/b", "x").status().IsAlreadyExists());
  EXPECT_TRUE(store_->Update("/a", "x", 0).status().IsNotFound());
  EXPECT_EQ(MustCreate("/a", "again"), 5);
  EXPECT_EQ(store_->CurrentRevision(), 5);
  EXPECT_EQ(store_->Stats().revision, 5);
}

TEST_P(StoreTest, Preconditions) {
  int64_t created = MustCreate("/k", "v1");
  Status exists = store_->Create("/k", "v2").status();
  EXPECT_TRUE(exists.IsAlreadyExists()) << exists.ToString();
  EXPECT_EQ(exists.http_code(), 409);

  Status conflict = store_->Update("/k", "v2", created + 7).status();
  EXPECT_TRUE(conflict.IsConflict()) << conflict.ToString();
  int64_t updated = MustUpdate("/k", "v2", created);
  EXPECT_TRUE(store_->Update("/k", "v3", created).status().IsConflict());
  EXPECT_TRUE(store_->Delete("/k", created).status().IsConflict());
  int64_t unconditional = MustUpdate("/k", "v3", 0);
  EXPECT_EQ(unconditional, updated + 1);

  EXPECT_TRUE(store_->Update("/missing", "v", 0).status().IsNotFound());
  EXPECT_TRUE(store_->Update("/missing", "v", 3).status().IsNotFound());
  EXPECT_TRUE(store_->Delete("/missing", 0).status().IsNotFound());

  MustDelete("/k", unconditional);
  EXPECT_TRUE(store_->Get("/k").status().IsNotFound());
  EXPECT_TRUE(store_->Update("/k", "v", 0).status().IsNotFound());
  EXPECT_TRUE(store_->Delete("/k", 0).status().IsNotFound());
  EXPECT_EQ(store_->CurrentRevision(), 4);
}

TEST_P(StoreTest, GetReturnsValueAndRevisions) {
  int64_t created = MustCreate("/k", "one");
  MustCreate("/other", "x");
  int64_t updated = MustUpdate("/k", std::string("t\0wo", 4));
  Result<KeyValue> kv = store_->Get("/k");
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  EXPECT_EQ(kv->key, "/k");
  EXPECT_EQ(kv->value, std::string("t\0wo", 4));
  EXPECT_EQ(kv->create_revision, created);
  EXPECT_EQ(kv->mod_revision, updated);

  MustDelete("/k");
  int64_t recreated = MustCreate("/k", "");
  kv = store_->Get("/k");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->value, "");
  EXPECT_EQ(kv->create_revision, recreated);
  EXPECT_EQ(kv->mod_revision, recreated);
}

TEST_P(StoreTest, ListByPrefixWithLimitAndStartKey) {
  MustCreate("/registry/pods/b", "pb");
  MustCreate("/registry/pods/a", "pa");
  MustCreate("/registry/podsx/z", "no");
  MustCreate("/registry/pods/c", "pc");
  MustCreate("/registry/services/a", "sa");
  MustCreate("/registry/pods/d", "pd");
  MustDelete("/registry/pods/d");

  Result<ListResult> all = store_->List({.prefix = "/registry/pods/"});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->kvs.size(), 3u);
  EXPECT_EQ(all->kvs[0].key, "/registry/pods/a");
  EXPECT_EQ(all->kvs[0].value, "pa");
  EXPECT_EQ(all->kvs[0].mod_revision, 2);
  EXPECT_EQ(all->kvs[2].key, "/registry/pods/c");
  EXPECT_EQ(all->revision, 7);
  EXPECT_FALSE(all->more);

  Result<ListResult> page = store_->List({.prefix = "/registry/pods/", .limit = 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->kvs.size(), 2u);
  EXPECT_TRUE(page->more);
  EXPECT_EQ(page->kvs[1].key, "/registry/pods/b");

  EXPECT_EQ(
      ListKeys({.prefix = "/registry/pods/", .start_key = "/registry/pods/b\x01", .limit = 2}),
      (std::vector<std::string>{"/registry/pods/c"}));
  EXPECT_EQ(ListKeys({.prefix = "/registry/pods/", .start_key = "/registry/pods/b"}),
            (std::vector<std::string>{"/registry/pods/b", "/registry/pods/c"}));
  Result<ListResult> exact = store_->List({.prefix = "/registry/pods/", .limit = 3});
  ASSERT_TRUE(exact.ok());
  EXPECT_FALSE(exact->more);

  EXPECT_EQ(ListKeys({}).size(), 5u);
  EXPECT_TRUE(ListKeys({.prefix = "/nothing/"}).empty());
}

TEST_P(StoreTest, ListHandlesPrefixesWithoutUpperBound) {
  MustCreate("a", "1");
  MustCreate(std::string("\xff\xff", 2), "2");
  MustCreate(std::string("\xff\xff\x01", 3), "3");
  EXPECT_EQ(ListKeys({.prefix = std::string("\xff\xff", 2)}).size(), 2u);
  EXPECT_EQ(ListKeys({}).size(), 3u);
}

TEST_P(StoreTest, ListAtOlderRevision) {
  int64_t a1 = MustCreate("/a", "a1");
  int64_t b1 = MustCreate("/b", "b1");
  int64_t a2 = MustUpdate("/a", "a2");
  MustDelete("/b");
  MustCreate("/c", "c1");

  Result<ListResult> at = store_->List({.revision = b1});
  ASSERT_TRUE(at.ok()) << at.status().ToString();
  EXPECT_EQ(at->revision, b1);
  ASSERT_EQ(at->kvs.size(), 2u);
  EXPECT_EQ(at->kvs[0].value, "a1");
  EXPECT_EQ(at->kvs[0].mod_revision, a1);
  EXPECT_EQ(at->kvs[1].value, "b1");

  at = store_->List({.revision = a2});
  ASSERT_TRUE(at.ok());
  ASSERT_EQ(at->kvs.size(), 2u);
  EXPECT_EQ(at->kvs[0].value, "a2");
  EXPECT_EQ(at->kvs[0].create_revision, a1);

  // Pagination at a fixed revision, as continue tokens do.
  Result<ListResult> first = store_->List({.revision = a2, .limit = 1});
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->more);
  EXPECT_EQ(ListKeys({.start_key = first->kvs[0].key + '\0', .revision = a2}),
            (std::vector<std::string>{"/b"}));

  EXPECT_EQ(ListKeys({}), (std::vector<std::string>{"/a", "/c"}));
  EXPECT_EQ(ListKeys({.revision = a1}), (std::vector<std::string>{"/a"}));
}

TEST_P(StoreTest, ListAtFutureRevisionIsTooLarge) {
  MustCreate("/a", "1");
  Status status = store_->List({.revision = 5}).status();
  EXPECT_EQ(status.http_code(), 504) << status.ToString();
  EXPECT_EQ(status.message(), "Too large resource version: 5, current: 1");
}

TEST_P(StoreTest, WatchDeliversHistoryThenLiveWithoutGaps) {
  for (int i = 0; i < 5; ++i) MustCreate("/k/" + std::to_string(i), "v");
  Recorder recorder;
  auto watch = store_->Watch("/k/", 2, recorder.Callback());
  ASSERT_TRUE(watch.ok()) << watch.status().ToString();
  ASSERT_TRUE(recorder.WaitFor(3));
  for (int i = 5; i < 10; ++i) MustCreate("/k/" + std::to_string(i), "v");
  ASSERT_TRUE(recorder.WaitFor(8));
  EXPECT_EQ(recorder.revisions(), Range(3, 10));
}

TEST_P(StoreTest, WatchEventsDescribeTheChange) {
  Recorder recorder;
  auto watch = store_->Watch("/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  int64_t created = MustCreate("/k", "one");
  int64_t updated = MustUpdate("/k", "two");
  int64_t deleted = MustDelete("/k");
  ASSERT_TRUE(recorder.WaitFor(3));
  std::vector<Event> events = recorder.events();

  EXPECT_EQ(events[0].type, Event::Type::kPut);
  EXPECT_EQ(events[0].kv.value, "one");
  EXPECT_EQ(events[0].kv.create_revision, created);
  EXPECT_EQ(events[0].kv.mod_revision, created);
  EXPECT_EQ(events[0].prev_revision, 0);

  EXPECT_EQ(events[1].type, Event::Type::kPut);
  EXPECT_EQ(events[1].kv.value, "two");
  EXPECT_EQ(events[1].kv.create_revision, created);
  EXPECT_EQ(events[1].kv.mod_revision, updated);
  EXPECT_EQ(events[1].prev_revision, created);

  EXPECT_EQ(events[2].type, Event::Type::kDelete);
  EXPECT_EQ(events[2].kv.key, "/k");
  EXPECT_EQ(events[2].kv.value, "two");
  EXPECT_EQ(events[2].kv.create_revision, created);
  EXPECT_EQ(events[2].kv.mod_revision, deleted);
  EXPECT_EQ(events[2].prev_revision, updated);

  // The same events replayed from history.
  Recorder replay;
  auto again = store_->Watch("/", 0, replay.Callback());
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(replay.WaitFor(3));
  std::vector<Event> replayed = replay.events();
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(replayed[i].type, events[i].type);
    EXPECT_EQ(replayed[i].kv.key, events[i].kv.key);
    EXPECT_EQ(replayed[i].kv.value, events[i].kv.value);
    EXPECT_EQ(replayed[i].kv.create_revision, events[i].kv.create_revision);
    EXPECT_EQ(replayed[i].kv.mod_revision, events[i].kv.mod_revision);
    EXPECT_EQ(replayed[i].prev_revision, events[i].prev_revision);
  }
}

TEST_P(StoreTest, WatchFiltersByPrefix) {
  MustCreate("/a/old", "v");
  MustCreate("/b/old", "v");
  Recorder recorder;
  auto watch = store_->Watch("/a/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  MustCreate("/b/x", "v");
  MustCreate("/a/x", "v");
  MustCreate("/ab", "v");
  MustDelete("/a/old");
  ASSERT_TRUE(recorder.WaitFor(3));
  EXPECT_EQ(recorder.keys(), (std::vector<std::string>{"/a/old", "/a/x", "/a/old"}));
  EXPECT_EQ(recorder.revisions(), (std::vector<int64_t>{1, 4, 6}));
}

TEST_P(StoreTest, ManyWatchersFromDifferentRevisions) {
  for (int i = 0; i < 4; ++i) MustCreate("/k/" + std::to_string(i), "v");
  std::vector<std::unique_ptr<Recorder>> recorders;
  std::vector<std::unique_ptr<WatchHandle>> watches;
  for (int64_t after = 0; after <= 4; ++after) {
    recorders.push_back(std::make_unique<Recorder>());
    auto watch = store_->Watch("/k/", after, recorders.back()->Callback());
    ASSERT_TRUE(watch.ok());
    watches.push_back(std::move(watch).value());
  }
  for (int i = 4; i < 8; ++i) MustCreate("/k/" + std::to_string(i), "v");
  for (int64_t after = 0; after <= 4; ++after) {
    ASSERT_TRUE(recorders[after]->WaitFor(8 - after));
    EXPECT_EQ(recorders[after]->revisions(), Range(after + 1, 8));
  }
}

TEST_P(StoreTest, WatchFromFutureRevisionStartsThere) {
  MustCreate("/k/0", "v");
  Recorder recorder;
  auto watch = store_->Watch("/k/", 3, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  for (int i = 1; i < 5; ++i) MustCreate("/k/" + std::to_string(i), "v");
  ASSERT_TRUE(recorder.WaitFor(2));
  EXPECT_EQ(recorder.revisions(), Range(4, 5));
}

TEST_P(StoreTest, CallbacksRunBeforeTheWriterIsAcknowledged) {
  Recorder recorder;
  auto watch = store_->Watch("/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  for (int i = 0; i < 20; ++i) {
    int64_t rev = MustCreate("/k/" + std::to_string(i), "v");
    // No waiting: the event must already be there.
    std::vector<int64_t> seen = recorder.revisions();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), rev);
  }
}

TEST_P(StoreTest, DestroyingTheHandleStopsDelivery) {
  Recorder recorder;
  auto watch = store_->Watch("/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  MustCreate("/a", "v");
  watch->reset();
  MustCreate("/b", "v");
  MustCreate("/c", "v");
  EXPECT_EQ(recorder.revisions(), (std::vector<int64_t>{1}));
}

TEST_P(StoreTest, CallbackMayDestroyItsOwnHandle) {
  std::unique_ptr<WatchHandle> handle;
  std::atomic<int> calls{0};
  auto watch = store_->Watch("/", 0, [&](const std::vector<Event>&) {
    ++calls;
    handle.reset();
  });
  ASSERT_TRUE(watch.ok());
  handle = std::move(watch).value();
  MustCreate("/a", "v");
  MustCreate("/b", "v");
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(handle, nullptr);
}

TEST_P(StoreTest, WritingFromACallbackFailsInsteadOfDeadlocking) {
  Status inner;
  auto watch = store_->Watch(
      "/a", 0, [&](const std::vector<Event>&) { inner = store_->Create("/b", "v").status(); });
  ASSERT_TRUE(watch.ok());
  MustCreate("/a", "v");
  EXPECT_FALSE(inner.ok());
  EXPECT_TRUE(store_->Get("/b").status().IsNotFound());
}

// Watches that start while writes stream in must each see every revision
// exactly once: the switch from history to live events has no seam.
TEST_P(StoreTest, WatchesStartedDuringWritesSeeEveryRevisionOnce) {
  constexpr int kWrites = 400;
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) MustCreate("/k/" + std::to_string(i), "v");
  });
  std::vector<std::unique_ptr<Recorder>> recorders;
  std::vector<std::unique_ptr<WatchHandle>> watches;
  for (int i = 0; i < 20; ++i) {
    recorders.push_back(std::make_unique<Recorder>());
    auto watch = store_->Watch("/k/", 0, recorders.back()->Callback());
    ASSERT_TRUE(watch.ok());
    watches.push_back(std::move(watch).value());
    std::this_thread::yield();
  }
  // And watches that start from a list's revision, as a watch cache does.
  std::vector<int64_t> afters(recorders.size(), 0);
  for (int i = 0; i < 10; ++i) {
    Result<ListResult> list = store_->List({.prefix = "/k/"});
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(static_cast<int64_t>(list->kvs.size()), list->revision);
    recorders.push_back(std::make_unique<Recorder>());
    auto watch = store_->Watch("/k/", list->revision, recorders.back()->Callback());
    ASSERT_TRUE(watch.ok());
    watches.push_back(std::move(watch).value());
    afters.push_back(list->revision);
  }
  writer.join();
  for (size_t i = 0; i < recorders.size(); ++i) {
    ASSERT_TRUE(recorders[i]->WaitFor(kWrites - afters[i]));
    EXPECT_EQ(recorders[i]->revisions(), Range(afters[i] + 1, kWrites)) << "watch " << i;
  }
}

TEST_P(StoreTest, CompactionExpiresOldRevisionsAndKeepsLatest) {
  int64_t a1 = MustCreate("/a", "a1");
  MustCreate("/b", "b1");
  MustUpdate("/a", "a2");
  MustCreate("/c", "c1");
  int64_t b_deleted = MustDelete("/b");
  MustUpdate("/a", "a3");
  int64_t c_deleted = MustDelete("/c");
  MustCreate("/d", "d1");
  MustUpdate("/a", "a4");                // rev 9
  const int64_t compact_at = c_deleted;  // 7

  StoreStats before = store_->Stats();
  EXPECT_EQ(before.history_rows, 9);
  ASSERT_TRUE(store_->Compact(compact_at).ok());
  EXPECT_EQ(store_->CompactedRevision(), compact_at);
  StoreStats after = store_->Stats();
  EXPECT_EQ(after.compacted_revision, compact_at);
  EXPECT_EQ(after.keys, 2);
  // Kept: /a@6 (latest at 7, superseded only at 9), /d@8, /a@9.
  EXPECT_EQ(after.history_rows, 3);
  EXPECT_EQ(after.revision, 9);

  Status list_old = store_->List({.revision = compact_at - 1}).status();
  EXPECT_TRUE(list_old.IsExpired()) << list_old.ToString();
  EXPECT_EQ(list_old.message(), "The resourceVersion for the provided list is too old.");
  Status watch_old = store_->Watch("/", a1, [](const std::vector<Event>&) {}).status();
  EXPECT_TRUE(watch_old.IsExpired()) << watch_old.ToString();
  EXPECT_EQ(watch_old.message(), "The resourceVersion for the provided watch is too old.");
  EXPECT_TRUE(
      store_->Watch("/", compact_at - 1, [](const std::vector<Event>&) {}).status().IsExpired());

  // The compacted revision itself is still readable.
  Result<ListResult> at = store_->List({.revision = compact_at});
  ASSERT_TRUE(at.ok()) << at.status().ToString();
  ASSERT_EQ(at->kvs.size(), 1u);
  EXPECT_EQ(at->kvs[0].value, "a3");
  EXPECT_EQ(ListKeys({}), (std::vector<std::string>{"/a", "/d"}));
  Result<KeyValue> a = store_->Get("/a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value, "a4");
  EXPECT_EQ(a->create_revision, a1);
  EXPECT_TRUE(store_->Get("/b").status().IsNotFound());

  Recorder recorder;
  auto watch = store_->Watch("/", compact_at, recorder.Callback());
  ASSERT_TRUE(watch.ok()) << watch.status().ToString();
  ASSERT_TRUE(recorder.WaitFor(2));
  EXPECT_EQ(recorder.revisions(), Range(8, 9));
  std::vector<Event> events = recorder.events();
  EXPECT_EQ(events[1].prev_revision, 6);

  // Writes continue; deleted keys come back as new keys.
  EXPECT_EQ(MustCreate("/b", "b2"), 10);
  EXPECT_EQ(store_->Get("/b")->create_revision, 10);
  EXPECT_LT(b_deleted, compact_at);
}

TEST_P(StoreTest, CompactionIsIdempotentAndRejectsTheFuture) {
  MustCreate("/k", "0");
  for (int i = 1; i < 10; ++i) MustUpdate("/k", std::to_string(i));
  EXPECT_EQ(store_->Compact(11).http_code(), 504);
  EXPECT_EQ(store_->CompactedRevision(), 0);
  ASSERT_TRUE(store_->Compact(5).ok());
  ASSERT_TRUE(store_->Compact(5).ok());
  ASSERT_TRUE(store_->Compact(3).ok());
  EXPECT_EQ(store_->CompactedRevision(), 5);
  EXPECT_EQ(store_->Stats().history_rows, 6);
  ASSERT_TRUE(store_->Compact(10).ok());
  EXPECT_EQ(store_->Stats().history_rows, 1);
  EXPECT_EQ(store_->Get("/k")->value, "9");
  Result<ListResult> at = store_->List({.revision = 10});
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->kvs.size(), 1u);
}

TEST_P(StoreTest, RepeatedCompactionsKeepEveryLiveKey) {
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 10; ++i) {
      std::string key = "/k/" + std::to_string(i);
      if (round == 0) {
        MustCreate(key, "0");
      } else if (i % 3 == 0 && round == 2) {
        MustDelete(key);
      } else if (store_->Get(key).ok()) {
        MustUpdate(key, std::to_string(round));
      }
    }
    ASSERT_TRUE(store_->Compact(store_->CurrentRevision() - 2).ok());
  }
  std::vector<std::string> keys = ListKeys({});
  EXPECT_EQ(keys.size(), 6u);
  for (const std::string& key : keys) EXPECT_EQ(store_->Get(key)->value, "4");
  EXPECT_EQ(store_->Stats().keys, 6);
  EXPECT_LE(store_->Stats().history_rows, 6 + 2);
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kMemory ? "Memory" : "Sqlite";
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::kMemory, Backend::kSqlite),
                         BackendName);

}  // namespace
}  // namespace stead::store
