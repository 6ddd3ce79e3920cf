#include "apiserver/bootstrap.h"

#include "apiserver/service_ip_allocator.h"
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

// Like Ensure, and rewrites `fields` of an existing object that differ (the
// `kubernetes` Endpoints and EndpointSlice follow the server's address and
// port across restarts, as kube-apiserver's endpoint reconciler keeps them).
Status EnsureCurrent(ResourceStore& rs, const std::string& group, const std::string& plural,
                     const std::string& ns, Json obj, std::initializer_list<const char*> fields) {
  const api::ResourceType* type = rs.registry().ByResource(group, "", plural);
  if (!type) return Status::Internal("bootstrap: unknown resource " + plural);
  auto existing = rs.Get(*type, ns, MetaName(obj));
  if (!existing.ok()) return Ensure(rs, group, plural, ns, std::move(obj));
  Json next = **existing;
  bool changed = false;
  for (const char* f : fields) {
    if (next.value(f, Json()) == obj.value(f, Json())) continue;
    next[f] = obj[f];
    changed = true;
  }
  if (!changed) return Status::OK();
  WriteOptions wo;
  wo.field_manager = "stead-bootstrap";
  std::string name = MetaName(next);
  auto updated = rs.Update(*type, ns, name, std::move(next), wo);
  return updated.ok() || updated.status().IsConflict() ? Status::OK() : updated.status();
}

}  // namespace

std::string DnsServiceIpFor(const std::string& service_cidr) {
  uint32_t base = 0;
  if (!ServiceIpAllocator::ParseIpv4(service_cidr.substr(0, service_cidr.find('/')), &base)) {
    return "";
  }
  return ServiceIpAllocator::FormatIpv4(base + 10);
}

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
  if (!loopback) {
    STEAD_RETURN_IF_ERROR(EnsureCurrent(
        rs, "", "endpoints", "default",
        {{"apiVersion", "v1"},
         {"kind", "Endpoints"},
         {"metadata",
          {{"name", "kubernetes"},
           {"namespace", "default"},
           {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
         {"subsets",
          {{{"addresses", {{{"ip", config.advertise_address}}}},
            {"ports", {{{"name", "https"}, {"port", config.port}, {"protocol", "TCP"}}}}}}}},
        {"subsets"}));
    // The slice kube-apiserver's EndpointsAdapter writes next to it.
    bool v6 = config.advertise_address.find(':') != std::string::npos;
    STEAD_RETURN_IF_ERROR(EnsureCurrent(
        rs, "discovery.k8s.io", "endpointslices", "default",
        {{"apiVersion", "discovery.k8s.io/v1"},
         {"kind", "EndpointSlice"},
         {"metadata",
          {{"name", "kubernetes"},
           {"namespace", "default"},
           {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
         {"addressType", v6 ? "IPv6" : "IPv4"},
         {"endpoints",
          {{{"addresses", {config.advertise_address}}, {"conditions", {{"ready", true}}}}}},
         {"ports", {{{"name", "https"}, {"port", config.port}, {"protocol", "TCP"}}}}},
        {"addressType", "endpoints", "ports"}));
  }
  // kubeadm's kube-dns Service. Its address may already be taken by a Service
  // created before stead made this one: then the cluster has no kube-dns.
  Status dns = Ensure(
      rs, "", "services", "kube-system",
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata",
        {{"name", "kube-dns"},
         {"namespace", "kube-system"},
         {"labels",
          {{"k8s-app", "kube-dns"},
           {"kubernetes.io/cluster-service", "true"},
           {"kubernetes.io/name", "CoreDNS"}}},
         {"annotations", {{"prometheus.io/port", "9153"}, {"prometheus.io/scrape", "true"}}}}},
       {"spec",
        {{"type", "ClusterIP"},
         {"clusterIP", config.dns_service_ip},
         {"selector", {{"k8s-app", "kube-dns"}}},
         {"ports",
          {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}, {"targetPort", 53}},
           {{"name", "dns-tcp"}, {"port", 53}, {"protocol", "TCP"}, {"targetPort", 53}},
           {{"name", "metrics"}, {"port", 9153}, {"protocol", "TCP"}, {"targetPort", 9153}}}},
         {"sessionAffinity", "None"}}}});
  if (!dns.ok()) {
    LOG_WARN("bootstrap", "no kube-dns Service", {{"error", dns.message()}});
  }
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
