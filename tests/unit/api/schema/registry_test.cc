#include <gtest/gtest.h>

#include "api/schema/schema.h"

namespace stead::api::schema {
namespace {

const Registry& R() { return Registry::Builtin(); }

const FieldDef& Field(std::string_view type, std::string_view field) {
  const TypeDef* def = R().Find(type);
  EXPECT_NE(def, nullptr) << type;
  static const FieldDef kMissing;
  if (def == nullptr) return kMissing;
  const FieldDef* f = def->FindField(field);
  EXPECT_NE(f, nullptr) << type << "." << field;
  return f ? *f : kMissing;
}

TEST(SchemaRegistry, EveryServedKindHasItsTypeAndList) {
  struct Kind {
    const char* group;
    const char* kind;
    const char* definition;
  };
  const Kind kinds[] = {
      {"", "Namespace", "io.k8s.api.core.v1.Namespace"},
      {"", "Pod", "io.k8s.api.core.v1.Pod"},
      {"", "Service", "io.k8s.api.core.v1.Service"},
      {"", "Endpoints", "io.k8s.api.core.v1.Endpoints"},
      {"", "PersistentVolumeClaim", "io.k8s.api.core.v1.PersistentVolumeClaim"},
      {"", "PersistentVolume", "io.k8s.api.core.v1.PersistentVolume"},
      {"", "Event", "io.k8s.api.core.v1.Event"},
      {"", "ConfigMap", "io.k8s.api.core.v1.ConfigMap"},
      {"", "Secret", "io.k8s.api.core.v1.Secret"},
      {"", "ServiceAccount", "io.k8s.api.core.v1.ServiceAccount"},
      {"", "Node", "io.k8s.api.core.v1.Node"},
      {"apps", "StatefulSet", "io.k8s.api.apps.v1.StatefulSet"},
      {"apps", "ControllerRevision", "io.k8s.api.apps.v1.ControllerRevision"},
      {"apps", "Deployment", "io.k8s.api.apps.v1.Deployment"},
      {"apps", "ReplicaSet", "io.k8s.api.apps.v1.ReplicaSet"},
      {"discovery.k8s.io", "EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice"},
      {"coordination.k8s.io", "Lease", "io.k8s.api.coordination.v1.Lease"},
      {"storage.k8s.io", "StorageClass", "io.k8s.api.storage.v1.StorageClass"},
      {"events.k8s.io", "Event", "io.k8s.api.events.v1.Event"},
  };
  for (const Kind& k : kinds) {
    const TypeDef* def = R().FindKind(k.group, "v1", k.kind);
    ASSERT_NE(def, nullptr) << k.kind;
    EXPECT_EQ(def->name, k.definition);
    EXPECT_EQ(def->gvk.group, k.group);
    EXPECT_EQ(def->gvk.version, "v1");
    EXPECT_NE(def->FindField("metadata"), nullptr) << k.kind;
    std::string list_kind = std::string(k.kind) + "List";
    const TypeDef* list = R().FindKind(k.group, "v1", list_kind);
    ASSERT_NE(list, nullptr) << list_kind;
    EXPECT_EQ(list->name, std::string(k.definition) + "List");
    const FieldDef* items = list->FindField("items");
    ASSERT_NE(items, nullptr);
    EXPECT_TRUE(items->required);
    ASSERT_EQ(items->type->kind, TypeKind::kArray);
    EXPECT_EQ(items->type->element, def);
  }
  EXPECT_NE(R().FindKind("autoscaling", "v1", "Scale"), nullptr);
  EXPECT_NE(R().FindKind("", "v1", "Binding"), nullptr);
  EXPECT_NE(R().FindKind("", "v1", "Status"), nullptr);
  EXPECT_NE(R().FindKind("", "v1", "DeleteOptions"), nullptr);
  EXPECT_EQ(R().FindKind("apps", "v1", "DaemonSet"), nullptr);
}

TEST(SchemaRegistry, EveryReferenceResolvesAndEveryFieldIsDescribed) {
  size_t fields = 0;
  for (const TypeDef* def : R().All()) {
    EXPECT_GT(def->description.size(), 3u) << def->name;
    EXPECT_FALSE(def->go_name.empty()) << def->name;
    for (const FieldDef& f : def->fields) {
      ++fields;
      ASSERT_NE(f.type, nullptr) << def->name << "." << f.name;
      EXPECT_GT(f.description.size(), 3u) << def->name << "." << f.name;
      EXPECT_FALSE(f.type->go_name.empty()) << def->name << "." << f.name;
      if (f.type->kind == TypeKind::kArray || f.type->kind == TypeKind::kMap) {
        EXPECT_NE(f.type->element, nullptr) << def->name << "." << f.name;
      }
      if (!f.patch_merge_key.empty() && f.type->kind == TypeKind::kArray) {
        EXPECT_NE(f.type->element->FindField(f.patch_merge_key), nullptr)
            << def->name << "." << f.name;
      }
    }
  }
  EXPECT_GT(fields, 1000u);
}

TEST(SchemaRegistry, StrategicMergeKeysMatchUpstream) {
  const char* pod_spec = "io.k8s.api.core.v1.PodSpec";
  const char* container = "io.k8s.api.core.v1.Container";
  EXPECT_EQ(Field(pod_spec, "containers").patch_strategy, "merge");
  EXPECT_EQ(Field(pod_spec, "containers").patch_merge_key, "name");
  EXPECT_EQ(Field(pod_spec, "containers").list_type, "map");
  EXPECT_EQ(Field(pod_spec, "initContainers").patch_merge_key, "name");
  EXPECT_EQ(Field(pod_spec, "ephemeralContainers").patch_merge_key, "name");
  EXPECT_EQ(Field(pod_spec, "volumes").patch_strategy, "merge,retainKeys");
  EXPECT_EQ(Field(pod_spec, "volumes").patch_merge_key, "name");
  EXPECT_EQ(Field(pod_spec, "tolerations").patch_strategy, "");
  EXPECT_EQ(Field(pod_spec, "tolerations").patch_merge_key, "");
  EXPECT_EQ(Field(pod_spec, "tolerations").list_type, "atomic");
  EXPECT_EQ(Field(pod_spec, "imagePullSecrets").patch_merge_key, "name");
  EXPECT_EQ(Field(pod_spec, "hostAliases").patch_merge_key, "ip");
  EXPECT_EQ(Field(pod_spec, "topologySpreadConstraints").patch_merge_key, "topologyKey");
  EXPECT_EQ(Field(pod_spec, "topologySpreadConstraints").list_map_keys,
            (std::vector<std::string>{"topologyKey", "whenUnsatisfiable"}));
  EXPECT_EQ(Field(pod_spec, "nodeSelector").map_type, "atomic");
  EXPECT_EQ(Field(container, "ports").patch_merge_key, "containerPort");
  EXPECT_EQ(Field(container, "ports").list_map_keys,
            (std::vector<std::string>{"containerPort", "protocol"}));
  EXPECT_EQ(Field(container, "env").patch_merge_key, "name");
  EXPECT_EQ(Field(container, "volumeMounts").patch_merge_key, "mountPath");
  EXPECT_EQ(Field(container, "volumeDevices").patch_merge_key, "devicePath");
  EXPECT_EQ(Field(container, "envFrom").patch_merge_key, "");
  EXPECT_EQ(Field(container, "envFrom").list_type, "atomic");
  EXPECT_EQ(Field("io.k8s.api.core.v1.ServiceSpec", "ports").patch_merge_key, "port");
  EXPECT_EQ(Field("io.k8s.api.core.v1.ServiceSpec", "ports").list_map_keys,
            (std::vector<std::string>{"port", "protocol"}));
  EXPECT_EQ(Field("io.k8s.api.core.v1.PodStatus", "conditions").patch_merge_key, "type");
  EXPECT_EQ(Field("io.k8s.api.apps.v1.StatefulSetStatus", "conditions").patch_merge_key, "type");
  EXPECT_EQ(Field("io.k8s.api.apps.v1.DeploymentSpec", "strategy").patch_strategy, "retainKeys");
  EXPECT_EQ(
      Field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences").patch_merge_key,
      "uid");
  EXPECT_EQ(Field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers").patch_strategy,
            "merge");
  EXPECT_EQ(R().Find("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")->map_type, "atomic");
}

TEST(SchemaRegistry, GoSemanticsAndTypes) {
  const FieldDef& replicas = Field("io.k8s.api.apps.v1.StatefulSetSpec", "replicas");
  EXPECT_TRUE(replicas.pointer);
  EXPECT_EQ(replicas.type->kind, TypeKind::kInteger);
  EXPECT_EQ(replicas.type->format, "int32");
  const FieldDef& service_name = Field("io.k8s.api.apps.v1.StatefulSetSpec", "serviceName");
  EXPECT_TRUE(service_name.required);
  EXPECT_TRUE(Field("io.k8s.api.apps.v1.StatefulSetSpec", "selector").required);
  EXPECT_TRUE(Field("io.k8s.api.apps.v1.StatefulSetSpec", "template").required);
  EXPECT_FALSE(Field("io.k8s.api.apps.v1.StatefulSetStatus", "replicas").omit_empty);
  EXPECT_TRUE(Field("io.k8s.api.apps.v1.StatefulSetStatus", "readyReplicas").omit_empty);
  const FieldDef& phase = Field("io.k8s.api.core.v1.PodStatus", "phase");
  EXPECT_EQ(phase.type->go_name, "v1.PodPhase");
  EXPECT_EQ(phase.type->enum_values,
            (std::vector<std::string>{"Failed", "Pending", "Running", "Succeeded", "Unknown"}));
  EXPECT_EQ(Field("io.k8s.api.core.v1.ContainerPort", "protocol").default_value, "TCP");
  EXPECT_EQ(Field("io.k8s.api.core.v1.Container", "resources").type->name,
            "io.k8s.api.core.v1.ResourceRequirements");
  const TypeDef* limits = Field("io.k8s.api.core.v1.ResourceRequirements", "limits").type;
  EXPECT_EQ(limits->kind, TypeKind::kMap);
  EXPECT_EQ(limits->go_name, "v1.ResourceList");
  EXPECT_EQ(limits->element->kind, TypeKind::kQuantity);
  EXPECT_EQ(Field("io.k8s.api.core.v1.Secret", "data").type->element->kind, TypeKind::kBytes);
  EXPECT_EQ(Field("io.k8s.api.core.v1.ServicePort", "targetPort").type->kind,
            TypeKind::kIntOrString);
  EXPECT_EQ(
      Field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp").type->kind,
      TypeKind::kTime);
  EXPECT_EQ(Field("io.k8s.api.coordination.v1.LeaseSpec", "renewTime").type->kind,
            TypeKind::kMicroTime);
  EXPECT_EQ(Field("io.k8s.api.apps.v1.ControllerRevision", "data").type->kind, TypeKind::kAny);
  EXPECT_EQ(Field("io.k8s.api.core.v1.PodSpec", "containers").type->go_name, "[]v1.Container");
}

}  // namespace
}  // namespace stead::api::schema
