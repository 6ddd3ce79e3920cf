#include "unit/controllers/statefulset/scenario.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "api/patch/merge_patch.h"
#include "apiserver/yaml.h"
#include "controllers/statefulset/pod_identity.h"
#include "controllers/statefulset/reconcile.h"
#include "controllers/statefulset/revisions.h"

namespace stead::controllers::statefulset::testing {
namespace {

// The set every scenario starts from; `set:` in a file is a merge patch on
// it. Shaped like the API server stores it (defaults applied).
const char* kBaseSet = R"({
  "apiVersion": "apps/v1",
  "kind": "StatefulSet",
  "metadata": {"name": "web", "namespace": "default", "uid": "uid-web", "generation": 1,
               "resourceVersion": "10", "creationTimestamp": "2023-12-31T00:00:00Z"},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "web"}},
    "serviceName": "nginx",
    "podManagementPolicy": "OrderedReady",
    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0, "maxUnavailable": 1}},
    "revisionHistoryLimit": 10,
    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
    "template": {
      "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
      "spec": {
        "containers": [{"name": "nginx", "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent",
                        "resources": {}, "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                        "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}],
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
        "securityContext": {}, "terminationGracePeriodSeconds": 30
      }
    },
    "volumeClaimTemplates": [{
      "apiVersion": "v1", "kind": "PersistentVolumeClaim",
      "metadata": {"name": "www", "creationTimestamp": null},
      "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
               "volumeMode": "Filesystem"},
      "status": {"phase": "Pending"}
    }]
  }
})";

constexpr const char* kDefaultNow = "2024-01-01T00:00:00Z";

Json MergePatch(const Json& doc, const Json& patch) {
  if (!patch.is_object()) return patch;
  auto r = api::patch::ApplyMergePatch(doc, patch);
  return r.ok() ? *r : doc;
}

std::string Dump(const Json& v) { return v.dump(); }

// Every key of `want` is in `got` with a matching value; arrays match
// element by element and must have the same length.
void Subset(const Json& want, const Json& got, const std::string& path,
            std::vector<std::string>& failures) {
  if (want.is_object()) {
    if (!got.is_object()) {
      failures.push_back(path + ": want object " + Dump(want) + ", got " + Dump(got));
      return;
    }
    for (const auto& [k, v] : want.items()) {
      if (v.is_null()) {
        if (got.contains(k))
          failures.push_back(path + "." + k + ": want absent, got " + Dump(got[k]));
        continue;
      }
      if (!got.contains(k)) {
        failures.push_back(path + "." + k + ": missing (want " + Dump(v) + ")");
        continue;
      }
      Subset(v, got[k], path + "." + k, failures);
    }
    return;
  }
  if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size()) {
      failures.push_back(path + ": want " + Dump(want) + ", got " + Dump(got));
      return;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      Subset(want[i], got[i], path + "[" + std::to_string(i) + "]", failures);
    }
    return;
  }
  if (want != got) failures.push_back(path + ": want " + Dump(want) + ", got " + Dump(got));
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "\n      " + l;
  return out.empty() ? "\n      (none)" : out;
}

void CompareLists(const char* what, const std::vector<std::string>& want,
                  const std::vector<std::string>& got, const std::string& where,
                  std::vector<std::string>& failures) {
  if (want == got) return;
  failures.push_back(where + ": " + what + " differ\n    want:" + JoinLines(want) +
                     "\n    got:" + JoinLines(got));
}

std::vector<std::string> Strings(const Json& list) {
  std::vector<std::string> out;
  if (list.is_array()) {
    for (const Json& s : list) out.push_back(s.is_string() ? s.get<std::string>() : s.dump());
  }
  return out;
}

std::vector<std::string> Names(const Json& v) {
  if (v.is_string()) return {v.get<std::string>()};
  return Strings(v);
}

const char* ResourceWord(Action::Resource r) {
  switch (r) {
    case Action::Resource::kPod:
      return "pod";
    case Action::Resource::kClaim:
      return "pvc";
    case Action::Resource::kRevision:
      return "revision";
    default:
      return "object";
  }
}

Json ReadyCondition(bool ready, const std::string& since) {
  return Json{
      {"type", "Ready"}, {"status", ready ? "True" : "False"}, {"lastTransitionTime", since}};
}

void SetReady(Json& pod, const std::optional<bool>& ready, const std::string& since) {
  Json& status = Ensure(pod, {"status"});
  Json conditions = Json::array();
  if (const Json* c = Lookup(pod, {"status", "conditions"}); c && c->is_array()) {
    for (const Json& cond : *c) {
      if (GetString(cond, {"type"}) != "Ready") conditions.push_back(cond);
    }
  }
  if (ready) conditions.push_back(ReadyCondition(*ready, since));
  status["conditions"] = std::move(conditions);
}

Json* FindNamed(std::vector<Json>& list, const std::string& name) {
  for (Json& obj : list) {
    if (MetaName(obj) == name) return &obj;
  }
  return nullptr;
}

void RemoveNamed(std::vector<Json>& list, const std::string& name) {
  list.erase(
      std::remove_if(list.begin(), list.end(), [&](const Json& o) { return MetaName(o) == name; }),
      list.end());
}

}  // namespace

Result<std::unique_ptr<Scenario>> Scenario::Parse(const std::string& yaml) {
  auto doc = apiserver::YamlToJson(yaml);
  if (!doc.ok()) return doc.status();
  std::unique_ptr<Scenario> s(new Scenario());
  STEAD_RETURN_IF_ERROR(s->Build(*doc));
  return s;
}

std::string Scenario::Stamp(int64_t seconds_ago) const {
  return FormatTime(now_ - std::chrono::seconds(seconds_ago));
}

Json Scenario::TemplateFor(const Json& spec) const {
  Json tmpl = *Lookup(set_, {"spec", "template"});
  if (const Json* image = Lookup(spec, {"image"})) {
    tmpl["spec"]["containers"][0]["image"] = *image;
  }
  if (const Json* patch = Lookup(spec, {"template"})) tmpl = MergePatch(tmpl, *patch);
  return tmpl;
}

Json Scenario::MakeRevision(const Json& spec, const std::string& id, int64_t number) const {
  Json tmpl = TemplateFor(spec);
  int64_t collisions = GetInt(spec, {"collisionCount"});
  std::string hash = HashRevision(RevisionData(tmpl), static_cast<int32_t>(collisions));
  std::string name = GetString(spec, {"name"}, RevisionName(MetaName(set_), hash));
  Json labels = Json::object();
  if (const Json* l = Lookup(tmpl, {"metadata", "labels"})) labels = *l;
  labels[kRevisionHashLabel] = hash;
  Json meta = {{"name", name},
               {"namespace", MetaNamespace(set_)},
               {"uid", "uid-rev-" + id},
               {"resourceVersion", "5"},
               {"creationTimestamp", Stamp(GetInt(spec, {"age"}, 3600))},
               {"labels", labels}};
  std::string owner = GetString(spec, {"owner"}, "set");
  if (owner == "set") {
    meta["ownerReferences"] =
        Json::array({ControllerRef("apps/v1", "StatefulSet", MetaName(set_), MetaUid(set_))});
  } else if (owner == "other") {
    meta["ownerReferences"] =
        Json::array({ControllerRef("apps/v1", "StatefulSet", "other", "uid-other")});
  }
  Json rev = {{"apiVersion", "apps/v1"},
              {"kind", "ControllerRevision"},
              {"metadata", meta},
              {"data", RevisionPatch(tmpl)},
              {"revision", GetInt(spec, {"revision"}, number)}};
  if (const Json* raw = Lookup(spec, {"raw"})) rev = MergePatch(rev, *raw);
  return rev;
}

Json Scenario::MakePod(const Json& spec) const {
  std::string name = GetString(spec, {"name"});
  int ordinal = ParsePodName(name).ordinal;
  Json tmpl = *Lookup(set_, {"spec", "template"});
  std::string revision;
  bool has_revision = true;
  if (const Json* r = Lookup(spec, {"revision"})) {
    if (r->is_null()) {
      has_revision = false;
    } else {
      std::string id = r->get<std::string>();
      auto it = symbols_.find(id);
      revision = it != symbols_.end() ? it->second : id;
      for (const Json& rev : revisions_) {
        if (MetaName(rev) == revision) tmpl = RevisionTemplate(rev);
      }
    }
  } else if (!revisions_.empty()) {
    revision = MetaName(revisions_.front());
    tmpl = RevisionTemplate(revisions_.front());
  }
  Json labels = Json::object();
  if (const Json* l = Lookup(tmpl, {"metadata", "labels"})) labels = *l;
  labels[kPodNameLabel] = name;
  if (ordinal >= 0) labels[kPodIndexLabel] = std::to_string(ordinal);
  if (has_revision) labels[kRevisionLabel] = revision;
  Json meta = {{"name", name},
               {"generateName", MetaName(set_) + "-"},
               {"namespace", MetaNamespace(set_)},
               {"uid", "uid-" + name},
               {"resourceVersion", "20"},
               {"creationTimestamp", Stamp(GetInt(spec, {"age"}, 3600))},
               {"labels", labels}};
  std::string owner = GetString(spec, {"owner"}, "set");
  if (owner == "set") {
    meta["ownerReferences"] =
        Json::array({ControllerRef("apps/v1", "StatefulSet", MetaName(set_), MetaUid(set_))});
  } else if (owner == "other") {
    meta["ownerReferences"] =
        Json::array({ControllerRef("apps/v1", "StatefulSet", "other", "uid-other")});
  }
  if (GetBool(spec, {"deleting"})) meta["deletionTimestamp"] = Stamp(1);
  Json pod_spec = tmpl.contains("spec") ? tmpl["spec"] : Json::object();
  pod_spec["hostname"] = name;
  pod_spec["subdomain"] = GetString(set_, {"spec", "serviceName"});
  Json volumes = Json::array();
  if (const Json* claims = Lookup(set_, {"spec", "volumeClaimTemplates"}); claims && ordinal >= 0) {
    for (const Json& t : *claims) {
      volumes.push_back({{"name", MetaName(t)},
                         {"persistentVolumeClaim",
                          {{"claimName", ClaimName(MetaName(t), MetaName(set_), ordinal)}}}});
    }
  }
  if (!volumes.empty()) pod_spec["volumes"] = volumes;
  Json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", meta},
              {"spec", pod_spec},
              {"status", {{"phase", GetString(spec, {"phase"}, "Running")}}}};
  std::optional<bool> ready = true;
  if (const Json* r = Lookup(spec, {"ready"})) {
    ready = r->is_null() ? std::nullopt : std::optional<bool>(r->get<bool>());
  }
  SetReady(pod, ready, Stamp(GetInt(spec, {"readyFor"}, 3600)));
  if (const Json* raw = Lookup(spec, {"raw"})) pod = MergePatch(pod, *raw);
  return pod;
}

Json Scenario::MakeClaim(const Json& spec) const {
  std::string name = GetString(spec, {"name"});
  std::string tmpl_name = "www";
  if (const Json* t = Lookup(set_, {"spec", "volumeClaimTemplates"}); t && !t->empty()) {
    tmpl_name = MetaName((*t)[0]);
  }
  int ordinal = static_cast<int>(GetInt(spec, {"ordinal"}, -1));
  if (name.empty()) name = ClaimName(tmpl_name, MetaName(set_), ordinal);
  if (ordinal < 0) ordinal = ParsePodName(name).ordinal;
  std::string pod_name = PodName(MetaName(set_), ordinal);
  Json refs = Json::array();
  if (const Json* owners = Lookup(spec, {"owners"})) {
    for (const Json& o : *owners) {
      if (o.is_object()) {
        refs.push_back(o);
      } else if (o == "set") {
        refs.push_back(ControllerRef("apps/v1", "StatefulSet", MetaName(set_), MetaUid(set_)));
      } else if (o == "staleset") {
        refs.push_back(ControllerRef("apps/v1", "StatefulSet", MetaName(set_), "uid-old-set"));
      } else if (o == "pod") {
        refs.push_back(ControllerRef("v1", "Pod", pod_name, "uid-" + pod_name));
      } else if (o == "stalepod") {
        refs.push_back(ControllerRef("v1", "Pod", pod_name, "uid-old-pod"));
      }
    }
  }
  Json meta = {{"name", name},
               {"namespace", MetaNamespace(set_)},
               {"uid", "uid-" + name},
               {"resourceVersion", "30"},
               {"labels", {{"app", "web"}}}};
  if (!refs.empty()) meta["ownerReferences"] = refs;
  if (GetBool(spec, {"deleting"})) {
    meta["deletionTimestamp"] = Stamp(1);
    meta["finalizers"] = Json::array({"kubernetes.io/pvc-protection"});
  }
  Json claim = {{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"metadata", meta},
                {"spec", {{"accessModes", {"ReadWriteOnce"}}}},
                {"status", {{"phase", "Bound"}}}};
  if (const Json* raw = Lookup(spec, {"raw"})) claim = MergePatch(claim, *raw);
  return claim;
}

std::string Scenario::SubstituteString(const std::string& s) const {
  static const std::regex kToken(R"(\$([A-Za-z][A-Za-z0-9_]*))");
  std::string out;
  auto begin = std::sregex_iterator(s.begin(), s.end(), kToken);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    auto found = symbols_.find((*it)[1].str());
    if (found == symbols_.end()) continue;
    out += s.substr(last, static_cast<size_t>(it->position()) - last) + found->second;
    last = static_cast<size_t>(it->position() + it->length());
  }
  return out + s.substr(last);
}

void Scenario::Substitute(Json& v) const {
  if (v.is_string()) {
    v = SubstituteString(v.get<std::string>());
  } else if (v.is_object()) {
    Json out = Json::object();
    for (auto& [key, item] : v.items()) {
      Substitute(item);
      out[SubstituteString(key)] = std::move(item);
    }
    v = std::move(out);
  } else if (v.is_array()) {
    for (Json& item : v) Substitute(item);
  }
}

Status Scenario::Build(const Json& doc) {
  if (!doc.is_object()) return Status::BadRequest("scenario must be a mapping");
  description_ = GetString(doc, {"description"});
  if (description_.empty()) return Status::BadRequest("missing description");
  if (!ParseTime(GetString(doc, {"now"}, kDefaultNow), &now_)) {
    return Status::BadRequest("bad now");
  }
  set_ = Json::parse(kBaseSet);
  if (const Json* patch = Lookup(doc, {"set"})) set_ = MergePatch(set_, *patch);

  // $live, $live1, $live2: the live template's name with the set's
  // collision count, plus one, plus two.
  int32_t collisions = static_cast<int32_t>(GetInt(set_, {"status", "collisionCount"}));
  std::string data = RevisionData(set_["spec"]["template"]);
  symbols_["live"] = RevisionName(MetaName(set_), HashRevision(data, collisions));
  symbols_["live1"] = RevisionName(MetaName(set_), HashRevision(data, collisions + 1));
  symbols_["live2"] = RevisionName(MetaName(set_), HashRevision(data, collisions + 2));

  Json revision_specs = doc.contains("revisions") ? doc["revisions"] : Json::array({{{"id", "A"}}});
  int64_t number = 0;
  for (Json spec : revision_specs) {
    std::string id = GetString(spec, {"id"});
    if (id.empty()) return Status::BadRequest("revision without id");
    Substitute(spec);
    revisions_.push_back(MakeRevision(spec, id, ++number));
    symbols_[id] = MetaName(revisions_.back());
  }

  if (!Has(doc, {"set", "status"}) && !revisions_.empty()) {
    set_["status"] = {{"observedGeneration", 1},
                      {"currentRevision", MetaName(revisions_.front())},
                      {"updateRevision", MetaName(revisions_.front())},
                      {"collisionCount", 0}};
  }
  Substitute(set_);

  if (const Json* pods = Lookup(doc, {"pods"})) {
    for (Json spec : *pods) {
      Substitute(spec);
      pods_.push_back(MakePod(spec));
    }
  }
  if (const Json* claims = Lookup(doc, {"pvcs"})) {
    for (Json spec : *claims) {
      Substitute(spec);
      claims_.push_back(MakeClaim(spec));
    }
  }
  if (const Json* steps = Lookup(doc, {"steps"})) {
    for (Json step : *steps) {
      Substitute(step);
      steps_.push_back(std::move(step));
    }
  } else if (const Json* expect = Lookup(doc, {"expect"})) {
    Json step = {{"expect", *expect}};
    Substitute(step);
    steps_.push_back(std::move(step));
  } else {
    return Status::BadRequest("missing expect or steps");
  }
  return Status::OK();
}

Observed Scenario::Observe() const {
  Observed o;
  o.set = &set_;
  for (const Json& p : pods_) o.pods.push_back(&p);
  for (const Json& c : claims_) o.claims.push_back(&c);
  for (const Json& r : revisions_) o.revisions.push_back(&r);
  o.now = now_;
  return o;
}

Status Scenario::Mutate(const Json& ops) {
  if (!ops.is_object()) return Status::OK();
  if (const Json* s = Lookup(ops, {"advance"})) now_ += std::chrono::seconds(s->get<int64_t>());
  if (const Json* patch = Lookup(ops, {"set"})) {
    Json before = set_["spec"];
    set_ = MergePatch(set_, *patch);
    if (set_["spec"] != before) {
      set_["metadata"]["generation"] = GetInt(set_, {"metadata", "generation"}) + 1;
    }
  }
  if (const Json* names = Lookup(ops, {"gone"})) {
    // Deletion completes: "terminating" removes every terminating pod.
    for (const std::string& name : Names(*names)) {
      if (name == "terminating") {
        pods_.erase(std::remove_if(pods_.begin(), pods_.end(),
                                   [](const Json& p) { return MetaDeleting(p); }),
                    pods_.end());
      } else {
        RemoveNamed(pods_, name);
      }
    }
  }
  if (const Json* names = Lookup(ops, {"removePvcs"})) {
    for (const std::string& name : Names(*names)) RemoveNamed(claims_, name);
  }
  if (const Json* specs = Lookup(ops, {"addPods"})) {
    for (const Json& spec : *specs) pods_.push_back(MakePod(spec));
  }
  if (const Json* specs = Lookup(ops, {"addPvcs"})) {
    for (const Json& spec : *specs) claims_.push_back(MakeClaim(spec));
  }
  if (const Json* patches = Lookup(ops, {"patchPods"})) {
    for (const auto& [name, patch] : patches->items()) {
      Json* pod = FindNamed(pods_, name);
      if (!pod) return Status::BadRequest("patchPods: no pod " + name);
      *pod = MergePatch(*pod, patch);
    }
  }
  if (const Json* patches = Lookup(ops, {"patchPvcs"})) {
    for (const auto& [name, patch] : patches->items()) {
      Json* claim = FindNamed(claims_, name);
      if (!claim) return Status::BadRequest("patchPvcs: no pvc " + name);
      *claim = MergePatch(*claim, patch);
    }
  }
  if (const Json* names = Lookup(ops, {"deletePods"})) {
    for (const std::string& name : Names(*names)) {
      Json* pod = FindNamed(pods_, name);
      if (!pod) return Status::BadRequest("deletePods: no pod " + name);
      (*pod)["metadata"]["deletionTimestamp"] = Stamp(0);
    }
  }
  if (const Json* names = Lookup(ops, {"deletePvcs"})) {
    for (const std::string& name : Names(*names)) {
      Json* claim = FindNamed(claims_, name);
      if (!claim) return Status::BadRequest("deletePvcs: no pvc " + name);
      (*claim)["metadata"]["deletionTimestamp"] = Stamp(0);
    }
  }
  auto each_pod = [&](const char* key, auto fn) -> Status {
    const Json* names = Lookup(ops, {key});
    if (!names) return Status::OK();
    for (const std::string& name : Names(*names)) {
      Json* pod = FindNamed(pods_, name);
      if (!pod) return Status::BadRequest(std::string(key) + ": no pod " + name);
      fn(*pod);
    }
    return Status::OK();
  };
  std::string now = Stamp(0);
  STEAD_RETURN_IF_ERROR(each_pod("ready", [&](Json& p) {
    p["status"]["phase"] = "Running";
    SetReady(p, true, now);
  }));
  STEAD_RETURN_IF_ERROR(each_pod("unready", [&](Json& p) {
    p["status"]["phase"] = "Running";
    SetReady(p, false, now);
  }));
  STEAD_RETURN_IF_ERROR(each_pod("failed", [&](Json& p) {
    p["status"]["phase"] = "Failed";
    SetReady(p, false, now);
  }));
  STEAD_RETURN_IF_ERROR(each_pod("succeeded", [&](Json& p) {
    p["status"]["phase"] = "Succeeded";
    SetReady(p, false, now);
  }));
  return Status::OK();
}

void Scenario::Apply(const Plan& plan) {
  std::string now = Stamp(0);
  auto next_rv = [&] { return std::to_string(++resource_version_); };
  auto list_for = [&](Action::Resource r) -> std::vector<Json>* {
    switch (r) {
      case Action::Resource::kPod:
        return &pods_;
      case Action::Resource::kClaim:
        return &claims_;
      case Action::Resource::kRevision:
        return &revisions_;
      default:
        return nullptr;
    }
  };
  auto apply = [&](const Action& a) -> bool {
    std::vector<Json>* list = list_for(a.resource);
    switch (a.kind) {
      case Action::Kind::kFail:
        return false;
      case Action::Kind::kRecordEvent:
        return true;
      case Action::Kind::kCreate: {
        Json obj = a.object;
        obj["metadata"]["uid"] = "uid-" + a.name + "-" + std::to_string(++uid_counter_);
        obj["metadata"]["resourceVersion"] = next_rv();
        obj["metadata"]["creationTimestamp"] = now;
        if (a.resource == Action::Resource::kPod) obj["status"] = {{"phase", "Pending"}};
        if (a.resource == Action::Resource::kClaim) obj["status"] = {{"phase", "Bound"}};
        RemoveNamed(*list, a.name);
        list->push_back(std::move(obj));
        return true;
      }
      case Action::Kind::kUpdate: {
        Json* obj = FindNamed(*list, a.name);
        if (obj) {
          *obj = a.object;
          (*obj)["metadata"]["resourceVersion"] = next_rv();
        }
        return true;
      }
      case Action::Kind::kDelete: {
        if (a.resource == Action::Resource::kPod) {
          if (Json* pod = FindNamed(*list, a.name)) pod->at("metadata")["deletionTimestamp"] = now;
        } else {
          RemoveNamed(*list, a.name);
        }
        return true;
      }
      case Action::Kind::kPatch: {
        Json* obj = FindNamed(*list, a.name);
        if (!obj) return true;
        const Json& ref = a.object["metadata"]["ownerReferences"][0];
        Json refs = Json::array();
        if (const Json* old = Lookup(*obj, {"metadata", "ownerReferences"})) {
          for (const Json& r : *old) {
            if (GetString(r, {"uid"}) != GetString(ref, {"uid"})) refs.push_back(r);
          }
        }
        if (!ref.contains("$patch")) refs.push_back(ref);
        (*obj)["metadata"]["ownerReferences"] = refs;
        return true;
      }
    }
    return true;
  };
  for (const Action& a : plan.actions) {
    if (!apply(a)) break;
  }
  if (plan.status) set_["status"] = *plan.status;
  for (const Action& a : plan.history) apply(a);
}

void Scenario::Check(const Json& expect, const Plan& plan, const std::string& where,
                     std::vector<std::string>& failures) const {
  std::vector<std::string> actions;
  for (const Action& a : plan.actions) {
    if (a.kind != Action::Kind::kRecordEvent) actions.push_back(Describe(a));
  }
  for (const Action& a : plan.history) actions.push_back(Describe(a));
  if (const Json* skip = Lookup(expect, {"skip"})) {
    if (plan.skip_reason.find(skip->get<std::string>()) == std::string::npos) {
      failures.push_back(where + ": skip reason " + Dump(plan.skip_reason) + " lacks " +
                         Dump(*skip));
    }
  }
  CompareLists("actions", Strings(expect.value("actions", Json::array())), actions, where,
               failures);
  if (const Json* events = Lookup(expect, {"events"})) {
    std::vector<std::string> got;
    for (const Event& e : plan.SuccessEvents()) got.push_back(Describe(e));
    CompareLists("events", Strings(*events), got, where, failures);
  }
  if (const Json* status = Lookup(expect, {"status"})) {
    if (*status == "none") {
      if (plan.status)
        failures.push_back(where + ": want no status write, got " + Dump(*plan.status));
    } else if (!plan.status) {
      failures.push_back(where + ": want status " + Dump(*status) + ", got no write");
    } else if (*plan.status != *status) {
      failures.push_back(where + ": status\n    want: " + Dump(*status) +
                         "\n    got:  " + Dump(*plan.status));
    }
  }
  if (const Json* requeue = Lookup(expect, {"requeueAfter"})) {
    std::string got = plan.requeue_after ? std::to_string(plan.requeue_after->count()) : "none";
    std::string want = requeue->is_string() ? requeue->get<std::string>() : requeue->dump();
    if (got != want) failures.push_back(where + ": requeueAfter want " + want + ", got " + got);
  }
  if (const Json* objects = Lookup(expect, {"objects"})) {
    for (const auto& [key, want] : objects->items()) {
      const Json* got = nullptr;
      for (const Action& a : plan.actions) {
        if (a.kind != Action::Kind::kCreate && a.kind != Action::Kind::kUpdate &&
            a.kind != Action::Kind::kPatch) {
          continue;
        }
        if (!got && std::string(ResourceWord(a.resource)) + "/" + a.name == key) got = &a.object;
      }
      if (!got) {
        failures.push_back(where + ": no written object " + key);
        continue;
      }
      Subset(want, *got, where + " " + key, failures);
    }
  }
}

std::vector<std::string> Scenario::Run() {
  std::vector<std::string> failures;
  for (size_t i = 0; i < steps_.size(); ++i) {
    std::string where = "step " + std::to_string(i + 1);
    if (const Json* ops = Lookup(steps_[i], {"do"})) {
      Status st = Mutate(*ops);
      if (!st.ok()) {
        failures.push_back(where + ": " + st.message());
        return failures;
      }
    }
    Plan plan = Reconcile(Observe());
    Plan again = Reconcile(Observe());
    std::vector<std::string> a, b;
    for (const Action& x : plan.actions) a.push_back(Describe(x) + Dump(x.object));
    for (const Action& x : again.actions) b.push_back(Describe(x) + Dump(x.object));
    if (a != b || plan.status != again.status) {
      failures.push_back(where + ": Reconcile is not deterministic");
    }
    Check(steps_[i].value("expect", Json::object()), plan, where, failures);
    Apply(plan);
  }
  return failures;
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  std::filesystem::path dir =
      std::filesystem::path(STEAD_SOURCE_DIR) / "tests/unit/controllers/statefulset/scenarios";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace stead::controllers::statefulset::testing
