#include "api/validation/resources.h"

#include <set>
#include <string>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "core/quantity.h"

namespace stead::api::validation {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsStandardContainerResourceName(std::string_view name) {
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
         IsHugePageResourceName(name);
}

bool IsStandardResourceName(std::string_view name) {
  static const std::set<std::string, std::less<>> kStandard = {
      "cpu",
      "memory",
      "ephemeral-storage",
      "requests.cpu",
      "requests.memory",
      "requests.ephemeral-storage",
      "limits.cpu",
      "limits.memory",
      "limits.ephemeral-storage",
      "pods",
      "services",
      "replicationcontrollers",
      "resourcequotas",
      "secrets",
      "persistentvolumeclaims",
      "configmaps",
      "storage",
      "requests.storage",
      "services.nodeports",
      "services.loadbalancers",
  };
  return kStandard.count(name) > 0 || IsHugePageResourceName(name) ||
         StartsWith(name, "requests.hugepages-");
}

bool IsIntegerResourceName(std::string_view name) {
  static const std::set<std::string, std::less<>> kInteger = {"pods",
                                                              "services",
                                                              "replicationcontrollers",
                                                              "resourcequotas",
                                                              "secrets",
                                                              "configmaps",
                                                              "persistentvolumeclaims",
                                                              "services.nodeports",
                                                              "services.loadbalancers"};
  return kInteger.count(name) > 0 || IsExtendedResourceName(name);
}

// validateResourceName + validateContainerResourceName.
void ValidateContainerResourceName(FieldErrorList& errs, std::string_view name,
                                   const FieldPath& path) {
  Problems p = IsQualifiedName(name);
  AppendInvalid(errs, path, name, p);
  bool unprefixed = name.find('/') == std::string_view::npos;
  if (p.empty() && unprefixed && !IsStandardResourceName(name)) {
    errs.push_back(
        InvalidString(path, name, "must be a standard resource type or fully qualified"));
  }
  if (unprefixed) {
    if (!IsStandardContainerResourceName(name)) {
      errs.push_back(InvalidString(path, name, "must be a standard resource for containers"));
    }
  } else if (!IsNativeResource(name) && !IsExtendedResourceName(name)) {
    errs.push_back(InvalidString(path, name, "doesn't follow extended resource name standard"));
  }
}

// Go's %#v of a resource.Quantity value (it has no value-receiver String()).
// Only the cached string is meaningful to readers; the internal amount is
// rendered from the milli value.
std::string GoQuantity(const Quantity& q, const std::string& text) {
  return "resource.Quantity{i:resource.int64Amount{value:" + std::to_string(q.MilliValue()) +
         ", scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:" + GoQuote(text) +
         ", Format:\"DecimalSI\"}";
}

std::optional<Quantity> ParseQuantity(const Json& value) {
  auto q = Quantity::FromJson(value);
  if (!q.ok()) return std::nullopt;
  return *q;
}

}  // namespace

bool IsHugePageResourceName(std::string_view name) { return StartsWith(name, "hugepages-"); }

bool IsNativeResource(std::string_view name) {
  return name.find('/') == std::string_view::npos ||
         name.find("kubernetes.io/") != std::string_view::npos;
}

bool IsExtendedResourceName(std::string_view name) {
  if (IsNativeResource(name) || StartsWith(name, "requests.")) return false;
  return IsQualifiedName("requests." + std::string(name)).empty();
}

bool IsOvercommitAllowed(std::string_view name) {
  return IsNativeResource(name) && !IsHugePageResourceName(name);
}

void ValidateResourceQuantityValue(FieldErrorList& errs, std::string_view resource,
                                   const Json& quantity, const FieldPath& path) {
  auto q = ParseQuantity(quantity);
  if (!q) return;
  if (q->Sign() < 0) {
    errs.push_back(InvalidString(path, q->ToString(), std::string(kIsNegativeErrorMsg)));
  }
  if (IsIntegerResourceName(resource) && q->MilliValue() % 1000 != 0) {
    errs.push_back(
        FieldError::InvalidRaw(path, GoQuantity(*q, q->ToString()), "must be an integer"));
  }
}

void ValidatePositiveQuantityValue(FieldErrorList& errs, const Json& quantity,
                                   const FieldPath& path) {
  auto q = ParseQuantity(quantity);
  if (q && q->Sign() <= 0) {
    errs.push_back(InvalidString(path, q->ToString(), std::string(kIsNotPositiveErrorMsg)));
  }
}

void ValidateContainerResourceRequirements(FieldErrorList& errs, const Json* resources,
                                           const FieldPath& path) {
  if (resources == nullptr) return;
  FieldPath lim_path = path.Child("limits"), req_path = path.Child("requests");
  const Json* limits = Object(*resources, "limits");
  const Json* requests = Object(*resources, "requests");
  bool lim_cpu_mem = false, req_cpu_mem = false, lim_huge = false, req_huge = false;
  auto huge_page_check = [&](std::string_view name, const Quantity& q, const FieldPath& p) {
    auto size = Quantity::Parse(name.substr(std::string_view("hugepages-").size()));
    if (size.ok() && size->Value() > 0 && q.Value() % size->Value() == 0) return;
    errs.push_back(
        InvalidString(p, q.ToString(),
                      q.ToString() + " is not positive integer multiple of " + std::string(name)));
  };
  if (limits) {
    for (auto it = limits->begin(); it != limits->end(); ++it) {
      FieldPath p = lim_path.Key(it.key());
      ValidateContainerResourceName(errs, it.key(), p);
      ValidateResourceQuantityValue(errs, it.key(), it.value(), p);
      if (IsHugePageResourceName(it.key())) {
        lim_huge = true;
        if (auto q = ParseQuantity(it.value())) huge_page_check(it.key(), *q, p);
      }
      lim_cpu_mem = lim_cpu_mem || it.key() == "cpu" || it.key() == "memory";
    }
  }
  if (requests) {
    for (auto it = requests->begin(); it != requests->end(); ++it) {
      FieldPath p = req_path.Key(it.key());
      ValidateContainerResourceName(errs, it.key(), p);
      ValidateResourceQuantityValue(errs, it.key(), it.value(), p);
      auto q = ParseQuantity(it.value());
      const Json* limit = limits ? Get(*limits, it.key()) : nullptr;
      if (limit != nullptr) {
        auto l = ParseQuantity(*limit);
        if (q && l) {
          // Upstream reports these at the `requests` path, not the keyed one.
          if (q->Compare(*l) != 0 && !IsOvercommitAllowed(it.key())) {
            errs.push_back(
                InvalidString(req_path, q->ToString(),
                              "must be equal to " + it.key() + " limit of " + l->ToString()));
          } else if (q->Compare(*l) > 0) {
            errs.push_back(InvalidString(
                req_path, q->ToString(),
                "must be less than or equal to " + it.key() + " limit of " + l->ToString()));
          }
        }
      } else if (!IsOvercommitAllowed(it.key())) {
        errs.push_back(
            FieldError::Required(lim_path, "Limit must be set for non overcommitable resources"));
      }
      if (IsHugePageResourceName(it.key())) {
        req_huge = true;
        if (q) huge_page_check(it.key(), *q, p);
      }
      req_cpu_mem = req_cpu_mem || it.key() == "cpu" || it.key() == "memory";
    }
  }
  if (!lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge)) {
    errs.push_back(FieldError::Forbidden(path, "HugePages require cpu or memory"));
  }
}

}  // namespace stead::api::validation
