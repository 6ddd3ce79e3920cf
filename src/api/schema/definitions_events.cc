// Schema definitions for events.k8s.io/v1: Event.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view EventsDefinitions() {
  return R"dsl(
package events io.k8s.api.events.v1 v1

type Event gvk=events.k8s.io/v1/Event "?"
  @typemeta
  metadata meta.ObjectMeta always "?"
  eventTime meta.MicroTime req "?"
  series *EventSeries "?"
  reportingController string "?"
  reportingInstance string "?"
  action string "?"
  reason string "?"
  regarding core.ObjectReference "?"
  related *core.ObjectReference "?"
  note string "?"
  type string "?"
  deprecatedSource core.EventSource "?"
  deprecatedFirstTimestamp meta.Time "?"
  deprecatedLastTimestamp meta.Time "?"
  deprecatedCount int32 "?"

type EventSeries "?"
  count int32 req "?"
  lastObservedTime meta.MicroTime req "?"

type EventList gvk=events.k8s.io/v1/EventList "?"
  @list
  items []Event req "?"
)dsl";
}

}  // namespace stead::api::schema
