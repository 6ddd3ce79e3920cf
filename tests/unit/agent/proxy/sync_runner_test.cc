#include "agent/proxy/sync_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "unit/client/test_cluster.h"

namespace stead::agent::proxy {
namespace {

using client::testing::Eventually;
using std::chrono::milliseconds;
using std::chrono::seconds;

SyncRunnerOptions Options() {
  SyncRunnerOptions o;
  o.min_interval = seconds(1);
  o.max_interval = seconds(30);
  o.burst = 2;
  o.retry_initial = seconds(1);
  return o;
}

const SystemTime kT0 = SystemTime(seconds(1700000000));

TEST(SyncSchedule, BurstThenOnePerMinInterval) {
  SyncSchedule s(Options(), kT0);
  EXPECT_EQ(s.Next(), kT0 + seconds(30));  // nothing asked: the periodic resync
  s.Request(kT0, kT0);
  EXPECT_EQ(s.Next(), kT0);
  s.Started(kT0);
  s.Finished(kT0, true);
  s.Request(kT0, kT0);
  EXPECT_EQ(s.Next(), kT0);  // second token of the burst
  s.Started(kT0);
  s.Finished(kT0, true);
  s.Request(kT0, kT0);
  EXPECT_EQ(s.Next(), kT0 + seconds(1));  // bucket empty: one token per second
  s.Started(kT0 + seconds(1));
  s.Finished(kT0 + seconds(1), true);
  s.Request(kT0 + milliseconds(1500), kT0 + milliseconds(1500));
  EXPECT_EQ(s.Next(), kT0 + seconds(2));
}

TEST(SyncSchedule, RequestsCoalesce) {
  SyncSchedule s(Options(), kT0);
  // Ten changes arrive, one per millisecond, before the sync starts.
  for (int i = 0; i < 10; ++i) s.Request(kT0 + milliseconds(i), kT0 + milliseconds(i));
  EXPECT_EQ(s.Next(), kT0);
  s.Started(kT0 + milliseconds(10));
  s.Finished(kT0 + milliseconds(10), true);
  EXPECT_EQ(s.Next(), kT0 + milliseconds(10) + seconds(30));  // one sync served all ten
}

TEST(SyncSchedule, FutureRequestSurvivesAnEarlierSync) {
  SyncSchedule s(Options(), kT0);
  s.Request(kT0 + seconds(5), kT0);
  s.Request(kT0, kT0);
  s.Started(kT0);
  s.Finished(kT0, true);
  EXPECT_EQ(s.Next(), kT0 + seconds(5));
}

TEST(SyncSchedule, FailuresRetryWithBackoffCappedAtSyncPeriod) {
  SyncSchedule s(Options(), kT0);
  SystemTime t = kT0;
  std::vector<int64_t> delays;
  for (int i = 0; i < 7; ++i) {
    s.Started(t);
    s.Finished(t, false);
    SystemTime next = s.Next();
    delays.push_back(std::chrono::duration_cast<seconds>(next - t).count());
    t = next;
  }
  EXPECT_EQ(delays, (std::vector<int64_t>{1, 2, 4, 8, 16, 30, 30}));
  EXPECT_EQ(s.consecutive_failures(), 7);
  s.Started(t);
  s.Finished(t, true);
  EXPECT_EQ(s.consecutive_failures(), 0);
  EXPECT_EQ(s.Next(), t + seconds(30));
}

TEST(SyncSchedule, NoLimitWithZeroMinInterval) {
  SyncRunnerOptions o = Options();
  o.min_interval = milliseconds(0);
  SyncSchedule s(o, kT0);
  for (int i = 0; i < 5; ++i) {
    s.Request(kT0, kT0);
    EXPECT_EQ(s.Next(), kT0);
    s.Started(kT0);
    s.Finished(kT0, true);
  }
}

// The threaded runner on a FakeClock: the test waits until the runner's
// thread is idle (blocked on the clock) before it looks at the counts.
class SyncRunnerTest : public ::testing::Test {
 protected:
  SyncRunnerTest()
      : runner_(&clock_, Options(), [this] {
          ++calls_;
          return fail_.load() ? Status::Internal("boom") : Status::OK();
        }) {}
  ~SyncRunnerTest() override { runner_.Stop(); }

  // The runner's thread waits for the clock, with no sync in progress.
  bool Idle() {
    return Eventually([&] { return clock_.Waiters() == 1; });
  }

  FakeClock clock_{kT0};
  std::atomic<int> calls_{0};
  std::atomic<bool> fail_{false};
  SyncRunner runner_;
};

TEST_F(SyncRunnerTest, RunsAtStartThenRateLimited) {
  runner_.Start();
  ASSERT_TRUE(Eventually([&] { return calls_ == 1; }));
  ASSERT_TRUE(Idle());
  runner_.Run();  // second token of the burst
  ASSERT_TRUE(Eventually([&] { return calls_ == 2; }));
  ASSERT_TRUE(Idle());
  for (int i = 0; i < 5; ++i) runner_.Run();
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 2);  // no token left: waits for the clock
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Eventually([&] { return calls_ == 3; }));
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 3);  // the five requests coalesced into one sync
}

TEST_F(SyncRunnerTest, PeriodicResync) {
  runner_.Start();
  ASSERT_TRUE(Eventually([&] { return calls_ == 1; }));
  ASSERT_TRUE(Idle());
  clock_.Advance(seconds(29));
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 1);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Eventually([&] { return calls_ == 2; }));
}

TEST_F(SyncRunnerTest, RetriesFailures) {
  fail_ = true;
  runner_.Start();
  ASSERT_TRUE(Eventually([&] { return calls_ == 1; }));
  ASSERT_TRUE(Idle());
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Eventually([&] { return calls_ == 2; }));
  ASSERT_TRUE(Idle());
  fail_ = false;
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 2);  // second retry waits 2s
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Eventually([&] { return calls_ == 3; }));
  ASSERT_TRUE(Idle());
  clock_.Advance(seconds(5));
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 3);  // succeeded: no more retries
}

TEST_F(SyncRunnerTest, RunAtLater) {
  runner_.Start();
  ASSERT_TRUE(Eventually([&] { return calls_ == 1; }));
  runner_.RunAt(clock_.Now() + seconds(3));
  ASSERT_TRUE(Idle());
  clock_.Advance(seconds(2));
  ASSERT_TRUE(Idle());
  EXPECT_EQ(calls_, 1);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Eventually([&] { return calls_ == 2; }));
}

TEST_F(SyncRunnerTest, StopJoins) {
  runner_.Start();
  ASSERT_TRUE(Eventually([&] { return calls_ == 1; }));
  runner_.Stop();
  runner_.Run();
  clock_.Advance(seconds(60));
  EXPECT_EQ(calls_, 1);
}

}  // namespace
}  // namespace stead::agent::proxy
