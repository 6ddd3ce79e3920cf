// The in-memory Store backend: full Store semantics (history, List at old
// revisions, Watch from a revision, Compact, Expired) without durability.
// For tests of controllers and API semantics, and as the reference the
// SQLite backend is checked against. Thread-safe.
#pragma once

#include <memory>

#include "store/store.h"

namespace stead::store {

std::unique_ptr<Store> NewMemoryStore();

}  // namespace stead::store
