// Whether a create failed because its namespace is being deleted
// (apierrors.HasStatusCause(err, NamespaceTerminatingCause) upstream).
// Controllers do nothing about such errors: every later create would fail
// the same way until the namespace is gone.
#pragma once

#include "core/status.h"

namespace stead::controllers {

inline bool IsNamespaceTerminating(const Status& s) {
  if (s.ok()) return false;
  if (const StatusDetails* d = s.details_or_null()) {
    for (const StatusCause& c : d->causes) {
      if (c.reason == "NamespaceTerminating") return true;
    }
  }
  return false;
}

}  // namespace stead::controllers
