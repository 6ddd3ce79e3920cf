#include "controllers/framework/controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "unit/client/test_cluster.h"

namespace stead::controllers {
namespace {

using client::testing::Eventually;
using std::chrono::milliseconds;
using std::chrono::seconds;

Controller::Options Opts(const std::string& name, int workers = 1,
                         ControllerMetrics* metrics = nullptr) {
  Controller::Options options;
  options.name = name;
  options.workers = workers;
  options.metrics = metrics;
  return options;
}

class ControllerTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  MetricsRegistry registry_;
  ControllerMetrics metrics_{registry_};
  std::mutex mu_;
  std::vector<std::string> reconciled_;  // guarded by mu_

  std::vector<std::string> Reconciled() {
    std::lock_guard<std::mutex> lock(mu_);
    return reconciled_;
  }
  void Record(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    reconciled_.push_back(key);
  }
};

TEST_F(ControllerTest, ReconcilesEnqueuedKeysAndCountsSuccess) {
  Controller c(&clock_, Opts("demo", 2, &metrics_), [&](const std::string& key) {
    Record(key);
    return Status::OK();
  });
  c.Start();
  c.Enqueue("ns/a");
  c.EnqueueObject({{"metadata", {{"name", "b"}, {"namespace", "ns"}}}});
  ASSERT_TRUE(Eventually([&] { return Reconciled().size() == 2; }));
  ASSERT_TRUE(Eventually([&] {
    return metrics_.reconcile_total->Get({{"controller", "demo"}, {"result", "success"}}) == 2;
  }));
  EXPECT_EQ(c.queue().NumRequeues("ns/a"), 0);
  EXPECT_EQ(metrics_.queue.adds->Get({{"name", "demo"}}), 2);
}

TEST_F(ControllerTest, FailuresAreRetriedWithBackoffThenForgotten) {
  std::atomic<int> calls{0};
  Controller c(&clock_, Opts("demo", 1, &metrics_), [&](const std::string& key) {
    Record(key);
    return ++calls <= 2 ? Status::Conflict("try again") : Status::OK();
  });
  c.Start();
  c.Enqueue("ns/a");
  // First failure: requeued 5ms later on the clock.
  ASSERT_TRUE(Eventually([&] { return calls == 1 && clock_.Waiters() == 1; }));
  EXPECT_EQ(c.queue().NumRequeues("ns/a"), 1);
  clock_.Advance(milliseconds(5));
  // Second failure: 10ms.
  ASSERT_TRUE(Eventually([&] { return calls == 2 && clock_.Waiters() == 1; }));
  EXPECT_EQ(c.queue().NumRequeues("ns/a"), 2);
  clock_.Advance(milliseconds(10));
  ASSERT_TRUE(Eventually([&] { return calls == 3; }));
  ASSERT_TRUE(Eventually([&] { return c.queue().NumRequeues("ns/a") == 0; }));
  EXPECT_EQ(metrics_.reconcile_total->Get({{"controller", "demo"}, {"result", "error"}}), 2);
  EXPECT_EQ(metrics_.reconcile_total->Get({{"controller", "demo"}, {"result", "success"}}), 1);
}

TEST_F(ControllerTest, AnExceptionIsAFailure) {
  std::atomic<int> calls{0};
  Controller c(&clock_, Opts("demo", 1, &metrics_), [&](const std::string&) {
    if (++calls == 1) throw std::runtime_error("bad data");
    return Status::OK();
  });
  c.Start();
  c.Enqueue("k");
  ASSERT_TRUE(Eventually([&] { return calls == 1 && clock_.Waiters() == 1; }));
  clock_.Advance(milliseconds(5));
  ASSERT_TRUE(Eventually([&] { return calls == 2; }));
  EXPECT_EQ(metrics_.reconcile_total->Get({{"controller", "demo"}, {"result", "error"}}), 1);
}

TEST_F(ControllerTest, AKeyIsNeverReconciledByTwoWorkersAtOnce) {
  std::atomic<int> in_flight{0};
  std::atomic<int> overlap{0};
  std::atomic<int> calls{0};
  std::mutex gate_mu;
  std::condition_variable gate_cv;
  bool open = false;
  Controller c(&clock_, Opts("demo", 4), [&](const std::string&) {
    if (++in_flight > 1) ++overlap;
    if (++calls == 1) {
      std::unique_lock<std::mutex> lock(gate_mu);
      gate_cv.wait(lock, [&] { return open; });
    }
    --in_flight;
    return Status::OK();
  });
  c.Start();
  c.Enqueue("k");
  ASSERT_TRUE(Eventually([&] { return calls == 1; }));
  // Re-added while being reconciled: the idle workers must not take it.
  for (int i = 0; i < 10; ++i) c.Enqueue("k");
  {
    std::lock_guard<std::mutex> lock(gate_mu);
    open = true;
  }
  gate_cv.notify_all();
  // Reconciled once more after the first pass (the adds collapsed into one).
  ASSERT_TRUE(Eventually([&] { return calls == 2 && c.queue().Len() == 0; }));
  c.Stop();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(overlap, 0);
}

TEST_F(ControllerTest, HandlerFromAnInformerEnqueuesObjectKeys) {
  client::testing::TestCluster cluster;
  client::SharedInformerFactory factory(&cluster.client(), &cluster.clock());
  Controller c(&cluster.clock(), Opts("demo"), [&](const std::string& key) {
    Record(key);
    return Status::OK();
  });
  factory.For("", "configmaps").AddEventHandler(c.EnqueueHandler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  c.Start();
  cluster.CreateConfigMap("default", "a");
  ASSERT_TRUE(Eventually([&] { return Reconciled().size() == 1; }));
  EXPECT_EQ(Reconciled()[0], "default/a");
}

TEST_F(ControllerTest, StopJoinsWorkersAndDropsQueuedKeys) {
  Controller c(&clock_, Opts("demo", 3), [&](const std::string& key) {
    Record(key);
    return Status::OK();
  });
  c.Start();
  c.Stop();
  c.Enqueue("late");
  EXPECT_TRUE(c.queue().ShuttingDown());
  EXPECT_TRUE(Reconciled().empty());
}

}  // namespace
}  // namespace stead::controllers
