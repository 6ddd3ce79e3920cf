// SQLite backend specifics: persistence across reopen, exclusive ownership,
// group commit, crash safety and bounded growth under churn.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "unit/store/store_test_util.h"

namespace stead::store {
namespace {

using testing::Range;
using testing::Recorder;
using testing::TempDir;

SqliteOptions Options(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  options.compaction_interval = std::chrono::milliseconds(0);
  return options;
}

std::unique_ptr<Store> MustOpen(const SqliteOptions& options) {
  Result<std::unique_ptr<Store>> store = SqliteStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Runs one statement on the file behind the store's back.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, ReopenResumesRevisionAndData) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  {
    auto store = MustOpen(Options(path));
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Create("/a", "a1").ok());
    ASSERT_TRUE(store->Create("/b", "b1").ok());
    ASSERT_TRUE(store->Update("/a", "a2", 1).ok());
    ASSERT_TRUE(store->Delete("/b", 0).ok());  // rev 4
    // Compacting the tombstone away leaves no row at the newest revision:
    // the counter must still not go back.
    ASSERT_TRUE(store->Compact(4).ok());
  }
  auto store = MustOpen(Options(path));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->CurrentRevision(), 4);
  EXPECT_EQ(store->CompactedRevision(), 4);
  Result<KeyValue> a = store->Get("/a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value, "a2");
  EXPECT_EQ(a->create_revision, 1);
  EXPECT_EQ(a->mod_revision, 3);
  EXPECT_TRUE(store->Get("/b").status().IsNotFound());
  EXPECT_EQ(store->Stats().keys, 1);
  EXPECT_EQ(*store->Create("/c", "c1"), 5);
  EXPECT_TRUE(store->Update("/a", "a3", 1).status().IsConflict());
}

TEST(SqliteStoreTest, ReopenKeepsHistory) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  {
    auto store = MustOpen(Options(path));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->Create("/k/" + std::to_string(i), "v").ok());
    ASSERT_TRUE(store->Update("/k/0", "changed", 0).ok());
  }
  auto store = MustOpen(Options(path));
  Result<ListResult> old = store->List({.revision = 3});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->kvs.size(), 3u);
  EXPECT_EQ(old->kvs[0].value, "v");
  Recorder recorder;
  auto watch = store->Watch("/k/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());
  ASSERT_TRUE(recorder.WaitFor(6));
  EXPECT_EQ(recorder.revisions(), Range(1, 6));
}

TEST(SqliteStoreTest, SecondOpenOfTheSameFileFails) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  auto store = MustOpen(Options(path));
  ASSERT_NE(store, nullptr);
  Result<std::unique_ptr<Store>> second = SqliteStore::Open(Options(path));
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use by another"), std::string::npos)
      << second.status().ToString();
  store.reset();
  EXPECT_TRUE(SqliteStore::Open(Options(path)).ok());
}

TEST(SqliteStoreTest, OpenFailsForAnUnusablePath) {
  TempDir dir;
  Result<std::unique_ptr<Store>> store = SqliteStore::Open(Options(dir.File("missing/state.db")));
  EXPECT_FALSE(store.ok());
}

TEST(SqliteStoreTest, ConcurrentWritersGetUniqueContiguousRevisions) {
  constexpr int kThreads = 32;
  constexpr int kWritesPerThread = 200;
  TempDir dir;
  auto store = MustOpen(Options(dir.File("state.db")));
  Recorder recorder;
  auto watch = store->Watch("/", 0, recorder.Callback());
  ASSERT_TRUE(watch.ok());

  std::vector<std::vector<int64_t>> revisions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string counter = "/counter/" + std::to_string(t);
      for (int i = 0; i < kWritesPerThread; ++i) {
        Result<int64_t> rev = i == 0
                                  ? store->Create(counter, "0")
                                  : store->Update(counter, std::to_string(i), revisions[t].back());
        ASSERT_TRUE(rev.ok()) << rev.status().ToString();
        revisions[t].push_back(*rev);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::vector<int64_t> all;
  for (const auto& per_thread : revisions) {
    EXPECT_TRUE(std::is_sorted(per_thread.begin(), per_thread.end()));
    all.insert(all.end(), per_thread.begin(), per_thread.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, Range(1, kThreads * kWritesPerThread));
  EXPECT_EQ(store->CurrentRevision(), kThreads * kWritesPerThread);
  // The watcher already has everything: callbacks ran before the acks.
  EXPECT_EQ(recorder.revisions(), Range(1, kThreads * kWritesPerThread));
  for (int t = 0; t < kThreads; ++t) {
    Result<KeyValue> kv = store->Get("/counter/" + std::to_string(t));
    ASSERT_TRUE(kv.ok());
    EXPECT_EQ(kv->value, std::to_string(kWritesPerThread - 1));
    EXPECT_EQ(kv->mod_revision, revisions[t].back());
  }
}

// What the crash child reports through the pipe after each acknowledged
// pair of writes. Small enough for atomic pipe writes.
struct Ack {
  int32_t thread;
  int32_t seq;
  int64_t create_revision;   // of /crash/<round>/<thread>/<seq>
  int64_t counter_revision;  // of /counter/<thread>, now holding <seq>
};

std::string Payload(int round, int thread, int seq) {
  std::string value = "round=" + std::to_string(round) + " thread=" + std::to_string(thread) +
                      " seq=" + std::to_string(seq) + " ";
  // Large enough that a torn write would be visible (spans pages).
  while (value.size() < 6000) value += static_cast<char>('a' + (value.size() * 7 + seq) % 26);
  return value;
}

std::string CrashKey(int round, int thread, int seq) {
  return "/crash/" + std::to_string(round) + "/" + std::to_string(thread) + "/" +
         std::to_string(seq);
}

// Child process body: writes until killed, reporting every acknowledgement.
[[noreturn]] void RunCrashChild(const std::string& path, int round, int fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  SqliteOptions options = Options(path);
  // Compaction runs constantly so the kill can also land inside it.
  options.compaction_interval = std::chrono::milliseconds(2);
  options.compaction_keep_revisions = 20;
  options.compaction_step_revisions = 7;
  Result<std::unique_ptr<Store>> opened = SqliteStore::Open(options);
  if (!opened.ok()) _exit(2);
  std::unique_ptr<Store> store = std::move(opened).value();
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string counter = "/counter/" + std::to_string(t);
      Result<KeyValue> existing = store->Get(counter);
      int64_t counter_revision = existing.ok() ? existing->mod_revision : 0;
      for (int seq = 0; seq < 1000000; ++seq) {
        Result<int64_t> created = store->Create(CrashKey(round, t, seq), Payload(round, t, seq));
        if (!created.ok()) _exit(3);
        Result<int64_t> counted =
            counter_revision == 0 ? store->Create(counter, std::to_string(seq))
                                  : store->Update(counter, std::to_string(seq), counter_revision);
        if (!counted.ok()) _exit(4);
        counter_revision = *counted;
        Ack ack{t, seq, *created, *counted};
        if (write(fd, &ack, sizeof(ack)) != sizeof(ack)) _exit(5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  _exit(0);
}

TEST(SqliteStoreCrashTest, KillNineLosesNothingAcknowledged) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  int64_t last_revision = 0;
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      RunCrashChild(path, round, fds[1]);
    }
    close(fds[1]);

    // Let it run for a while, then kill it mid-stream.
    std::vector<Ack> acks;
    const size_t kill_after = 150 + 100 * round;
    Ack ack;
    bool killed = false;
    while (true) {
      ssize_t n = read(fds[0], &ack, sizeof(ack));
      if (n == 0) break;
      if (n < 0 && errno == EINTR) continue;
      ASSERT_EQ(n, static_cast<ssize_t>(sizeof(ack)));
      acks.push_back(ack);
      if (!killed && acks.size() >= kill_after) {
        ASSERT_EQ(kill(pid, SIGKILL), 0);
        killed = true;
      }
    }
    close(fds[0]);
    int wait_status = 0;
    ASSERT_EQ(waitpid(pid, &wait_status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);

    auto store = MustOpen(Options(path));
    ASSERT_NE(store, nullptr);
    const int64_t revision = store->CurrentRevision();
    std::map<int, Ack> last_per_thread;
    for (const Ack& a : acks) {
      Result<KeyValue> kv = store->Get(CrashKey(round, a.thread, a.seq));
      ASSERT_TRUE(kv.ok()) << "lost acknowledged write " << a.thread << "/" << a.seq;
      EXPECT_EQ(kv->mod_revision, a.create_revision);
      EXPECT_EQ(kv->value, Payload(round, a.thread, a.seq));
      EXPECT_LE(a.counter_revision, revision);
      EXPECT_GT(a.create_revision, last_revision);
      last_per_thread[a.thread] = a;
    }
    for (const auto& [thread, a] : last_per_thread) {
      Result<KeyValue> counter = store->Get("/counter/" + std::to_string(thread));
      ASSERT_TRUE(counter.ok());
      // The write after the last acknowledged one may or may not have landed.
      int seq = std::stoi(counter->value);
      EXPECT_GE(seq, a.seq);
      EXPECT_LE(seq, a.seq + 1);
      if (seq == a.seq) {
        EXPECT_EQ(counter->mod_revision, a.counter_revision);
      }
    }
    // Nothing half-written: every object of this round is complete.
    Result<ListResult> written = store->List({.prefix = "/crash/" + std::to_string(round) + "/"});
    ASSERT_TRUE(written.ok());
    EXPECT_GE(written->kvs.size(), acks.size());
    for (const KeyValue& kv : written->kvs) {
      int thread = 0, seq = 0;
      ASSERT_EQ(std::sscanf(kv.key.c_str() + kv.key.rfind('/', kv.key.rfind('/') - 1), "/%d/%d",
                            &thread, &seq),
                2)
          << kv.key;
      EXPECT_EQ(kv.value, Payload(round, thread, seq)) << kv.key;
    }
    EXPECT_EQ(*store->Create("/after-crash/" + std::to_string(round), "x"), revision + 1);
    last_revision = revision + 1;
  }
}

// Runs body(thread, i) for i in [0, per_thread) on `threads` threads, so
// group commit shares the fsyncs.
template <typename Body>
void InParallel(int threads, int per_thread, Body body) {
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) body(t, i);
    });
  }
  for (auto& thread : running) thread.join();
}

TEST(SqliteStoreTest, FileStaysBoundedUnderChurnWithCompaction) {
  TempDir dir;
  auto store = MustOpen(Options(dir.File("state.db")));
  const std::string value(4096, 'x');
  constexpr int kKeys = 64;
  constexpr int kThreads = 16;
  constexpr int kWritesPerThread = 30;
  InParallel(kThreads, kKeys / kThreads, [&](int t, int i) {
    ASSERT_TRUE(store->Create("/k/" + std::to_string(t * kKeys / kThreads + i), value).ok());
  });
  auto churn = [&](int rounds) {
    for (int round = 0; round < rounds; ++round) {
      InParallel(kThreads, kWritesPerThread, [&](int t, int i) {
        ASSERT_TRUE(store->Update("/k/" + std::to_string((t * 7 + i) % kKeys), value, 0).ok());
      });
      ASSERT_TRUE(store->Compact(store->CurrentRevision() - 100).ok());
    }
  };
  churn(6);
  const int64_t warm = store->Stats().db_size_bytes;
  churn(18);
  StoreStats stats = store->Stats();
  constexpr int64_t kWrites = 24 * kThreads * kWritesPerThread;
  EXPECT_EQ(stats.revision, kKeys + kWrites);
  EXPECT_EQ(stats.keys, kKeys);
  EXPECT_LE(stats.history_rows, kKeys + 100);
  // Without compaction the file would hold every version: > 45 MiB.
  EXPECT_LT(stats.db_size_bytes, warm + warm / 2) << "warm " << warm;
  EXPECT_LT(stats.db_size_bytes, 20 << 20);
}

TEST(SqliteStoreTest, CompactionReturnsSpaceAfterMassDelete) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  auto store = MustOpen(Options(path));
  const std::string value(4096, 'y');
  InParallel(16, 125, [&](int t, int i) {
    ASSERT_TRUE(store->Create("/k/" + std::to_string(t * 125 + i), value).ok());
  });
  EXPECT_EQ(store->Stats().history_rows, 2000);
  EXPECT_GT(std::filesystem::file_size(path) + std::filesystem::file_size(path + "-wal"), 8u << 20);
  InParallel(16, 125, [&](int t, int i) {
    ASSERT_TRUE(store->Delete("/k/" + std::to_string(t * 125 + i), 0).ok());
  });
  ASSERT_TRUE(store->Compact(store->CurrentRevision()).ok());
  EXPECT_EQ(store->Stats().history_rows, 0);
  EXPECT_EQ(store->Stats().keys, 0);
  // The main file gives the space back.
  EXPECT_LT(std::filesystem::file_size(path), 1u << 20);
}

TEST(SqliteStoreTest, BackgroundCompactorKeepsRecentRevisions) {
  TempDir dir;
  SqliteOptions options = Options(dir.File("state.db"));
  options.compaction_interval = std::chrono::milliseconds(5);
  options.compaction_keep_revisions = 10;
  auto store = MustOpen(options);
  ASSERT_TRUE(store->Create("/k", "0").ok());
  for (int i = 1; i < 50; ++i) ASSERT_TRUE(store->Update("/k", std::to_string(i), 0).ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (store->CompactedRevision() < 40 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(store->CompactedRevision(), 40);
  EXPECT_TRUE(store->List({.revision = 39}).status().IsExpired());
  EXPECT_TRUE(store->List({.revision = 40}).ok());
  EXPECT_EQ(store->Get("/k")->value, "49");
}

TEST(SqliteStoreTest, InterruptedCompactionResumes) {
  TempDir dir;
  const std::string path = dir.File("state.db");
  {
    auto store = MustOpen(Options(path));
    ASSERT_TRUE(store->Create("/k", "0").ok());
    for (int i = 1; i < 10; ++i) ASSERT_TRUE(store->Update("/k", std::to_string(i), 0).ok());
  }
  // As if a crash hit after compaction recorded its revision but before it
  // deleted anything.
  RawExec(path, "INSERT INTO meta (key, value) VALUES ('compact_rev', 8)");
  auto store = MustOpen(Options(path));
  EXPECT_EQ(store->CompactedRevision(), 8);
  EXPECT_EQ(store->Stats().history_rows, 10);
  ASSERT_TRUE(store->Compact(0).ok());
  EXPECT_EQ(store->Stats().history_rows, 3);
  EXPECT_EQ(store->CompactedRevision(), 8);
}

}  // namespace
}  // namespace stead::store
