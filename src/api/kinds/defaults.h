// Defaulting shared by the kinds that embed pods and claims, after
// upstream's core/v1 SetDefaults_* functions (pkg/apis/core/v1/defaults.go
// plus the declarative `+default` markers of k8s.io/api/core/v1), and the
// pod helpers used at create time (QoS class, fields of disabled alpha
// features).
//
// Every function edits the JSON object in place and only fills what is
// absent, so it is safe to run on already-defaulted objects.
#pragma once

#include <string>

#include "core/json.h"

namespace stead::api::kinds {

// SetDefaults_PodSpec and everything nested in it (volumes, containers,
// probes, handlers, ports, env field refs), as applied to any PodSpec.
void SetPodSpecDefaults(Json& spec);
// A PodTemplateSpec ({metadata, spec}).
void SetPodTemplateDefaults(Json& tmpl);
// A Pod: the spec defaults plus SetDefaults_Pod (requests from limits,
// enableServiceLinks, host ports under hostNetwork).
void SetPodDefaults(Json& pod);

// SetDefaults_PersistentVolumeClaimSpec (volumeMode: Filesystem).
void SetPersistentVolumeClaimSpecDefaults(Json& spec);
// A whole claim: spec defaults and status.phase Pending.
void SetPersistentVolumeClaimDefaults(Json& pvc);

// Removes pod fields of features that are off in 1.32 (alpha or
// off-by-default beta), as upstream's DropDisabledPodFields does on create.
void DropDisabledPodSpecFields(Json& spec);

// Upstream qos.GetPodQOS: "Guaranteed", "Burstable" or "BestEffort".
std::string ComputePodQOS(const Json& pod_spec);

// The tag part of an image reference as upstream's parsers.ParseImageName
// reports it ("latest" when neither tag nor digest is given, "" when the
// reference does not parse).
std::string ImageTag(const std::string& image);

}  // namespace stead::api::kinds
