// Request bodies the benchmarks create: a Pod shaped like a real web
// workload's (about 2 KB of JSON before server-side defaults), a small
// ConfigMap, and a Namespace.
#pragma once

#include <string>

namespace stead::bench {

std::string PodJson(const std::string& ns, const std::string& name);
std::string ConfigMapJson(const std::string& ns, const std::string& name);
std::string NamespaceJson(const std::string& name);

}  // namespace stead::bench
