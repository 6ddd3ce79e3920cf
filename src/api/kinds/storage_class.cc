// storage.k8s.io/v1 StorageClass: cluster-scoped; reclaimPolicy Delete and
// volumeBindingMode Immediate by default; provisioner, parameters and
// allowed topologies are validated; provisioner, parameters, reclaimPolicy
// and volumeBindingMode cannot change.
#include <cctype>
#include <set>

#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/object_meta.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& sc) {
  if (v::Get(sc, "reclaimPolicy") == nullptr) sc["reclaimPolicy"] = "Delete";
  if (v::Get(sc, "volumeBindingMode") == nullptr) sc["volumeBindingMode"] = "Immediate";
}

void Validate(const Json& sc, FieldErrorList& errs) {
  std::string provisioner = v::Str(sc, "provisioner");
  FieldPath pp("provisioner");
  if (provisioner.empty()) errs.push_back(FieldError::Required(pp));
  if (!provisioner.empty()) {
    std::string lower;
    for (char c : provisioner)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    v::ValidateQualifiedName(errs, lower, pp);
  }
  FieldPath params_path("parameters");
  if (const Json* params = v::Object(sc, "parameters")) {
    if (params->size() > 512) {
      errs.push_back(FieldError::TooLong(params_path, 512));
    } else {
      size_t total = 0;
      for (auto it = params->begin(); it != params->end(); ++it) {
        if (it.key().empty())
          errs.push_back(v::InvalidString(params_path, it.key(), "field can not be empty."));
        total += it.key().size();
        if (it.value().is_string()) total += it.value().get_ref<const std::string&>().size();
      }
      if (total > 256 * 1024) errs.push_back(FieldError::TooLong(params_path, 256 * 1024));
    }
  }
  std::string policy = v::Str(sc, "reclaimPolicy");
  if (!policy.empty() && policy != "Delete" && policy != "Retain") {
    errs.push_back(
        FieldError::NotSupported(FieldPath("reclaimPolicy"), policy, {"Delete", "Retain"}));
  }
  const Json* mode = v::Get(sc, "volumeBindingMode");
  if (mode == nullptr) {
    errs.push_back(FieldError::Required(FieldPath("volumeBindingMode")));
  } else if (*mode != "Immediate" && *mode != "WaitForFirstConsumer") {
    errs.push_back(FieldError::NotSupported(FieldPath("volumeBindingMode"), *mode,
                                            {"Immediate", "WaitForFirstConsumer"}));
  }
  if (const Json* topologies = v::Array(sc, "allowedTopologies")) {
    FieldPath tp("allowedTopologies");
    for (size_t i = 0; i < topologies->size(); ++i) {
      const Json* exprs = v::Array((*topologies)[i], "matchLabelExpressions");
      if (exprs == nullptr) {
        errs.push_back(FieldError::Required(tp.Index(i).Child("matchLabelExpressions"),
                                            "must contain at least one requirement"));
        continue;
      }
      std::set<std::string> keys;
      for (size_t j = 0; j < exprs->size(); ++j) {
        FieldPath ep = tp.Index(i).Child("matchLabelExpressions").Index(j);
        const Json& e = (*exprs)[j];
        std::set<std::string> values;
        const Json* vals = v::Array(e, "values");
        if (vals == nullptr) errs.push_back(FieldError::Required(ep.Child("values")));
        for (size_t k = 0; vals && k < vals->size(); ++k) {
          std::string val = (*vals)[k].is_string() ? (*vals)[k].get<std::string>() : "";
          if (!values.insert(val).second)
            errs.push_back(FieldError::Duplicate(ep.Child("values").Index(k), val));
        }
        std::string key = v::Str(e, "key");
        v::ValidateLabelName(errs, key, ep.Child("key"));
        if (!keys.insert(key).second) errs.push_back(FieldError::Duplicate(ep.Child("key"), key));
      }
    }
  }
}

void ValidateUpdate(const Json& sc, const Json& old, FieldErrorList& errs) {
  if (!v::SemanticEqual(v::Get(sc, "parameters"), v::Get(old, "parameters"))) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("parameters"), "updates to parameters are forbidden."));
  }
  if (v::Str(sc, "provisioner") != v::Str(old, "provisioner")) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("provisioner"), "updates to provisioner are forbidden."));
  }
  if (v::Str(sc, "reclaimPolicy") != v::Str(old, "reclaimPolicy")) {
    errs.push_back(FieldError::Forbidden(FieldPath("reclaimPolicy"),
                                         "updates to reclaimPolicy are forbidden."));
  }
  v::ValidateImmutableString(errs, sc, old, "volumeBindingMode", FieldPath("volumeBindingMode"));
}

}  // namespace

ResourceType StorageClass() {
  ResourceType t;
  t.group = "storage.k8s.io";
  t.version = "v1";
  t.kind = "StorageClass";
  t.plural = "storageclasses";
  t.singular = "storageclass";
  t.short_names = {"sc"};
  t.namespaced = false;
  t.set_defaults = SetDefaults;
  t.validate_create = Validate;
  t.validate_update = ValidateUpdate;
  return t;
}

}  // namespace stead::api::kinds
