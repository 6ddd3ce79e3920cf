#include "controllers/statefulset/revisions.h"

#include <algorithm>

#include "controllers/framework/pod_template.h"
#include "controllers/statefulset/go_json.h"
#include "controllers/statefulset/pod_identity.h"
#include "core/clock.h"
#include "core/names.h"

namespace stead::controllers::statefulset {
namespace {

constexpr size_t kMaxRevisionPrefixLength = 223;

SystemTime CreationTime(const Json& obj) {
  SystemTime t{};
  ParseTime(GetString(obj, {"metadata", "creationTimestamp"}), &t);
  return t;
}

}  // namespace

Json RevisionPatch(const Json& pod_template) {
  Json tmpl = pod_template.is_object() ? pod_template : Json::object();
  tmpl["$patch"] = "replace";
  return Json{{"spec", {{"template", std::move(tmpl)}}}};
}

std::string RevisionData(const Json& pod_template) {
  return GoJsonMarshal(RevisionPatch(pod_template));
}

std::string HashRevision(std::string_view data, std::optional<int32_t> collision_count) {
  std::string bytes(data);
  if (collision_count) bytes += std::to_string(*collision_count);
  return SafeEncodeString(std::to_string(Fnv1Hash32(bytes)));
}

std::string RevisionName(std::string_view set_name, std::string_view hash) {
  std::string_view prefix = set_name.substr(0, std::min(set_name.size(), kMaxRevisionPrefixLength));
  return std::string(prefix) + "-" + std::string(hash);
}

Json NewRevision(const SetView& set, int64_t number, int32_t collision_count) {
  std::string data = RevisionData(set.pod_template());
  std::string hash = HashRevision(data, collision_count);
  Json labels = Json::object();
  if (const Json* l = Lookup(set.pod_template(), {"metadata", "labels"}); l && l->is_object()) {
    labels = *l;
  }
  labels[kRevisionHashLabel] = hash;
  Json meta = {{"name", RevisionName(set.name, hash)},
               {"namespace", set.namespace_},
               {"labels", std::move(labels)},
               {"ownerReferences", Json::array({SetControllerRef(set)})}};
  if (!set.annotations().empty()) meta["annotations"] = set.annotations();
  return Json{{"apiVersion", "apps/v1"},
              {"kind", "ControllerRevision"},
              {"metadata", std::move(meta)},
              {"data", Json::parse(data)},
              {"revision", number}};
}

Json RevisionTemplate(const Json& revision) {
  const Json* t = Lookup(revision, {"data", "spec", "template"});
  if (!t || !t->is_object()) return Json::object();
  Json out = *t;
  out.erase("$patch");
  return out;
}

Json ApplyRevision(const Json& set, const Json& revision) {
  Json out = set;
  Ensure(out, {"spec"})["template"] = RevisionTemplate(revision);
  return out;
}

bool TemplatesEquivalent(const Json& a, const Json& b) { return PodTemplatesEquivalent(a, b); }

bool RevisionsEqual(const Json& a, const Json& b) {
  const Json* da = Lookup(a, {"data"});
  const Json* db = Lookup(b, {"data"});
  if (!da || !db) return da == db;
  if (GoJsonMarshal(*da) == GoJsonMarshal(*db)) return true;
  if (!Has(*da, {"spec", "template"}) || !Has(*db, {"spec", "template"})) return false;
  return TemplatesEquivalent(RevisionTemplate(a), RevisionTemplate(b));
}

int64_t RevisionNumber(const Json& revision) { return GetInt(revision, {"revision"}); }

void SortRevisions(std::vector<const Json*>& revisions) {
  std::stable_sort(revisions.begin(), revisions.end(), [](const Json* a, const Json* b) {
    int64_t ra = RevisionNumber(*a), rb = RevisionNumber(*b);
    if (ra != rb) return ra < rb;
    SystemTime ta = CreationTime(*a), tb = CreationTime(*b);
    if (ta != tb) return ta < tb;
    return MetaName(*a) < MetaName(*b);
  });
}

}  // namespace stead::controllers::statefulset
