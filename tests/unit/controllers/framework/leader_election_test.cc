#include "controllers/framework/leader_election.h"

#include <gtest/gtest.h>

#include <atomic>

#include "unit/client/test_cluster.h"

namespace stead::controllers {
namespace {

using client::testing::Eventually;
using client::testing::TestCluster;
using std::chrono::seconds;

// One candidate and what its callbacks saw.
struct Candidate {
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  std::mutex mu;
  std::vector<std::string> new_leaders;
  std::unique_ptr<LeaderElector> elector;
};

class LeaderElectionTest : public ::testing::Test {
 protected:
  std::unique_ptr<Candidate> NewCandidate(const std::string& id, bool release_on_cancel = false,
                                          client::EventRecorder* recorder = nullptr) {
    auto c = std::make_unique<Candidate>();
    Candidate* raw = c.get();
    LeaderElectionConfig config;
    config.identity = id;
    config.release_on_cancel = release_on_cancel;
    config.recorder = recorder;
    config.callbacks.on_started_leading = [raw] { ++raw->started; };
    config.callbacks.on_stopped_leading = [raw] { ++raw->stopped; };
    config.callbacks.on_new_leader = [raw](const std::string& leader) {
      std::lock_guard<std::mutex> lock(raw->mu);
      raw->new_leaders.push_back(leader);
    };
    auto elector = LeaderElector::Create(&cluster_.client(), &cluster_.clock(), config);
    EXPECT_TRUE(elector.ok()) << elector.status().ToString();
    c->elector = std::move(*elector);
    return c;
  }

  // Every running candidate has done its work and sleeps until a future
  // time: the state is stable until the next Advance.
  void WaitIdle(size_t candidates) {
    ASSERT_TRUE(Eventually([&] { return cluster_.clock().Waiters() == candidates; }))
        << "waiters: " << cluster_.clock().Waiters();
  }

  Json Lease() {
    auto lease = cluster_.client().Get(cluster_.Type("coordination.k8s.io", "leases"),
                                       "kube-system", "stead-controller-manager");
    EXPECT_TRUE(lease.ok()) << lease.status().ToString();
    return lease.ok() ? **lease : Json();
  }

  TestCluster cluster_;
};

TEST_F(LeaderElectionTest, ConfigurationIsValidatedWithUpstreamMessages) {
  auto make = [&](auto edit) {
    LeaderElectionConfig config;
    config.identity = "a";
    config.callbacks.on_started_leading = [] {};
    config.callbacks.on_stopped_leading = [] {};
    edit(config);
    auto r = LeaderElector::Create(&cluster_.client(), &cluster_.clock(), config);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(make([](LeaderElectionConfig&) {}), "ok");
  EXPECT_EQ(make([](LeaderElectionConfig& c) { c.lease_duration = seconds(10); }),
            "leaseDuration must be greater than renewDeadline");
  EXPECT_EQ(make([](LeaderElectionConfig& c) { c.retry_period = seconds(9); }),
            "renewDeadline must be greater than retryPeriod*JitterFactor");
  EXPECT_EQ(make([](LeaderElectionConfig& c) { c.identity.clear(); }), "Lock identity is empty");
  EXPECT_EQ(make([](LeaderElectionConfig& c) { c.callbacks.on_stopped_leading = nullptr; }),
            "OnStoppedLeading callback must not be nil");
}

TEST_F(LeaderElectionTest, RecordRoundTripsThroughTheLeaseSpec) {
  LeaderElectionRecord r;
  r.holder_identity = "node1_x";
  r.lease_duration_seconds = 15;
  r.acquire_time = SystemTime(std::chrono::microseconds(1700000000123456));
  r.renew_time = SystemTime(std::chrono::microseconds(1700000002000000));
  r.leader_transitions = 3;
  Json spec = r.ToLeaseSpec();
  EXPECT_EQ(spec, Json({{"holderIdentity", "node1_x"},
                        {"leaseDurationSeconds", 15},
                        {"acquireTime", "2023-11-14T22:13:20.123456Z"},
                        {"renewTime", "2023-11-14T22:13:22.000000Z"},
                        {"leaseTransitions", 3}}));
  EXPECT_EQ(LeaderElectionRecord::FromLeaseSpec(spec), r);
}

TEST_F(LeaderElectionTest, ExactlyOneLeadsAndTheOtherTakesOverAfterExpiry) {
  auto a = NewCandidate("a");
  auto b = NewCandidate("b");
  a->elector->Start();
  b->elector->Start();
  WaitIdle(2);
  ASSERT_NE(a->elector->IsLeader(), b->elector->IsLeader());
  Candidate* leader = a->elector->IsLeader() ? a.get() : b.get();
  Candidate* follower = leader == a.get() ? b.get() : a.get();
  EXPECT_EQ(leader->started, 1);
  EXPECT_EQ(follower->started, 0);

  Json lease = Lease();
  EXPECT_EQ(lease["spec"]["holderIdentity"], leader->elector->identity());
  EXPECT_EQ(lease["spec"]["leaseDurationSeconds"], 15);
  EXPECT_EQ(lease["spec"]["leaseTransitions"], 0);
  EXPECT_EQ(lease["spec"]["acquireTime"], FormatMicroTime(cluster_.clock().Now()));

  // One retry period later the follower has seen the leader, which renewed.
  cluster_.clock().Advance(seconds(5));
  WaitIdle(2);
  EXPECT_EQ(follower->elector->GetLeader(), leader->elector->identity());
  EXPECT_EQ(Lease()["spec"]["renewTime"], FormatMicroTime(cluster_.clock().Now()));
  EXPECT_EQ(Lease()["spec"]["acquireTime"], lease["spec"]["acquireTime"]);

  // The leader dies without releasing the lease.
  leader->elector->Stop();
  EXPECT_EQ(leader->stopped, 1);
  WaitIdle(1);
  // The follower's next retry sees the leader's last renewal (if it had not
  // yet): the lease runs 15s from then, on the follower's own clock.
  cluster_.clock().Advance(seconds(5));
  WaitIdle(1);
  EXPECT_FALSE(follower->elector->IsLeader());  // not expired yet
  cluster_.clock().Advance(seconds(16));
  ASSERT_TRUE(Eventually([&] { return follower->started == 1; }));
  EXPECT_TRUE(follower->elector->IsLeader());
  lease = Lease();
  EXPECT_EQ(lease["spec"]["holderIdentity"], follower->elector->identity());
  EXPECT_EQ(lease["spec"]["leaseTransitions"], 1);
  EXPECT_EQ(lease["spec"]["acquireTime"], FormatMicroTime(cluster_.clock().Now()));
  std::lock_guard<std::mutex> lock(follower->mu);
  EXPECT_EQ(follower->new_leaders,
            (std::vector<std::string>{leader->elector->identity(), follower->elector->identity()}));
}

TEST_F(LeaderElectionTest, ReleasedLeaseIsTakenOverWithoutWaitingForExpiry) {
  auto a = NewCandidate("a", /*release_on_cancel=*/true);
  a->elector->Start();
  WaitIdle(1);
  ASSERT_TRUE(a->elector->IsLeader());
  auto b = NewCandidate("b");
  b->elector->Start();
  WaitIdle(2);
  EXPECT_EQ(b->elector->GetLeader(), "a");

  a->elector->Stop();
  EXPECT_EQ(a->stopped, 1);
  Json lease = Lease();
  EXPECT_EQ(lease["spec"]["holderIdentity"], "");
  EXPECT_EQ(lease["spec"]["leaseDurationSeconds"], 1);
  WaitIdle(1);
  cluster_.clock().Advance(seconds(5));  // one retry, far less than 15s
  ASSERT_TRUE(Eventually([&] { return b->started == 1; }));
  EXPECT_EQ(Lease()["spec"]["holderIdentity"], "b");
  EXPECT_EQ(Lease()["spec"]["leaseTransitions"], 1);
}

TEST_F(LeaderElectionTest, LeaderThatCannotRenewStopsLeading) {
  auto a = NewCandidate("a");
  a->elector->Start();
  WaitIdle(1);
  ASSERT_TRUE(a->elector->IsLeader());
  // Someone else takes the lease over behind the leader's back.
  Json lease = Lease();
  lease["spec"]["holderIdentity"] = "intruder";
  lease["spec"]["renewTime"] = FormatMicroTime(cluster_.clock().Now());
  ASSERT_TRUE(cluster_.client()
                  .Update(cluster_.Type("coordination.k8s.io", "leases"), "kube-system", lease)
                  .ok());
  // Renewals fail every retry period until the renew deadline (10s).
  for (int i = 0; i < 6 && a->stopped == 0; ++i) {
    cluster_.clock().Advance(seconds(2));
    WaitIdle(1);
  }
  EXPECT_EQ(a->stopped, 1);
  EXPECT_FALSE(a->elector->IsLeader());
  EXPECT_EQ(a->elector->GetLeader(), "intruder");
  EXPECT_EQ(a->started, 1);
}

TEST_F(LeaderElectionTest, RecordsLeaderElectionEventsOnTheLease) {
  client::EventBroadcaster broadcaster(&cluster_.client(), &cluster_.clock());
  auto recorder = broadcaster.NewRecorder("stead-controller-manager");
  auto a = NewCandidate("a", false, recorder.get());
  a->elector->Start();
  WaitIdle(1);
  broadcaster.Flush();
  auto events = cluster_.client().List(cluster_.Type("", "events"), "kube-system");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->items.size(), 1u);
  const Json& ev = *events->items[0];
  EXPECT_EQ(ev["reason"], "LeaderElection");
  EXPECT_EQ(ev["message"], "a became leader");
  EXPECT_EQ(ev["involvedObject"]["kind"], "Lease");
  EXPECT_EQ(ev["involvedObject"]["name"], "stead-controller-manager");
  a->elector->Stop();
}

}  // namespace
}  // namespace stead::controllers
