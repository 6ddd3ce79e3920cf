// The printers of each API group, one file per group in this folder. Each
// function fills type.columns and type.row when it has a printer for
// type.kind and returns false otherwise. Internal to src/api/printers.
#pragma once

#include "api/resource.h"

namespace stead::api::printers {

bool InstallCoreV1(ResourceType& type);          // core.cc
bool InstallAppsV1(ResourceType& type);          // apps.cc
bool InstallDiscoveryV1(ResourceType& type);     // discovery.cc
bool InstallCoordinationV1(ResourceType& type);  // coordination.cc
bool InstallStorageV1(ResourceType& type);       // storage.cc
// The Event printer, shared by core/v1 and events.k8s.io/v1 (upstream
// prints both from the same internal type).
bool InstallEvent(ResourceType& type);  // events.cc

}  // namespace stead::api::printers
