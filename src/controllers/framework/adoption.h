// Runs the adoptions and releases a ClaimDecision (controller_ref.h) asks
// for, as ControllerRefManager.ClaimObject does upstream:
//   * before the first adoption the owner is read fresh from the API server;
//     if it is gone, was replaced (other UID) or is being deleted, no
//     object is adopted (canAdopt / RecheckDeletionTimestamp);
//   * an adopted object is claimed; one that vanished meanwhile is skipped;
//   * a release that finds the object gone (NotFound) or its reference
//     already removed (Invalid) is not an error.
// The other errors are collected and returned joined, after every object
// was tried; the caller then retries the sync.
#pragma once

#include <string>
#include <vector>

#include "client/client.h"
#include "controllers/framework/controller_ref.h"

namespace stead::controllers {

// `owner` is the controller object as cached; `controller_ref` the
// reference adoptions write. Appends the adopted objects to `claimed`
// (after decision.owned, which the caller adds itself).
Status ExecuteClaims(client::Client& client, const api::ResourceType& owner_type, const Json& owner,
                     const Json& controller_ref, const api::ResourceType& object_type,
                     const ClaimDecision& decision, std::vector<const Json*>* claimed);

}  // namespace stead::controllers
