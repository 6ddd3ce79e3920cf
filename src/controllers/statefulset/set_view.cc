#include "controllers/statefulset/set_view.h"

namespace stead::controllers::statefulset {
namespace {

const Json& Or(const Json* v, const Json& fallback) { return v ? *v : fallback; }

const Json& EmptyObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}
const Json& EmptyArray() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}
const Json& Null() {
  static const Json kNull;
  return kNull;
}

RetentionPolicy ParseRetention(const std::string& v) {
  return v == "Delete" ? RetentionPolicy::kDelete : RetentionPolicy::kRetain;
}

}  // namespace

const Json& SetView::pod_template() const {
  const Json* t = Lookup(*object, {"spec", "template"});
  return t && t->is_object() ? *t : EmptyObject();
}

const Json& SetView::claim_templates() const {
  const Json* t = Lookup(*object, {"spec", "volumeClaimTemplates"});
  return t && t->is_array() ? *t : EmptyArray();
}

const Json& SetView::selector() const { return Or(Lookup(*object, {"spec", "selector"}), Null()); }

const Json& SetView::status() const {
  const Json* s = Lookup(*object, {"status"});
  return s && s->is_object() ? *s : EmptyObject();
}

const Json& SetView::annotations() const {
  const Json* a = Lookup(*object, {"metadata", "annotations"});
  return a && a->is_object() ? *a : EmptyObject();
}

SetView MakeSetView(const Json& set) {
  SetView v;
  v.object = &set;
  v.name = MetaName(set);
  v.namespace_ = MetaNamespace(set);
  v.uid = MetaUid(set);
  v.generation = GetInt(set, {"metadata", "generation"});
  v.deleting = MetaDeleting(set);

  v.replicas = static_cast<int32_t>(GetInt(set, {"spec", "replicas"}, 1));
  v.start_ordinal = static_cast<int32_t>(GetInt(set, {"spec", "ordinals", "start"}, 0));
  v.min_ready_seconds = static_cast<int32_t>(GetInt(set, {"spec", "minReadySeconds"}));
  v.revision_history_limit =
      static_cast<int32_t>(GetInt(set, {"spec", "revisionHistoryLimit"}, 10));
  v.service_name = GetString(set, {"spec", "serviceName"});
  v.pod_management = GetString(set, {"spec", "podManagementPolicy"}) == "Parallel"
                         ? PodManagementPolicy::kParallel
                         : PodManagementPolicy::kOrderedReady;
  v.strategy = GetString(set, {"spec", "updateStrategy", "type"}) == "OnDelete"
                   ? UpdateStrategyType::kOnDelete
                   : UpdateStrategyType::kRollingUpdate;
  const Json* ru = Lookup(set, {"spec", "updateStrategy", "rollingUpdate"});
  v.has_rolling_update = ru && ru->is_object();
  if (v.has_rolling_update) {
    v.partition = static_cast<int32_t>(GetInt(*ru, {"partition"}));
    if (const Json* mu = Lookup(*ru, {"maxUnavailable"})) v.max_unavailable = *mu;
  }
  v.when_deleted = ParseRetention(
      GetString(set, {"spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"}));
  v.when_scaled = ParseRetention(
      GetString(set, {"spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"}));

  v.status_current_replicas = static_cast<int32_t>(GetInt(set, {"status", "currentReplicas"}));
  v.status_current_revision = GetString(set, {"status", "currentRevision"});
  v.collision_count = static_cast<int32_t>(GetInt(set, {"status", "collisionCount"}));
  return v;
}

}  // namespace stead::controllers::statefulset
