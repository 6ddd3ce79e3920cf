#include "api/validation/persistent_volume.h"

#include <set>
#include <string>
#include <vector>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/resources.h"
#include "core/quantity.h"

namespace stead::api::validation {
namespace {

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};

void ValidateAccessModes(FieldErrorList& errs, const Json& spec, const FieldPath& path) {
  bool rwop = false, other = false;
  if (const Json* modes = Array(spec, "accessModes")) {
    for (const Json& m : *modes) {
      std::string mode = m.is_string() ? m.get<std::string>() : "";
      bool supported = false;
      for (const auto& s : kAccessModes) supported = supported || s == mode;
      if (!supported) {
        errs.push_back(FieldError::NotSupported(path.Child("accessModes"), mode, kAccessModes));
      }
      if (mode == "ReadWriteOncePod") {
        rwop = true;
      } else if (supported) {
        other = true;
      }
    }
  }
  if (rwop && other) {
    errs.push_back(FieldError::Forbidden(path.Child("accessModes"),
                                         "may not use ReadWriteOncePod with other access modes"));
  }
}

void ValidateVolumeMode(FieldErrorList& errs, const Json& spec, const FieldPath& path) {
  const Json* mode = Get(spec, "volumeMode");
  if (mode == nullptr) return;
  std::string m = mode->is_string() ? mode->get<std::string>() : "";
  if (m != "Block" && m != "Filesystem") {
    errs.push_back(FieldError::NotSupported(path.Child("volumeMode"), m, {"Block", "Filesystem"}));
  }
}

void ValidateDataSource(FieldErrorList& errs, const Json& ref, const FieldPath& path,
                        bool with_namespace) {
  if (Str(ref, "name").empty()) errs.push_back(FieldError::Required(path.Child("name")));
  std::string kind = Str(ref, "kind");
  if (kind.empty()) errs.push_back(FieldError::Required(path.Child("kind")));
  std::string api_group = Str(ref, "apiGroup");
  if (api_group.empty() && kind != "PersistentVolumeClaim") {
    errs.push_back(InvalidString(path, kind,
                                 "must be 'PersistentVolumeClaim' when referencing the default "
                                 "apiGroup"));
  }
  if (!api_group.empty()) {
    AppendInvalid(errs, path.Child("apiGroup"), api_group, IsDNS1123Subdomain(api_group));
  }
  if (with_namespace) {
    std::string ns = Str(ref, "namespace");
    if (!ns.empty()) AppendInvalid(errs, path.Child("namespace"), ns, NameIsDNSLabel(ns, false));
  }
}

struct RequiredFields {
  const char* source;
  const char* path;  // upstream's child name used for the details
  std::vector<const char*> fields;
};

// Volume sources whose upstream validation is only "these fields are set".
const std::vector<RequiredFields>& SimplePvSources() {
  static const std::vector<RequiredFields> kSources = {
      {"gcePersistentDisk", "persistentDisk", {"pdName"}},
      {"awsElasticBlockStore", "awsElasticBlockStore", {"volumeID"}},
      {"glusterfs", "glusterfs", {"endpoints", "path"}},
      {"flocker", "flocker", {}},
      {"nfs", "nfs", {"server", "path"}},
      {"rbd", "rbd", {"monitors", "image"}},
      {"quobyte", "quobyte", {"registry", "volume"}},
      {"cephfs", "cephfs", {"monitors"}},
      {"iscsi", "iscsi", {"targetPortal", "iqn"}},
      {"cinder", "cinder", {"volumeID"}},
      {"fc", "fc", {}},
      {"flexVolume", "flexVolume", {"driver"}},
      {"azureFile", "azureFile", {"secretName", "shareName"}},
      {"vsphereVolume", "vsphereVolume", {"volumePath"}},
      {"photonPersistentDisk", "photonPersistentDisk", {"pdID"}},
      {"portworxVolume", "portworxVolume", {"volumeID"}},
      {"azureDisk", "azureDisk", {"diskName", "diskURI"}},
      {"scaleIO", "scaleIO", {"gateway", "system", "volumeName"}},
      {"storageos", "storageos", {"volumeName"}},
  };
  return kSources;
}

void ValidateRequiredFields(FieldErrorList& errs, const Json& src, const RequiredFields& rf,
                            const FieldPath& base) {
  FieldPath p = base.Child(rf.path);
  for (const char* f : rf.fields) {
    if (IsZero(Get(src, f))) errs.push_back(FieldError::Required(p.Child(f)));
  }
  if (std::string_view(rf.source) == "nfs") {
    std::string path = Str(src, "path");
    if (path.empty() || path[0] != '/') {
      errs.push_back(InvalidString(p.Child("path"), path, "must be an absolute path"));
    }
  }
}

void ValidateNodeSelectorRequirement(FieldErrorList& errs, const Json& rq, bool allow_invalid,
                                     const FieldPath& path) {
  std::string op = Str(rq, "operator");
  size_t n = Len(rq, "values");
  if (op == "In" || op == "NotIn") {
    if (n == 0) {
      errs.push_back(FieldError::Required(path.Child("values"),
                                          "must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (n > 0) {
      errs.push_back(FieldError::Forbidden(
          path.Child("values"),
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
  } else if (op == "Gt" || op == "Lt") {
    if (n != 1) {
      errs.push_back(FieldError::Required(
          path.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    }
  } else {
    errs.push_back(InvalidString(path.Child("operator"), op, "not a valid selector operator"));
  }
  ValidateLabelName(errs, Str(rq, "key"), path.Child("key"));
  if (!allow_invalid) {
    if (const Json* values = Array(rq, "values")) {
      for (size_t i = 0; i < values->size(); ++i) {
        std::string v = (*values)[i].is_string() ? (*values)[i].get<std::string>() : "";
        AppendInvalid(errs, path.Child("values").Index(i), v, IsValidLabelValue(v));
      }
    }
  }
}

void ValidateNodeFieldSelectorRequirement(FieldErrorList& errs, const Json& rq,
                                          const FieldPath& path) {
  std::string op = Str(rq, "operator");
  if (op == "In" || op == "NotIn") {
    if (Len(rq, "values") != 1) {
      errs.push_back(FieldError::Required(
          path.Child("values"),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push_back(InvalidString(path.Child("operator"), op, "not a valid selector operator"));
  }
  std::string key = Str(rq, "key");
  if (key != "metadata.name") {
    errs.push_back(InvalidString(path.Child("key"), key, "not a valid field selector key"));
  } else if (const Json* values = Array(rq, "values")) {
    for (size_t i = 0; i < values->size(); ++i) {
      std::string v = (*values)[i].is_string() ? (*values)[i].get<std::string>() : "";
      AppendInvalid(errs, path.Child("values").Index(i), v, NameIsDNSSubdomain(v, false));
    }
  }
}

}  // namespace

void ValidatePathNoBacksteps(FieldErrorList& errs, std::string_view target, const FieldPath& path) {
  size_t start = 0;
  while (start <= target.size()) {
    size_t slash = target.find_first_of("/\\", start);
    std::string_view part =
        target.substr(start, slash == std::string_view::npos ? target.npos : slash - start);
    if (part == "..") {
      errs.push_back(InvalidString(path, target, "must not contain '..'"));
      return;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

void ValidateHostPathVolumeSource(FieldErrorList& errs, const Json& host_path,
                                  const FieldPath& path) {
  std::string p = Str(host_path, "path");
  if (p.empty()) {
    errs.push_back(FieldError::Required(path.Child("path")));
    return;
  }
  ValidatePathNoBacksteps(errs, p, path.Child("path"));
  if (const Json* type = Get(host_path, "type")) {
    static const std::vector<std::string> kTypes = {
        "",     "BlockDevice",  "CharDevice", "Directory", "DirectoryOrCreate",
        "File", "FileOrCreate", "Socket"};
    std::string t = type->is_string() ? type->get<std::string>() : "";
    bool ok = false;
    for (const auto& k : kTypes) ok = ok || k == t;
    if (!ok) errs.push_back(FieldError::NotSupported(path.Child("type"), t, kTypes));
  }
}

void ValidateNodeSelector(FieldErrorList& errs, const Json& selector, bool allow_invalid_values,
                          const FieldPath& path) {
  FieldPath terms_path = path.Child("nodeSelectorTerms");
  const Json* terms = Array(selector, "nodeSelectorTerms");
  if (terms == nullptr) {
    errs.push_back(FieldError::Required(terms_path, "must have at least one node selector term"));
    return;
  }
  for (size_t i = 0; i < terms->size(); ++i) {
    const Json& term = (*terms)[i];
    FieldPath tp = terms_path.Index(i);
    if (const Json* exprs = Array(term, "matchExpressions")) {
      for (size_t j = 0; j < exprs->size(); ++j) {
        ValidateNodeSelectorRequirement(errs, (*exprs)[j], allow_invalid_values,
                                        tp.Child("matchExpressions").Index(j));
      }
    }
    if (const Json* fields = Array(term, "matchFields")) {
      for (size_t j = 0; j < fields->size(); ++j) {
        ValidateNodeFieldSelectorRequirement(errs, (*fields)[j], tp.Child("matchFields").Index(j));
      }
    }
  }
}

void ValidatePersistentVolumeClaimSpec(FieldErrorList& errs, const Json& spec,
                                       const FieldPath& path) {
  if (Len(spec, "accessModes") == 0) {
    errs.push_back(
        FieldError::Required(path.Child("accessModes"), "at least 1 access mode is required"));
  }
  if (const Json* selector = Get(spec, "selector")) {
    ValidateLabelSelector(errs, selector, {}, path.Child("selector"));
  }
  ValidateAccessModes(errs, spec, path);
  FieldPath storage_path = path.Child("resources").Key("storage");
  const Json* storage = Lookup(spec, {"resources", "requests", "storage"});
  if (storage == nullptr || storage->is_null()) {
    errs.push_back(FieldError::Required(storage_path));
  } else {
    FieldErrorList positive;
    ValidatePositiveQuantityValue(positive, *storage, storage_path);
    if (!positive.empty()) {
      Append(errs, std::move(positive));
    } else {
      ValidateResourceQuantityValue(errs, "storage", *storage, storage_path);
    }
  }
  std::string sc = Str(spec, "storageClassName");
  if (!sc.empty())
    AppendInvalid(errs, path.Child("storageClassName"), sc, NameIsDNSSubdomain(sc, false));
  ValidateVolumeMode(errs, spec, path);
  const Json* ds = Get(spec, "dataSource");
  const Json* dsr = Get(spec, "dataSourceRef");
  if (ds) ValidateDataSource(errs, *ds, path.Child("dataSource"), false);
  if (dsr) ValidateDataSource(errs, *dsr, path.Child("dataSourceRef"), true);
  if (dsr && !Str(*dsr, "namespace").empty()) {
    if (ds) {
      errs.push_back(FieldError::InvalidRaw(path, GoQuote(path.Child("dataSource").str()),
                                            "may not be specified when dataSourceRef.namespace is "
                                            "specified"));
    }
  } else if (ds && dsr) {
    bool same = Str(*ds, "apiGroup") == Str(*dsr, "apiGroup") &&
                (Get(*ds, "apiGroup") == nullptr) == (Get(*dsr, "apiGroup") == nullptr) &&
                Str(*ds, "kind") == Str(*dsr, "kind") && Str(*ds, "name") == Str(*dsr, "name");
    if (!same) {
      errs.push_back(FieldError::InvalidRaw(path, GoQuote(path.Child("dataSource").str()),
                                            "must match dataSourceRef"));
    }
  }
}

void ValidatePersistentVolumeClaimTemplate(FieldErrorList& errs, const Json& tmpl,
                                           const FieldPath& path) {
  ValidateTemplateObjectMeta(errs, Get(tmpl, "metadata") ? *Get(tmpl, "metadata") : Json::object(),
                             path.Child("metadata"));
  const Json* spec = Get(tmpl, "spec");
  ValidatePersistentVolumeClaimSpec(errs, spec ? *spec : Json::object(), path.Child("spec"));
}

void ValidatePersistentVolumeClaimUpdate(FieldErrorList& errs, const Json& pvc, const Json& old) {
  const Json empty = Json::object();
  const Json* new_spec_p = Get(pvc, "spec");
  const Json* old_spec_p = Get(old, "spec");
  Json new_spec = new_spec_p ? *new_spec_p : empty;
  Json old_spec = old_spec_p ? *old_spec_p : empty;
  ValidatePersistentVolumeClaimSpec(errs, new_spec, FieldPath("spec"));

  if (Str(old_spec, "volumeName").empty())
    old_spec["volumeName"] = new_spec.value("volumeName", Json());

  const std::string kBetaSC = "volume.beta.kubernetes.io/storage-class";
  auto old_ann = MetaAnnotations(old);
  auto new_ann = MetaAnnotations(pvc);
  bool old_has_ann = old_ann.count(kBetaSC) > 0;
  const Json* old_sc = Get(old_spec, "storageClassName");
  const Json* new_sc = Get(new_spec, "storageClassName");
  bool upgrade_from_annotation =
      old_has_ann && old_sc == nullptr && new_sc != nullptr && new_sc->is_string() &&
      new_sc->get<std::string>() == old_ann[kBetaSC] &&
      (new_ann.count(kBetaSC) == 0 || new_ann[kBetaSC] == old_ann[kBetaSC]);
  if (upgrade_from_annotation) {
    new_spec.erase("storageClassName");
  } else {
    std::string n = new_ann.count(kBetaSC) ? new_ann[kBetaSC] : "";
    std::string o = old_ann.count(kBetaSC) ? old_ann[kBetaSC] : "";
    if (n != o) {
      errs.push_back(InvalidString(FieldPath("metadata").Child("annotations").Child(kBetaSC), n,
                                   std::string(kFieldImmutableErrorMsg)));
    }
    if (new_sc != nullptr && old_sc == nullptr &&
        (!old_has_ann || (new_sc->is_string() && new_sc->get<std::string>() == old_ann[kBetaSC]))) {
      new_spec.erase("storageClassName");
    }
  }

  bool bound = GetString(pvc, {"status", "phase"}) == "Bound";
  if (bound && Lookup(new_spec, {"resources", "requests"}) != nullptr) {
    const Json* old_storage = Lookup(old_spec, {"resources", "requests", "storage"});
    if (old_storage) {
      new_spec["resources"]["requests"]["storage"] = *old_storage;
    } else {
      new_spec["resources"]["requests"].erase("storage");
    }
  }
  if (!SemanticEqual(&new_spec, &old_spec)) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("spec"),
                              "spec is immutable after creation except resources.requests and "
                              "volumeAttributesClassName for bound claims\n" +
                                  SpecDiff("core.PersistentVolumeClaimSpec", old_spec, new_spec)));
  }

  auto size = [](const Json* q) -> Quantity {
    if (q == nullptr) return Quantity();
    auto parsed = Quantity::FromJson(*q);
    return parsed.ok() ? *parsed : Quantity();
  };
  Quantity old_size = size(Lookup(old, {"spec", "resources", "requests", "storage"}));
  Quantity new_size = size(Lookup(pvc, {"spec", "resources", "requests", "storage"}));
  Quantity status_size = size(Lookup(old, {"status", "capacity", "storage"}));
  // RecoverVolumeExpansionFailure is beta (on) in 1.32: shrinking is allowed
  // down to (but not including) the recorded capacity.
  if (new_size.Compare(old_size) < 0 && new_size.Compare(status_size) <= 0) {
    errs.push_back(FieldError::Forbidden(
        FieldPath("spec").Child("resources").Child("requests").Child("storage"),
        "field can not be less than status.capacity"));
  }
  const Json* nm = Lookup(pvc, {"spec", "volumeMode"});
  const Json* om = Lookup(old, {"spec", "volumeMode"});
  ValidateImmutableField(errs, nm, om, FieldPath("volumeMode"),
                         nm && nm->is_string() ? GoQuote(nm->get<std::string>()) : "null");
}

void ValidatePersistentVolumeClaimStatusUpdate(FieldErrorList& errs, const Json& pvc) {
  if (Len(pvc.value("spec", Json::object()), "accessModes") == 0) {
    errs.push_back(FieldError::Required(FieldPath("Spec").Child("accessModes")));
  }
  if (const Json* cap = Lookup(pvc, {"status", "capacity"}); cap && cap->is_object()) {
    for (auto it = cap->begin(); it != cap->end(); ++it) {
      auto q = Quantity::FromJson(it.value());
      if (q.ok() && q->Value() < 0) {
        errs.push_back(FieldError::Invalid(FieldPath("status").Child("capacity").Key(it.key()),
                                           q->Value(), "must be a valid resource quantity"));
      }
    }
  }
}

void ValidatePersistentVolumeSpec(FieldErrorList& errs, const Json& spec, const FieldPath& path) {
  if (Len(spec, "accessModes") == 0)
    errs.push_back(FieldError::Required(path.Child("accessModes")));
  ValidateAccessModes(errs, spec, path);

  FieldPath cap_path = path.Child("capacity");
  const Json* capacity = Object(spec, "capacity");
  if (capacity == nullptr) errs.push_back(FieldError::Required(cap_path));
  if (capacity == nullptr || Get(*capacity, "storage") == nullptr || capacity->size() > 1) {
    std::string rendered = "core.ResourceList(nil)";
    if (capacity) {
      rendered = "core.ResourceList{";
      bool first = true;
      for (auto it = capacity->begin(); it != capacity->end(); ++it) {
        if (!first) rendered += ", ";
        first = false;
        rendered += GoQuote(it.key()) + ":" + GoQuote(IntOrStringText(it.value()));
      }
      rendered += "}";
    }
    errs.push_back(FieldError{FieldErrorType::kNotSupported, cap_path.str(), rendered,
                              "supported values: \"storage\""});
  }
  if (capacity) {
    for (auto it = capacity->begin(); it != capacity->end(); ++it) {
      auto q = Quantity::FromJson(it.value());
      if (q.ok() && q->Value() < 0) {
        errs.push_back(FieldError::Invalid(cap_path.Key(it.key()), q->Value(),
                                           "must be a valid resource quantity"));
      }
      ValidatePositiveQuantityValue(errs, it.value(), cap_path.Key(it.key()));
    }
  }

  std::string policy = Str(spec, "persistentVolumeReclaimPolicy");
  if (!policy.empty() && policy != "Delete" && policy != "Recycle" && policy != "Retain") {
    errs.push_back(FieldError::NotSupported(path.Child("persistentVolumeReclaimPolicy"), policy,
                                            {"Delete", "Recycle", "Retain"}));
  }

  bool node_affinity = false;
  if (const Json* na = Get(spec, "nodeAffinity")) {
    node_affinity = true;
    if (const Json* required = Get(*na, "required")) {
      ValidateNodeSelector(errs, *required, false, path.Child("nodeAffinity").Child("required"));
    } else {
      errs.push_back(FieldError::Required(path.Child("nodeAffinity").Child("required"),
                                          "must specify required node constraints"));
    }
  }

  int num = 0;
  auto count = [&](const char* key) -> bool {
    if (Get(spec, key) == nullptr) return false;
    if (num > 0) {
      errs.push_back(
          FieldError::Forbidden(path.Child(key), "may not specify more than 1 volume type"));
      return false;
    }
    ++num;
    return true;
  };
  if (count("hostPath"))
    ValidateHostPathVolumeSource(errs, *Get(spec, "hostPath"), path.Child("hostPath"));
  for (const auto& rf : SimplePvSources()) {
    if (count(rf.source)) ValidateRequiredFields(errs, *Get(spec, rf.source), rf, path);
    if (std::string_view(rf.source) == "scaleIO" && count("local")) {
      const Json& local = *Get(spec, "local");
      std::string lp = Str(local, "path");
      if (lp.empty()) {
        errs.push_back(FieldError::Required(path.Child("local").Child("path")));
      } else {
        ValidatePathNoBacksteps(errs, lp, path.Child("local").Child("path"));
      }
      if (!node_affinity) {
        errs.push_back(FieldError::Required(path.Child("nodeAffinity"),
                                            "Local volume requires node affinity"));
      }
    }
  }
  if (count("csi")) {
    const Json& csi = *Get(spec, "csi");
    FieldPath cp = path.Child("csi");
    std::string driver = Str(csi, "driver");
    if (driver.empty()) errs.push_back(FieldError::Required(cp.Child("driver")));
    if (driver.size() > 63) errs.push_back(FieldError::TooLong(cp.Child("driver"), 63));
    std::string lower;
    for (char c : driver) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    AppendInvalid(errs, cp.Child("driver"), driver, IsDNS1123Subdomain(lower));
    if (Str(csi, "volumeHandle").empty())
      errs.push_back(FieldError::Required(cp.Child("volumeHandle")));
  }
  if (num == 0) errs.push_back(FieldError::Required(path, "must specify a volume type"));

  if (const Json* hp = Get(spec, "hostPath"); hp && policy == "Recycle") {
    std::string p = Str(*hp, "path");
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p == "/") {
      errs.push_back(FieldError::Forbidden(path.Child("persistentVolumeReclaimPolicy"),
                                           "may not be 'recycle' for a hostPath mount of '/'"));
    }
  }
  std::string sc = Str(spec, "storageClassName");
  if (!sc.empty())
    AppendInvalid(errs, path.Child("storageClassName"), sc, NameIsDNSSubdomain(sc, false));
  ValidateVolumeMode(errs, spec, path);
}

void ValidatePersistentVolumeUpdate(FieldErrorList& errs, const Json& pv, const Json& old) {
  const Json* ns = Get(pv, "spec");
  const Json* os = Get(old, "spec");
  Json new_spec = ns ? *ns : Json::object();
  Json old_spec = os ? *os : Json::object();
  ValidatePersistentVolumeSpec(errs, new_spec, FieldPath("spec"));
  // A missing controllerExpandSecretRef may be added later.
  if (Get(old_spec, "csi") && !Lookup(old_spec, {"csi", "controllerExpandSecretRef"}) &&
      Get(new_spec, "csi")) {
    new_spec["csi"].erase("controllerExpandSecretRef");
  }
  // PersistentVolumeSource is every spec field except the PV's own settings.
  static const std::set<std::string> kNonSource = {"capacity",
                                                   "accessModes",
                                                   "claimRef",
                                                   "persistentVolumeReclaimPolicy",
                                                   "storageClassName",
                                                   "mountOptions",
                                                   "volumeMode",
                                                   "nodeAffinity",
                                                   "volumeAttributesClassName"};
  Json new_src = Json::object(), old_src = Json::object();
  for (auto [spec, src] : {std::pair{&new_spec, &new_src}, std::pair{&old_spec, &old_src}}) {
    for (auto it = spec->begin(); it != spec->end(); ++it) {
      if (!kNonSource.count(it.key())) (*src)[it.key()] = it.value();
    }
  }
  if (!SemanticEqual(&new_src, &old_src)) {
    errs.push_back(
        FieldError::Forbidden(FieldPath("spec").Child("persistentvolumesource"),
                              "spec.persistentvolumesource is immutable after creation\n" +
                                  SpecDiff("core.PersistentVolumeSource", old_src, new_src)));
  }
  const Json* nm = Get(new_spec, "volumeMode");
  ValidateImmutableField(errs, nm, Get(old_spec, "volumeMode"), FieldPath("volumeMode"),
                         nm && nm->is_string() ? GoQuote(nm->get<std::string>()) : "null");
  if (const Json* old_na = Get(old_spec, "nodeAffinity")) {
    const Json* new_na = Get(new_spec, "nodeAffinity");
    if (!SemanticEqual(new_na, old_na)) {
      errs.push_back(FieldError::InvalidRaw(
          FieldPath("nodeAffinity"),
          new_na ? "core.VolumeNodeAffinity{Required:" +
                       GoPointer("core.NodeSelector", Get(*new_na, "required")) + "}"
                 : "null",
          std::string(kFieldImmutableErrorMsg) + ", except for updating from beta label to GA"));
    }
  }
}

}  // namespace stead::api::validation
