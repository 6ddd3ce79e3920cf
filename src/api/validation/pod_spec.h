// PodSpec and PodTemplateSpec validation (ValidatePodSpec and everything it
// calls in pkg/apis/core/validation: containers, init and ephemeral
// containers, probes, lifecycle handlers, env, ports, volume mounts,
// security contexts, affinity, tolerations, DNS config, topology spread
// constraints, ...), with the feature defaults of Kubernetes 1.32.
#pragma once

#include <string>

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

struct PodValidationOptions {
  // The spec belongs to a Pod object (not a template inside a workload).
  bool resource_is_pod = false;
  // Ratcheting: keep accepting stored objects that predate stricter rules.
  bool allow_invalid_label_value_in_selector = false;
  bool allow_invalid_topology_spread_constraint_label_selector = false;
  bool allow_invalid_pod_deletion_cost = false;
  bool allow_namespaced_sysctls_for_host_net_and_host_ipc = false;
  // RelaxedEnvironmentVariableValidation is beta (on) in 1.32.
  bool allow_relaxed_env_var_names = true;
};

// `pod_name` is the Pod's name for real pods ("" for templates).
void ValidatePodSpec(FieldErrorList& errs, const Json& spec, const std::string& pod_name,
                     const FieldPath& path, const PodValidationOptions& opts);

// ValidatePodTemplateSpec: template labels/annotations plus the spec;
// ephemeral containers are forbidden in templates.
void ValidatePodTemplateSpec(FieldErrorList& errs, const Json& tmpl, const FieldPath& path,
                             const PodValidationOptions& opts);

// ValidatePodSpecificAnnotations (mirror-pod, tolerations, deletion cost,
// seccomp and AppArmor annotations).
void ValidatePodSpecificAnnotations(FieldErrorList& errs, const Json* annotations, const Json& spec,
                                    const FieldPath& path, const PodValidationOptions& opts);

void ValidateTolerations(FieldErrorList& errs, const Json* tolerations, const FieldPath& path);

}  // namespace stead::api::validation
