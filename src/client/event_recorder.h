// Events about API objects (core/v1 Event), recorded the way client-go's
// EventBroadcaster / EventRecorder / EventCorrelator do, so `kubectl
// describe` shows them as for upstream controllers ("(x3 over 10s)").
//
// A recorder call never blocks: it stamps the event (name
// "<object name>.<hex unix nanos>", involvedObject, source, reportingComponent,
// first/lastTimestamp, count 1) and puts it on the broadcaster's bounded
// queue (full: dropped, logged). The broadcaster's writer thread then
// correlates and writes it through the Client:
//   * an event identical to one seen before (same source, object, type,
//     reason, message) patches the existing Event: count+1, lastTimestamp;
//   * the 10th event in 10 minutes that differs from its predecessors only
//     by message becomes one event "(combined from similar events): ...";
//   * each source may report 25 events per object at once, then one every
//     5 minutes (token bucket); the rest are dropped.
// Rejected writes are not retried; server errors (5xx, 429) are retried up
// to 12 times, 10s apart.
//
// Thread-safe. The broadcaster must outlive its recorders, and the client
// must outlive the broadcaster.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "client/client.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::client {

inline constexpr char kEventTypeNormal[] = "Normal";
inline constexpr char kEventTypeWarning[] = "Warning";

class EventRecorder {
 public:
  virtual ~EventRecorder() = default;
  // `obj` is an API object with apiVersion, kind and metadata. `type` is
  // "Normal" or "Warning"; `reason` is UpperCamelCase ("SuccessfulCreate").
  virtual void Event(const Json& obj, std::string_view type, std::string_view reason,
                     std::string_view message) = 0;
  virtual void AnnotatedEvent(const Json& obj,
                              const std::map<std::string, std::string>& annotations,
                              std::string_view type, std::string_view reason,
                              std::string_view message) = 0;
};

// Remembers "<type> <reason> <message>" per event (client-go's
// FakeRecorder), for controller tests.
class FakeEventRecorder final : public EventRecorder {
 public:
  void Event(const Json& obj, std::string_view type, std::string_view reason,
             std::string_view message) override;
  void AnnotatedEvent(const Json& obj, const std::map<std::string, std::string>& annotations,
                      std::string_view type, std::string_view reason,
                      std::string_view message) override;
  // The events recorded so far, oldest first; Take also forgets them.
  std::vector<std::string> Events() const;
  std::vector<std::string> Take();

 private:
  mutable std::mutex mu_;
  std::vector<std::string> events_;  // guarded by mu_
};

class EventBroadcaster {
 public:
  struct Options {
    size_t queue_capacity = 1000;
    // source.host and reportingInstance ("" for controllers, as upstream).
    std::string host;
    // Correlation (upstream defaults).
    size_t lru_size = 4096;
    int spam_burst = 25;
    double spam_qps = 1.0 / 300;
    size_t aggregate_max_events = 10;
    std::chrono::seconds aggregate_interval{600};
    std::chrono::seconds retry_interval{10};
  };

  // `client` and `clock` must outlive the broadcaster.
  EventBroadcaster(Client* client, const Clock* clock, Options options);
  EventBroadcaster(Client* client, const Clock* clock);
  // Writes what is queued, then stops.
  ~EventBroadcaster();

  EventBroadcaster(const EventBroadcaster&) = delete;
  EventBroadcaster& operator=(const EventBroadcaster&) = delete;

  // A recorder whose events have source.component = reportingComponent =
  // `component` (e.g. "statefulset-controller").
  std::unique_ptr<EventRecorder> NewRecorder(std::string component);

  // Blocks until every event queued before the call has been written or
  // dropped (for tests and orderly shutdown).
  void Flush();
  // Writes what is queued, then stops the writer; later events are dropped.
  void Shutdown();

 private:
  class Recorder;
  class Correlator;

  void Enqueue(Json event);
  // "<name>.<hex>" from a strictly increasing nanosecond stamp.
  std::string UniqueName(const std::string& object_name, SystemTime t);
  void Run();
  void Write(Json event);

  Client* const client_;
  const Clock* const clock_;
  const Options options_;
  const api::ResourceType& events_type_;
  std::unique_ptr<Correlator> correlator_;  // writer thread only

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Json> queue_;  // guarded by mu_
  uint64_t enqueued_ = 0;   // guarded by mu_
  uint64_t finished_ = 0;   // guarded by mu_: written or dropped
  int64_t last_nanos_ = 0;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread writer_;
};

}  // namespace stead::client
