// ControllerRevisions of a StatefulSet: the versioned pod template (N8),
// the revision name (N9: FNV-1 32 over the Go JSON of the template patch
// plus the collision count, safe-encoded), equality (U1.3 with the
// semantic comparison of U12), ordering and selection of the current and
// update revisions (U1), and history truncation (U11).
//
// Pure functions over JSON objects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "controllers/statefulset/set_view.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

inline constexpr const char* kRevisionHashLabel = "controller.kubernetes.io/hash";

// {"spec":{"template":{<template>,"$patch":"replace"}}}: what a revision's
// `data` holds, as a JSON value.
Json RevisionPatch(const Json& pod_template);
// The bytes upstream stores (and hashes): GoJsonMarshal(RevisionPatch(t)).
std::string RevisionData(const Json& pod_template);
// history.HashControllerRevision with a collision count: the safe-encoded
// decimal FNV-1 32 of `data` followed by the decimal `collision_count`.
std::string HashRevision(std::string_view data, std::optional<int32_t> collision_count);
// history.ControllerRevisionName: "<prefix truncated to 223>-<hash>".
std::string RevisionName(std::string_view set_name, std::string_view hash);

// The ControllerRevision upstream's newRevision builds for the set's live
// template: labels = template labels + hash label, annotations = the set's
// annotations, controller ref to the set, `revision` = `number`.
Json NewRevision(const SetView& set, int64_t number, int32_t collision_count);

// The pod template a revision restores (ApplyRevision): data.spec.template
// without "$patch"; {} when the data has another shape.
Json RevisionTemplate(const Json& revision);
// `set` with its template replaced by the revision's (ApplyRevision).
Json ApplyRevision(const Json& set, const Json& revision);

// U1.3 + U12: two revisions are equal when their data is byte-equal after
// Go re-marshalling, or when their templates are semantically equal: equal
// after typed decoding and defaulting with today's schema, ignoring nulls.
// So a template stored by an older server (different defaults or
// serialisation) never looks like a change.
bool RevisionsEqual(const Json& a, const Json& b);
bool TemplatesEquivalent(const Json& a, const Json& b);

int64_t RevisionNumber(const Json& revision);
// history.SortControllerRevisions: by .revision, then older
// creationTimestamp, then name.
void SortRevisions(std::vector<const Json*>& revisions);

}  // namespace stead::controllers::statefulset
