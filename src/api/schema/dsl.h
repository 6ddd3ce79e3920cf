// The schema definition language: the compact text form the built-in types
// are written in (definitions_*.cc), and its loader into a Registry.
//
// One declaration per line; '#' starts a comment line.
//
//   package <alias> <definition-prefix> <go-package>
//       e.g. `package apps io.k8s.api.apps.v1 v1`. Following names are
//       defined under the prefix; other packages are referenced as
//       <alias>.<Name> (core.PodSpec, meta.Time).
//   alias <Name> <type> [enum=A|B|C] [go=pkg.Name]
//       A named Go type that OpenAPI inlines (`type PodPhase string`).
//   scalar <Name> time|microtime|quantity|intorstring|object "<description>"
//       A named definition with its own JSON form (meta.Time, Quantity...).
//   type <Name> [gvk=<group>/<version>/<Kind>] [atomic]
//            [union=<discriminator>:<field>=<Value>,...] "<description>"
//       A struct; its fields follow, indented by two spaces:
//     <json-name> <type> [flags] "<description>"
//       type:  string int32 int64 bool double bytes, a name, and the
//              prefixes `*` (Go pointer), `[]` (list), `{}` (map with string
//              keys) or `{KeyAlias}` (map with a named key type).
//       flags: req         no omitempty, listed as required
//              always      no omitempty, optional (zero values are written)
//              patch=<strategy> key=<merge key>
//              list=atomic|set|map keys=<k1,k2>   map=atomic|granular
//              default=<JSON>
//              pb=<n>      protobuf field number (upstream's generated.proto)
//              pb=<e>.<n>  field <n> of the message that an inline-embedded
//                          Go struct is encoded as, under number <e>
//     @object / @list / @typemeta expand to the standard apiVersion, kind
//     and (object or list) metadata fields; metadata is protobuf field 1.
//
// References may point forward and across sources: Finish() resolves them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/schema/schema.h"
#include "core/status.h"

namespace stead::api::schema {

class DslLoader {
 public:
  explicit DslLoader(Registry* registry);
  ~DslLoader();
  DslLoader(const DslLoader&) = delete;
  DslLoader& operator=(const DslLoader&) = delete;

  // Parses one source text. Errors name the line.
  Status Add(std::string_view source);
  // Resolves every type reference and freezes the registry.
  Status Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stead::api::schema
