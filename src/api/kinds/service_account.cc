// core/v1 ServiceAccount: only the generic ObjectMeta rules apply (names are
// DNS subdomains).
#include "api/kinds/kinds.h"

namespace stead::api::kinds {

ResourceType ServiceAccount() {
  ResourceType t;
  t.version = "v1";
  t.kind = "ServiceAccount";
  t.plural = "serviceaccounts";
  t.singular = "serviceaccount";
  t.short_names = {"sa"};
  t.namespaced = true;
  return t;
}

}  // namespace stead::api::kinds
