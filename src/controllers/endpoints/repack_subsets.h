// RepackSubsets: the canonical form of core/v1 Endpoints subsets (upstream
// pkg/api/v1/endpoints/util.go). Subsets built one address and one port at
// a time are regrouped so that each subset holds the addresses offering
// exactly the same ports:
//   * addresses are de-duplicated by IP + targetRef UID (the first one seen
//     is kept); an address not ready on a port stays not ready there, even
//     if it is also listed as ready;
//   * addresses without ports (headless Services without ports) are kept;
//   * the result is sorted — addresses by IP then UID, ports and subsets by
//     a canonical key — so that two computations of the same state compare
//     equal and the controller can skip writes that change nothing.
//
// Upstream orders ports and subsets by an md5 of their Go dump; stead
// orders them by their canonical JSON, equally stable. Pure.
#pragma once

#include "core/json.h"

namespace stead::controllers::endpoints {

// `subsets`: a JSON array of EndpointSubset; returns the repacked array
// (empty `addresses` / `notReadyAddresses` / `ports` lists left out).
Json RepackSubsets(const Json& subsets);
// Sorts each subset's addresses and ports, then the subsets.
Json SortSubsets(Json subsets);

}  // namespace stead::controllers::endpoints
