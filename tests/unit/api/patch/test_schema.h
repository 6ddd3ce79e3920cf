// A small schema with the strategic-merge metadata of the upstream types the
// patch tests need (a StatefulSet/Deployment down to containers, volumes and
// object metadata), built with the Registry construction API so the tests do
// not depend on the built-in definitions.
#pragma once

#include <memory>
#include <string>

#include "api/schema/schema.h"

namespace stead::api::patch::testing {

class TestSchema {
 public:
  TestSchema() {
    using schema::FieldDef;
    using schema::TypeKind;
    const schema::TypeDef* str = r_.Scalar(TypeKind::kString);
    const schema::TypeDef* i32 = r_.Scalar(TypeKind::kInteger, "int32");
    const schema::TypeDef* i64 = r_.Scalar(TypeKind::kInteger, "int64");
    const schema::TypeDef* boolean = r_.Scalar(TypeKind::kBoolean);
    const schema::TypeDef* any = r_.Scalar(TypeKind::kAny);
    const schema::TypeDef* labels = r_.MapOf(str);
    auto field = [](std::string name, const schema::TypeDef* type, std::string strategy = "",
                    std::string key = "") {
      FieldDef f;
      f.name = std::move(name);
      f.type = type;
      f.patch_strategy = std::move(strategy);
      f.patch_merge_key = std::move(key);
      return f;
    };

    schema::TypeDef* owner = r_.Define("OwnerReference", TypeKind::kObject);
    owner->fields = {field("apiVersion", str), field("kind", str), field("name", str),
                     field("uid", str), field("controller", boolean)};
    schema::TypeDef* meta = r_.Define("ObjectMeta", TypeKind::kObject);
    meta->fields = {field("name", str),
                    field("namespace", str),
                    field("labels", labels),
                    field("annotations", labels),
                    field("finalizers", r_.ArrayOf(str), "merge"),
                    field("ownerReferences", r_.ArrayOf(owner), "merge", "uid")};

    schema::TypeDef* env = r_.Define("EnvVar", TypeKind::kObject);
    env->fields = {field("name", str), field("value", str), field("valueFrom", any)};
    schema::TypeDef* port = r_.Define("ContainerPort", TypeKind::kObject);
    port->fields = {field("name", str), field("containerPort", i32), field("protocol", str)};
    schema::TypeDef* mount = r_.Define("VolumeMount", TypeKind::kObject);
    mount->fields = {field("name", str), field("mountPath", str), field("readOnly", boolean)};
    schema::TypeDef* container = r_.Define("Container", TypeKind::kObject);
    container->fields = {field("name", str),
                         field("image", str),
                         field("args", r_.ArrayOf(str)),
                         field("command", r_.ArrayOf(str)),
                         field("env", r_.ArrayOf(env), "merge", "name"),
                         field("ports", r_.ArrayOf(port), "merge", "containerPort"),
                         field("volumeMounts", r_.ArrayOf(mount), "merge", "mountPath"),
                         field("resources", any)};
    schema::TypeDef* empty_dir = r_.Define("EmptyDirVolumeSource", TypeKind::kObject);
    empty_dir->fields = {field("medium", str), field("sizeLimit", str)};
    schema::TypeDef* config_map = r_.Define("ConfigMapVolumeSource", TypeKind::kObject);
    config_map->fields = {field("name", str), field("defaultMode", i32)};
    schema::TypeDef* volume = r_.Define("Volume", TypeKind::kObject);
    volume->fields = {field("name", str), field("emptyDir", empty_dir),
                      field("configMap", config_map)};
    schema::TypeDef* toleration = r_.Define("Toleration", TypeKind::kObject);
    toleration->fields = {field("key", str), field("operator", str), field("effect", str)};
    schema::TypeDef* pod_spec = r_.Define("PodSpec", TypeKind::kObject);
    pod_spec->fields = {field("containers", r_.ArrayOf(container), "merge", "name"),
                        field("initContainers", r_.ArrayOf(container), "merge", "name"),
                        field("volumes", r_.ArrayOf(volume), "merge,retainKeys", "name"),
                        field("tolerations", r_.ArrayOf(toleration)),
                        field("nodeSelector", labels),
                        field("terminationGracePeriodSeconds", i64)};
    schema::TypeDef* template_spec = r_.Define("PodTemplateSpec", TypeKind::kObject);
    template_spec->fields = {field("metadata", meta), field("spec", pod_spec)};
    schema::TypeDef* selector = r_.Define("LabelSelector", TypeKind::kObject);
    selector->fields = {field("matchLabels", labels)};
    schema::TypeDef* rolling = r_.Define("RollingUpdateDeployment", TypeKind::kObject);
    rolling->fields = {field("maxSurge", str), field("maxUnavailable", str)};
    schema::TypeDef* strategy = r_.Define("DeploymentStrategy", TypeKind::kObject);
    strategy->fields = {field("type", str), field("rollingUpdate", rolling)};
    schema::TypeDef* spec = r_.Define("WorkloadSpec", TypeKind::kObject);
    spec->fields = {field("replicas", i32), field("selector", selector),
                    field("template", template_spec), field("strategy", strategy, "retainKeys"),
                    field("serviceName", str)};
    workload_ = r_.Define("Workload", TypeKind::kObject);
    workload_->fields = {field("apiVersion", str), field("kind", str), field("metadata", meta),
                         field("spec", spec), field("status", any)};
    r_.Freeze();
  }

  // The type of a StatefulSet or Deployment (their patch metadata is alike).
  const schema::TypeDef* workload() const { return workload_; }

 private:
  schema::Registry r_;
  schema::TypeDef* workload_ = nullptr;
};

}  // namespace stead::api::patch::testing
