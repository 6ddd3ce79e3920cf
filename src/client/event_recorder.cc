#include "client/event_recorder.h"

#include <cstdio>
#include <list>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>

#include "client/rate_limiter.h"
#include "core/log.h"

namespace stead::client {

namespace {

// A bounded map that forgets its least recently used entry.
template <typename V>
class Lru {
 public:
  explicit Lru(size_t capacity) : capacity_(capacity) {}

  V* Get(const std::string& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return &it->second->second;
  }
  void Put(const std::string& key, V value) {
    if (V* existing = Get(key)) {
      *existing = std::move(value);
      return;
    }
    order_.emplace_front(key, std::move(value));
    index_[key] = order_.begin();
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

 private:
  const size_t capacity_;
  std::list<std::pair<std::string, V>> order_;
  std::unordered_map<std::string, typename std::list<std::pair<std::string, V>>::iterator> index_;
};

std::string Join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts) {
    out += p;
    out += '\x1f';
  }
  return out;
}

std::string Involved(const Json& ev, std::string_view field) {
  return GetString(ev, {"involvedObject", field});
}

// Source, object, type, reason and message: identical events.
std::string EventKey(const Json& ev) {
  return Join({GetString(ev, {"source", "component"}), GetString(ev, {"source", "host"}),
               Involved(ev, "kind"), Involved(ev, "namespace"), Involved(ev, "name"),
               Involved(ev, "fieldPath"), Involved(ev, "uid"), Involved(ev, "apiVersion"),
               GetString(ev, {"type"}), GetString(ev, {"reason"}), GetString(ev, {"message"})});
}

// Source and object: the unit of spam filtering.
std::string SpamKey(const Json& ev) {
  return Join({GetString(ev, {"source", "component"}), GetString(ev, {"source", "host"}),
               Involved(ev, "kind"), Involved(ev, "namespace"), Involved(ev, "name"),
               Involved(ev, "uid"), Involved(ev, "apiVersion")});
}

// Everything but the message: similar events.
std::string AggregateKey(const Json& ev) {
  return Join({GetString(ev, {"source", "component"}), GetString(ev, {"source", "host"}),
               Involved(ev, "kind"), Involved(ev, "namespace"), Involved(ev, "name"),
               Involved(ev, "uid"), Involved(ev, "apiVersion"), GetString(ev, {"type"}),
               GetString(ev, {"reason"}), GetString(ev, {"reportingComponent"}),
               GetString(ev, {"reportingInstance"})});
}

bool Retryable(const Status& s) { return s.http_code() >= 500 || s.http_code() == 429; }

}  // namespace

// client-go's EventCorrelator: aggregation of similar events, counting of
// identical ones, and the per-object spam filter. Writer thread only.
class EventBroadcaster::Correlator {
 public:
  struct Result {
    Json event;
    std::string patch;  // non-empty: patch the existing event
    bool skip = false;
  };

  Correlator(EventBroadcaster* owner, const Options& options)
      : owner_(owner),
        options_(options),
        spam_(options.lru_size),
        aggregates_(options.lru_size),
        observed_(options.lru_size) {}

  Result Correlate(Json event) {
    std::string key = Aggregate(event);
    Result r = Observe(std::move(event), key);
    r.skip = Spam(r.event);
    return r;
  }

  // Remembers what the server stored (name, resourceVersion, count).
  void UpdateState(const Json& stored) { observed_.Put(EventKey(stored), Observation(stored)); }

 private:
  struct AggregateRecord {
    std::set<std::string> messages;
    SystemTime last{};
  };
  struct Observation {
    Observation() = default;
    explicit Observation(const Json& ev)
        : count(GetInt(ev, {"count"})),
          first_timestamp(GetString(ev, {"firstTimestamp"})),
          name(MetaName(ev)),
          resource_version(MetaResourceVersion(ev)) {}
    int64_t count = 0;
    std::string first_timestamp;
    std::string name;
    std::string resource_version;
  };

  // Returns the key under which the (possibly replaced) event is counted.
  std::string Aggregate(Json& event) {
    SystemTime now = owner_->clock_->Now();
    std::string key = AggregateKey(event);
    AggregateRecord record;
    if (AggregateRecord* found = aggregates_.Get(key)) record = *found;
    if (now - record.last > options_.aggregate_interval) record = AggregateRecord{};
    record.messages.insert(GetString(event, {"message"}));
    record.last = now;
    bool combine = record.messages.size() >= options_.aggregate_max_events;
    if (combine) record.messages.erase(record.messages.begin());
    aggregates_.Put(key, record);
    if (!combine) return EventKey(event);
    Json combined = {
        {"apiVersion", "v1"},
        {"kind", "Event"},
        {"metadata",
         {{"name", owner_->UniqueName(Involved(event, "name"), now)},
          {"namespace", MetaNamespace(event)}}},
        {"involvedObject", event["involvedObject"]},
        {"count", 1},
        {"firstTimestamp", FormatTime(now)},
        {"lastTimestamp", FormatTime(now)},
        {"message", "(combined from similar events): " + GetString(event, {"message"})},
        {"type", event["type"]},
        {"reason", event["reason"]},
        {"source", event["source"]},
    };
    event = std::move(combined);
    return key;
  }

  Result Observe(Json event, const std::string& key) {
    Result r;
    Observation last;
    if (Observation* found = observed_.Get(key)) last = *found;
    if (last.count > 0) {
      event["metadata"]["name"] = last.name;
      if (!last.resource_version.empty()) {
        event["metadata"]["resourceVersion"] = last.resource_version;
      }
      event["firstTimestamp"] = last.first_timestamp;
      event["count"] = last.count + 1;
      // What a two-way strategic merge patch from an event with count 0, no
      // lastTimestamp and no message to this one holds.
      Json patch = {{"count", event["count"]}, {"lastTimestamp", event["lastTimestamp"]}};
      if (!GetString(event, {"message"}).empty()) patch["message"] = event["message"];
      r.patch = patch.dump();
    }
    observed_.Put(key, Observation(event));
    r.event = std::move(event);
    return r;
  }

  bool Spam(const Json& event) {
    std::string key = SpamKey(event);
    std::shared_ptr<TokenBucket>* bucket = spam_.Get(key);
    if (bucket == nullptr) {
      spam_.Put(key, std::make_shared<TokenBucket>(options_.spam_qps, options_.spam_burst,
                                                   owner_->clock_));
      bucket = spam_.Get(key);
    }
    return !(*bucket)->TryAccept();
  }

  EventBroadcaster* const owner_;
  const Options& options_;
  Lru<std::shared_ptr<TokenBucket>> spam_;
  Lru<AggregateRecord> aggregates_;
  Lru<Observation> observed_;
};

class EventBroadcaster::Recorder final : public EventRecorder {
 public:
  Recorder(EventBroadcaster* owner, std::string component)
      : owner_(owner), component_(std::move(component)) {}

  void Event(const Json& obj, std::string_view type, std::string_view reason,
             std::string_view message) override {
    AnnotatedEvent(obj, {}, type, reason, message);
  }

  void AnnotatedEvent(const Json& obj, const std::map<std::string, std::string>& annotations,
                      std::string_view type, std::string_view reason,
                      std::string_view message) override {
    std::string kind = GetString(obj, {"kind"});
    std::string api_version = GetString(obj, {"apiVersion"});
    if (kind.empty() || api_version.empty()) {
      LOG_ERROR("events", "Could not construct reference, will not report event",
                {{"object", MetaName(obj)},
                 {"eventType", type},
                 {"reason", reason},
                 {"message", message}});
      return;
    }
    if (type != kEventTypeNormal && type != kEventTypeWarning) {
      LOG_ERROR("events", "Unsupported event type", {{"eventType", type}});
      return;
    }
    Json ref = {{"kind", kind}, {"apiVersion", api_version}, {"name", MetaName(obj)}};
    for (const char* field : {"namespace", "uid", "resourceVersion"}) {
      std::string v = GetString(obj, {"metadata", field});
      if (!v.empty()) ref[field] = v;
    }
    std::string ns = MetaNamespace(obj);
    if (ns.empty()) ns = "default";
    SystemTime now = owner_->clock_->Now();
    std::string stamp = FormatTime(now);
    Json source = {{"component", component_}};
    if (!owner_->options_.host.empty()) source["host"] = owner_->options_.host;
    Json event = {
        {"apiVersion", "v1"},
        {"kind", "Event"},
        {"metadata", {{"name", owner_->UniqueName(MetaName(obj), now)}, {"namespace", ns}}},
        {"involvedObject", std::move(ref)},
        {"reason", std::string(reason)},
        {"message", std::string(message)},
        {"firstTimestamp", stamp},
        {"lastTimestamp", stamp},
        {"count", 1},
        {"type", std::string(type)},
        {"source", std::move(source)},
        {"reportingComponent", component_},
        {"reportingInstance", owner_->options_.host},
    };
    if (!annotations.empty()) event["metadata"]["annotations"] = annotations;
    LOG_DEBUG("events", "Event occurred",
              {{"object", ns + "/" + MetaName(obj)},
               {"kind", kind},
               {"apiVersion", api_version},
               {"type", type},
               {"reason", reason},
               {"message", message}});
    owner_->Enqueue(std::move(event));
  }

 private:
  EventBroadcaster* const owner_;
  const std::string component_;
};

void FakeEventRecorder::Event(const Json& obj, std::string_view type, std::string_view reason,
                              std::string_view message) {
  AnnotatedEvent(obj, {}, type, reason, message);
}

void FakeEventRecorder::AnnotatedEvent(const Json&, const std::map<std::string, std::string>&,
                                       std::string_view type, std::string_view reason,
                                       std::string_view message) {
  std::string line;
  line.append(type).append(" ").append(reason).append(" ").append(message);
  std::lock_guard<std::mutex> lock(mu_);
  events_.push_back(std::move(line));
}

std::vector<std::string> FakeEventRecorder::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

std::vector<std::string> FakeEventRecorder::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(events_, {});
}

EventBroadcaster::EventBroadcaster(Client* client, const Clock* clock)
    : EventBroadcaster(client, clock, Options()) {}

EventBroadcaster::EventBroadcaster(Client* client, const Clock* clock, Options options)
    : client_(client),
      clock_(clock),
      options_(std::move(options)),
      events_type_(client->Type("", "events")),
      correlator_(std::make_unique<Correlator>(this, options_)) {
  writer_ = std::thread([this] { Run(); });
}

EventBroadcaster::~EventBroadcaster() { Shutdown(); }

std::unique_ptr<EventRecorder> EventBroadcaster::NewRecorder(std::string component) {
  return std::make_unique<Recorder>(this, std::move(component));
}

std::string EventBroadcaster::UniqueName(const std::string& object_name, SystemTime t) {
  int64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Two events stamped in the same nanosecond (a frozen test clock) must
    // not collide.
    if (nanos <= last_nanos_) nanos = last_nanos_ + 1;
    last_nanos_ = nanos;
  }
  char hex[24];
  std::snprintf(hex, sizeof(hex), "%llx", static_cast<unsigned long long>(nanos));
  return object_name + "." + hex;
}

void EventBroadcaster::Enqueue(Json event) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && queue_.size() < options_.queue_capacity) {
      queue_.push_back(std::move(event));
      ++enqueued_;
      cv_.notify_all();
      return;
    }
  }
  LOG_ERROR("events", "Unable to record event: too many queued events, dropped event",
            {{"object", GetString(event, {"involvedObject", "name"})},
             {"reason", GetString(event, {"reason"})}});
}

void EventBroadcaster::Flush() {
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t target = enqueued_;
  cv_.wait(lock, [&] { return finished_ >= target; });
}

void EventBroadcaster::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void EventBroadcaster::Run() {
  while (true) {
    Json event;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything written
      event = std::move(queue_.front());
      queue_.pop_front();
    }
    Write(std::move(event));
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++finished_;
    }
    cv_.notify_all();
  }
}

void EventBroadcaster::Write(Json event) {
  Correlator::Result r = correlator_->Correlate(std::move(event));
  if (r.skip) return;
  std::string ns = MetaNamespace(r.event);
  std::minstd_rand jitter(static_cast<uint32_t>(std::random_device{}()));
  for (int tries = 1;; ++tries) {
    Result<Json> stored = Status::NotFound("");
    if (!r.patch.empty()) {
      stored =
          client_->Patch(events_type_, ns, MetaName(r.event), PatchKind::kStrategicMerge, r.patch);
    }
    // The event may have been deleted meanwhile: create it anew.
    if (r.patch.empty() || stored.status().IsNotFound()) {
      Json fresh = r.event;
      Erase(fresh, {"metadata", "resourceVersion"});
      stored = client_->Create(events_type_, ns, std::move(fresh));
    }
    if (stored.ok()) {
      correlator_->UpdateState(*stored);
      return;
    }
    const Status& s = stored.status();
    if (!Retryable(s)) {
      if (s.IsAlreadyExists()) {
        LOG_DEBUG("events", "Server rejected event (will not retry!)",
                  {{"event", MetaName(r.event)}, {"error", s.message()}});
      } else {
        LOG_ERROR("events", "Server rejected event (will not retry!)",
                  {{"event", MetaName(r.event)}, {"error", s.message()}});
      }
      return;
    }
    if (tries >= 12) {
      LOG_ERROR("events", "Unable to write event (retry limit exceeded!)",
                {{"event", MetaName(r.event)}});
      return;
    }
    LOG_ERROR("events", "Unable to write event (may retry after sleeping)",
              {{"event", MetaName(r.event)}, {"error", s.message()}});
    // Randomize the first sleep so that many writers do not retry in step.
    auto delay = std::chrono::duration_cast<SystemTime::duration>(options_.retry_interval);
    if (tries == 1) {
      delay = SystemTime::duration(static_cast<int64_t>(
          static_cast<double>(delay.count()) * std::uniform_real_distribution<>(0, 1)(jitter)));
    }
    std::unique_lock<std::mutex> lock(mu_);
    SystemTime until = clock_->Now() + delay;
    while (!stopping_ && clock_->Now() < until) clock_->WaitUntil(cv_, lock, until);
    if (stopping_) {
      LOG_ERROR("events", "Unable to write event (broadcaster is shut down)",
                {{"event", MetaName(r.event)}});
      return;
    }
  }
}

}  // namespace stead::client
