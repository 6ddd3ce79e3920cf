// Cell formatting shared by the Table printers: the small helpers upstream's
// pkg/printers/internalversion relies on (translateTimestampSince,
// labels.FormatLabels, metav1.FormatLabelSelector, GetAccessModesAsString,
// layoutContainerCells, net.JoinHostPort), reading objects as JSON.
// Internal to src/api/printers. Pure functions; thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "api/resource.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::api::printers {

// obj[path] when it is a JSON object / array, else nullptr (absent and null
// fields read like Go's nil pointers and empty slices).
const Json* ObjectAt(const Json& obj, std::initializer_list<std::string_view> path);
const Json* ArrayAt(const Json& obj, std::initializer_list<std::string_view> path);

// The metav1.Time / MicroTime at obj[path]; nullopt when absent, null or
// unparseable (Go's zero time).
std::optional<SystemTime> TimeAt(const Json& obj, std::initializer_list<std::string_view> path);

// translateTimestampSince: the human duration from t to now, "<unknown>"
// for the zero time.
std::string TimestampSince(std::optional<SystemTime> t, SystemTime now);
// The AGE cell: TimestampSince(metadata.creationTimestamp).
std::string Age(const Json& obj, SystemTime now);

// labels.FormatLabels: "k1=v1,k2=v2" sorted by key, "<none>" when empty.
std::string FormatLabels(const Json* labels);

// labels.Selector.String() of a metav1.LabelSelector (requirements sorted by
// key, "" for a nil or empty selector); nullopt when the selector cannot be
// converted (metav1.LabelSelectorAsSelector fails).
std::optional<std::string> LabelSelectorString(const Json* selector);
// metav1.FormatLabelSelector: as above, "<none>" when empty, "<error>" when
// invalid.
std::string FormatLabelSelector(const Json* selector);

// helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that fixed order,
// duplicates and unknown modes dropped.
std::string AccessModes(const Json* modes);

// layoutContainerCells: the comma-joined container names and images.
std::pair<std::string, std::string> ContainerCells(const Json* containers);

// net.JoinHostPort: brackets IPv6 hosts.
std::string JoinHostPort(const std::string& host, int64_t port);

// The resource.Quantity cell for q in canonical form ("0" for a missing
// quantity, like Go's zero Quantity; unparseable text as is).
std::string QuantityCell(const Json* q);

// The NAME (format "name") and AGE columns nearly every printer has.
TableColumn NameColumn();
TableColumn AgeColumn();

}  // namespace stead::api::printers
