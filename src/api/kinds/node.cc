// core/v1 Node: cluster-scoped; allocatable defaults to capacity; taints,
// resource quantities and pod CIDRs are validated; pod CIDRs and the
// provider ID can only be set once.
#include <set>

#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/object_meta.h"
#include "api/validation/resources.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& node) {
  const Json* capacity = Lookup(node, {"status", "capacity"});
  if (capacity && capacity->is_object() && !Has(node, {"status", "allocatable"})) {
    node["status"]["allocatable"] = *capacity;
  }
}

void ValidateTaints(FieldErrorList& errs, const Json& node) {
  const Json* taints = Lookup(node, {"spec", "taints"});
  if (taints == nullptr || !taints->is_array()) return;
  // Upstream reports node taints under metadata.
  FieldPath path = FieldPath("metadata").Child("taints");
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < taints->size(); ++i) {
    const Json& t = (*taints)[i];
    FieldPath idx = path.Index(i);
    std::string key = v::Str(t, "key"), value = v::Str(t, "value"), effect = v::Str(t, "effect");
    v::ValidateLabelName(errs, key, idx.Child("key"));
    v::Problems msgs = v::IsValidLabelValue(value);
    if (!msgs.empty()) {
      std::string joined;
      for (size_t k = 0; k < msgs.size(); ++k) joined += (k ? ";" : "") + msgs[k];
      errs.push_back(v::InvalidString(idx.Child("value"), value, joined));
    }
    if (effect.empty()) {
      errs.push_back(FieldError::Required(idx.Child("effect")));
    } else if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute") {
      errs.push_back(FieldError::NotSupported(idx.Child("effect"), effect,
                                              {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
    }
    if (!seen.insert({effect, key}).second) {
      std::string rendered = "core.Taint{Key:" + v::GoQuote(key) + ", Value:" + v::GoQuote(value) +
                             ", Effect:" + v::GoQuote(effect) +
                             ", TimeAdded:" + v::GoPointer("v1.Time", v::Get(t, "timeAdded")) + "}";
      errs.push_back(FieldError{FieldErrorType::kDuplicate, idx.str(), rendered,
                                "taints must be unique by key and effect pair"});
    }
  }
}

void ValidateResources(FieldErrorList& errs, const Json& node) {
  for (const char* kind : {"capacity", "allocatable"}) {
    const Json* list = Lookup(node, {"status", kind});
    if (list == nullptr || !list->is_object()) continue;
    for (auto it = list->begin(); it != list->end(); ++it) {
      v::ValidateResourceQuantityValue(errs, it.key(), it.value(),
                                       FieldPath("status").Child(kind).Child(it.key()));
    }
  }
}

void ValidateCreate(const Json& node, FieldErrorList& errs) {
  ValidateTaints(errs, node);
  ValidateResources(errs, node);
  const Json* cidrs = Lookup(node, {"spec", "podCIDRs"});
  if (cidrs == nullptr || !cidrs->is_array() || cidrs->empty()) return;
  FieldPath path = FieldPath("spec").Child("podCIDRs");
  int v4 = 0, v6 = 0;
  for (size_t i = 0; i < cidrs->size(); ++i) {
    std::string c = (*cidrs)[i].is_string() ? (*cidrs)[i].get<std::string>() : "";
    bool is_v6 = false;
    if (!v::ParseCIDR(c, &is_v6)) {
      errs.push_back(v::InvalidString(
          path.Index(i), c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    } else {
      (is_v6 ? v6 : v4)++;
    }
  }
  if (cidrs->size() > 1) {
    if (v4 != 1 || v6 != 1 || cidrs->size() > 2) {
      errs.push_back(FieldError::InvalidRaw(
          path, v::GoStringSlice(cidrs), "may specify no more than one CIDR for each IP family"));
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < cidrs->size(); ++i) {
      std::string c = (*cidrs)[i].is_string() ? (*cidrs)[i].get<std::string>() : "";
      if (!seen.insert(c).second) errs.push_back(FieldError::Duplicate(path.Index(i), c));
    }
  }
}

void ValidateUpdate(const Json& node, const Json& old, FieldErrorList& errs) {
  ValidateResources(errs, node);
  if (const Json* addrs = Lookup(node, {"status", "addresses"}); addrs && addrs->is_array()) {
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < addrs->size(); ++i) {
      std::string type = v::Str((*addrs)[i], "type"), address = v::Str((*addrs)[i], "address");
      if (!seen.insert({type, address}).second) {
        errs.push_back(FieldError{
            FieldErrorType::kDuplicate, FieldPath("status").Child("addresses").Index(i).str(),
            "core.NodeAddress{Type:" + v::GoQuote(type) + ", Address:" + v::GoQuote(address) + "}",
            ""});
      }
    }
  }
  const Json* old_cidrs = Lookup(old, {"spec", "podCIDRs"});
  if (old_cidrs && old_cidrs->is_array() && !old_cidrs->empty()) {
    const Json* cidrs = Lookup(node, {"spec", "podCIDRs"});
    constexpr const char* kMsg = "node updates may not change podCIDR except from \"\" to valid";
    FieldPath path = FieldPath("spec").Child("podCIDRs");
    if (cidrs == nullptr || !cidrs->is_array() || cidrs->size() != old_cidrs->size()) {
      errs.push_back(FieldError::Forbidden(path, kMsg));
    } else {
      for (size_t i = 0; i < old_cidrs->size(); ++i) {
        if ((*cidrs)[i] != (*old_cidrs)[i]) errs.push_back(FieldError::Forbidden(path, kMsg));
      }
    }
  }
  std::string old_provider = GetString(old, {"spec", "providerID"});
  if (!old_provider.empty() && old_provider != GetString(node, {"spec", "providerID"})) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("spec").Child("providerID"),
                              "node updates may not change providerID except from \"\" to valid"));
  }
  ValidateTaints(errs, node);
  if (GetString(node, {"spec", "externalID"}) != GetString(old, {"spec", "externalID"})) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("spec").Child("externalID"), "may not be updated"));
  }
}

// nodeStatusStrategy.PrepareForUpdate: status.config (the retired dynamic
// kubelet config) may be written only where a node already reports it.
void PrepareStatus(Json& node, const Json& old, SystemTime) {
  if (Lookup(old, {"status", "config"}) == nullptr) Erase(node, {"status", "config"});
}

}  // namespace

ResourceType Node() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Node";
  t.plural = "nodes";
  t.singular = "node";
  t.short_names = {"no"};
  t.namespaced = false;
  t.has_status = true;
  t.reset_status_on_create = false;
  t.set_defaults = SetDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  t.validate_status = ValidateUpdate;
  t.prepare_status = PrepareStatus;
  t.field_selectors = {"spec.unschedulable"};
  t.field_value = [](const Json& node, const std::string& field) -> std::optional<std::string> {
    if (field == "spec.unschedulable")
      return GetBool(node, {"spec", "unschedulable"}) ? "true" : "false";
    return std::nullopt;
  };
  return t;
}

}  // namespace stead::api::kinds
