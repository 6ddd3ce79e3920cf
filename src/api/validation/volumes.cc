#include "api/validation/volumes.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/persistent_volume.h"
#include "core/quantity.h"

namespace stead::api::validation {
namespace {

constexpr std::string_view kFileModeErrorMsg =
    "must be a number between 0 and 0777 (octal), both inclusive";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void ValidateMode(FieldErrorList& errs, const Json& obj, std::string_view key,
                  const FieldPath& path) {
  const Json* mode = Get(obj, key);
  if (mode == nullptr) return;
  int64_t m = mode->is_number() ? mode->get<int64_t>() : 0;
  if (m > 0777 || m < 0) {
    errs.push_back(FieldError::Invalid(path, m, std::string(kFileModeErrorMsg)));
  }
}

void ValidateKeyToPath(FieldErrorList& errs, const Json& kp, const FieldPath& path) {
  if (Str(kp, "key").empty()) errs.push_back(FieldError::Required(path.Child("key")));
  std::string p = Str(kp, "path");
  if (p.empty()) errs.push_back(FieldError::Required(path.Child("path")));
  ValidateLocalNonReservedPath(errs, p, path.Child("path"));
  ValidateMode(errs, kp, "mode", path.Child("mode"));
}

void ValidateItems(FieldErrorList& errs, const Json& src, const FieldPath& path) {
  if (const Json* items = Array(src, "items")) {
    for (size_t i = 0; i < items->size(); ++i) {
      ValidateKeyToPath(errs, (*items)[i], path.Child("items").Index(i));
    }
  }
}

// Upstream ConvertDownwardAPIFieldLabel: the internal field path or an error.
bool ConvertDownwardAPIFieldLabel(const std::string& version, const std::string& label,
                                  std::string* out, std::string* err) {
  if (version != "v1") {
    *err = "unsupported pod version: " + version;
    return false;
  }
  if (label.size() > 2 && label.compare(label.size() - 2, 2, "']") == 0) {
    size_t open = label.find("['");
    if (open != std::string::npos && open > 0 && open + 2 <= label.size() - 2) {
      std::string path = label.substr(0, open);
      if (path == "metadata.annotations" || path == "metadata.labels") {
        *out = label;
        return true;
      }
      *err = "field label does not support subscript: " + label;
      return false;
    }
  }
  static const std::set<std::string> kLabels = {
      "metadata.annotations", "metadata.labels", "metadata.name",      "metadata.namespace",
      "metadata.uid",         "spec.nodeName",   "spec.restartPolicy", "spec.serviceAccountName",
      "spec.schedulerName",   "status.phase",    "status.hostIP",      "status.hostIPs",
      "status.podIP",         "status.podIPs"};
  if (kLabels.count(label)) {
    *out = label;
    return true;
  }
  if (label == "spec.host") {
    *out = "spec.nodeName";
    return true;
  }
  *err = "field label not supported: " + label;
  return false;
}

void ValidateDownwardAPIVolumeFile(FieldErrorList& errs, const Json& file, const FieldPath& path) {
  std::string p = Str(file, "path");
  if (p.empty()) errs.push_back(FieldError::Required(path.Child("path")));
  ValidateLocalNonReservedPath(errs, p, path.Child("path"));
  const Json* field_ref = Get(file, "fieldRef");
  const Json* resource_ref = Get(file, "resourceFieldRef");
  if (field_ref) {
    ValidateObjectFieldSelector(errs, *field_ref, false, path.Child("fieldRef"));
    if (resource_ref) {
      errs.push_back(InvalidString(path, "resource",
                                   "fieldRef and resourceFieldRef can not be specified "
                                   "simultaneously"));
    }
  } else if (resource_ref) {
    ValidateResourceFieldSelector(errs, *resource_ref, true, path.Child("resourceFieldRef"));
  } else {
    errs.push_back(FieldError::Required(path, "one of fieldRef and resourceFieldRef is required"));
  }
  ValidateMode(errs, file, "mode", path.Child("mode"));
}

void ValidateProjected(FieldErrorList& errs, const Json& projected, const FieldPath& path) {
  ValidateMode(errs, projected, "defaultMode", path.Child("defaultMode"));
  const Json* sources = Array(projected, "sources");
  if (sources == nullptr) return;
  std::set<std::string> all_paths;
  for (size_t i = 0; i < sources->size(); ++i) {
    const Json& source = (*sources)[i];
    FieldPath src_path = path.Child("sources").Index(i);
    int num = 0;
    for (const char* kind : {"secret", "configMap"}) {
      const Json* s = Get(source, kind);
      if (s == nullptr) continue;
      ++num;
      FieldPath p = src_path.Child(kind);
      std::string name = Str(*s, "name");
      if (name.empty()) errs.push_back(FieldError::Required(p.Child("name")));
      if (const Json* items = Array(*s, "items")) {
        for (size_t j = 0; j < items->size(); ++j) {
          const Json& kp = (*items)[j];
          ValidateKeyToPath(errs, kp, p.Child("items").Index(j));
          std::string kp_path = Str(kp, "path");
          if (!kp_path.empty() && !all_paths.insert(kp_path).second) {
            errs.push_back(InvalidString(path, name, "conflicting duplicate paths"));
          }
        }
      }
    }
    if (const Json* d = Get(source, "downwardAPI")) {
      ++num;
      FieldPath p = src_path.Child("downwardAPI");
      if (const Json* items = Array(*d, "items")) {
        for (const Json& file : *items) {
          ValidateDownwardAPIVolumeFile(errs, file, p);
          std::string file_path = Str(file, "path");
          if (!file_path.empty() && !all_paths.insert(file_path).second) {
            errs.push_back(InvalidString(path, file_path, "conflicting duplicate paths"));
          }
        }
      }
    }
    if (const Json* token = Get(source, "serviceAccountToken")) {
      ++num;
      FieldPath p = src_path.Child("serviceAccountToken");
      int64_t exp = Int(*token, "expirationSeconds");
      if (exp < 10 * 60) {
        errs.push_back(FieldError::Invalid(p.Child("expirationSeconds"), exp,
                                           "may not specify a duration less than 10 minutes"));
      }
      if (exp > (int64_t{1} << 32)) {
        errs.push_back(FieldError::Invalid(p.Child("expirationSeconds"), exp,
                                           "may not specify a duration larger than 2^32 seconds"));
      }
      std::string token_path = Str(*token, "path");
      if (token_path.empty()) {
        errs.push_back(FieldError::Required(path.Child("path")));
      } else {
        ValidateLocalNonReservedPath(errs, token_path, path.Child("path"));
      }
    }
    if (num > 1) {
      errs.push_back(
          FieldError::Forbidden(src_path, "may not specify more than 1 volume type per source"));
    }
  }
}

void RequireFields(FieldErrorList& errs, const Json& src, const FieldPath& path,
                   std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (IsZero(Get(src, f))) errs.push_back(FieldError::Required(path.Child(f)));
  }
}

void ValidatePartition(FieldErrorList& errs, const Json& src, const FieldPath& path) {
  int64_t partition = Int(src, "partition");
  if (partition < 0 || partition > 255) {
    errs.push_back(
        FieldError::Invalid(path.Child("partition"), partition, InclusiveRangeError(1, 255)));
  }
}

void ValidateEphemeral(FieldErrorList& errs, const Json& eph, const std::string& pod_name,
                       const std::string& vol_name, const FieldPath& path) {
  const Json* tmpl = Get(eph, "volumeClaimTemplate");
  if (tmpl == nullptr) {
    errs.push_back(FieldError::Required(path.Child("ephemeral").Child("volumeClaimTemplate")));
    return;
  }
  ValidatePersistentVolumeClaimTemplate(errs, *tmpl,
                                        path.Child("ephemeral").Child("volumeClaimTemplate"));
  if (!pod_name.empty() && !vol_name.empty()) {
    std::string pvc = pod_name + "-" + vol_name;
    for (const auto& msg : NameIsDNSSubdomain(pvc, false)) {
      errs.push_back(
          InvalidString(path.Child("name"), vol_name, "PVC name \"" + pvc + "\": " + msg));
    }
  }
}

using SourceCheck = void (*)(FieldErrorList&, const Json&, const FieldPath&);

struct VolumeSource {
  const char* key;
  const char* detail_path;  // child used for the source's own errors
  SourceCheck check;
};

// In upstream's order, with its path quirks ("persistentDisk", "cephfs").
const std::vector<VolumeSource>& PodVolumeSources() {
  static const std::vector<VolumeSource> kSources = {
      {"emptyDir", "emptyDir",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         if (const Json* limit = Get(s, "sizeLimit")) {
           auto q = Quantity::FromJson(*limit);
           if (q.ok() && q->Sign() < 0) {
             errs.push_back(FieldError::Forbidden(
                 p.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
           }
         }
       }},
      {"hostPath", "hostPath", &ValidateHostPathVolumeSource},
      {"gitRepo", "gitRepo",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"repository"});
         ValidateLocalDescendingPath(errs, Str(s, "directory"), p.Child("directory"));
       }},
      {"gcePersistentDisk", "persistentDisk",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"pdName"});
         ValidatePartition(errs, s, p);
       }},
      {"awsElasticBlockStore", "awsElasticBlockStore",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"volumeID"});
         ValidatePartition(errs, s, p);
       }},
      {"secret", "secret",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"secretName"});
         ValidateMode(errs, s, "defaultMode", p.Child("defaultMode"));
         ValidateItems(errs, s, p);
       }},
      {"nfs", "nfs",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"server", "path"});
         std::string path = Str(s, "path");
         if (path.empty() || path[0] != '/') {
           errs.push_back(InvalidString(p.Child("path"), path, "must be an absolute path"));
         }
       }},
      {"iscsi", "iscsi",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"targetPortal"});
         std::string iqn = Str(s, "iqn");
         if (iqn.empty()) {
           errs.push_back(FieldError::Required(p.Child("iqn")));
         } else if (iqn.rfind("iqn", 0) != 0 && iqn.rfind("eui", 0) != 0 &&
                    iqn.rfind("naa", 0) != 0) {
           errs.push_back(InvalidString(p.Child("iqn"), iqn,
                                        "must be valid format starting with iqn, eui, or naa"));
         }
         int64_t lun = Int(s, "lun");
         if (lun < 0 || lun > 255) {
           errs.push_back(FieldError::Invalid(p.Child("lun"), lun, InclusiveRangeError(0, 255)));
         }
       }},
      {"glusterfs", "glusterfs",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"endpoints", "path"});
       }},
      {"flocker", "flocker",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         bool name = !Str(s, "datasetName").empty(), uuid = !Str(s, "datasetUUID").empty();
         if (!name && !uuid) {
           errs.push_back(
               FieldError::Required(p, "one of datasetName and datasetUUID is required"));
         }
         if (name && uuid) {
           errs.push_back(InvalidString(p, "resource",
                                        "datasetName and datasetUUID can not be specified "
                                        "simultaneously"));
         }
         if (Str(s, "datasetName").find('/') != std::string::npos) {
           errs.push_back(InvalidString(p.Child("datasetName"), Str(s, "datasetName"),
                                        "must not contain '/'"));
         }
       }},
      {"persistentVolumeClaim", "persistentVolumeClaim",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"claimName"});
       }},
      {"rbd", "rbd",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"monitors", "image"});
       }},
      {"cinder", "cinder",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"volumeID"});
       }},
      {"cephfs", "cephfs",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"monitors"});
       }},
      {"quobyte", "quobyte",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         if (Str(s, "registry").empty()) {
           errs.push_back(FieldError::Required(
               p.Child("registry"),
               "must be a host:port pair or multiple pairs separated by commas"));
         }
         RequireFields(errs, s, p, {"volume"});
       }},
      {"downwardAPI", "downwardAPI",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         ValidateMode(errs, s, "defaultMode", p.Child("defaultMode"));
         if (const Json* items = Array(s, "items")) {
           for (const Json& file : *items) ValidateDownwardAPIVolumeFile(errs, file, p);
         }
       }},
      {"fc", "fc",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         size_t wwns = Len(s, "targetWWNs"), wwids = Len(s, "wwids");
         if (wwns == 0 && wwids == 0) {
           errs.push_back(FieldError::Required(
               p.Child("targetWWNs"), "must specify either targetWWNs or wwids, but not both"));
         }
         if (wwns != 0 && wwids != 0) {
           errs.push_back(FieldError::InvalidRaw(p.Child("targetWWNs"),
                                                 GoStringSlice(Get(s, "targetWWNs")),
                                                 "targetWWNs and wwids can not be specified "
                                                 "simultaneously"));
         }
         if (wwns != 0) {
           if (Get(s, "lun") == nullptr) {
             errs.push_back(FieldError::Required(p.Child("lun"),
                                                 "lun is required if targetWWNs is specified"));
           } else if (Int(s, "lun") < 0 || Int(s, "lun") > 255) {
             errs.push_back(
                 FieldError::Invalid(p.Child("lun"), Int(s, "lun"), InclusiveRangeError(0, 255)));
           }
         }
       }},
      {"flexVolume", "flexVolume",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"driver"});
       }},
      {"configMap", "configMap",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"name"});
         ValidateMode(errs, s, "defaultMode", p.Child("defaultMode"));
         ValidateItems(errs, s, p);
       }},
      {"azureFile", "azureFile",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"secretName", "shareName"});
       }},
      {"vsphereVolume", "vsphereVolume",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"volumePath"});
       }},
      {"photonPersistentDisk", "photonPersistentDisk",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"pdID"});
       }},
      {"portworxVolume", "portworxVolume",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"volumeID"});
       }},
      {"azureDisk", "azureDisk",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"diskName", "diskURI"});
       }},
      {"storageos", "storageos",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         std::string name = Str(s, "volumeName");
         if (name.empty()) {
           errs.push_back(FieldError::Required(p.Child("volumeName")));
         } else {
           ValidateDNS1123Label(errs, name, p.Child("volumeName"));
         }
         std::string ns = Str(s, "volumeNamespace");
         if (!ns.empty()) ValidateDNS1123Label(errs, ns, p.Child("volumeNamespace"));
       }},
      {"projected", "projected", &ValidateProjected},
      {"scaleIO", "scaleIO",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         RequireFields(errs, s, p, {"gateway", "system", "volumeName"});
       }},
      {"csi", "csi",
       [](FieldErrorList& errs, const Json& s, const FieldPath& p) {
         std::string driver = Str(s, "driver");
         if (driver.empty()) errs.push_back(FieldError::Required(p.Child("driver")));
         if (driver.size() > 63) errs.push_back(FieldError::TooLong(p.Child("driver"), 63));
         AppendInvalid(errs, p.Child("driver"), driver, IsDNS1123Subdomain(Lower(driver)));
         if (const Json* ref = Get(s, "nodePublishSecretRef")) {
           std::string name = Str(*ref, "name");
           if (name.empty()) {
             errs.push_back(FieldError::Required(p.Child("nodePublishSecretRef").Child("name")));
           } else {
             AppendInvalid(errs, p.Child("name"), name, NameIsDNSSubdomain(name, false));
           }
         }
       }},
  };
  return kSources;
}

// Forbidden-path spellings upstream uses for "more than 1 volume type".
std::string ForbiddenChild(std::string_view key) {
  if (key == "cephfs") return "cephFS";
  if (key == "downwardAPI") return "downwarAPI";
  return std::string(key);
}

FieldErrorList ValidateVolumeSource(const Json& vol, const FieldPath& path,
                                    const std::string& pod_name) {
  FieldErrorList errs;
  int num = 0;
  auto claim = [&](std::string_view key) {
    if (num > 0) {
      errs.push_back(FieldError::Forbidden(path.Child(ForbiddenChild(key)),
                                           "may not specify more than 1 volume type"));
      return false;
    }
    ++num;
    return true;
  };
  for (const auto& src : PodVolumeSources()) {
    const Json* s = Get(vol, src.key);
    if (s == nullptr) continue;
    if (claim(src.key)) src.check(errs, *s, path.Child(src.detail_path));
    // Ephemeral comes last upstream, right after csi.
  }
  if (const Json* eph = Get(vol, "ephemeral")) {
    if (claim("ephemeral")) ValidateEphemeral(errs, *eph, pod_name, Str(vol, "name"), path);
  }
  if (num == 0) errs.push_back(FieldError::Required(path, "must specify a volume type"));
  return errs;
}

}  // namespace

void ValidateLocalDescendingPath(FieldErrorList& errs, std::string_view target,
                                 const FieldPath& path) {
  if (!target.empty() && target[0] == '/') {
    errs.push_back(InvalidString(path, target, "must be a relative path"));
  }
  ValidatePathNoBacksteps(errs, target, path);
}

void ValidateLocalNonReservedPath(FieldErrorList& errs, std::string_view target,
                                  const FieldPath& path) {
  ValidateLocalDescendingPath(errs, target, path);
  if (target.substr(0, 2) == ".." && target.substr(0, 3) != "../") {
    errs.push_back(InvalidString(path, target, "must not start with '..'"));
  }
}

void ValidateObjectFieldSelector(FieldErrorList& errs, const Json& selector, bool env,
                                 const FieldPath& path) {
  std::string api_version = Str(selector, "apiVersion");
  if (api_version.empty()) {
    errs.push_back(FieldError::Required(path.Child("apiVersion")));
    return;
  }
  std::string field_path = Str(selector, "fieldPath");
  if (field_path.empty()) {
    errs.push_back(FieldError::Required(path.Child("fieldPath")));
    return;
  }
  std::string internal, err;
  if (!ConvertDownwardAPIFieldLabel(api_version, field_path, &internal, &err)) {
    errs.push_back(
        InvalidString(path.Child("fieldPath"), field_path, "error converting fieldPath: " + err));
    return;
  }
  if (internal.size() > 2 && internal.compare(internal.size() - 2, 2, "']") == 0) {
    size_t open = internal.find("['");
    std::string base = internal.substr(0, open);
    std::string subscript = internal.substr(open + 2, internal.size() - open - 4);
    if (base == "metadata.annotations") {
      ValidateQualifiedName(errs, Lower(subscript), path);
    } else {
      ValidateQualifiedName(errs, subscript, path);
    }
    return;
  }
  static const std::vector<std::string> kEnv = {"metadata.name",
                                                "metadata.namespace",
                                                "metadata.uid",
                                                "spec.nodeName",
                                                "spec.serviceAccountName",
                                                "status.hostIP",
                                                "status.hostIPs",
                                                "status.podIP",
                                                "status.podIPs"};
  static const std::vector<std::string> kVolume = {"metadata.annotations", "metadata.labels",
                                                   "metadata.name", "metadata.namespace",
                                                   "metadata.uid"};
  const auto& allowed = env ? kEnv : kVolume;
  if (std::find(allowed.begin(), allowed.end(), internal) == allowed.end()) {
    errs.push_back(FieldError::NotSupported(path.Child("fieldPath"), internal, allowed));
  }
}

void ValidateResourceFieldSelector(FieldErrorList& errs, const Json& selector, bool volume,
                                   const FieldPath& path) {
  static const std::vector<std::string> kResources = {
      "limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
      "requests.cpu", "requests.ephemeral-storage", "requests.memory"};
  std::string resource = Str(selector, "resource");
  bool huge =
      resource.rfind("requests.hugepages-", 0) == 0 || resource.rfind("limits.hugepages-", 0) == 0;
  if (volume && Str(selector, "containerName").empty()) {
    errs.push_back(FieldError::Required(path.Child("containerName")));
  } else if (resource.empty()) {
    errs.push_back(FieldError::Required(path.Child("resource")));
  } else if (std::find(kResources.begin(), kResources.end(), resource) == kResources.end() &&
             !huge) {
    errs.push_back(FieldError::NotSupported(path.Child("resource"), resource, kResources));
  }
  const Json* divisor = Get(selector, "divisor");
  if (divisor == nullptr) return;
  auto q = Quantity::FromJson(*divisor);
  if (!q.ok() || q->IsZero()) return;
  std::string d = q->ToString();
  static const std::set<std::string> kBytes = {"1",   "1k",  "1M",  "1G",  "1T",  "1P", "1E",
                                               "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};
  constexpr std::string_view kByteValues =
      "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are "
      "supported with the ";
  FieldPath dp = path.Child("divisor");
  if (resource == "limits.cpu" || resource == "requests.cpu") {
    if (d != "1m" && d != "1") {
      errs.push_back(InvalidString(dp, resource,
                                   "only divisor's values 1m and 1 are supported with the cpu "
                                   "resource"));
    }
  } else if (resource == "limits.memory" || resource == "requests.memory") {
    if (!kBytes.count(d)) {
      errs.push_back(InvalidString(dp, resource, std::string(kByteValues) + "memory resource"));
    }
  } else if (resource == "limits.ephemeral-storage" || resource == "requests.ephemeral-storage") {
    if (!kBytes.count(d)) {
      errs.push_back(InvalidString(dp, resource,
                                   std::string(kByteValues) + "local ephemeral storage resource"));
    }
  }
  if (huge && !kBytes.count(d)) {
    errs.push_back(InvalidString(dp, resource, std::string(kByteValues) + "hugepages resource"));
  }
}

std::map<std::string, const Json*> ValidateVolumes(FieldErrorList& errs, const Json* volumes,
                                                   const std::string& pod_name,
                                                   const FieldPath& path) {
  std::map<std::string, const Json*> valid;
  if (volumes == nullptr || !volumes->is_array()) return valid;
  std::set<std::string> names, created_pvcs;
  if (!pod_name.empty()) {
    for (const Json& vol : *volumes) {
      if (Get(vol, "ephemeral")) created_pvcs.insert(pod_name + "-" + Str(vol, "name"));
    }
  }
  for (size_t i = 0; i < volumes->size(); ++i) {
    const Json& vol = (*volumes)[i];
    FieldPath idx = path.Index(i);
    FieldPath name_path = idx.Child("name");
    std::string name = Str(vol, "name");
    FieldErrorList el = ValidateVolumeSource(vol, idx, pod_name);
    if (name.empty()) {
      el.push_back(FieldError::Required(name_path));
    } else {
      ValidateDNS1123Label(el, name, name_path);
    }
    if (names.count(name)) el.push_back(FieldError::Duplicate(name_path, name));
    if (el.empty()) {
      names.insert(name);
      valid[name] = &vol;
    } else {
      Append(errs, std::move(el));
    }
    if (const Json* pvc = Get(vol, "persistentVolumeClaim")) {
      std::string claim = Str(*pvc, "claimName");
      if (created_pvcs.count(claim)) {
        errs.push_back(InvalidString(idx.Child("persistentVolumeClaim").Child("claimName"), claim,
                                     "must not reference a PVC that gets created for an "
                                     "ephemeral volume"));
      }
    }
  }
  return valid;
}

}  // namespace stead::api::validation
