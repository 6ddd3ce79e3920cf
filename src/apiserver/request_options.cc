#include "apiserver/request_options.h"

namespace stead::apiserver {

Result<FieldValidation> ParseFieldValidation(const std::string& value) {
  if (value.empty() || value == "Warn") return FieldValidation::kWarn;
  if (value == "Strict") return FieldValidation::kStrict;
  if (value == "Ignore") return FieldValidation::kIgnore;
  return Status::BadRequest("fieldValidation parameter unsupported: " + value);
}

Status DeleteOptions::MergeBody(const Json& body) {
  if (body.is_null()) return Status::OK();
  if (!body.is_object()) return Status::BadRequest("DeleteOptions must be an object");
  if (auto it = body.find("gracePeriodSeconds"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      return Status::BadRequest("gracePeriodSeconds must be an integer");
    }
    grace_period_seconds = it->get<int64_t>();
  }
  if (const Json* p = Lookup(body, {"preconditions"}); p && p->is_object()) {
    precondition_uid = GetString(*p, {"uid"}, precondition_uid);
    precondition_resource_version = GetString(*p, {"resourceVersion"},
                                              precondition_resource_version);
  }
  if (auto it = body.find("propagationPolicy"); it != body.end() && it->is_string()) {
    propagation_policy = it->get<std::string>();
  }
  if (auto it = body.find("orphanDependents"); it != body.end() && it->is_boolean()) {
    orphan_dependents = it->get<bool>();
  }
  if (auto it = body.find("dryRun"); it != body.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (v == "All") dry_run = true;
    }
  }
  return Status::OK();
}

}  // namespace stead::apiserver
