// Service validation (pkg/apis/core/validation ValidateService and friends):
// ports, selector, session affinity, cluster IPs and IP families, external
// IPs, traffic policies, load-balancer fields, and the update rules
// (clusterIPs and ipFamilies may not change once set, except dual-stack
// upgrades/downgrades and ExternalName transitions). Generic ObjectMeta
// checks are left to the API server.
#pragma once

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

void ValidateService(FieldErrorList& errs, const Json& svc);
void ValidateServiceUpdate(FieldErrorList& errs, const Json& svc, const Json& old);
void ValidateServiceStatusUpdate(FieldErrorList& errs, const Json& svc);

// Shared with Service defaulting: LoadBalancer, NodePort, or ClusterIP with
// external IPs (upstream service.ExternallyAccessible).
bool ServiceExternallyAccessible(const Json& spec);
// `clusterIPs == ["None"]`.
bool IsHeadlessService(const Json& spec);

// ValidateNonSpecialIP (used for endpoints and external IPs).
void ValidateNonSpecialIP(FieldErrorList& errs, std::string_view ip, const FieldPath& path);

}  // namespace stead::api::validation
