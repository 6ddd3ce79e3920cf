// apps/v1 printers.

#include <cctype>
#include <string>
#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

namespace {

TableColumn ContainersColumn() {
  return {"Containers", "string", "", "Names of each container in the template.", 1};
}
TableColumn ImagesColumn() {
  return {"Images", "string", "", "Images referenced by each container in the template.", 1};
}
TableColumn SelectorColumn() {
  return {"Selector", "string", "", "The label selector of the pods this object manages.", 1};
}

std::string ReadyOfDesired(const Json& obj) {
  return std::to_string(GetInt(obj, {"status", "readyReplicas"})) + "/" +
         std::to_string(GetInt(obj, {"spec", "replicas"}));
}

void InstallStatefulSet(ResourceType& type) {
  type.columns = {NameColumn(),
                  {"Ready", "string", "", "Number of the pod with ready state", 0},
                  AgeColumn(),
                  ContainersColumn(),
                  ImagesColumn()};
  type.row = [](const Json& sts, SystemTime now) -> std::vector<Json> {
    auto [names, images] = ContainerCells(ArrayAt(sts, {"spec", "template", "spec", "containers"}));
    return {MetaName(sts), ReadyOfDesired(sts), Age(sts, now), names, images};
  };
}

void InstallDeployment(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Ready", "string", "", "Number of the pod with ready state", 0},
      {"Up-to-date", "string", "", "Total number of pods running the latest template.", 0},
      {"Available", "string", "", "Total number of available pods.", 0},
      AgeColumn(),
      ContainersColumn(),
      ImagesColumn(),
      SelectorColumn(),
  };
  type.row = [](const Json& d, SystemTime now) -> std::vector<Json> {
    auto [names, images] = ContainerCells(ArrayAt(d, {"spec", "template", "spec", "containers"}));
    std::optional<std::string> selector = LabelSelectorString(ObjectAt(d, {"spec", "selector"}));
    return {MetaName(d),
            ReadyOfDesired(d),
            GetInt(d, {"status", "updatedReplicas"}),
            GetInt(d, {"status", "availableReplicas"}),
            Age(d, now),
            names,
            images,
            selector.value_or("<invalid>")};
  };
}

void InstallReplicaSet(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Desired", "integer", "", "The number of pods the replica set wants.", 0},
      {"Current", "integer", "", "The number of pods the replica set has.", 0},
      {"Ready", "integer", "", "The number of ready pods.", 0},
      AgeColumn(),
      ContainersColumn(),
      ImagesColumn(),
      SelectorColumn(),
  };
  type.row = [](const Json& rs, SystemTime now) -> std::vector<Json> {
    auto [names, images] = ContainerCells(ArrayAt(rs, {"spec", "template", "spec", "containers"}));
    return {MetaName(rs),
            GetInt(rs, {"spec", "replicas"}),
            GetInt(rs, {"status", "replicas"}),
            GetInt(rs, {"status", "readyReplicas"}),
            Age(rs, now),
            names,
            images,
            FormatLabelSelector(ObjectAt(rs, {"spec", "selector"}))};
  };
}

// "statefulset.apps/web" for the controlling owner, "<none>" without one.
std::string ControllerName(const Json& obj) {
  const Json* owners = ArrayAt(obj, {"metadata", "ownerReferences"});
  if (owners == nullptr) return "<none>";
  for (const Json& ref : *owners) {
    if (!GetBool(ref, {"controller"})) continue;
    std::string api_version = GetString(ref, {"apiVersion"});
    std::string kind = GetString(ref, {"kind"});
    std::string name = GetString(ref, {"name"});
    auto slash = api_version.find('/');
    std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    if (kind.empty() && group.empty()) return name;
    std::string group_kind = group.empty() ? kind : kind + "." + group;
    for (char& c : group_kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return group_kind + "/" + name;
  }
  return "<none>";
}

void InstallControllerRevision(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Controller", "string", "", "Controller of the object", 0},
      {"Revision", "string", "", "The revision number of the state this object records.", 0},
      AgeColumn(),
  };
  type.row = [](const Json& cr, SystemTime now) -> std::vector<Json> {
    return {MetaName(cr), ControllerName(cr), GetInt(cr, {"revision"}), Age(cr, now)};
  };
}

}  // namespace

bool InstallAppsV1(ResourceType& type) {
  if (type.group != "apps") return false;
  if (type.kind == "StatefulSet") {
    InstallStatefulSet(type);
  } else if (type.kind == "Deployment") {
    InstallDeployment(type);
  } else if (type.kind == "ReplicaSet") {
    InstallReplicaSet(type);
  } else if (type.kind == "ControllerRevision") {
    InstallControllerRevision(type);
  } else {
    return false;
  }
  return true;
}

}  // namespace stead::api::printers
