#include "api/printers/format.h"

#include <set>

#include "core/label_selector.h"
#include "core/quantity.h"

namespace stead::api::printers {

const Json* ObjectAt(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v != nullptr && v->is_object() ? v : nullptr;
}

const Json* ArrayAt(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v != nullptr && v->is_array() ? v : nullptr;
}

std::optional<SystemTime> TimeAt(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  SystemTime t;
  if (v == nullptr || !v->is_string() || !ParseTime(v->get<std::string>(), &t)) {
    return std::nullopt;
  }
  return t;
}

std::string TimestampSince(std::optional<SystemTime> t, SystemTime now) {
  if (!t) return "<unknown>";
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - *t);
  // Upstream tolerates up to one second of clock skew as "now".
  if (secs.count() == -1) secs = std::chrono::seconds(0);
  return HumanDuration(secs);
}

std::string Age(const Json& obj, SystemTime now) {
  return TimestampSince(TimeAt(obj, {"metadata", "creationTimestamp"}), now);
}

std::string FormatLabels(const Json* labels) {
  std::string out;
  for (const auto& [k, v] : StringMap(labels)) {  // std::map: sorted by key
    if (!out.empty()) out += ",";
    out += k + "=" + v;
  }
  return out.empty() ? "<none>" : out;
}

std::optional<std::string> LabelSelectorString(const Json* selector) {
  Result<LabelSelector> parsed = LabelSelector::FromJson(selector ? *selector : Json(nullptr));
  if (!parsed.ok()) return std::nullopt;
  return parsed->ToString();
}

std::string FormatLabelSelector(const Json* selector) {
  std::optional<std::string> s = LabelSelectorString(selector);
  if (!s) return "<error>";
  return s->empty() ? "<none>" : *s;
}

std::string AccessModes(const Json* modes) {
  std::set<std::string> present;
  if (modes != nullptr && modes->is_array()) {
    for (const Json& m : *modes) {
      if (m.is_string()) present.insert(m.get<std::string>());
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kOrder[] = {
      {"ReadWriteOnce", "RWO"},
      {"ReadOnlyMany", "ROX"},
      {"ReadWriteMany", "RWX"},
      {"ReadWriteOncePod", "RWOP"},
  };
  std::string out;
  for (const auto& [mode, abbrev] : kOrder) {
    if (!present.count(std::string(mode))) continue;
    if (!out.empty()) out += ",";
    out += abbrev;
  }
  return out;
}

std::pair<std::string, std::string> ContainerCells(const Json* containers) {
  std::string names, images;
  if (containers != nullptr && containers->is_array()) {
    bool first = true;
    for (const Json& c : *containers) {
      if (!first) {
        names += ",";
        images += ",";
      }
      first = false;
      names += GetString(c, {"name"});
      images += GetString(c, {"image"});
    }
  }
  return {names, images};
}

std::string JoinHostPort(const std::string& host, int64_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::string QuantityCell(const Json* q) {
  if (q == nullptr) return "0";
  Result<Quantity> parsed = Quantity::FromJson(*q);
  if (!parsed.ok()) return q->is_string() ? q->get<std::string>() : "0";
  return parsed->ToString();
}

TableColumn NameColumn() {
  return {"Name", "string", "name",
          "Name must be unique within a namespace. Is required when creating resources, although "
          "some resources may allow a client to request the generation of an appropriate name "
          "automatically. Name is primarily intended for creation idempotence and configuration "
          "definition. Cannot be updated. More info: "
          "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
          0};
}

TableColumn AgeColumn() {
  return {"Age", "string", "",
          "CreationTimestamp is a timestamp representing the server time when this object was "
          "created. It is not guaranteed to be set in happens-before order across separate "
          "operations. Clients may not set this value. It is represented in RFC3339 form and is "
          "in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
          "https://git.k8s.io/community/contributors/devel/sig-architecture/"
          "api-conventions.md#metadata",
          0};
}

}  // namespace stead::api::printers
