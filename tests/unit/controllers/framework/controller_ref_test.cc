#include "controllers/framework/controller_ref.h"

#include <gtest/gtest.h>

#include "controllers/framework/parallelize.h"
#include "controllers/framework/slow_start.h"

namespace stead::controllers {
namespace {

Json Obj(const std::string& name, const std::string& app, const std::string& owner_uid = "",
         bool deleting = false) {
  Json o = {
      {"metadata",
       {{"name", name}, {"namespace", "ns"}, {"uid", "u-" + name}, {"labels", {{"app", app}}}}}};
  if (!owner_uid.empty()) {
    o["metadata"]["ownerReferences"] =
        Json::array({NewControllerRef("apps/v1", "ReplicaSet", "rs", owner_uid)});
  }
  if (deleting) o["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  return o;
}

std::vector<std::string> Names(const std::vector<const Json*>& objs) {
  std::vector<std::string> out;
  for (const Json* o : objs) out.push_back(MetaName(*o));
  return out;
}

TEST(ControllerRefTest, ClaimAdoptsOrphansAndReleasesStrays) {
  LabelSelector selector = SelectorFromSet({{"app", "web"}});
  Json mine = Obj("mine", "web", "me");
  Json stray = Obj("stray", "db", "me");
  Json orphan = Obj("orphan", "web");
  Json dying_orphan = Obj("dying", "web", "", true);
  Json foreign = Obj("foreign", "web", "someone-else");
  Json other_ns = Obj("elsewhere", "web");
  other_ns["metadata"]["namespace"] = "other";
  std::vector<const Json*> all = {&mine, &stray, &orphan, &dying_orphan, &foreign, &other_ns};

  ClaimDecision d = ClaimObjects(ClaimOwner{"ns", "me", false}, selector, all);
  EXPECT_EQ(Names(d.owned), std::vector<std::string>{"mine"});
  EXPECT_EQ(Names(d.adopt), std::vector<std::string>{"orphan"});
  EXPECT_EQ(Names(d.release), std::vector<std::string>{"stray"});

  // An owner being deleted keeps what it has and neither adopts nor releases.
  ClaimDecision deleting = ClaimObjects(ClaimOwner{"ns", "me", true}, selector, all);
  EXPECT_EQ(Names(deleting.owned), std::vector<std::string>{"mine"});
  EXPECT_TRUE(deleting.adopt.empty());
  EXPECT_TRUE(deleting.release.empty());
}

TEST(ControllerRefTest, PatchesNameTheObjectUid) {
  Json ref = NewControllerRef("apps/v1", "ReplicaSet", "web", "u1");
  EXPECT_EQ(ref["blockOwnerDeletion"], true);
  EXPECT_EQ(ref["controller"], true);
  EXPECT_EQ(AdoptPatch(ref, "p1").dump(),
            R"({"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","blockOwnerDeletion":true,)"
            R"("controller":true,"kind":"ReplicaSet","name":"web","uid":"u1"}],"uid":"p1"}})");
  EXPECT_EQ(ReleasePatch("u1", "p1").dump(),
            R"({"metadata":{"ownerReferences":[{"$patch":"delete","uid":"u1"}],"uid":"p1"}})");
}

TEST(SlowStartBatchTest, DoublesBatchesAndStopsAtTheFirstFailingBatch) {
  std::atomic<int> calls{0};
  auto ok = SlowStartBatch(10, 1, [&] {
    ++calls;
    return Status::OK();
  });
  EXPECT_EQ(ok.successes, 10);
  EXPECT_TRUE(ok.error.ok());
  EXPECT_EQ(calls, 10);

  // Batches 1, 2, 4: the 4th call fails, so the batch of 4 ends it after
  // 1 + 2 + 4 = 7 calls with 6 successes.
  calls = 0;
  auto failed = SlowStartBatch(10, 1, [&] {
    int n = ++calls;
    return n == 4 ? Status::Forbidden("exceeded quota") : Status::OK();
  });
  EXPECT_EQ(calls, 7);
  EXPECT_EQ(failed.successes, 6);
  EXPECT_EQ(failed.error.message(), "exceeded quota");
}

TEST(ParallelizeUntilTest, RunsEveryPieceOnce) {
  std::vector<std::atomic<int>> runs(100);
  ParallelizeUntil(8, 100, [&](int i) { ++runs[i]; });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  int serial = 0;
  ParallelizeUntil(1, 5, [&](int) { ++serial; });  // on the calling thread
  EXPECT_EQ(serial, 5);
  ParallelizeUntil(4, 0, [&](int) { ADD_FAILURE(); });
}

}  // namespace
}  // namespace stead::controllers
