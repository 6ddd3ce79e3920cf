// Registry::Builtin(): the registry loaded from the built-in definitions.
#include <cstdio>
#include <cstdlib>

#include "api/schema/definitions.h"
#include "api/schema/dsl.h"
#include "api/schema/schema.h"

namespace stead::api::schema {

std::vector<std::string_view> BuiltinDefinitionSources() {
  return {MetaDefinitions(),        CoreDefinitions(),      AppsDefinitions(),
          AutoscalingDefinitions(), DiscoveryDefinitions(), CoordinationDefinitions(),
          StorageDefinitions(),     EventsDefinitions()};
}

const Registry& Registry::Builtin() {
  static const Registry* const registry = [] {
    auto* r = new Registry();
    DslLoader loader(r);
    Status st;
    for (std::string_view source : BuiltinDefinitionSources()) {
      st = loader.Add(source);
      if (!st.ok()) break;
    }
    if (st.ok()) st = loader.Finish();
    if (!st.ok()) {
      // The definitions are compiled in: a broken one is a build defect.
      std::fprintf(stderr, "fatal: %s\n", st.message().c_str());
      std::abort();
    }
    return r;
  }();
  return *registry;
}

}  // namespace stead::api::schema
