// Which nodes a pod may land on, as far as labels and taints go: node
// selector terms (upstream k8s.io/component-helpers/scheduling/corev1
// nodeaffinity) and taints versus tolerations (corev1 ToleratesTaint).
//
// Node selector terms are ORed; the requirements of one term are ANDed; a
// term without requirements, or with an invalid one (Gt/Lt with a value that
// is not an integer, an unknown operator, a matchFields key other than
// metadata.name), matches nothing, as upstream. Objects are API JSON; every
// function is pure.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace stead::scheduler {

// One nodeSelectorTerm ({matchExpressions, matchFields}) against a node.
bool MatchNodeSelectorTerm(const Json& term, const Json& node);
// A NodeSelector's nodeSelectorTerms array (ORed). An absent or empty list
// matches nothing.
bool MatchNodeSelectorTerms(const Json* terms, const Json& node);

// spec.nodeSelector and the required node affinity of a pod, both of which
// must hold (upstream GetRequiredNodeAffinity(pod).Match(node)).
bool MatchesRequiredNodeAffinity(const Json& pod, const Json& node);

// Sum of the weights of the pod's preferred node affinity terms that match.
int64_t PreferredNodeAffinityScore(const Json& pod, const Json& node);

// Whether a toleration tolerates a taint (empty effect = any effect, empty
// key with Exists = any key, empty operator = Equal).
bool ToleratesTaint(const Json& toleration, const Json& taint);
// The first taint among `taints` whose effect is in `effects` that no
// toleration tolerates; nullptr if there is none.
const Json* FindUntoleratedTaint(const std::vector<Json>& taints, const Json* tolerations,
                                 const std::vector<std::string>& effects);

}  // namespace stead::scheduler
