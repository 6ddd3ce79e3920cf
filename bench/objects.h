// Request bodies the benchmarks create: a Pod shaped like a real web
// workload's (2.7 KB of JSON, 3.4 KB once the server adds defaults), a small
// ConfigMap, and a Namespace.
#pragma once

#include <string>

namespace stead::bench {

std::string PodJson(const std::string& ns, const std::string& name);
std::string ConfigMapJson(const std::string& ns, const std::string& name);
std::string NamespaceJson(const std::string& name);

}  // namespace stead::bench
