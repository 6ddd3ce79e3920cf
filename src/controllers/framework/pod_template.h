// Pods made from a controller's pod template (controller.GetPodFromTemplate
// and getPodsPrefix in k8s.io/kubernetes pkg/controller/controller_utils.go):
// the template's labels, annotations and finalizers and its spec, the
// controller reference, and generateName "<controller name>-" (or the bare
// name when "<name>-" would not be a valid pod name prefix), so the API
// server appends five random characters.
//
// And the semantic comparison of pod templates the controllers use to find
// the ReplicaSet or revision of a template (apiequality.Semantic.DeepEqual
// upstream): equal once both are decoded and defaulted with today's schema,
// ignoring nulls, so that a template stored by an older server (other
// defaults or serialisation) never looks like a change.
//
// Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace stead::controllers {

// getPodsPrefix.
std::string PodsPrefix(std::string_view controller_name);

bool PodTemplatesEquivalent(const Json& a, const Json& b);

Json PodFromTemplate(const Json& pod_template, std::string_view controller_name,
                     const Json& controller_ref);

}  // namespace stead::controllers
