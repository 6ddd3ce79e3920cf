// The etcd Store backend: the cluster state in an etcd v3 cluster (etcd >=
// 3.4, through its JSON gateway, see etcd_client.h), so that several `stead
// server` processes — on one machine or many — share one cluster.
//
// Mapping: a Store key is an etcd key; revisions are etcd's (every write in
// etcd, by any process, advances them, so one process sees gaps between its
// own revisions — the Store contract only asks for monotonic revisions).
// Create/Update/Delete are single transactions whose compare is the
// precondition (create_revision == 0, mod_revision == expected, or
// create_revision > 0 for unconditional writes); a failed compare reads the
// key in the same transaction so the error is worded exactly as the other
// backends word it. Get/List are ranges (List at a revision, paginated by
// key with `limit`, as the Kubernetes API server does on etcd).
//
// Watching: the store keeps ONE etcd watch on its key space (with prev_kv),
// started at the revision it opened at; its events are fanned out to the
// store's watchers through the shared WatchHub and remembered in a bounded
// in-process history, from which Watch() replays. A watch from before that
// window (older than the process or trimmed) gets 410 Expired, which
// clients answer by relisting, as with a compacted revision. A write is
// acknowledged only after the watch delivered its revision, so a caller that
// saw a write succeed sees it in any watch-fed cache (the Store contract).
// If etcd drops the stream, the store resumes it from the last revision it
// saw; if etcd compacted that revision meanwhile the store stops accepting
// writes (its caches can no longer be trusted) and says so.
//
// Compaction: every `compaction_interval` the store compacts etcd to the
// revision it saw one interval earlier (kube-apiserver's default policy:
// five minutes of history). Thread-safe; see store.h for the semantics.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace stead::store {

struct EtcdOptions {
  // Client URLs, e.g. {"http://127.0.0.1:2379"}.
  std::vector<std::string> endpoints;
  // The keys this store sees and watches (List with an empty prefix lists
  // these); other users of the same etcd are left alone.
  std::string key_space = "/registry/";
  std::chrono::milliseconds compaction_interval = std::chrono::minutes(5);
  // Events kept in process for Watch() replay.
  int64_t history_events = 100000;
  // How long a write waits for its own event before it is acknowledged anyway.
  std::chrono::milliseconds visibility_timeout = std::chrono::seconds(10);
};

class EtcdStore {
 public:
  EtcdStore() = delete;
  static Result<std::unique_ptr<Store>> Open(const EtcdOptions& options);
};

}  // namespace stead::store
