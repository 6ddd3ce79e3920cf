#include "scheduler/node_selection.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace stead::scheduler {

namespace {

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return v;
}

std::vector<std::string> Values(const Json& requirement) {
  std::vector<std::string> out;
  const Json* values = Lookup(requirement, {"values"});
  if (values && values->is_array()) {
    for (const Json& v : *values) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// A requirement against a key/value set. Returns nullopt for an invalid
// requirement (which makes its whole term match nothing).
std::optional<bool> MatchRequirement(const Json& requirement,
                                     const std::map<std::string, std::string>& set) {
  std::string key = GetString(requirement, {"key"});
  std::string op = GetString(requirement, {"operator"});
  std::vector<std::string> values = Values(requirement);
  auto it = set.find(key);
  bool has = it != set.end();
  auto contains = [&](const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
  };
  if (op == "In") {
    if (values.empty()) return std::nullopt;
    return has && contains(it->second);
  }
  if (op == "NotIn") {
    if (values.empty()) return std::nullopt;
    return !has || !contains(it->second);
  }
  if (op == "Exists") {
    if (!values.empty()) return std::nullopt;
    return has;
  }
  if (op == "DoesNotExist") {
    if (!values.empty()) return std::nullopt;
    return !has;
  }
  if (op == "Gt" || op == "Lt") {
    if (values.size() != 1) return std::nullopt;
    std::optional<int64_t> bound = ParseInt(values[0]);
    if (!bound) return std::nullopt;
    if (!has) return false;
    std::optional<int64_t> actual = ParseInt(it->second);
    if (!actual) return false;
    return op == "Gt" ? *actual > *bound : *actual < *bound;
  }
  return std::nullopt;
}

// All requirements of a list hold; nullopt if one is invalid.
std::optional<bool> MatchRequirements(const Json* requirements,
                                      const std::map<std::string, std::string>& set, bool fields) {
  bool all = true;
  for (const Json& r : *requirements) {
    if (fields && GetString(r, {"key"}) != "metadata.name") return std::nullopt;
    std::optional<bool> m = MatchRequirement(r, set);
    if (!m) return std::nullopt;
    all = all && *m;
  }
  return all;
}

}  // namespace

bool MatchNodeSelectorTerm(const Json& term, const Json& node) {
  const Json* expressions = Lookup(term, {"matchExpressions"});
  const Json* fields = Lookup(term, {"matchFields"});
  bool has_expressions = expressions && expressions->is_array() && !expressions->empty();
  bool has_fields = fields && fields->is_array() && !fields->empty();
  if (!has_expressions && !has_fields) return false;
  if (has_expressions) {
    std::optional<bool> m = MatchRequirements(expressions, MetaLabels(node), false);
    if (!m || !*m) return false;
  }
  if (has_fields) {
    std::optional<bool> m = MatchRequirements(fields, {{"metadata.name", MetaName(node)}}, true);
    if (!m || !*m) return false;
  }
  return true;
}

bool MatchNodeSelectorTerms(const Json* terms, const Json& node) {
  if (terms == nullptr || !terms->is_array()) return false;
  for (const Json& term : *terms) {
    if (MatchNodeSelectorTerm(term, node)) return true;
  }
  return false;
}

bool MatchesRequiredNodeAffinity(const Json& pod, const Json& node) {
  std::map<std::string, std::string> selector = StringMap(Lookup(pod, {"spec", "nodeSelector"}));
  if (!selector.empty()) {
    std::map<std::string, std::string> labels = MetaLabels(node);
    for (const auto& [k, v] : selector) {
      auto it = labels.find(k);
      if (it == labels.end() || it->second != v) return false;
    }
  }
  const Json* required = Lookup(
      pod, {"spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"});
  if (required == nullptr || !required->is_object()) return true;
  return MatchNodeSelectorTerms(Lookup(*required, {"nodeSelectorTerms"}), node);
}

int64_t PreferredNodeAffinityScore(const Json& pod, const Json& node) {
  const Json* preferred = Lookup(
      pod, {"spec", "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution"});
  if (preferred == nullptr || !preferred->is_array()) return 0;
  int64_t score = 0;
  for (const Json& term : *preferred) {
    int64_t weight = GetInt(term, {"weight"});
    if (weight == 0) continue;
    const Json* preference = Lookup(term, {"preference"});
    if (preference && MatchNodeSelectorTerm(*preference, node)) score += weight;
  }
  return score;
}

bool ToleratesTaint(const Json& toleration, const Json& taint) {
  std::string effect = GetString(toleration, {"effect"});
  if (!effect.empty() && effect != GetString(taint, {"effect"})) return false;
  std::string key = GetString(toleration, {"key"});
  if (!key.empty() && key != GetString(taint, {"key"})) return false;
  std::string op = GetString(toleration, {"operator"});
  if (op.empty() || op == "Equal")
    return GetString(toleration, {"value"}) == GetString(taint, {"value"});
  return op == "Exists";
}

const Json* FindUntoleratedTaint(const std::vector<Json>& taints, const Json* tolerations,
                                 const std::vector<std::string>& effects) {
  for (const Json& taint : taints) {
    std::string effect = GetString(taint, {"effect"});
    if (std::find(effects.begin(), effects.end(), effect) == effects.end()) continue;
    bool tolerated = false;
    if (tolerations && tolerations->is_array()) {
      for (const Json& t : *tolerations) {
        if (ToleratesTaint(t, taint)) {
          tolerated = true;
          break;
        }
      }
    }
    if (!tolerated) return &taint;
  }
  return nullptr;
}

}  // namespace stead::scheduler
