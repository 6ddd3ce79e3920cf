#include "client/workqueue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "unit/client/test_cluster.h"

namespace stead::client {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::Eventually;

RateLimitingQueue::Options Named(const std::string& name, WorkQueueMetrics* metrics = nullptr) {
  RateLimitingQueue::Options options;
  options.name = name;
  options.metrics = metrics;
  return options;
}

std::string GetKey(RateLimitingQueue& q) {
  RateLimitingQueue::Item item = q.Get();
  EXPECT_FALSE(item.shutdown);
  return item.key;
}

class WorkQueueTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  RateLimitingQueue queue_{&clock_, Named("test")};
};

TEST_F(WorkQueueTest, DeduplicatesQueuedKeysInFifoOrder) {
  queue_.Add("a");
  queue_.Add("b");
  queue_.Add("a");
  EXPECT_EQ(queue_.Len(), 2u);
  EXPECT_EQ(GetKey(queue_), "a");
  EXPECT_EQ(GetKey(queue_), "b");
  EXPECT_EQ(queue_.Len(), 0u);
}

TEST_F(WorkQueueTest, KeyBeingProcessedIsRequeuedOnlyAfterDone) {
  queue_.Add("a");
  ASSERT_EQ(GetKey(queue_), "a");
  queue_.Add("a");
  queue_.Add("a");
  // Not handed to a second worker while the first one holds it.
  EXPECT_EQ(queue_.Len(), 0u);
  queue_.Done("a");
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "a");
  queue_.Done("a");
  EXPECT_EQ(queue_.Len(), 0u);
}

TEST_F(WorkQueueTest, DoneWithoutReAddDropsTheKey) {
  queue_.Add("a");
  ASSERT_EQ(GetKey(queue_), "a");
  queue_.Done("a");
  EXPECT_EQ(queue_.Len(), 0u);
}

TEST_F(WorkQueueTest, AddAfterIsDrivenByTheClock) {
  queue_.AddAfter("a", seconds(1));
  queue_.AddAfter("b", milliseconds(0));  // no delay: queued at once
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "b");
  clock_.Advance(milliseconds(999));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "a");
}

TEST_F(WorkQueueTest, AddAtUsesAnAbsoluteTime) {
  SystemTime due = clock_.Now() + seconds(3);
  clock_.Advance(seconds(1));  // time passing before the call does not delay the key
  queue_.AddAt("a", due);
  queue_.AddAt("past", clock_.Now() - seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "past");
  clock_.Advance(seconds(2));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "a");
}

TEST_F(WorkQueueTest, EarliestPendingDelayWins) {
  queue_.AddAfter("a", seconds(10));
  queue_.AddAfter("a", seconds(1));
  queue_.AddAfter("a", seconds(5));
  clock_.Advance(seconds(1));
  ASSERT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetKey(queue_), "a");
  queue_.Done("a");
  clock_.Advance(seconds(60));
  EXPECT_EQ(queue_.Len(), 0u);
}

TEST_F(WorkQueueTest, DelayedKeysBecomeReadyInDeadlineThenArrivalOrder) {
  queue_.AddAfter("late", seconds(2));
  queue_.AddAfter("x", seconds(1));
  queue_.AddAfter("y", seconds(1));
  clock_.Advance(seconds(2));
  EXPECT_EQ(GetKey(queue_), "x");
  EXPECT_EQ(GetKey(queue_), "y");
  EXPECT_EQ(GetKey(queue_), "late");
}

TEST_F(WorkQueueTest, DelayedKeyAlreadyQueuedIsNotDoubled) {
  queue_.Add("a");
  queue_.AddAfter("a", seconds(1));
  clock_.Advance(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(WorkQueueTest, BlockedGetIsReleasedByAdvancingTheClock) {
  std::promise<std::string> got;
  auto future = got.get_future();
  std::thread worker([&] { got.set_value(GetKey(queue_)); });
  queue_.AddAfter("a", seconds(5));
  // The worker sleeps on the clock until the key is due.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  EXPECT_EQ(future.wait_for(milliseconds(0)), std::future_status::timeout);
  clock_.Advance(seconds(5));
  EXPECT_EQ(future.get(), "a");
  worker.join();
}

TEST_F(WorkQueueTest, AddRateLimitedBacksOffExponentiallyUntilForget) {
  queue_.AddRateLimited("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 1);
  clock_.Advance(milliseconds(4));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Advance(milliseconds(1));  // 5ms
  ASSERT_EQ(GetKey(queue_), "a");
  queue_.AddRateLimited("a");  // while processing: due in 10ms, queued after Done
  queue_.Done("a");
  clock_.Advance(milliseconds(9));
  EXPECT_EQ(queue_.Len(), 0u);
  clock_.Advance(milliseconds(1));
  ASSERT_EQ(GetKey(queue_), "a");
  queue_.Forget("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 0);
  queue_.Done("a");
  queue_.AddRateLimited("a");
  clock_.Advance(milliseconds(5));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(WorkQueueTest, ShutDownHandsOutQueuedKeysThenReportsShutdown) {
  queue_.Add("a");
  queue_.AddAfter("later", seconds(1));
  queue_.ShutDown();
  EXPECT_TRUE(queue_.ShuttingDown());
  queue_.Add("b");  // ignored
  EXPECT_EQ(GetKey(queue_), "a");
  clock_.Advance(seconds(1));  // delayed keys were dropped
  EXPECT_TRUE(queue_.Get().shutdown);
}

TEST_F(WorkQueueTest, ShutDownReleasesBlockedGetters) {
  std::vector<std::thread> workers;
  std::atomic<int> shut{0};
  for (int i = 0; i < 3; ++i) {
    workers.emplace_back([&] {
      if (queue_.Get().shutdown) ++shut;
    });
  }
  queue_.ShutDown();
  for (auto& w : workers) w.join();
  EXPECT_EQ(shut.load(), 3);
}

TEST_F(WorkQueueTest, ShutDownWithDrainWaitsForKeysInProcessing) {
  queue_.Add("a");
  ASSERT_EQ(GetKey(queue_), "a");
  auto drained = std::async(std::launch::async, [&] { queue_.ShutDownWithDrain(); });
  ASSERT_TRUE(Eventually([&] { return queue_.ShuttingDown(); }));
  EXPECT_EQ(drained.wait_for(milliseconds(0)), std::future_status::timeout);
  queue_.Done("a");
  drained.get();
  EXPECT_TRUE(queue_.Get().shutdown);
}

TEST_F(WorkQueueTest, ConcurrentWorkersNeverShareAKey) {
  constexpr int kWorkers = 4;
  constexpr int kRounds = 2000;
  std::mutex mu;
  std::set<std::string> in_flight;
  std::atomic<int> violations{0};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < kWorkers; ++i) {
    workers.emplace_back([&] {
      while (true) {
        auto item = queue_.Get();
        if (item.shutdown) return;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (!in_flight.insert(item.key).second) ++violations;
        }
        std::this_thread::yield();
        {
          std::lock_guard<std::mutex> lock(mu);
          in_flight.erase(item.key);
        }
        ++processed;
        queue_.Done(item.key);
      }
    });
  }
  for (int i = 0; i < kRounds; ++i) queue_.Add("k" + std::to_string(i % 3));
  ASSERT_TRUE(Eventually([&] { return queue_.Len() == 0 && processed.load() > 0; }));
  queue_.ShutDownWithDrain();
  for (auto& w : workers) w.join();
  EXPECT_EQ(violations.load(), 0);
}

TEST_F(WorkQueueTest, RecordsWorkqueueMetrics) {
  MetricsRegistry registry;
  WorkQueueMetrics metrics(registry);
  RateLimitingQueue q(&clock_, Named("sts", &metrics));
  q.Add("a");
  q.Add("a");
  q.Add("b");
  Labels labels{{"name", "sts"}};
  EXPECT_EQ(metrics.adds->Get(labels), 2);
  EXPECT_EQ(metrics.depth->Get(labels), 2);
  q.Get();
  EXPECT_EQ(metrics.depth->Get(labels), 1);
  q.AddRateLimited("c");
  EXPECT_EQ(metrics.retries->Get(labels), 1);
  std::string text = registry.Render();
  EXPECT_NE(text.find("workqueue_depth{name=\"sts\"} 1"), std::string::npos) << text;
}

TEST(RateLimiterTest, ItemExponentialFailureDoublesUpToTheCap) {
  auto limiter = NewItemExponentialFailureRateLimiter(milliseconds(5), seconds(1000));
  EXPECT_EQ(limiter->When("a"), milliseconds(5));
  EXPECT_EQ(limiter->When("a"), milliseconds(10));
  EXPECT_EQ(limiter->When("a"), milliseconds(20));
  EXPECT_EQ(limiter->When("b"), milliseconds(5));
  EXPECT_EQ(limiter->NumRequeues("a"), 3);
  for (int i = 0; i < 100; ++i) limiter->When("a");
  EXPECT_EQ(limiter->When("a"), seconds(1000));
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
  EXPECT_EQ(limiter->When("a"), milliseconds(5));
}

TEST(RateLimiterTest, DefaultControllerLimiterAddsTheBucketAfterTheBurst) {
  FakeClock clock;
  auto limiter = DefaultControllerRateLimiter(&clock);
  // 100 tokens of burst: only the per-item backoff applies.
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(limiter->When("item" + std::to_string(i)), milliseconds(5)) << i;
  }
  // Then 10 per second: the 101st waits 100ms, the 102nd 200ms.
  EXPECT_EQ(limiter->When("x"), milliseconds(100));
  EXPECT_EQ(limiter->When("y"), milliseconds(200));
  // The bucket refills with time.
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter->When("z"), milliseconds(5));
  EXPECT_EQ(limiter->NumRequeues("x"), 1);
}

TEST(TokenBucketTest, TryAcceptTakesOnlyAvailableTokens) {
  FakeClock clock;
  TokenBucket bucket(1.0 / 300, 2, &clock);
  EXPECT_TRUE(bucket.TryAccept());
  EXPECT_TRUE(bucket.TryAccept());
  EXPECT_FALSE(bucket.TryAccept());
  clock.Advance(seconds(299));
  EXPECT_FALSE(bucket.TryAccept());
  clock.Advance(seconds(1));
  EXPECT_TRUE(bucket.TryAccept());
  EXPECT_FALSE(bucket.TryAccept());
}

}  // namespace
}  // namespace stead::client
