#include "store/watch_cache.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "store/memory/memory_store.h"

namespace stead::store {
namespace {

// Collects delivered events and lets the test wait for a number of them.
class Collector {
 public:
  CacheEventsCallback Callback() {
    return [this](const std::vector<CacheEvent>& events) {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& e : events) events_.push_back(e);
      cv_.notify_all();
    };
  }
  std::vector<CacheEvent> WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= n; });
    return events_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<CacheEvent> events_;
};

std::string Obj(const std::string& name, int v) {
  return Json({{"metadata", {{"name", name}}}, {"v", v}}).dump();
}

class WatchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewMemoryStore();
    ASSERT_TRUE(store_->Create("/registry/pods/default/a", Obj("a", 1)).ok());
    auto cache = WatchCache::Start(store_.get(), {});
    ASSERT_TRUE(cache.ok());
    cache_ = std::move(*cache);
  }
  std::unique_ptr<Store> store_;
  std::unique_ptr<WatchCache> cache_;
};

TEST_F(WatchCacheTest, ReadsItsOwnWritesWithResourceVersion) {
  auto rev = store_->Create("/registry/pods/default/b", Obj("b", 1));
  ASSERT_TRUE(rev.ok());
  auto got = cache_->Get("/registry/pods/default/b");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got->object)["metadata"]["resourceVersion"], std::to_string(*rev));
  EXPECT_EQ(cache_->Revision(), *rev);
  int64_t list_rev = 0;
  auto items = cache_->List("/registry/pods/", "", &list_rev);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].key, "/registry/pods/default/a");
  EXPECT_EQ(list_rev, *rev);
}

TEST_F(WatchCacheTest, WatchFromRevisionDeliversInOrderWithPrefixFilter) {
  int64_t start = cache_->Revision();
  Collector c;
  auto w = cache_->Watch("/registry/pods/", start, c.Callback());
  ASSERT_TRUE(w.ok());
  auto r1 = store_->Update("/registry/pods/default/a", Obj("a", 2), 0);
  ASSERT_TRUE(store_->Create("/registry/services/default/s", Obj("s", 1)).ok());
  auto r3 = store_->Delete("/registry/pods/default/a", 0);
  ASSERT_TRUE(r1.ok() && r3.ok());
  auto events = c.WaitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, CacheEvent::Type::kModified);
  EXPECT_EQ(events[0].revision, *r1);
  ASSERT_TRUE(events[0].prev_object);
  EXPECT_EQ((*events[0].prev_object)["v"], 1);
  EXPECT_EQ(events[1].type, CacheEvent::Type::kDeleted);
  // A deleted object carries the deletion revision.
  EXPECT_EQ((*events[1].object)["metadata"]["resourceVersion"], std::to_string(*r3));
  EXPECT_TRUE((*w)->Progress() >= *r1);
}

TEST_F(WatchCacheTest, InitialStateThenChangesWithoutGap) {
  Collector c;
  auto w = cache_->Watch("/registry/pods/", 0, c.Callback(), /*initial_state=*/true);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(store_->Create("/registry/pods/default/b", Obj("b", 1)).ok());
  auto events = c.WaitFor(3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, CacheEvent::Type::kAdded);
  EXPECT_EQ(events[0].key, "/registry/pods/default/a");
  EXPECT_EQ(events[1].type, CacheEvent::Type::kInitialEnd);
  EXPECT_EQ(events[2].type, CacheEvent::Type::kAdded);
  EXPECT_EQ(events[2].key, "/registry/pods/default/b");
}

TEST_F(WatchCacheTest, ReplaysHistoryForALateWatcher) {
  int64_t start = cache_->Revision();
  ASSERT_TRUE(store_->Update("/registry/pods/default/a", Obj("a", 2), 0).ok());
  ASSERT_TRUE(store_->Update("/registry/pods/default/a", Obj("a", 3), 0).ok());
  Collector c;
  auto w = cache_->Watch("/registry/", start, c.Callback());
  ASSERT_TRUE(w.ok());
  auto events = c.WaitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ((*events[0].object)["v"], 2);
  EXPECT_EQ((*events[1].object)["v"], 3);
}

TEST(WatchCacheWindowTest, TooOldRevisionIsExpired) {
  auto store = NewMemoryStore();
  WatchCache::Options options;
  options.history_capacity = 2;
  auto cache = WatchCache::Start(store.get(), options);
  ASSERT_TRUE(cache.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->Create("/registry/x/" + std::to_string(i), Obj("x", i)).ok());
  }
  Collector c;
  auto w = (*cache)->Watch("/registry/", 1, c.Callback());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().http_code(), 410);
  EXPECT_EQ(w.status().reason(), "Expired");
}

TEST_F(WatchCacheTest, DestroyedWatcherGetsNoMoreEvents) {
  Collector c;
  auto w = cache_->Watch("/registry/", cache_->Revision(), c.Callback());
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(store_->Create("/registry/pods/default/c", Obj("c", 1)).ok());
  c.WaitFor(1);
  w->reset();
  ASSERT_TRUE(store_->Create("/registry/pods/default/d", Obj("d", 1)).ok());
  // A second watcher proves the dispatcher has passed the revision.
  Collector c2;
  auto w2 = cache_->Watch("/registry/", cache_->Revision() - 1, c2.Callback());
  ASSERT_TRUE(w2.ok());
  c2.WaitFor(1);
  EXPECT_EQ(c.WaitFor(1).size(), 1u);
}

}  // namespace
}  // namespace stead::store
