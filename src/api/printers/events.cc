// Event printer (upstream printEvent). events.k8s.io/v1 Events are the same
// objects as core/v1 Events under renamed fields, so one printer reads both
// shapes through a table of field names.

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

namespace {

struct EventFields {
  std::string_view involved_object;
  std::string_view message;
  std::string_view source;
  std::string_view first_timestamp;
  std::string_view last_timestamp;
  std::string_view count;
  std::string_view reporting_controller;
};

constexpr EventFields kCoreV1Fields = {"involvedObject",    "message",       "source",
                                       "firstTimestamp",    "lastTimestamp", "count",
                                       "reportingComponent"};
constexpr EventFields kEventsV1Fields = {"regarding",
                                         "note",
                                         "deprecatedSource",
                                         "deprecatedFirstTimestamp",
                                         "deprecatedLastTimestamp",
                                         "deprecatedCount",
                                         "reportingController"};

std::string TrimSpace(const std::string& s) {
  constexpr const char* kSpace = " \t\n\v\f\r";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// formatEventSource: "component, host", falling back to the reporting
// controller and instance, the host omitted when empty.
std::string EventSource(const Json& ev, const EventFields& f) {
  std::string component = GetString(ev, {f.source, "component"});
  if (component.empty()) component = GetString(ev, {f.reporting_controller});
  std::string host = GetString(ev, {f.source, "host"});
  if (host.empty()) host = GetString(ev, {"reportingInstance"});
  return host.empty() ? component : component + ", " + host;
}

std::vector<Json> EventCells(const Json& ev, SystemTime now, const EventFields& f) {
  std::optional<SystemTime> first_time = TimeAt(ev, {f.first_timestamp});
  std::string first_seen =
      first_time ? TimestampSince(first_time, now) : TimestampSince(TimeAt(ev, {"eventTime"}), now);
  std::optional<SystemTime> last_time = TimeAt(ev, {f.last_timestamp});
  std::string last_seen = last_time ? TimestampSince(last_time, now) : first_seen;

  int64_t count = GetInt(ev, {f.count});
  if (ObjectAt(ev, {"series"}) != nullptr) {
    last_seen = TimestampSince(TimeAt(ev, {"series", "lastObservedTime"}), now);
    count = GetInt(ev, {"series", "count"});
  } else if (count == 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }

  std::string kind = Lower(GetString(ev, {f.involved_object, "kind"}));
  std::string name = GetString(ev, {f.involved_object, "name"});
  std::string target = name.empty() ? kind : kind + "/" + name;

  return {
      last_seen,
      GetString(ev, {"type"}),
      GetString(ev, {"reason"}),
      target,
      GetString(ev, {f.involved_object, "fieldPath"}),
      EventSource(ev, f),
      TrimSpace(GetString(ev, {f.message})),
      first_seen,
      count,
      MetaName(ev),
  };
}

}  // namespace

bool InstallEvent(ResourceType& type) {
  if (type.kind != "Event") return false;
  const EventFields* fields = nullptr;
  if (type.group.empty()) {
    fields = &kCoreV1Fields;
  } else if (type.group == "events.k8s.io") {
    fields = &kEventsV1Fields;
  } else {
    return false;
  }
  TableColumn name = NameColumn();
  name.priority = 1;
  type.columns = {
      {"Last Seen", "string", "", "When the event was last observed.", 0},
      {"Type", "string", "", "Type of this event (Normal, Warning).", 0},
      {"Reason", "string", "", "Short, machine understandable reason for the event.", 0},
      {"Object", "string", "", "The object this event is about.", 0},
      {"Subobject", "string", "", "The part of the object the event is about, if any.", 1},
      {"Source", "string", "", "The component reporting this event.", 1},
      {"Message", "string", "", "A human-readable description of the event.", 0},
      {"First Seen", "string", "", "When the event was first recorded.", 1},
      {"Count", "string", "", "The number of times this event has occurred.", 1},
      name,
  };
  type.row = [fields](const Json& ev, SystemTime now) { return EventCells(ev, now, *fields); };
  return true;
}

}  // namespace stead::api::printers
