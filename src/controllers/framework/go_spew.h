// GoSpewDump: the text k8s.io/apimachinery's dump.ForHash prints for a
// typed API value — go-spew's "%#v" with sorted map keys, methods off and
// no pointer addresses — which upstream hashes to name ReplicaSets
// (controller.ComputeHash → hashutil.DeepHashObject). The bytes must be
// Go's exactly, so the value is rendered as the Go struct it would decode
// into, following the API schema (api/schema): every field in Go order,
// with its Go name and type, absent ones as zero values:
//
//   (v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) ...
//   Labels:(map[string]string)map[app:web] ... DeletionTimestamp:
//   (*v1.Time)<nil> ...} Spec:(v1.PodSpec){Volumes:([]v1.Volume)<nil> ...}}
//
// Struct fields show their type, list elements and map entries do not;
// strings are written raw (go-spew's formatter does not quote them);
// empty lists and maps of omitempty fields are nil (what a Go round trip
// through the API server leaves); quantities print their internal
// representation after canonicalisation (resource.ParseQuantity of the
// canonical string); inline-embedded Go structs (VolumeSource,
// ProbeHandler, LocalObjectReference, ...) are nested as in Go.
// Verified byte for byte against upstream's types and go-spew (see the
// unit test), quantities on the inf.Dec path included. Not reproduced:
// non-zero timestamps inside a template print as UTC instants (Go would
// print the server's local zone).
//
// Pure.
#pragma once

#include <string>

#include "api/schema/schema.h"
#include "core/json.h"

namespace stead::controllers {

// `value` decoded as `type` (a struct definition), type shown.
std::string GoSpewDump(const Json& value, const api::schema::TypeDef& type);

// The Go struct field name of a JSON field of `type` (e.g. "uid" → "UID",
// "serviceAccount" → "DeprecatedServiceAccount", "metadata" → "ObjectMeta").
std::string GoFieldName(const api::schema::TypeDef& type, const std::string& json_name);

}  // namespace stead::controllers
