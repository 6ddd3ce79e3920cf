#include "controllers/volume/volume_helpers.h"

#include <algorithm>
#include <map>
#include <optional>

#include "apiserver/admission/default_storage_class.h"
#include "core/go_quote.h"
#include "core/label_selector.h"

namespace stead::controllers::volume {

namespace {

using apiserver::admission::ClaimStorageClass;
using apiserver::admission::VolumeStorageClass;

// Access modes as a bit set, in upstream's canonical order (RWO, ROX, RWX,
// RWOP); unknown modes are ignored as upstream's index does.
unsigned AccessModeBits(const Json& obj) {
  static constexpr const char* kModes[] = {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
                                           "ReadWriteOncePod"};
  unsigned bits = 0;
  const Json* modes = Lookup(obj, {"spec", "accessModes"});
  if (!modes || !modes->is_array()) return bits;
  for (const auto& m : *modes) {
    if (!m.is_string()) continue;
    for (unsigned i = 0; i < 4; ++i) {
      if (m == kModes[i]) bits |= 1u << i;
    }
  }
  return bits;
}

std::vector<std::string> StringList(const Json* list) {
  std::vector<std::string> out;
  if (!list || !list->is_array()) return out;
  for (const auto& v : *list) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Quantity QuantityAt(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  if (!v) return Quantity();
  auto q = Quantity::FromJson(*v);
  return q.ok() ? *q : Quantity();
}

std::string VolumeMode(const Json& obj) {
  std::string mode = GetString(obj, {"spec", "volumeMode"});
  return mode.empty() ? "Filesystem" : mode;
}

bool Deleting(const Json& obj) { return MetaDeleting(obj); }

// The volumes of one access-mode group, in the order given (FindMatchingVolume).
Result<store::ObjectPtr> FindMatchingVolume(const Json& claim,
                                            const std::vector<store::ObjectPtr>& volumes,
                                            const std::optional<LabelSelector>& selector,
                                            bool delay_binding) {
  Quantity requested = ClaimRequest(claim);
  std::string requested_class = ClaimStorageClass(claim);
  store::ObjectPtr smallest;
  Quantity smallest_qty;
  for (const auto& vp : volumes) {
    const Json& volume = *vp;
    const Json* claim_ref = Lookup(volume, {"spec", "claimRef"});
    if (claim_ref && claim_ref->is_object() && !IsVolumeBoundToClaim(volume, claim)) continue;
    Quantity qty = VolumeCapacity(volume);
    if (qty.Compare(requested) < 0) continue;
    if (VolumeModeMismatch(claim, volume)) continue;
    // VolumeAttributesClass is off in 1.32: a volume with one is never bound.
    if (!GetString(volume, {"spec", "volumeAttributesClassName"}).empty()) continue;
    if (Deleting(volume)) continue;
    if (IsVolumeBoundToClaim(volume, claim)) return vp;
    // With delayed binding the scheduler binds unbound volumes.
    if (delay_binding) continue;
    if (GetString(volume, {"status", "phase"}) != "Available") continue;
    if (selector && !selector->Matches(MetaLabels(volume))) continue;
    if (VolumeStorageClass(volume) != requested_class) continue;
    if (!smallest || smallest_qty.Compare(qty) > 0) {
      smallest = vp;
      smallest_qty = qty;
    }
  }
  return smallest;
}

}  // namespace

Status AddPodPvcIndex(client::SharedInformer& pods) {
  Status s = pods.AddIndexer(kPodPvcIndex, PodClaimKeys);
  return s.IsAlreadyExists() ? Status::OK() : s;
}

bool HasAnnotation(const Json& obj, std::string_view key) {
  const Json* annotations = Lookup(obj, {"metadata", "annotations"});
  return annotations && annotations->is_object() && annotations->contains(key);
}

bool HasFinalizer(const Json& obj, std::string_view finalizer) {
  for (const auto& f : StringList(Lookup(obj, {"metadata", "finalizers"}))) {
    if (f == finalizer) return true;
  }
  return false;
}

Json WithoutFinalizer(const Json& obj, std::string_view finalizer) {
  Json out = obj;
  std::vector<std::string> kept;
  for (auto& f : StringList(Lookup(obj, {"metadata", "finalizers"}))) {
    if (f != finalizer) kept.push_back(std::move(f));
  }
  if (kept.empty()) {
    Erase(out, {"metadata", "finalizers"});
  } else {
    out["metadata"]["finalizers"] = kept;
  }
  return out;
}

Json WithFinalizer(const Json& obj, std::string_view finalizer) {
  Json out = obj;
  std::vector<std::string> finalizers = StringList(Lookup(obj, {"metadata", "finalizers"}));
  finalizers.emplace_back(finalizer);
  Ensure(out, {"metadata"})["finalizers"] = finalizers;
  return out;
}

bool IsDeletionCandidate(const Json& obj, std::string_view finalizer) {
  return MetaDeleting(obj) && HasFinalizer(obj, finalizer);
}

bool NeedToAddFinalizer(const Json& obj, std::string_view finalizer) {
  return !MetaDeleting(obj) && !HasFinalizer(obj, finalizer);
}

std::string ClaimKey(const Json& claim) { return MetaNamespace(claim) + "/" + MetaName(claim); }

std::string ClaimRefKey(const Json& volume) {
  return GetString(volume, {"spec", "claimRef", "namespace"}) + "/" +
         GetString(volume, {"spec", "claimRef", "name"});
}

Json ClaimReference(const Json& claim) {
  Json ref = {{"kind", "PersistentVolumeClaim"},
              {"namespace", MetaNamespace(claim)},
              {"name", MetaName(claim)},
              {"uid", MetaUid(claim)},
              {"apiVersion", "v1"}};
  std::string rv = MetaResourceVersion(claim);
  if (!rv.empty()) ref["resourceVersion"] = rv;
  return ref;
}

Quantity ClaimRequest(const Json& claim) {
  return QuantityAt(claim, {"spec", "resources", "requests", "storage"});
}

Quantity VolumeCapacity(const Json& volume) {
  return QuantityAt(volume, {"spec", "capacity", "storage"});
}

bool IsVolumeBoundToClaim(const Json& volume, const Json& claim) {
  const Json* ref = Lookup(volume, {"spec", "claimRef"});
  if (!ref || !ref->is_object()) return false;
  if (GetString(*ref, {"name"}) != MetaName(claim) ||
      GetString(*ref, {"namespace"}) != MetaNamespace(claim)) {
    return false;
  }
  std::string uid = GetString(*ref, {"uid"});
  return uid.empty() || uid == MetaUid(claim);
}

bool VolumeModeMismatch(const Json& claim, const Json& volume) {
  return VolumeMode(claim) != VolumeMode(volume);
}

bool CheckAccessModes(const Json& claim, const Json& volume) {
  std::vector<std::string> offered = StringList(Lookup(volume, {"spec", "accessModes"}));
  for (const auto& mode : StringList(Lookup(claim, {"spec", "accessModes"}))) {
    if (std::find(offered.begin(), offered.end(), mode) == offered.end()) return false;
  }
  return true;
}

Status CheckVolumeSatisfiesClaim(const Json& volume, const Json& claim) {
  if (Deleting(volume)) {
    return Status::Invalid("the volume is marked for deletion " + GoQuote(MetaName(volume)));
  }
  // Upstream compares the integer values here, not the exact quantities.
  if (VolumeCapacity(volume).Value() < ClaimRequest(claim).Value()) {
    return Status::Invalid("requested PV is too small");
  }
  if (VolumeStorageClass(volume) != ClaimStorageClass(claim)) {
    return Status::Invalid("storageClassName does not match");
  }
  if (VolumeModeMismatch(claim, volume)) return Status::Invalid("incompatible volumeMode");
  if (!CheckAccessModes(claim, volume)) return Status::Invalid("incompatible accessMode");
  return Status::OK();
}

Result<store::ObjectPtr> FindBestMatchForClaim(const Json& claim,
                                               const std::vector<store::ObjectPtr>& volumes,
                                               bool delay_binding) {
  if (!GetString(claim, {"spec", "volumeAttributesClassName"}).empty()) {
    return Status::Invalid("unsupported volumeAttributesClassName is set on claim " +
                           ClaimKey(claim) +
                           " when the feature-gate VolumeAttributesClass is disabled");
  }
  std::optional<LabelSelector> selector;
  if (const Json* sel = Lookup(claim, {"spec", "selector"}); sel && !sel->is_null()) {
    auto parsed = LabelSelector::FromJson(*sel);
    if (!parsed.ok()) {
      return Status::Invalid("error creating internal label selector for claim: " +
                             ClaimKey(claim) + ": " + parsed.status().message());
    }
    selector = std::move(*parsed);
  }

  // Volumes grouped by their access-mode set; only the sets holding every
  // requested mode are searched, fewest modes first, so that a claim gets
  // what is closest to what it asked for.
  std::map<unsigned, std::vector<store::ObjectPtr>> groups;
  for (const auto& v : volumes) groups[AccessModeBits(*v)].push_back(v);
  unsigned requested = AccessModeBits(claim);
  std::vector<unsigned> candidates;
  for (const auto& [bits, _] : groups) {
    if ((bits & requested) == requested) candidates.push_back(bits);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](unsigned a, unsigned b) {
    return __builtin_popcount(a) < __builtin_popcount(b);
  });
  for (unsigned bits : candidates) {
    STEAD_ASSIGN_OR_RETURN(store::ObjectPtr best,
                           FindMatchingVolume(claim, groups[bits], selector, delay_binding));
    if (best) return best;
  }
  return store::ObjectPtr();
}

std::vector<std::string> PodClaimKeys(const Json& pod) {
  std::vector<std::string> keys;
  const Json* vols = Lookup(pod, {"spec", "volumes"});
  if (!vols || !vols->is_array()) return keys;
  std::string ns = MetaNamespace(pod);
  for (const auto& v : *vols) {
    if (!v.is_object()) continue;
    if (const Json* pvc = Lookup(v, {"persistentVolumeClaim"}); pvc && pvc->is_object()) {
      keys.push_back(ns + "/" + GetString(*pvc, {"claimName"}));
    } else if (const Json* eph = Lookup(v, {"ephemeral"}); eph && eph->is_object()) {
      keys.push_back(ns + "/" + EphemeralClaimName(pod, v));
    }
  }
  return keys;
}

std::string EphemeralClaimName(const Json& pod, const Json& volume) {
  return MetaName(pod) + "-" + GetString(volume, {"name"});
}

bool IsPodTerminated(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  if (phase == "Failed" || phase == "Succeeded") return true;
  if (!MetaDeleting(pod)) return false;
  const Json* statuses = Lookup(pod, {"status", "containerStatuses"});
  if (statuses && statuses->is_array()) {
    for (const auto& cs : *statuses) {
      if (!Has(cs, {"state", "terminated"}) && !Has(cs, {"state", "waiting"})) return false;
    }
  }
  return true;
}

}  // namespace stead::controllers::volume
