#include "api/validation/object_meta.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "api/validation/common.h"
#include "api/validation/go_format.h"

namespace stead::api::validation {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsStandardFinalizerName(std::string_view name) {
  return name == "kubernetes" || name == "orphan" || name == "foregroundDeletion";
}

// validateKubeFinalizerName.
void ValidateKubeFinalizerName(FieldErrorList& errs, std::string_view name, const FieldPath& path) {
  if (name.find('/') == std::string_view::npos && !IsStandardFinalizerName(name)) {
    errs.push_back(InvalidString(path, name,
                                 "name is neither a standard finalizer name nor is it fully "
                                 "qualified"));
  }
}

std::string GoBoolPtr(const Json& ref, std::string_view key) {
  return GoPointer("bool", Get(ref, key));
}

std::string GoOwnerReference(const Json& ref) {
  return "v1.OwnerReference{APIVersion:" + GoQuote(Str(ref, "apiVersion")) +
         ", Kind:" + GoQuote(Str(ref, "kind")) + ", Name:" + GoQuote(Str(ref, "name")) +
         ", UID:" + GoQuote(Str(ref, "uid")) + ", Controller:" + GoBoolPtr(ref, "controller") +
         ", BlockOwnerDeletion:" + GoBoolPtr(ref, "blockOwnerDeletion") + "}";
}

void ValidateOwnerReferences(FieldErrorList& errs, const Json* refs, const FieldPath& path) {
  if (refs == nullptr || !refs->is_array()) return;
  std::string first_controller;
  for (const Json& ref : *refs) {
    std::string api_version = Str(ref, "apiVersion");
    std::string group, version;
    size_t slashes = std::count(api_version.begin(), api_version.end(), '/');
    if (api_version != "/" && slashes == 0) {
      version = api_version;
    } else if (api_version != "/" && slashes == 1) {
      size_t s = api_version.find('/');
      group = api_version.substr(0, s);
      version = api_version.substr(s + 1);
    }
    std::string kind = Str(ref, "kind");
    if (version.empty()) {
      errs.push_back(
          InvalidString(path.Child("apiVersion"), api_version, "version must not be empty"));
    }
    if (kind.empty()) {
      errs.push_back(InvalidString(path.Child("kind"), kind, "kind must not be empty"));
    }
    if (Str(ref, "name").empty()) {
      errs.push_back(InvalidString(path.Child("name"), "", "name must not be empty"));
    }
    if (Str(ref, "uid").empty()) {
      errs.push_back(InvalidString(path.Child("uid"), "", "uid must not be empty"));
    }
    if (group.empty() && version == "v1" && kind == "Event") {
      errs.push_back(FieldError::InvalidRaw(path, GoOwnerReference(ref),
                                            "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (Bool(ref, "controller")) {
      std::string current = kind + "/" + Str(ref, "name");
      if (!first_controller.empty()) {
        std::string all = "[]v1.OwnerReference{";
        for (size_t i = 0; i < refs->size(); ++i) {
          if (i) all += ", ";
          all += GoOwnerReference((*refs)[i]);
        }
        all += "}";
        errs.push_back(FieldError::InvalidRaw(
            path, all,
            "Only one reference can have Controller set to true. Found \"true\" in references "
            "for " +
                first_controller + " and " + current));
      } else {
        first_controller = current;
      }
    }
  }
}

// apimachinery ValidateFinalizers (names at `path`, no index) followed by the
// core wrapper's per-index check.
void ValidateFinalizers(FieldErrorList& errs, const Json* finalizers, const FieldPath& path) {
  if (finalizers == nullptr || !finalizers->is_array()) return;
  bool orphan = false, foreground = false;
  for (const Json& f : *finalizers) {
    std::string name = f.is_string() ? f.get<std::string>() : "";
    AppendInvalid(errs, path, name, IsQualifiedName(name));
    orphan = orphan || name == "orphan";
    foreground = foreground || name == "foregroundDeletion";
  }
  if (orphan && foreground) {
    errs.push_back(
        FieldError::InvalidRaw(path, GoStringSlice(finalizers),
                               "finalizer orphan and foregroundDeletion cannot be both set"));
  }
}

void ValidateKubeFinalizers(FieldErrorList& errs, const Json* finalizers, const FieldPath& path) {
  if (finalizers == nullptr || !finalizers->is_array()) return;
  for (size_t i = 0; i < finalizers->size(); ++i) {
    const Json& f = (*finalizers)[i];
    ValidateKubeFinalizerName(errs, f.is_string() ? f.get<std::string>() : "", path.Index(i));
  }
}

void ValidateManagedFields(FieldErrorList& errs, const Json* fields, const FieldPath& path) {
  if (fields == nullptr || !fields->is_array()) return;
  for (size_t i = 0; i < fields->size(); ++i) {
    const Json& f = (*fields)[i];
    FieldPath p = path.Index(i);
    std::string op = Str(f, "operation");
    if (op != "Apply" && op != "Update") {
      errs.push_back(InvalidString(p.Child("operation"), op, "must be `Apply` or `Update`"));
    }
    std::string type = Str(f, "fieldsType");
    if (!type.empty() && type != "FieldsV1") {
      errs.push_back(InvalidString(p.Child("fieldsType"), type, "must be `FieldsV1`"));
    }
    if (Str(f, "manager").size() > 128)
      errs.push_back(FieldError::TooLong(p.Child("manager"), 128));
    if (Str(f, "subresource").size() > 256) {
      errs.push_back(FieldError::TooLong(p.Child("subresource"), 256));
    }
  }
}

}  // namespace

void ValidateLabelName(FieldErrorList& errs, std::string_view name, const FieldPath& path) {
  AppendInvalid(errs, path, name, IsQualifiedName(name));
}

void ValidateLabels(FieldErrorList& errs, const Json* labels, const FieldPath& path) {
  if (labels == nullptr || !labels->is_object()) return;
  for (auto it = labels->begin(); it != labels->end(); ++it) {
    ValidateLabelName(errs, it.key(), path);
    std::string v = it.value().is_string() ? it.value().get<std::string>() : "";
    AppendInvalid(errs, path, v, IsValidLabelValue(v));
  }
}

void ValidateAnnotations(FieldErrorList& errs, const Json* annotations, const FieldPath& path) {
  if (annotations == nullptr || !annotations->is_object()) return;
  int64_t total = 0;
  for (auto it = annotations->begin(); it != annotations->end(); ++it) {
    // Case does not matter for annotation keys.
    AppendInvalid(errs, path, it.key(), IsQualifiedName(Lower(it.key())));
    total += it.key().size();
    if (it.value().is_string()) total += it.value().get_ref<const std::string&>().size();
  }
  if (total > kTotalAnnotationSizeLimitB) {
    errs.push_back(FieldError::TooLong(path, kTotalAnnotationSizeLimitB));
  }
}

void ValidateTemplateObjectMeta(FieldErrorList& errs, const Json& meta, const FieldPath& path) {
  ValidateAnnotations(errs, Get(meta, "annotations"), path.Child("annotations"));
  ValidateLabels(errs, Get(meta, "labels"), path.Child("labels"));
  if (!meta.is_object()) return;
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    if (it.key() == "labels" || it.key() == "annotations") continue;
    if (!IsZero(&it.value()))
      errs.push_back(FieldError::Forbidden(path.Child(it.key()), "cannot be set"));
  }
}

void ValidateFinalizerName(FieldErrorList& errs, std::string_view name, const FieldPath& path) {
  AppendInvalid(errs, path, name, IsQualifiedName(name));
  ValidateKubeFinalizerName(errs, name, path);
}

FieldErrorList ValidateObjectMeta(const Json& meta, bool namespaced, const NameRule& name_rule,
                                  const FieldPath& path) {
  FieldErrorList errs;
  std::string generate_name = Str(meta, "generateName");
  if (!generate_name.empty()) {
    AppendInvalid(errs, path.Child("generateName"), generate_name, name_rule(generate_name, true));
  }
  std::string name = Str(meta, "name");
  if (name.empty()) {
    errs.push_back(FieldError::Required(path.Child("name"), "name or generateName is required"));
  } else {
    AppendInvalid(errs, path.Child("name"), name, name_rule(name, false));
  }
  std::string ns = Str(meta, "namespace");
  if (namespaced) {
    if (ns.empty()) {
      errs.push_back(FieldError::Required(path.Child("namespace")));
    } else {
      AppendInvalid(errs, path.Child("namespace"), ns, NameIsDNSLabel(ns, false));
    }
  } else if (!ns.empty()) {
    errs.push_back(FieldError::Forbidden(path.Child("namespace"), "not allowed on this type"));
  }
  ValidateNonnegativeField(errs, Int(meta, "generation"), path.Child("generation"));
  ValidateLabels(errs, Get(meta, "labels"), path.Child("labels"));
  ValidateAnnotations(errs, Get(meta, "annotations"), path.Child("annotations"));
  ValidateOwnerReferences(errs, Get(meta, "ownerReferences"), path.Child("ownerReferences"));
  ValidateFinalizers(errs, Get(meta, "finalizers"), path.Child("finalizers"));
  ValidateManagedFields(errs, Get(meta, "managedFields"), path.Child("managedFields"));
  ValidateKubeFinalizers(errs, Get(meta, "finalizers"), path.Child("finalizers"));
  return errs;
}

FieldErrorList ValidateObjectMetaUpdate(const Json& new_meta, const Json& old_meta,
                                        const FieldPath& path) {
  FieldErrorList errs;
  if (Get(old_meta, "deletionTimestamp") != nullptr) {
    std::set<std::string> old_set;
    if (const Json* f = Array(old_meta, "finalizers")) {
      for (const Json& e : *f) old_set.insert(e.is_string() ? e.get<std::string>() : "");
    }
    std::set<std::string> extra;
    if (const Json* f = Array(new_meta, "finalizers")) {
      for (const Json& e : *f) {
        std::string n = e.is_string() ? e.get<std::string>() : "";
        if (!old_set.count(n)) extra.insert(n);
      }
    }
    if (!extra.empty()) {
      errs.push_back(FieldError::Forbidden(
          path.Child("finalizers"),
          "no new finalizers can be added if the object is being deleted, found new finalizers " +
              GoStringSlice(std::vector<std::string>(extra.begin(), extra.end()))));
    }
  }
  if (Str(new_meta, "resourceVersion").empty()) {
    errs.push_back(
        InvalidString(path.Child("resourceVersion"), "", "must be specified for an update"));
  }
  if (Int(new_meta, "generation") < Int(old_meta, "generation")) {
    errs.push_back(FieldError::Invalid(path.Child("generation"), Int(new_meta, "generation"),
                                       "must not be decremented"));
  }
  ValidateImmutableString(errs, new_meta, old_meta, "name", path.Child("name"));
  ValidateImmutableString(errs, new_meta, old_meta, "namespace", path.Child("namespace"));
  ValidateImmutableString(errs, new_meta, old_meta, "uid", path.Child("uid"));
  // metav1.Time has a String() method: Go prints it as "2006-01-02 15:04:05 +0000 UTC".
  auto time_text = [](const Json& m, std::string_view key) -> std::string {
    std::string t = Str(m, key);
    if (t.size() >= 19 && t[10] == 'T')
      return t.substr(0, 10) + " " + t.substr(11, 8) + " +0000 UTC";
    return "0001-01-01 00:00:00 +0000 UTC";
  };
  if (Str(new_meta, "creationTimestamp") != Str(old_meta, "creationTimestamp")) {
    errs.push_back(FieldError::InvalidRaw(path.Child("creationTimestamp"),
                                          time_text(new_meta, "creationTimestamp"),
                                          std::string(kFieldImmutableErrorMsg)));
  }
  if (Str(new_meta, "deletionTimestamp") != Str(old_meta, "deletionTimestamp")) {
    std::string rendered =
        Get(new_meta, "deletionTimestamp") ? time_text(new_meta, "deletionTimestamp") : "null";
    errs.push_back(FieldError::InvalidRaw(path.Child("deletionTimestamp"), rendered,
                                          std::string(kFieldImmutableErrorMsg)));
  }
  const Json* new_grace = Get(new_meta, "deletionGracePeriodSeconds");
  const Json* old_grace = Get(old_meta, "deletionGracePeriodSeconds");
  if ((new_grace == nullptr) != (old_grace == nullptr) || (new_grace && *new_grace != *old_grace)) {
    std::string rendered = new_grace ? std::to_string(new_grace->get<int64_t>()) : "null";
    errs.push_back(FieldError::InvalidRaw(path.Child("deletionGracePeriodSeconds"), rendered,
                                          std::string(kFieldImmutableErrorMsg)));
  }
  ValidateLabels(errs, Get(new_meta, "labels"), path.Child("labels"));
  ValidateAnnotations(errs, Get(new_meta, "annotations"), path.Child("annotations"));
  ValidateOwnerReferences(errs, Get(new_meta, "ownerReferences"), path.Child("ownerReferences"));
  ValidateManagedFields(errs, Get(new_meta, "managedFields"), path.Child("managedFields"));
  ValidateKubeFinalizers(errs, Get(new_meta, "finalizers"), path.Child("finalizers"));
  return errs;
}

}  // namespace stead::api::validation
