#include "client/informer.h"

#include <gtest/gtest.h>

#include "client/object_key.h"
#include "unit/client/test_cluster.h"

namespace stead::client {
namespace {

using std::chrono::seconds;
using testing::Eventually;
using testing::TestCluster;

// Records handler calls as "add ns/name", "update ns/name v1->v2",
// "delete ns/name".
class Recorder {
 public:
  ResourceEventHandler Handler() {
    ResourceEventHandler h;
    h.on_add = [this](const ObjectPtr& obj) { Push("add " + MetaNamespaceKey(*obj)); };
    h.on_update = [this](const ObjectPtr& old_obj, const ObjectPtr& new_obj) {
      Push("update " + MetaNamespaceKey(*new_obj) + " " + GetString(*old_obj, {"data", "k"}) +
           "->" + GetString(*new_obj, {"data", "k"}));
    };
    h.on_delete = [this](const ObjectPtr& obj) { Push("delete " + MetaNamespaceKey(*obj)); };
    return h;
  }
  std::vector<std::string> WaitFor(size_t n) {
    EXPECT_TRUE(Eventually([&] { return Size() >= n; })) << "have " << Size() << " want " << n;
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  size_t Size() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_.size();
  }

 private:
  void Push(std::string s) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(std::move(s));
  }
  std::mutex mu_;
  std::vector<std::string> calls_;
};

// A Client whose watches the test can break: it can fail new watches, drop
// the events of open ones (a stalled connection), and end them with an
// ERROR event.
class FlakyClient final : public Client {
 public:
  explicit FlakyClient(Client* inner) : inner_(inner) {}

  void FailNextWatches(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_watches_ = n;
  }
  void Pause(bool paused) { paused_->store(paused); }
  // Events swallowed while paused.
  int dropped() const { return dropped_->load(); }
  void EndWatch(const Status& why) {
    WatchSink sink;
    {
      std::lock_guard<std::mutex> lock(mu_);
      sink = last_sink_;
    }
    WatchEvent e;
    e.type = WatchEvent::Type::kError;
    e.object = std::make_shared<const Json>(why.ToJson());
    sink(e);
  }
  int watches() {
    std::lock_guard<std::mutex> lock(mu_);
    return watches_;
  }
  std::vector<ListOptions> watch_options() {
    std::lock_guard<std::mutex> lock(mu_);
    return options_;
  }

  const api::ResourceRegistry& registry() const override { return inner_->registry(); }
  const std::string& name() const override { return inner_->name(); }
  Result<ObjectPtr> Get(const api::ResourceType& t, const std::string& ns,
                        const std::string& n) override {
    return inner_->Get(t, ns, n);
  }
  Result<ListResult> List(const api::ResourceType& t, const std::string& ns,
                          const ListOptions& o) override {
    return inner_->List(t, ns, o);
  }
  Result<Json> Create(const api::ResourceType& t, const std::string& ns, Json obj,
                      const WriteOptions& o) override {
    return inner_->Create(t, ns, std::move(obj), o);
  }
  Result<Json> Update(const api::ResourceType& t, const std::string& ns, Json obj,
                      const WriteOptions& o, Subresource sub) override {
    return inner_->Update(t, ns, std::move(obj), o, sub);
  }
  Result<Json> Patch(const api::ResourceType& t, const std::string& ns, const std::string& n,
                     PatchKind k, std::string_view body, const WriteOptions& o,
                     Subresource sub) override {
    return inner_->Patch(t, ns, n, k, body, o, sub);
  }
  Result<DeleteResult> Delete(const api::ResourceType& t, const std::string& ns,
                              const std::string& n, const DeleteOptions& o) override {
    return inner_->Delete(t, ns, n, o);
  }
  Result<ListResult> DeleteCollection(const api::ResourceType& t, const std::string& ns,
                                      const ListOptions& lo, const DeleteOptions& o) override {
    return inner_->DeleteCollection(t, ns, lo, o);
  }
  Result<std::unique_ptr<WatchStream>> Watch(const api::ResourceType& t, const std::string& ns,
                                             const ListOptions& o, WatchSink sink) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++watches_;
      options_.push_back(o);
      if (fail_watches_ > 0) {
        --fail_watches_;
        return Status::ServiceUnavailable("store unavailable");
      }
      last_sink_ = sink;
    }
    auto paused = paused_;
    auto dropped = dropped_;
    return inner_->Watch(t, ns, o, [paused, dropped, sink](const WatchEvent& e) {
      if (paused->load()) {
        ++*dropped;
        return;
      }
      sink(e);
    });
  }
  Result<Json> GetScale(const api::ResourceType& t, const std::string& ns,
                        const std::string& n) override {
    return inner_->GetScale(t, ns, n);
  }
  Result<Json> UpdateScale(const api::ResourceType& t, const std::string& ns, const std::string& n,
                           Json scale, const WriteOptions& o) override {
    return inner_->UpdateScale(t, ns, n, std::move(scale), o);
  }
  Status BindPod(const std::string& ns, const std::string& n, Json binding,
                 const WriteOptions& o) override {
    return inner_->BindPod(ns, n, std::move(binding), o);
  }

 private:
  Client* const inner_;
  std::shared_ptr<std::atomic<bool>> paused_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<int>> dropped_ = std::make_shared<std::atomic<int>>(0);
  std::mutex mu_;
  int fail_watches_ = 0;
  int watches_ = 0;
  std::vector<ListOptions> options_;
  WatchSink last_sink_;
};

class InformerTest : public ::testing::Test {
 protected:
  const api::ResourceType& ConfigMaps() { return cluster_.Type("", "configmaps"); }
  void SetData(const std::string& ns, const std::string& name, const std::string& value) {
    auto r = cluster_.client().Patch(ConfigMaps(), ns, name, PatchKind::kMerge,
                                     Json({{"data", {{"k", value}}}}).dump());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  void Remove(const std::string& ns, const std::string& name) {
    auto r = cluster_.client().Delete(ConfigMaps(), ns, name);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  TestCluster cluster_;
};

TEST_F(InformerTest, SyncsExistingObjectsThenDeliversChangesInOrder) {
  cluster_.CreateConfigMap("default", "a", {}, "1");
  cluster_.CreateConfigMap("kube-system", "b", {}, "1");
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For("", "configmaps");
  EXPECT_EQ(&informer, &factory.For(ConfigMaps()));
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  // Initial state first, in key order, before HasSynced.
  EXPECT_EQ(rec.WaitFor(2), (std::vector<std::string>{"add default/a", "add kube-system/b"}));
  EXPECT_EQ(informer.ListKeys(), (std::vector<std::string>{"default/a", "kube-system/b"}));

  SetData("default", "a", "2");
  cluster_.CreateConfigMap("default", "c");
  Remove("kube-system", "b");
  EXPECT_EQ(rec.WaitFor(5),
            (std::vector<std::string>{"add default/a", "add kube-system/b", "update default/a 1->2",
                                      "add default/c", "delete kube-system/b"}));
  ObjectPtr a = informer.Get("default", "a");
  ASSERT_TRUE(a);
  EXPECT_EQ(GetString(*a, {"data", "k"}), "2");
  EXPECT_EQ(informer.Get("kube-system", "b"), nullptr);
  EXPECT_EQ(informer.LastSyncResourceVersion(),
            std::to_string(cluster_.resources().cache().Revision()));
}

TEST_F(InformerTest, ListFiltersByNamespaceAndSelectorAndIndexes) {
  cluster_.CreateConfigMap("default", "a", {{"app", "web"}});
  cluster_.CreateConfigMap("default", "b", {{"app", "db"}});
  cluster_.CreateConfigMap("kube-system", "c", {{"app", "web"}});
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  ASSERT_TRUE(informer
                  .AddIndexer("app",
                              [](const Json& obj) {
                                auto labels = MetaLabels(obj);
                                auto it = labels.find("app");
                                if (it == labels.end()) return std::vector<std::string>{};
                                return std::vector<std::string>{it->second};
                              })
                  .ok());
  EXPECT_TRUE(informer.AddIndexer("app", nullptr).IsAlreadyExists());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));

  auto names = [](const std::vector<ObjectPtr>& objs) {
    std::vector<std::string> out;
    for (const auto& o : objs) out.push_back(MetaNamespaceKey(*o));
    return out;
  };
  EXPECT_EQ(names(informer.List("default")), (std::vector<std::string>{"default/a", "default/b"}));
  EXPECT_EQ(names(informer.List("", *LabelSelector::Parse("app=web"))),
            (std::vector<std::string>{"default/a", "kube-system/c"}));
  EXPECT_EQ(names(informer.List("default", *LabelSelector::Parse("app!=web"))),
            (std::vector<std::string>{"default/b"}));
  EXPECT_EQ(names(informer.ByIndex("app", "web")),
            (std::vector<std::string>{"default/a", "kube-system/c"}));
  EXPECT_EQ(names(informer.ByIndex(kNamespaceIndex, "kube-system")),
            (std::vector<std::string>{"kube-system/c"}));

  // Indexes follow updates.
  auto r = cluster_.client().Patch(ConfigMaps(), "default", "a", PatchKind::kMerge,
                                   R"({"metadata":{"labels":{"app":"db"}}})");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(Eventually([&] { return informer.ByIndex("app", "web").size() == 1; }));
  EXPECT_EQ(names(informer.ByIndex("app", "db")),
            (std::vector<std::string>{"default/a", "default/b"}));
}

TEST_F(InformerTest, LateHandlerGetsSyntheticAddsThenLaterEvents) {
  cluster_.CreateConfigMap("default", "a");
  cluster_.CreateConfigMap("default", "b");
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  EXPECT_EQ(rec.WaitFor(2), (std::vector<std::string>{"add default/a", "add default/b"}));
  cluster_.CreateConfigMap("default", "c");
  EXPECT_EQ(rec.WaitFor(3).back(), "add default/c");
}

// Registration is asynchronous: HandlerSynced tells when a late handler has
// the initial state (what the garbage collector waits for before acting).
TEST_F(InformerTest, HandlerSyncedOnceALateHandlerHasTheInitialState) {
  for (int i = 0; i < 50; ++i) cluster_.CreateConfigMap("default", "cm-" + std::to_string(i));
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder early;
  SharedInformer::HandlerId early_id = informer.AddEventHandler(early.Handler());
  EXPECT_FALSE(informer.HandlerSynced(early_id));  // not started yet
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  Recorder late;
  SharedInformer::HandlerId late_id = informer.AddEventHandler(late.Handler());
  ASSERT_TRUE(Eventually([&] { return informer.HandlerSynced(late_id); }));
  EXPECT_EQ(late.Size(), 50u);
  EXPECT_TRUE(informer.HandlerSynced(early_id));
  EXPECT_EQ(early.Size(), 50u);
  informer.RemoveEventHandler(late_id);
  EXPECT_FALSE(informer.HandlerSynced(late_id));
}

TEST_F(InformerTest, RemovedHandlerIsNotCalledAgain) {
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder removed, kept;
  SharedInformer::HandlerId id = informer.AddEventHandler(removed.Handler());
  informer.AddEventHandler(kept.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  cluster_.CreateConfigMap("default", "a");
  kept.WaitFor(1);
  informer.RemoveEventHandler(id);
  cluster_.CreateConfigMap("default", "b");
  kept.WaitFor(2);
  EXPECT_EQ(removed.Size(), 1u);
}

TEST_F(InformerTest, ResyncRedeliversEveryObjectAsUpdateOnTheClock) {
  cluster_.CreateConfigMap("default", "a", {}, "1");
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock(),
                                {.resync_period = seconds(30)});
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  rec.WaitFor(1);
  // The delivery thread sleeps on the clock until the resync is due.
  ASSERT_TRUE(Eventually([&] { return cluster_.clock().Waiters() == 1; }));
  EXPECT_EQ(rec.Size(), 1u);
  cluster_.clock().Advance(seconds(30));
  EXPECT_EQ(rec.WaitFor(2).back(), "update default/a 1->1");
}

TEST_F(InformerTest, ResumesFromLastResourceVersionAfterWatchError) {
  FlakyClient flaky(&cluster_.client());
  cluster_.CreateConfigMap("default", "a", {}, "1");
  SharedInformerFactory factory(&flaky, &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  rec.WaitFor(1);
  std::string rv = informer.LastSyncResourceVersion();

  flaky.Pause(true);  // the connection stalls: these events are lost
  SetData("default", "a", "2");
  cluster_.CreateConfigMap("default", "b");
  ASSERT_TRUE(Eventually([&] { return flaky.dropped() == 2; }));
  flaky.Pause(false);
  flaky.EndWatch(Status::Internal("connection reset"));

  // Replayed from the watch cache's history, each exactly once.
  EXPECT_EQ(rec.WaitFor(3),
            (std::vector<std::string>{"add default/a", "update default/a 1->2", "add default/b"}));
  ASSERT_EQ(flaky.watches(), 2);
  EXPECT_EQ(flaky.watch_options()[1].resource_version, rv);
  EXPECT_FALSE(flaky.watch_options()[1].send_initial_events.has_value());
}

TEST_F(InformerTest, RelistAfterExpiredWatchReconcilesTheCache) {
  FlakyClient flaky(&cluster_.client());
  cluster_.CreateConfigMap("default", "a", {}, "1");
  cluster_.CreateConfigMap("default", "b", {}, "1");
  SharedInformerFactory factory(&flaky, &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  rec.WaitFor(2);

  flaky.Pause(true);
  Remove("default", "b");
  SetData("default", "a", "2");
  cluster_.CreateConfigMap("default", "c");
  ASSERT_TRUE(Eventually([&] { return flaky.dropped() == 3; }));
  flaky.Pause(false);
  flaky.EndWatch(Status::Expired("too old resource version: 1 (5)"));

  // The fresh list updates what exists, adds what is new and deletes what
  // vanished.
  auto calls = rec.WaitFor(5);
  EXPECT_EQ(
      std::vector<std::string>(calls.begin() + 2, calls.end()),
      (std::vector<std::string>{"update default/a 1->2", "add default/c", "delete default/b"}));
  EXPECT_EQ(informer.ListKeys(), (std::vector<std::string>{"default/a", "default/c"}));
  ASSERT_EQ(flaky.watches(), 2);
  EXPECT_EQ(flaky.watch_options()[1].send_initial_events, true);
}

TEST_F(InformerTest, RetriesAFailedWatchWithBackoffOnTheClock) {
  FlakyClient flaky(&cluster_.client());
  flaky.FailNextWatches(2);
  cluster_.CreateConfigMap("default", "a");
  SharedInformerFactory factory(&flaky, &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  factory.Start();
  // First failure: waits 800ms on the clock.
  ASSERT_TRUE(Eventually([&] { return cluster_.clock().Waiters() == 1; }));
  EXPECT_FALSE(informer.HasSynced());
  cluster_.clock().Advance(std::chrono::milliseconds(800));
  // Second failure: 1.6s.
  ASSERT_TRUE(Eventually([&] { return flaky.watches() == 2 && cluster_.clock().Waiters() == 1; }));
  cluster_.clock().Advance(std::chrono::milliseconds(1600));
  ASSERT_TRUE(informer.WaitForSync(seconds(20)));
  EXPECT_EQ(flaky.watches(), 3);
  EXPECT_TRUE(informer.GetByKey("default/a"));
}

TEST_F(InformerTest, NoHandlerRunsAfterStop) {
  SharedInformerFactory factory(&cluster_.client(), &cluster_.clock());
  SharedInformer& informer = factory.For(ConfigMaps());
  Recorder rec;
  informer.AddEventHandler(rec.Handler());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(seconds(20)));
  factory.Shutdown();
  cluster_.CreateConfigMap("default", "a");
  // The write is acknowledged only after the watch cache applied it; a
  // running informer would have been handed the event by now or soon.
  cluster_.CreateConfigMap("default", "b");
  EXPECT_EQ(rec.Size(), 0u);
}

TEST(ObjectKeyTest, SplitsAndJoinsKeys) {
  EXPECT_EQ(MetaNamespaceKey("ns", "a"), "ns/a");
  EXPECT_EQ(MetaNamespaceKey("", "node1"), "node1");
  std::string ns, name;
  ASSERT_TRUE(SplitMetaNamespaceKey("ns/a", &ns, &name).ok());
  EXPECT_EQ(ns, "ns");
  EXPECT_EQ(name, "a");
  ASSERT_TRUE(SplitMetaNamespaceKey("node1", &ns, &name).ok());
  EXPECT_EQ(ns, "");
  EXPECT_EQ(name, "node1");
  EXPECT_EQ(SplitMetaNamespaceKey("a/b/c", &ns, &name).message(),
            "unexpected key format: \"a/b/c\"");
}

}  // namespace
}  // namespace stead::client
