#include "store/etcd/etcd_store.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/base64.h"
#include "core/log.h"
#include "store/committer.h"
#include "store/etcd/etcd_client.h"
#include "store/watch_hub.h"

namespace stead::store {

namespace {

using etcd::EtcdClient;
using etcd::EtcdError;

constexpr char kLog[] = "etcd";

int64_t Int(const Json& j, const char* field) {
  if (!j.is_object() || !j.contains(field)) return 0;
  const Json& v = j[field];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    try {
      return std::stoll(v.get<std::string>());
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

std::string Bytes(const Json& j, const char* field) {
  std::string text = GetString(j, {field});
  if (text.empty()) return "";
  auto decoded = Base64Decode(text);
  return decoded.ok() ? *decoded : "";
}

KeyValue FromEtcd(const Json& kv) {
  return KeyValue{Bytes(kv, "key"), Bytes(kv, "value"), Int(kv, "create_revision"),
                  Int(kv, "mod_revision")};
}

// The range end covering every key with `prefix` ("\0": no upper bound).
std::string RangeEnd(std::string_view prefix) {
  std::string end = PrefixEnd(prefix);
  return end.empty() ? std::string(1, '\0') : end;
}

bool Compacted(const EtcdError& e) { return e.message.find("compacted") != std::string::npos; }
bool Future(const EtcdError& e) { return e.message.find("future revision") != std::string::npos; }

class EtcdStoreImpl final : public Store {
 public:
  EtcdStoreImpl(const EtcdOptions& options, std::unique_ptr<EtcdClient> client, int64_t revision)
      : options_(options),
        client_(std::move(client)),
        hub_(std::make_shared<WatchHub>(revision, [this] { RequestDelivery(); })),
        history_start_(revision),
        last_received_(revision),
        delivered_(revision) {
    delivery_ = std::thread([this] { DeliveryLoop(); });
    hub_->SetDeliveryThread(delivery_.get_id());
    maintenance_ = std::thread([this] { MaintenanceLoop(); });
  }

  ~EtcdStoreImpl() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (maintenance_.joinable()) maintenance_.join();
    std::unique_ptr<EtcdClient::Stream> stream;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream = std::move(stream_);
    }
    if (stream) stream->Cancel();
    if (delivery_.joinable()) delivery_.join();
  }

  // Opens the key-space watch from the last revision received.
  Status OpenWatch() {
    int64_t from;
    {
      std::lock_guard<std::mutex> lock(mu_);
      from = last_received_ + 1;
    }
    Json request = {{"create_request",
                     {{"key", Base64Encode(options_.key_space)},
                      {"range_end", Base64Encode(RangeEnd(options_.key_space))},
                      {"start_revision", std::to_string(from)},
                      {"prev_kv", true}}}};
    STEAD_ASSIGN_OR_RETURN(
        std::unique_ptr<EtcdClient::Stream> stream,
        client_->OpenStream(
            "/v3/watch", request, [this](const Json& message) { OnWatchMessage(message); },
            [this](const Status& end) { OnWatchEnd(end); }));
    std::lock_guard<std::mutex> lock(mu_);
    stream_ = std::move(stream);
    stream_down_ = false;
    return Status::OK();
  }

  Result<int64_t> Create(std::string_view key, std::string_view value) override {
    return Write(WriteOp::Create(key, value));
  }
  Result<int64_t> Update(std::string_view key, std::string_view value,
                         int64_t expected_mod_revision) override {
    return Write(WriteOp::Update(key, value, expected_mod_revision));
  }
  Result<int64_t> Delete(std::string_view key, int64_t expected_mod_revision) override {
    return Write(WriteOp::Delete(key, expected_mod_revision));
  }

  Result<KeyValue> Get(std::string_view key) override {
    STEAD_ASSIGN_OR_RETURN(Json resp,
                           client_->Call("/v3/kv/range", {{"key", Base64Encode(key)}}));
    const Json* kvs = Lookup(resp, {"kvs"});
    if (kvs == nullptr || !kvs->is_array() || kvs->empty())
      return Status::NotFound("key \"" + std::string(key) + "\" not found");
    return FromEtcd((*kvs)[0]);
  }

  Result<ListResult> List(const ListOptions& options) override {
    std::string prefix = options.prefix.empty() ? options_.key_space : options.prefix;
    std::string from = std::max(prefix, options.start_key);
    Json request = {{"key", Base64Encode(from)}, {"range_end", Base64Encode(RangeEnd(prefix))}};
    if (options.limit > 0) request["limit"] = std::to_string(options.limit);
    if (options.revision > 0) request["revision"] = std::to_string(options.revision);
    EtcdError error;
    auto resp = client_->Call("/v3/kv/range", request, &error);
    if (!resp.ok()) {
      if (Compacted(error)) return ExpiredListError();
      if (Future(error)) return TooLargeRevisionError(options.revision, EtcdRevision());
      return resp.status();
    }
    ListResult result;
    result.revision = options.revision > 0 ? options.revision : Int((*resp)["header"], "revision");
    if (const Json* kvs = Lookup(*resp, {"kvs"}); kvs && kvs->is_array()) {
      result.kvs.reserve(kvs->size());
      for (const Json& kv : *kvs) result.kvs.push_back(FromEtcd(kv));
    }
    result.more = GetBool(*resp, {"more"});
    return result;
  }

  Result<std::unique_ptr<WatchHandle>> Watch(std::string_view prefix, int64_t after_revision,
                                             EventsCallback callback) override {
    std::string effective = prefix.empty() ? options_.key_space : std::string(prefix);
    WatchHub::Registration reg = hub_->Register(effective, after_revision, std::move(callback));
    std::vector<Event> history;
    {
      std::lock_guard<std::mutex> lock(history_mu_);
      if (after_revision < history_start_ && after_revision < reg.live_from) {
        hub_->Abandon(reg.watcher);
        return ExpiredWatchError();
      }
      auto first = std::upper_bound(
          history_.begin(), history_.end(), after_revision,
          [](int64_t rev, const Event& e) { return rev < e.kv.mod_revision; });
      for (auto it = first; it != history_.end() && it->kv.mod_revision <= reg.live_from; ++it) {
        if (it->kv.key.starts_with(effective)) history.push_back(*it);
      }
    }
    return hub_->Activate(reg.watcher, std::move(history));
  }

  int64_t CurrentRevision() override { return hub_->revision(); }

  int64_t CompactedRevision() override {
    std::lock_guard<std::mutex> lock(mu_);
    return compacted_;
  }

  Status Compact(int64_t revision) override {
    int64_t current = EtcdRevision();
    if (revision > current) return TooLargeRevisionError(revision, current);
    EtcdError error;
    auto resp = client_->Call("/v3/kv/compaction", {{"revision", std::to_string(revision)}},
                              &error);
    if (!resp.ok() && !Compacted(error)) return resp.status();
    std::lock_guard<std::mutex> lock(mu_);
    compacted_ = std::max(compacted_, revision);
    return Status::OK();
  }

  StoreStats Stats() override {
    StoreStats stats;
    stats.revision = CurrentRevision();
    stats.compacted_revision = CompactedRevision();
    auto count = client_->Call("/v3/kv/range", {{"key", Base64Encode(options_.key_space)},
                                                {"range_end", Base64Encode(RangeEnd(options_.key_space))},
                                                {"count_only", true}});
    if (count.ok()) stats.keys = Int(*count, "count");
    {
      std::lock_guard<std::mutex> lock(history_mu_);
      stats.history_rows = static_cast<int64_t>(history_.size());
    }
    auto status = client_->Call("/v3/maintenance/status", Json::object());
    if (status.ok()) stats.db_size_bytes = Int(*status, "dbSize");
    return stats;
  }

 private:
  // etcd's current revision (of the whole etcd, not only our key space).
  int64_t EtcdRevision() {
    auto resp = client_->Call("/v3/kv/range", {{"key", Base64Encode(options_.key_space)},
                                               {"count_only", true}});
    return resp.ok() ? Int((*resp)["header"], "revision") : CurrentRevision();
  }

  static Json Compare(const WriteOp& op) {
    Json key = Base64Encode(op.key);
    if (op.kind == WriteOp::Kind::kCreate)
      return {{"key", key}, {"target", "CREATE"}, {"result", "EQUAL"}, {"create_revision", "0"}};
    if (op.expected_mod_revision > 0)
      return {{"key", key},
              {"target", "MOD"},
              {"result", "EQUAL"},
              {"mod_revision", std::to_string(op.expected_mod_revision)}};
    return {{"key", key}, {"target", "CREATE"}, {"result", "GREATER"}, {"create_revision", "0"}};
  }

  Result<int64_t> Write(WriteOp op) {
    if (std::this_thread::get_id() == delivery_.get_id())
      return Status::Internal("store write from inside a watch callback");
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!broken_.ok()) return broken_;
      if (stopping_) return Status::ServiceUnavailable("store is shutting down");
    }
    Json key = Base64Encode(op.key);
    Json success = op.kind == WriteOp::Kind::kDelete
                       ? Json{{"request_delete_range", {{"key", key}}}}
                       : Json{{"request_put", {{"key", key}, {"value", Base64Encode(op.value)}}}};
    Json txn = {{"compare", Json::array({Compare(op)})},
                {"success", Json::array({success})},
                {"failure", Json::array({{{"request_range", {{"key", key}}}}})}};
    STEAD_ASSIGN_OR_RETURN(Json resp, client_->Call("/v3/kv/txn", txn));
    if (!GetBool(resp, {"succeeded"})) {
      std::optional<KeyValue> latest;
      const Json* kvs = Lookup(resp, {"responses"});
      if (kvs && kvs->is_array() && !kvs->empty()) {
        const Json* found = Lookup((*kvs)[0], {"response_range", "kvs"});
        if (found && found->is_array() && !found->empty()) latest = FromEtcd((*found)[0]);
      }
      Status status = CheckPrecondition(op, latest ? &*latest : nullptr);
      if (status.ok()) status = Status::Conflict("key \"" + op.key + "\" changed concurrently");
      return status;
    }
    int64_t revision = Int(resp["header"], "revision");
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, options_.visibility_timeout,
                      [&] { return delivered_ >= revision || stopping_; })) {
      LOG_WARN(kLog, "write acknowledged before its watch event arrived",
               {{"revision", revision}, {"delivered", delivered_}});
    }
    return revision;
  }

  // ---- the key-space watch ----

  void OnWatchMessage(const Json& message) {
    const Json* result = Lookup(message, {"result"});
    if (result == nullptr) {
      LOG_ERROR(kLog, "watch error", {{"message", GetString(message, {"error", "message"})}});
      return;
    }
    if (GetBool(*result, {"canceled"})) {
      int64_t compact = Int(*result, "compact_revision");
      std::lock_guard<std::mutex> lock(mu_);
      if (compact > 0) {
        broken_ = Status::ServiceUnavailable(
            "etcd compacted revision " + std::to_string(compact) +
            " before this server saw it; restart the server to resynchronize");
        LOG_ERROR(kLog, "watch history lost", {{"compact_revision", compact}});
      }
      stream_down_ = true;
      cv_.notify_all();
      return;
    }
    const Json* events = Lookup(*result, {"events"});
    if (events == nullptr || !events->is_array() || events->empty()) return;
    std::vector<Event> batch;
    batch.reserve(events->size());
    for (const Json& e : *events) {
      const Json& kv = e["kv"];
      const Json* prev = Lookup(e, {"prev_kv"});
      Event event;
      if (GetString(e, {"type"}) == "DELETE") {
        event.type = Event::Type::kDelete;
        event.kv.key = Bytes(kv, "key");
        event.kv.mod_revision = Int(kv, "mod_revision");
        if (prev) {
          event.kv.value = Bytes(*prev, "value");
          event.kv.create_revision = Int(*prev, "create_revision");
        }
      } else {
        event.kv = FromEtcd(kv);
      }
      event.prev_revision = prev ? Int(*prev, "mod_revision") : 0;
      batch.push_back(std::move(event));
    }
    std::lock_guard<std::mutex> lock(mu_);
    last_received_ = batch.back().kv.mod_revision;
    incoming_.push_back(std::move(batch));
    cv_.notify_all();
  }

  void OnWatchEnd(const Status& end) {
    LOG_WARN(kLog, "watch stream ended; resuming", {{"error", end.message()}});
    std::lock_guard<std::mutex> lock(mu_);
    stream_down_ = true;
    cv_.notify_all();
  }

  void RequestDelivery() {
    std::lock_guard<std::mutex> lock(mu_);
    deliver_requested_ = true;
    cv_.notify_all();
  }

  void DeliveryLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || deliver_requested_ || !incoming_.empty(); });
      if (stopping_ && incoming_.empty()) break;
      std::deque<std::vector<Event>> batches;
      batches.swap(incoming_);
      deliver_requested_ = false;
      lock.unlock();
      int64_t last = 0;
      for (std::vector<Event>& batch : batches) {
        last = batch.back().kv.mod_revision;
        Remember(batch);
        hub_->Publish(last, batch);
      }
      hub_->Deliver();
      lock.lock();
      if (last > delivered_) delivered_ = last;
      cv_.notify_all();
    }
  }

  void Remember(const std::vector<Event>& batch) {
    std::lock_guard<std::mutex> lock(history_mu_);
    history_.insert(history_.end(), batch.begin(), batch.end());
    while (static_cast<int64_t>(history_.size()) > options_.history_events) {
      history_start_ = history_.front().kv.mod_revision;
      history_.pop_front();
    }
  }

  // Resumes a dropped watch and runs the periodic compaction.
  void MaintenanceLoop() {
    auto next_compaction = std::chrono::steady_clock::now() + options_.compaction_interval;
    int64_t compact_to = 0;  // the revision seen one interval ago
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_ || stream_down_; });
      if (stopping_) break;
      if (stream_down_ && broken_.ok()) {
        lock.unlock();
        Status s = OpenWatch();
        if (!s.ok()) LOG_WARN(kLog, "cannot resume watch", {{"error", s.message()}});
        lock.lock();
        if (!s.ok()) cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; });
      }
      if (options_.compaction_interval.count() > 0 &&
          std::chrono::steady_clock::now() >= next_compaction) {
        next_compaction = std::chrono::steady_clock::now() + options_.compaction_interval;
        lock.unlock();
        if (compact_to > 0) {
          Status s = Compact(compact_to);
          if (s.ok()) {
            LOG_INFO(kLog, "compacted", {{"revision", compact_to}});
          } else {
            LOG_WARN(kLog, "compaction failed", {{"error", s.message()}});
          }
        }
        compact_to = EtcdRevision();
        lock.lock();
      }
    }
  }

  const EtcdOptions options_;
  const std::unique_ptr<EtcdClient> client_;
  const std::shared_ptr<WatchHub> hub_;

  std::mutex history_mu_;
  std::deque<Event> history_;  // guarded by history_mu_; revision order
  int64_t history_start_;      // guarded by history_mu_; history_ has every event after it

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  std::unique_ptr<EtcdClient::Stream> stream_;
  bool stream_down_ = false;
  int64_t last_received_;
  int64_t delivered_;
  std::deque<std::vector<Event>> incoming_;
  bool deliver_requested_ = false;
  bool stopping_ = false;
  int64_t compacted_ = 0;
  Status broken_;

  std::thread delivery_;
  std::thread maintenance_;
};

}  // namespace

Result<std::unique_ptr<Store>> EtcdStore::Open(const EtcdOptions& options) {
  STEAD_ASSIGN_OR_RETURN(std::unique_ptr<EtcdClient> client,
                         EtcdClient::Create(options.endpoints));
  STEAD_ASSIGN_OR_RETURN(
      Json head, client->Call("/v3/kv/range", {{"key", Base64Encode(options.key_space)},
                                               {"count_only", true}}));
  int64_t revision = Int(head["header"], "revision");
  auto store = std::make_unique<EtcdStoreImpl>(options, std::move(client), revision);
  STEAD_RETURN_IF_ERROR(store->OpenWatch());
  LOG_INFO(kLog, "connected", {{"revision", revision}, {"key_space", options.key_space}});
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace stead::store
