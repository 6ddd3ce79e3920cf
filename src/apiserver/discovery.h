// Discovery documents built from the resource registry: the legacy forms
// (/api APIVersions, /apis APIGroupList, /api/v1 and /apis/<g>/<v>
// APIResourceList, /apis/<g> APIGroup) and the aggregated form
// (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) that kubectl 1.32 asks for
// first. Also /version. Built once; immutable.
#pragma once

#include <string>

#include "api/registry.h"
#include "core/json.h"

namespace stead::apiserver {

// The Kubernetes version stead serves.
inline constexpr const char* kKubernetesMajor = "1";
inline constexpr const char* kKubernetesMinor = "32";
inline constexpr const char* kGitVersion = "v1.32.4+stead";

class Discovery {
 public:
  Discovery(const api::ResourceRegistry& registry, std::string server_address);

  const Json& Version() const { return version_; }
  const Json& ApiVersions() const { return api_versions_; }
  const Json& ApiGroupList() const { return api_group_list_; }
  // nullptr if the group (version) is not served.
  const Json* ApiGroup(const std::string& group) const;
  const Json* ResourceList(const std::string& group_version) const;
  // Aggregated discovery for /api (core) or /apis (named groups).
  const Json& AggregatedCore() const { return aggregated_core_; }
  const Json& AggregatedGroups() const { return aggregated_groups_; }

 private:
  Json version_;
  Json api_versions_;
  Json api_group_list_;
  std::map<std::string, Json> groups_;          // group -> APIGroup
  std::map<std::string, Json> resource_lists_;  // "v1", "apps/v1" -> APIResourceList
  Json aggregated_core_;
  Json aggregated_groups_;
};

}  // namespace stead::apiserver
