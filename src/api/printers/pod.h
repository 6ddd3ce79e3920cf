// The Pod printer: `kubectl get pods` columns and the aggregate STATUS,
// READY and RESTARTS cells computed exactly like upstream's printPod
// (init container progress, waiting/terminated reasons, sidecars,
// Terminating, SchedulingGated, "3 (2m ago)"). Internal to
// src/api/printers. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "api/resource.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::api::printers {

std::vector<TableColumn> PodColumns();
// NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED-NODE READINESS-GATES.
std::vector<Json> PodCells(const Json& pod, SystemTime now);
// The Table row conditions upstream attaches to finished pods
// ([{"type":"Completed",...}] for Succeeded/Failed), or an empty array.
Json PodRowConditions(const Json& pod);

}  // namespace stead::api::printers
