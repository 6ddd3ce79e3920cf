#include "client/event_recorder.h"

#include <gtest/gtest.h>

#include "unit/client/test_cluster.h"

namespace stead::client {
namespace {

using std::chrono::seconds;
using testing::TestCluster;

class EventRecorderTest : public ::testing::Test {
 protected:
  EventRecorderTest() {
    Json sts = ParseJson(R"({
      "apiVersion": "apps/v1", "kind": "StatefulSet",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
          "metadata": {"labels": {"app": "web"}},
          "spec": {"containers": [{"name": "c", "image": "nginx"}]}
        }
      }
    })")
                   .value();
    auto created = cluster_.client().Create(cluster_.Type("apps", "statefulsets"), "default", sts);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (created.ok()) sts_ = *created;
  }

  std::vector<Json> Events() {
    broadcaster_.Flush();
    auto list = cluster_.client().List(cluster_.Type("", "events"), "");
    EXPECT_TRUE(list.ok());
    std::vector<Json> out;
    for (const auto& e : list->items) out.push_back(*e);
    return out;
  }

  TestCluster cluster_;
  Json sts_;
  EventBroadcaster broadcaster_{&cluster_.client(), &cluster_.clock()};
  std::unique_ptr<EventRecorder> recorder_ = broadcaster_.NewRecorder("statefulset-controller");
};

TEST_F(EventRecorderTest, CreatesAnEventAboutTheObject) {
  recorder_->Event(sts_, kEventTypeNormal, "SuccessfulCreate",
                   "create Pod web-0 in StatefulSet web successful");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  const Json& ev = events[0];
  EXPECT_EQ(MetaNamespace(ev), "default");
  EXPECT_EQ(MetaName(ev).rfind("web.", 0), 0u) << MetaName(ev);
  EXPECT_EQ(ev["involvedObject"], Json({{"apiVersion", "apps/v1"},
                                        {"kind", "StatefulSet"},
                                        {"name", "web"},
                                        {"namespace", "default"},
                                        {"uid", MetaUid(sts_)},
                                        {"resourceVersion", MetaResourceVersion(sts_)}}));
  EXPECT_EQ(ev["type"], "Normal");
  EXPECT_EQ(ev["reason"], "SuccessfulCreate");
  EXPECT_EQ(ev["message"], "create Pod web-0 in StatefulSet web successful");
  EXPECT_EQ(ev["count"], 1);
  EXPECT_EQ(ev["source"], Json({{"component", "statefulset-controller"}}));
  EXPECT_EQ(ev["reportingComponent"], "statefulset-controller");
  std::string now = FormatTime(cluster_.clock().Now());
  EXPECT_EQ(ev["firstTimestamp"], now);
  EXPECT_EQ(ev["lastTimestamp"], now);
}

TEST_F(EventRecorderTest, IdenticalEventsIncrementCountOfOneEvent) {
  SystemTime first = cluster_.clock().Now();
  for (int i = 0; i < 3; ++i) {
    recorder_->Event(sts_, kEventTypeWarning, "FailedCreate", "quota exceeded");
    broadcaster_.Flush();
    cluster_.clock().Advance(seconds(5));
  }
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["count"], 3);
  EXPECT_EQ(events[0]["firstTimestamp"], FormatTime(first));
  EXPECT_EQ(events[0]["lastTimestamp"], FormatTime(first + seconds(10)));
}

TEST_F(EventRecorderTest, RecreatesACountedEventThatWasDeleted) {
  recorder_->Event(sts_, kEventTypeNormal, "R", "m");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(
      cluster_.client().Delete(cluster_.Type("", "events"), "default", MetaName(events[0])).ok());
  recorder_->Event(sts_, kEventTypeNormal, "R", "m");
  events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["count"], 2);
}

TEST_F(EventRecorderTest, DifferentMessagesAreSeparateUntilTheyAreCombined) {
  for (int i = 0; i < 9; ++i) {
    recorder_->Event(sts_, kEventTypeNormal, "SuccessfulCreate", "pod " + std::to_string(i));
  }
  EXPECT_EQ(Events().size(), 9u);
  // The 10th similar event within 10 minutes starts an aggregate event.
  recorder_->Event(sts_, kEventTypeNormal, "SuccessfulCreate", "pod 9");
  recorder_->Event(sts_, kEventTypeNormal, "SuccessfulCreate", "pod 10");
  auto events = Events();
  ASSERT_EQ(events.size(), 10u);
  int combined = 0;
  for (const auto& ev : events) {
    if (ev["message"] == "(combined from similar events): pod 10") {
      ++combined;
      EXPECT_EQ(ev["count"], 2);
    }
  }
  EXPECT_EQ(combined, 1);
}

TEST_F(EventRecorderTest, SpamFilterLimitsEventsPerObject) {
  for (int i = 0; i < 30; ++i) {
    recorder_->Event(sts_, kEventTypeNormal, "Reason" + std::to_string(i), "m");
  }
  EXPECT_EQ(Events().size(), 25u);
  cluster_.clock().Advance(seconds(300));
  recorder_->Event(sts_, kEventTypeNormal, "Another", "m");
  EXPECT_EQ(Events().size(), 26u);
}

TEST_F(EventRecorderTest, ClusterScopedObjectsGetEventsInDefault) {
  Json node = {
      {"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", "node1"}, {"uid", "u1"}}}};
  recorder_->Event(node, kEventTypeNormal, "NodeReady", "ready");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(MetaNamespace(events[0]), "default");
  EXPECT_FALSE(events[0]["involvedObject"].contains("namespace"));
}

TEST_F(EventRecorderTest, RejectsUnknownTypesAndObjectsWithoutKind) {
  recorder_->Event(sts_, "Info", "R", "m");
  Json no_kind = {{"metadata", {{"name", "x"}, {"namespace", "default"}}}};
  recorder_->Event(no_kind, kEventTypeNormal, "R", "m");
  EXPECT_TRUE(Events().empty());
}

TEST_F(EventRecorderTest, EventsBeyondTheQueueCapacityAreDropped) {
  EventBroadcaster::Options options;
  options.queue_capacity = 0;
  EventBroadcaster full(&cluster_.client(), &cluster_.clock(), options);
  full.NewRecorder("x")->Event(sts_, kEventTypeNormal, "R", "m");
  full.Flush();
  EXPECT_TRUE(Events().empty());
}

TEST_F(EventRecorderTest, AnnotatedEventsCarryAnnotations) {
  recorder_->AnnotatedEvent(sts_, {{"a", "b"}}, kEventTypeNormal, "R", "m");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["metadata"]["annotations"], Json({{"a", "b"}}));
}

TEST(FakeEventRecorderTest, RemembersTypeReasonAndMessage) {
  FakeEventRecorder rec;
  rec.Event(Json::object(), kEventTypeWarning, "FailedCreate", "boom");
  EXPECT_EQ(rec.Events(), std::vector<std::string>{"Warning FailedCreate boom"});
  EXPECT_EQ(rec.Take().size(), 1u);
  EXPECT_TRUE(rec.Events().empty());
}

}  // namespace
}  // namespace stead::client
