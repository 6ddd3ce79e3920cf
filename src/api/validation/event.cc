#include "api/validation/event.h"

#include "api/validation/common.h"
#include "api/validation/go_format.h"

namespace stead::api::validation {
namespace {

bool TimeSet(const Json& event, std::string_view key) { return !Str(event, key).empty(); }

std::string GoObjectReference(const Json* ref) {
  if (ref == nullptr) return "null";
  return "core.ObjectReference{Kind:" + GoQuote(Str(*ref, "kind")) +
         ", Namespace:" + GoQuote(Str(*ref, "namespace")) + ", Name:" + GoQuote(Str(*ref, "name")) +
         ", UID:" + GoQuote(Str(*ref, "uid")) + ", APIVersion:" + GoQuote(Str(*ref, "apiVersion")) +
         ", ResourceVersion:" + GoQuote(Str(*ref, "resourceVersion")) +
         ", FieldPath:" + GoQuote(Str(*ref, "fieldPath")) + "}";
}

// metav1.Time / MicroTime String(): "2006-01-02 15:04:05[.999999] +0000 UTC".
std::string GoTime(const Json& event, std::string_view key) {
  std::string t = Str(event, key);
  if (t.size() < 19) return "0001-01-01 00:00:00 +0000 UTC";
  std::string out = t.substr(0, 10) + " " + t.substr(11, 8);
  size_t dot = t.find('.', 19);
  if (dot != std::string::npos) {
    size_t end = t.find_first_not_of("0123456789", dot + 1);
    std::string frac = t.substr(dot, (end == std::string::npos ? t.size() : end) - dot);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac != ".") out += frac;
  }
  return out + " +0000 UTC";
}

void ValidateSeries(FieldErrorList& errs, const Json& event) {
  const Json* series = Get(event, "series");
  if (series == nullptr) return;
  if (Int(*series, "count") < 2) {
    errs.push_back(InvalidString(FieldPath("series.count"), "", "should be at least 2"));
  }
  if (Str(*series, "lastObservedTime").empty()) {
    errs.push_back(FieldError::Required(FieldPath("series.lastObservedTime")));
  }
}

}  // namespace

Json EventV1ToCore(const Json& event) {
  Json out = Json::object();
  if (!event.is_object()) return out;
  static const std::pair<const char*, const char*> kRenames[] = {
      {"regarding", "involvedObject"},
      {"note", "message"},
      {"deprecatedSource", "source"},
      {"deprecatedFirstTimestamp", "firstTimestamp"},
      {"deprecatedLastTimestamp", "lastTimestamp"},
      {"deprecatedCount", "count"},
      {"reportingController", "reportingComponent"},
  };
  for (auto it = event.begin(); it != event.end(); ++it) {
    std::string key = it.key();
    for (const auto& [from, to] : kRenames) {
      if (key == from) key = to;
    }
    out[key] = it.value();
  }
  return out;
}

void ValidateEventLegacy(FieldErrorList& errs, const Json& event) {
  std::string ns = MetaNamespace(event);
  std::string involved_ns = GetString(event, {"involvedObject", "namespace"});
  FieldPath involved_path = FieldPath("involvedObject").Child("namespace");
  constexpr const char* kMismatch = "does not match event.namespace";
  if (!TimeSet(event, "eventTime")) {
    if (involved_ns.empty()) {
      // "default" is tolerated for old clients.
      if (!ns.empty() && ns != "default")
        errs.push_back(InvalidString(involved_path, involved_ns, kMismatch));
    } else if (ns != involved_ns) {
      errs.push_back(InvalidString(involved_path, involved_ns, kMismatch));
    }
  } else {
    if (involved_ns.empty() && ns != "default" && ns != "kube-system") {
      errs.push_back(InvalidString(involved_path, involved_ns, kMismatch));
    }
    std::string controller = Str(event, "reportingComponent");
    if (controller.empty()) errs.push_back(FieldError::Required(FieldPath("reportingController")));
    AppendInvalid(errs, FieldPath("reportingController"), controller, IsQualifiedName(controller));
    struct Limit {
      const char* key;
      const char* path;
      size_t max;
      bool required;
    };
    for (const Limit& l :
         {Limit{"reportingInstance", "reportingInstance", 128, true},
          Limit{"action", "action", 128, true}, Limit{"reason", "reason", 128, true},
          Limit{"message", "message", 1024, false}}) {
      std::string value = Str(event, l.key);
      if (l.required && value.empty()) errs.push_back(FieldError::Required(FieldPath(l.path)));
      if (value.size() > l.max) {
        errs.push_back(InvalidString(FieldPath(l.path), "",
                                     "can have at most " + std::to_string(l.max) + " characters"));
      }
    }
  }
  AppendInvalid(errs, FieldPath("namespace"), ns, IsDNS1123Subdomain(ns));
}

void ValidateEventStrictCreate(FieldErrorList& errs, const Json& event) {
  ValidateEventLegacy(errs, event);
  ValidateSeries(errs, event);
  if (!TimeSet(event, "eventTime")) errs.push_back(FieldError::Required(FieldPath("eventTime")));
  std::string type = Str(event, "type");
  if (type != "Normal" && type != "Warning") {
    errs.push_back(InvalidString(FieldPath("type"), "", "has invalid value: " + type));
  }
  for (const char* key : {"firstTimestamp", "lastTimestamp"}) {
    if (TimeSet(event, key)) errs.push_back(InvalidString(FieldPath(key), "", "needs to be unset"));
  }
  if (Int(event, "count") != 0)
    errs.push_back(InvalidString(FieldPath("count"), "", "needs to be unset"));
  if (!GetString(event, {"source", "component"}).empty() ||
      !GetString(event, {"source", "host"}).empty()) {
    errs.push_back(InvalidString(FieldPath("source"), "", "needs to be unset"));
  }
}

void ValidateEventStrictUpdate(FieldErrorList& errs, const Json& event, const Json& old) {
  ValidateEventLegacy(errs, event);
  if (!SemanticEqual(Get(event, "series"), Get(old, "series"))) ValidateSeries(errs, event);
  auto immutable = [&](const char* key, const char* path, std::string rendered) {
    ValidateImmutableField(errs, Get(event, key), Get(old, key), FieldPath(path),
                           std::move(rendered));
  };
  immutable("involvedObject", "involvedObject", GoObjectReference(Get(event, "involvedObject")));
  immutable("reason", "reason", GoQuote(Str(event, "reason")));
  immutable("message", "message", GoQuote(Str(event, "message")));
  immutable("source", "source",
            "core.EventSource{Component:" + GoQuote(GetString(event, {"source", "component"})) +
                ", Host:" + GoQuote(GetString(event, {"source", "host"})) + "}");
  immutable("firstTimestamp", "firstTimestamp", GoTime(event, "firstTimestamp"));
  immutable("lastTimestamp", "lastTimestamp", GoTime(event, "lastTimestamp"));
  immutable("count", "count", std::to_string(Int(event, "count")));
  immutable("reason", "reason", GoQuote(Str(event, "reason")));
  immutable("type", "type", GoQuote(Str(event, "type")));
  immutable("eventTime", "eventTime", GoTime(event, "eventTime"));
  immutable("action", "action", GoQuote(Str(event, "action")));
  immutable("related", "related", GoObjectReference(Get(event, "related")));
  immutable("reportingComponent", "reportingController", GoQuote(Str(event, "reportingComponent")));
  immutable("reportingInstance", "reportingInstance", GoQuote(Str(event, "reportingInstance")));
}

}  // namespace stead::api::validation
