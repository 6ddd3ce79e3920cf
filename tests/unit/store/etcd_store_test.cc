// The etcd backend against a real etcd (Debian's etcd-server, started here
// on free loopback ports in a temporary directory). Revisions are etcd's, so
// these tests compare them relatively; each test works in its own key space.
#include "store/etcd/etcd_store.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store/etcd/etcd_client.h"
#include "unit/store/store_test_util.h"

namespace stead::store {
namespace {

using testing::Recorder;
using testing::TempDir;

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// One etcd for the whole suite.
class Etcd {
 public:
  Etcd() {
    std::string client = "http://127.0.0.1:" + std::to_string(FreePort());
    std::string peer = "http://127.0.0.1:" + std::to_string(FreePort());
    url_ = client;
    std::string data = dir_.File("etcd");
    std::string log = dir_.File("etcd.log");
    pid_ = fork();
    if (pid_ == 0) {
      FILE* out = freopen(log.c_str(), "w", stderr);
      (void)out;
      execlp("etcd", "etcd", "--data-dir", data.c_str(), "--listen-client-urls", client.c_str(),
             "--advertise-client-urls", client.c_str(), "--listen-peer-urls", peer.c_str(),
             "--initial-advertise-peer-urls", peer.c_str(), "--initial-cluster",
             ("default=" + peer).c_str(), nullptr);
      _exit(127);
    }
    auto probe = etcd::EtcdClient::Create({url_});
    for (int i = 0; i < 200 && probe.ok(); ++i) {
      if ((*probe)->Call("/v3/kv/range", {{"key", "AA=="}}).ok()) {
        ready_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Etcd() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool ready() const { return ready_; }
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  std::string url_;
  bool ready_ = false;
};

Etcd* etcd_server = nullptr;

class EtcdStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { etcd_server = new Etcd(); }
  static void TearDownTestSuite() {
    delete etcd_server;
    etcd_server = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(etcd_server->ready()) << "etcd did not start (is etcd-server installed?)";
    space_ = "/" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "/";
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> Open() {
    EtcdOptions options;
    options.endpoints = {etcd_server->url()};
    options.key_space = space_;
    options.compaction_interval = std::chrono::milliseconds(0);
    auto store = EtcdStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::string K(const std::string& name) const { return space_ + name; }

  int64_t MustCreate(const std::string& key, const std::string& value) {
    Result<int64_t> rev = store_->Create(K(key), value);
    EXPECT_TRUE(rev.ok()) << rev.status().ToString();
    return rev.ok() ? *rev : -1;
  }

  std::string space_;
  std::unique_ptr<Store> store_;
};

TEST_F(EtcdStoreTest, WritesAndPreconditions) {
  int64_t created = MustCreate("a", "1");
  EXPECT_GT(created, 0);
  Status again = store_->Create(K("a"), "x").status();
  EXPECT_TRUE(again.IsAlreadyExists()) << again.ToString();
  EXPECT_EQ(again.message(), "key \"" + K("a") + "\" already exists");

  Result<int64_t> updated = store_->Update(K("a"), "2", created);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_GT(*updated, created);
  Status stale = store_->Update(K("a"), "3", created).status();
  EXPECT_TRUE(stale.IsConflict()) << stale.ToString();
  EXPECT_TRUE(store_->Update(K("missing"), "v", 0).status().IsNotFound());
  EXPECT_TRUE(store_->Delete(K("missing"), 0).status().IsNotFound());

  Result<KeyValue> got = store_->Get(K("a"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->value, "2");
  EXPECT_EQ(got->create_revision, created);
  EXPECT_EQ(got->mod_revision, *updated);

  EXPECT_TRUE(store_->Delete(K("a"), created).status().IsConflict());
  Result<int64_t> deleted = store_->Delete(K("a"), *updated);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(store_->Get(K("a")).status().IsNotFound());
  EXPECT_EQ(store_->CurrentRevision(), *deleted);
}

TEST_F(EtcdStoreTest, ListPaginatesAtARevisionAndStaysInItsKeySpace) {
  int64_t first = MustCreate("p/1", "v");
  MustCreate("p/2", "v");
  MustCreate("p/3", "v");
  MustCreate("q/1", "v");
  Result<ListResult> page = store_->List({.prefix = K("p/"), .limit = 2});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->kvs.size(), 2u);
  EXPECT_TRUE(page->more);
  Result<ListResult> rest = store_->List(
      {.prefix = K("p/"), .start_key = page->kvs[1].key + '\0', .revision = page->revision});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->kvs.size(), 1u);
  EXPECT_EQ(rest->kvs[0].key, K("p/3"));
  EXPECT_FALSE(rest->more);

  Result<ListResult> old = store_->List({.prefix = K("p/"), .revision = first});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->kvs.size(), 1u);
  // An empty prefix means the store's whole key space.
  Result<ListResult> all = store_->List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->kvs.size(), 4u);

  Status future = store_->List({.revision = all->revision + 1000}).status();
  EXPECT_EQ(future.http_code(), 504) << future.ToString();
  ASSERT_TRUE(store_->Compact(all->revision).ok());
  Status compacted = store_->List({.prefix = K("p/"), .revision = first}).status();
  EXPECT_TRUE(compacted.IsExpired()) << compacted.ToString();
}

TEST_F(EtcdStoreTest, WatchReplaysThenStreamsAndDescribesChanges) {
  int64_t created = MustCreate("k", "one");
  Result<int64_t> updated = store_->Update(K("k"), "two", 0);
  ASSERT_TRUE(updated.ok());
  Recorder recorder;
  auto watch = store_->Watch(K(""), created - 1, recorder.Callback());
  ASSERT_TRUE(watch.ok()) << watch.status().ToString();
  ASSERT_TRUE(recorder.WaitFor(2));
  Result<int64_t> deleted = store_->Delete(K("k"), 0);
  ASSERT_TRUE(deleted.ok());
  // Acknowledged only once watchers have it.
  std::vector<Event> events = recorder.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, Event::Type::kPut);
  EXPECT_EQ(events[0].kv.create_revision, created);
  EXPECT_EQ(events[0].prev_revision, 0);
  EXPECT_EQ(events[1].kv.value, "two");
  EXPECT_EQ(events[1].prev_revision, created);
  EXPECT_EQ(events[2].type, Event::Type::kDelete);
  EXPECT_EQ(events[2].kv.value, "two");
  EXPECT_EQ(events[2].kv.create_revision, created);
  EXPECT_EQ(events[2].kv.mod_revision, *deleted);
  EXPECT_EQ(events[2].prev_revision, *updated);
}

TEST_F(EtcdStoreTest, WatchFromBeforeTheStoreOpenedIsExpired) {
  int64_t before = MustCreate("old", "v");
  std::unique_ptr<Store> later = Open();
  ASSERT_NE(later, nullptr);
  Recorder recorder;
  Status status = later->Watch(K(""), before - 1, recorder.Callback()).status();
  EXPECT_TRUE(status.IsExpired()) << status.ToString();
  EXPECT_TRUE(later->Watch(K(""), later->CurrentRevision(), recorder.Callback()).ok());
}

TEST_F(EtcdStoreTest, TwoStoresOnOneEtcdSeeEachOthersWrites) {
  std::unique_ptr<Store> other = Open();
  ASSERT_NE(other, nullptr);
  Recorder seen_by_other;
  auto watch = other->Watch(K(""), other->CurrentRevision(), seen_by_other.Callback());
  ASSERT_TRUE(watch.ok());
  int64_t rev = MustCreate("shared", "v");
  ASSERT_TRUE(seen_by_other.WaitFor(1));
  EXPECT_EQ(seen_by_other.revisions(), (std::vector<int64_t>{rev}));
  // Optimistic concurrency across stores.
  Status lost = other->Update(K("shared"), "w", rev - 1).status();
  EXPECT_TRUE(lost.IsConflict()) << lost.ToString();
  EXPECT_TRUE(other->Update(K("shared"), "w", rev).ok());
}

TEST_F(EtcdStoreTest, WritingFromACallbackFailsInsteadOfDeadlocking) {
  Status inner;
  std::atomic<bool> called{false};
  auto watch = store_->Watch(K("a"), store_->CurrentRevision(), [&](const std::vector<Event>&) {
    inner = store_->Create(K("b"), "v").status();
    called = true;
  });
  ASSERT_TRUE(watch.ok());
  MustCreate("a", "v");
  EXPECT_TRUE(called.load());
  EXPECT_FALSE(inner.ok());
  EXPECT_TRUE(store_->Get(K("b")).status().IsNotFound());
}

}  // namespace
}  // namespace stead::store
