// Schema definitions for events.k8s.io/v1: Event.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view EventsDefinitions() {
  return R"dsl(
package events io.k8s.api.events.v1 v1

type Event gvk=events.k8s.io/v1/Event "A report of something that happened in the cluster, usually a state change; kept for a limited time. The events.k8s.io shape of core Events."
  @typemeta
  metadata meta.ObjectMeta always pb=1 "Standard object metadata."
  eventTime meta.MicroTime req pb=2 "When the event was first observed. Required."
  series *EventSeries pb=3 "Data about the series this event belongs to; unset for a one-off event."
  reportingController string pb=4 "Name of the controller that emitted the event, e.g. kubernetes.io/kubelet. Required for new events."
  reportingInstance string pb=5 "ID of the emitting controller instance, e.g. kubelet-xyzf. Required for new events; at most 128 characters."
  action string pb=6 "Machine readable action taken (or failed) on the regarding object. Required for new events; at most 128 characters."
  reason string pb=7 "Why the action was taken; human readable. Required for new events; at most 128 characters."
  regarding core.ObjectReference pb=8 "The object the event is about."
  related *core.ObjectReference pb=9 "A secondary object involved, e.g. a pod created by the regarding object."
  note string pb=10 "Human readable description of what happened; at most 1 kB."
  type string pb=11 "Normal or Warning; more types may be added. Required for new events."
  deprecatedSource core.EventSource pb=12 "Compatibility with core/v1 Event source."
  deprecatedFirstTimestamp meta.Time pb=13 "Compatibility with core/v1 Event firstTimestamp."
  deprecatedLastTimestamp meta.Time pb=14 "Compatibility with core/v1 Event lastTimestamp."
  deprecatedCount int32 pb=15 "Compatibility with core/v1 Event count."

type EventSeries "A series of repeating events, updated at heartbeat intervals."
  count int32 req pb=1 "Number of occurrences up to the last heartbeat."
  lastObservedTime meta.MicroTime req pb=2 "When the last occurrence before the last heartbeat was seen."

type EventList gvk=events.k8s.io/v1/EventList "A list of Events."
  @list
  items []Event req pb=2 "The Events."
)dsl";
}

}  // namespace stead::api::schema
