// Declarative scenarios for the StatefulSet reconcile core: one YAML file
// per rule (tests/unit/controllers/statefulset/scenarios/*.yaml, format in
// scenarios/README.md) holding the observed objects and the expected plan.
//
// A Scenario keeps a small in-memory "world" (the set, its pods, claims
// and revisions, and the clock). Each step mutates the world as a user or
// the kubelet would, runs Reconcile() on it, compares the plan with the
// step's expectations, and applies the plan to the world the way an
// idealised API server would, so that multi-sync timelines can be written.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "controllers/statefulset/plan.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::controllers::statefulset::testing {

class Scenario {
 public:
  // Parses the scenario file text; errors name the offending key.
  static Result<std::unique_ptr<Scenario>> Parse(const std::string& yaml);

  const std::string& description() const { return description_; }

  // Runs every step; returns the list of mismatches (empty = pass).
  std::vector<std::string> Run();

 private:
  Scenario() = default;

  Status Build(const Json& doc);
  Json MakePod(const Json& spec) const;
  Json MakeClaim(const Json& spec) const;
  Json MakeRevision(const Json& spec, const std::string& id, int64_t number) const;
  Json TemplateFor(const Json& spec) const;
  // Replaces $<id> tokens in every string of `v` with revision names.
  void Substitute(Json& v) const;
  std::string SubstituteString(const std::string& s) const;

  Status Mutate(const Json& ops);
  void Check(const Json& expect, const Plan& plan, const std::string& where,
             std::vector<std::string>& failures) const;
  void Apply(const Plan& plan);
  Observed Observe() const;

  std::string Stamp(int64_t seconds_ago) const;

  std::string description_;
  SystemTime now_;
  Json set_;
  std::vector<Json> pods_;
  std::vector<Json> claims_;
  std::vector<Json> revisions_;
  std::map<std::string, std::string> symbols_;  // revision id -> name
  std::vector<Json> steps_;                     // {do, expect}
  int64_t uid_counter_ = 0;
  int64_t resource_version_ = 100;
};

// The files under scenarios/, sorted.
std::vector<std::string> ScenarioFiles();

}  // namespace stead::controllers::statefulset::testing
