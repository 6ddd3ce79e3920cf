#include "apiserver/bootstrap.h"

#include "core/log.h"

namespace stead::apiserver {

namespace {

Status Ensure(ResourceStore& rs, const std::string& group, const std::string& plural,
              const std::string& ns, Json obj) {
  const api::ResourceType* type = rs.registry().ByResource(group, "", plural);
  if (!type) return Status::Internal("bootstrap: unknown resource " + plural);
  if (rs.Get(*type, ns, MetaName(obj)).ok()) return Status::OK();
  WriteOptions wo;
  wo.field_manager = "stead-bootstrap";
  auto created = rs.Create(*type, ns, std::move(obj), wo);
  if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
  return Status::OK();
}

}  // namespace

Status Bootstrap(ResourceStore& rs, const BootstrapConfig& config) {
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    STEAD_RETURN_IF_ERROR(Ensure(rs, "", "namespaces", "",
                                 {{"apiVersion", "v1"},
                                  {"kind", "Namespace"},
                                  {"metadata",
                                   {{"name", ns},
                                    {"labels", {{"kubernetes.io/metadata.name", ns}}}}}}));
  }
  STEAD_RETURN_IF_ERROR(Ensure(
      rs, "", "services", "default",
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata",
        {{"name", "kubernetes"},
         {"namespace", "default"},
         {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
       {"spec",
        {{"type", "ClusterIP"},
         {"clusterIP", config.kubernetes_service_ip},
         {"ports",
          {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", config.port}}}},
         {"sessionAffinity", "None"}}}}));
  // Endpoints may not hold loopback addresses (pods could not reach them);
  // they are published once the server listens on a routable address.
  bool loopback = config.advertise_address.rfind("127.", 0) == 0 ||
                  config.advertise_address == "::1" || config.advertise_address == "localhost";
  if (!loopback) STEAD_RETURN_IF_ERROR(Ensure(
      rs, "", "endpoints", "default",
      {{"apiVersion", "v1"},
       {"kind", "Endpoints"},
       {"metadata",
        {{"name", "kubernetes"},
         {"namespace", "default"},
         {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
       {"subsets",
        {{{"addresses", {{{"ip", config.advertise_address}}}},
          {"ports", {{{"name", "https"}, {"port", config.port}, {"protocol", "TCP"}}}}}}}}));
  STEAD_RETURN_IF_ERROR(Ensure(
      rs, "storage.k8s.io", "storageclasses", "",
      {{"apiVersion", "storage.k8s.io/v1"},
       {"kind", "StorageClass"},
       {"metadata",
        {{"name", "local"},
         {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
       {"provisioner", "stead.dev/local-path"},
       {"reclaimPolicy", "Delete"},
       {"volumeBindingMode", "Immediate"},
       {"allowVolumeExpansion", true}}));
  return Status::OK();
}

}  // namespace stead::apiserver
