#include "apiserver/discovery.h"

namespace stead::apiserver {

namespace {

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list",   "patch",  "update",           "watch"};

struct Sub {
  std::string name;
  std::string group, version, kind;  // response kind
  std::vector<std::string> verbs;
};

std::vector<Sub> Subresources(const api::ResourceType& t) {
  std::vector<Sub> subs;
  if (t.group.empty() && t.plural == "pods") {
    subs.push_back({"binding", "", "v1", "Binding", {"create"}});
  }
  if (t.group.empty() && t.plural == "namespaces") {
    subs.push_back({"finalize", "", "v1", "Namespace", {"update"}});
  }
  if (t.has_scale) subs.push_back({"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}});
  if (t.has_status) subs.push_back({"status", t.group, t.version, t.kind, {"get", "patch", "update"}});
  return subs;
}

Json ResourceEntry(const api::ResourceType& t) {
  Json r = {{"name", t.plural},
            {"singularName", t.singular},
            {"namespaced", t.namespaced},
            {"kind", t.kind},
            {"verbs", kAllVerbs}};
  if (!t.short_names.empty()) r["shortNames"] = t.short_names;
  if (!t.categories.empty()) r["categories"] = t.categories;
  return r;
}

Json AggregatedResource(const api::ResourceType& t) {
  Json r = {{"resource", t.plural},
            {"responseKind", {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}},
            {"scope", t.namespaced ? "Namespaced" : "Cluster"},
            {"singularResource", t.singular},
            {"verbs", kAllVerbs}};
  if (!t.short_names.empty()) r["shortNames"] = t.short_names;
  if (!t.categories.empty()) r["categories"] = t.categories;
  Json subs = Json::array();
  for (const Sub& s : Subresources(t)) {
    subs.push_back({{"subresource", s.name},
                    {"responseKind", {{"group", s.group}, {"version", s.version}, {"kind", s.kind}}},
                    {"verbs", s.verbs}});
  }
  if (!subs.empty()) r["subresources"] = std::move(subs);
  return r;
}

}  // namespace

Discovery::Discovery(const api::ResourceRegistry& registry, std::string server_address) {
  version_ = {{"major", kKubernetesMajor},
              {"minor", kKubernetesMinor},
              {"gitVersion", kGitVersion},
              {"gitCommit", "stead"},
              {"gitTreeState", "clean"},
              {"buildDate", "2026-11-25T00:00:00Z"},
              {"goVersion", "go1.23.8"},
              {"compiler", "gc"},
              {"platform", "linux/amd64"}};
  api_versions_ = {{"kind", "APIVersions"},
                   {"versions", {"v1"}},
                   {"serverAddressByClientCIDRs",
                    {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};

  // Group the resources by group version, keeping registry order.
  std::vector<std::string> order = registry.GroupVersions();
  std::map<std::string, std::vector<const api::ResourceType*>> by_gv;
  for (const auto& t : registry.All()) by_gv[t.GroupVersion()].push_back(&t);

  api_group_list_ = {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", Json::array()}};
  aggregated_core_ = {{"kind", "APIGroupDiscoveryList"},
                      {"apiVersion", "apidiscovery.k8s.io/v2"},
                      {"metadata", Json::object()},
                      {"items", Json::array()}};
  aggregated_groups_ = aggregated_core_;

  for (const std::string& gv : order) {
    const auto& types = by_gv[gv];
    const std::string& group = types.front()->group;
    const std::string& version = types.front()->version;
    Json list = {{"kind", "APIResourceList"},
                 {"apiVersion", "v1"},
                 {"groupVersion", gv},
                 {"resources", Json::array()}};
    Json agg_resources = Json::array();
    for (const api::ResourceType* t : types) {
      list["resources"].push_back(ResourceEntry(*t));
      for (const Sub& s : Subresources(*t)) {
        Json sub = {{"name", t->plural + "/" + s.name},
                    {"singularName", ""},
                    {"namespaced", t->namespaced},
                    {"kind", s.kind},
                    {"verbs", s.verbs}};
        if (s.group != t->group || s.version != t->version) {
          sub["group"] = s.group;
          sub["version"] = s.version;
        }
        list["resources"].push_back(std::move(sub));
      }
      agg_resources.push_back(AggregatedResource(*t));
    }
    resource_lists_[gv] = std::move(list);
    Json agg_version = {{"version", version}, {"resources", std::move(agg_resources)},
                        {"freshness", "Current"}};
    if (group.empty()) {
      aggregated_core_["items"].push_back(
          {{"metadata", {{"creationTimestamp", nullptr}}}, {"versions", {agg_version}}});
      continue;
    }
    Json gvj = {{"groupVersion", gv}, {"version", version}};
    Json api_group = {{"kind", "APIGroup"},
                      {"apiVersion", "v1"},
                      {"name", group},
                      {"versions", {gvj}},
                      {"preferredVersion", gvj}};
    groups_[group] = api_group;
    Json entry = api_group;
    entry.erase("kind");
    entry.erase("apiVersion");
    api_group_list_["groups"].push_back(std::move(entry));
    aggregated_groups_["items"].push_back(
        {{"metadata", {{"name", group}, {"creationTimestamp", nullptr}}},
         {"versions", {agg_version}}});
  }
}

const Json* Discovery::ApiGroup(const std::string& group) const {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

const Json* Discovery::ResourceList(const std::string& group_version) const {
  auto it = resource_lists_.find(group_version);
  return it == resource_lists_.end() ? nullptr : &it->second;
}

}  // namespace stead::apiserver
