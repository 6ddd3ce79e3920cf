#include "controllers/statefulset/reconcile.h"

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "controllers/statefulset/claim_retention.h"
#include "controllers/statefulset/ownership.h"
#include "controllers/statefulset/pod_identity.h"
#include "controllers/statefulset/revision_history.h"
#include "controllers/statefulset/revisions.h"
#include "controllers/statefulset/set_view.h"
#include "controllers/statefulset/status.h"
#include "controllers/statefulset/stuck_rollout.h"
#include "core/int_or_string.h"
#include "core/label_selector.h"

namespace stead::controllers::statefulset {
namespace {

// Upstream's burst mode runs per-pod work in slow-start batches of
// 1, 2, 4, ... (at most 500); an error stops the batches after it.
constexpr size_t kMaxBatchSize = 500;

// The outcome of one per-pod step (upstream's (shouldExit, err) pair).
struct Step {
  bool block = false;
  std::string error;  // non-empty: the step failed
  static Step Continue() { return {}; }
  static Step Block() { return {true, ""}; }
  static Step Fail(std::string e) { return {true, std::move(e)}; }
};

// utilerrors.NewAggregate(...).Error().
std::string Aggregate(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors[0];
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) out += (i ? ", " : "") + errors[i];
  return out + "]";
}

class Sync {
 public:
  Sync(const Observed& in, Plan& plan) : in_(in), plan_(plan), set_(MakeSetView(*in.set)) {
    for (const Json* claim : in.claims) {
      if (MetaNamespace(*claim) == set_.namespace_) claims_.emplace(MetaName(*claim), claim);
    }
  }

  void Run() {
    auto selector = LabelSelector::FromJson(set_.selector());
    if (!selector.ok()) {
      plan_.skip_reason = "invalid selector: " + selector.status().message();
      return;
    }
    Owned owned = ClaimOwnedObjects(set_, *selector, in_, plan_.actions);
    if (HasSetupFailure()) return;
    pods_ = owned.pods;
    revisions_ = owned.revisions;
    SortRevisions(revisions_);

    revs_ = ChooseRevisions(set_, revisions_, in_.revisions, plan_.actions);
    plan_.current_revision = MetaName(revs_.current);
    plan_.update_revision = MetaName(revs_.update);
    current_set_json_ = ApplyRevision(*in_.set, revs_.current);
    update_set_json_ = ApplyRevision(*in_.set, revs_.update);
    current_set_ = MakeSetView(current_set_json_);
    update_set_ = MakeSetView(update_set_json_);

    status_.observed_generation = set_.generation;
    status_.current_revision = plan_.current_revision;
    status_.update_revision = plan_.update_revision;
    status_.collision_count = revs_.collision_count;
    CountPods(status_, pods_, set_.min_ready_seconds, in_.now);

    Bucket();
    if (!set_.deleting) {
      bool reached_update = ControlLoop();
      std::vector<const Json*> counted = replicas_;
      counted.insert(counted.end(), condemned_.begin(), condemned_.end());
      CountPods(status_, counted, set_.min_ready_seconds, in_.now);
      if (reached_update) UpdatePhase();
    }
    Finish();
  }

 private:
  bool HasSetupFailure() const {
    return std::any_of(plan_.actions.begin(), plan_.actions.end(),
                       [](const Action& a) { return a.kind == Action::Kind::kFail; });
  }

  // --- R4/R5: replicas, placeholders, condemned, first unavailable -------

  void Bucket() {
    replicas_.assign(static_cast<size_t>(std::max(set_.replicas, 0)), nullptr);
    for (const Json* pod : pods_) {
      int ordinal = PodOrdinal(*pod);
      if (set_.InRange(ordinal)) {
        replicas_[static_cast<size_t>(ordinal - set_.start_ordinal)] = pod;
      } else if (ordinal >= 0) {
        condemned_.push_back(pod);
      }
    }
    for (size_t i = 0; i < replicas_.size(); ++i) {
      if (replicas_[i] == nullptr) {
        replicas_[i] =
            &placeholders_.emplace_back(NewVersionedPod(set_.start_ordinal + static_cast<int>(i)));
      }
    }
    std::stable_sort(condemned_.begin(), condemned_.end(),
                     [](const Json* a, const Json* b) { return PodOrdinal(*a) > PodOrdinal(*b); });
    for (const Json* pod : replicas_) {
      if (Unavailable(*pod)) {
        first_unavailable_ = pod;
        break;
      }
    }
    if (first_unavailable_ == nullptr) {
      for (auto it = condemned_.rbegin(); it != condemned_.rend(); ++it) {
        if (Unavailable(**it)) {
          first_unavailable_ = *it;
          break;
        }
      }
    }
  }

  // U2 (newVersionedStatefulSetPod, operator precedence included).
  Json NewVersionedPod(int ordinal) const {
    bool use_current =
        (current_set_.strategy == UpdateStrategyType::kRollingUpdate &&
         !current_set_.has_rolling_update &&
         ordinal < current_set_.start_ordinal + current_set_.status_current_replicas) ||
        (current_set_.has_rolling_update &&
         ordinal < current_set_.start_ordinal + current_set_.partition);
    if (use_current) return NewStatefulSetPod(current_set_, ordinal, MetaName(revs_.current));
    return NewStatefulSetPod(update_set_, ordinal, MetaName(revs_.update));
  }

  bool Unavailable(const Json& pod) const {
    return IsUnavailable(pod, set_.min_ready_seconds, in_.now);
  }

  // --- R7–R10 -----------------------------------------------------------

  // Runs R8, R9 and R10; true when the update phase is to follow.
  bool ControlLoop() {
    if (!RunForAll(replicas_.size(), [&](size_t i) { return ProcessReplica(i); })) return false;
    if (!RunForAll(condemned_.size(), [&](size_t i) { return FixCondemnedClaims(i); })) {
      return false;
    }
    return RunForAll(condemned_.size(), [&](size_t i) { return ProcessCondemned(i); });
  }

  // runForAll: sequential with stop on block/error when monotonic;
  // slow-start batches with stop after a failed batch otherwise. Returns
  // false when the sync stops here.
  template <typename Fn>
  bool RunForAll(size_t n, Fn fn) {
    if (set_.monotonic()) {
      for (size_t i = 0; i < n; ++i) {
        Step step = fn(i);
        if (!step.error.empty()) {
          Fail(step.error);
          return false;
        }
        if (step.block) return false;
      }
      return true;
    }
    size_t next = 0;
    for (size_t batch = std::min<size_t>(n, 1); batch > 0;
         batch = std::min({2 * batch, n - next, kMaxBatchSize})) {
      std::vector<std::string> errors;
      for (size_t k = 0; k < batch; ++k, ++next) {
        Step step = fn(next);
        if (!step.error.empty()) errors.push_back(step.error);
      }
      if (!errors.empty()) {
        Fail(Aggregate(errors));
        return false;
      }
    }
    return true;
  }

  // R8.
  Step ProcessReplica(size_t i) {
    const Json& pod = *replicas_[i];
    if (IsTerminal(pod)) {
      if (!IsTerminating(pod)) DeletePod(pod, "terminal", false);
      return Step::Block();
    }
    if (!IsCreated(pod)) {
      Step step = CreatePod(pod);
      if (step.block || !step.error.empty() || set_.monotonic()) {
        return step.error.empty() ? Step::Block() : step;
      }
      return Step::Continue();
    }
    if (IsPending(pod)) {
      std::vector<std::string> errors = CreateClaims(set_, pod, nullptr);
      if (!errors.empty()) return Step::Fail(Aggregate(errors));
      UpdateClaimsForRetention(set_, pod, PodFailure("update", pod, ""));
    }
    if (set_.monotonic()) {
      if (IsTerminating(pod)) return Step::Block();
      if (!IsAvailable(pod, set_.min_ready_seconds, in_.now)) {
        ReplaceIfStuck(pod, static_cast<int>(i));
        return Step::Block();
      }
    }
    bool retention_match = ClaimsMatchRetention(update_set_, pod);
    if (IdentityMatches(set_, pod) && StorageMatches(set_, pod) && retention_match) {
      return Step::Continue();
    }
    return UpdatePod(pod);
  }

  // R8.2: CreateStatefulPod (claims first, then the pod, then the
  // retention references of claims that already existed).
  Step CreatePod(const Json& pod) {
    if (set_.when_scaled == RetentionPolicy::kDelete) {
      for (const Json& claim : ClaimsForOrdinal(set_, PodOrdinal(pod))) {
        const Json* existing = FindClaim(MetaName(claim));
        if (existing && HasStalePodRef(*existing, pod)) return Step::Block();
      }
    }
    std::vector<std::string> errors = CreateClaims(set_, pod, "create");
    if (!errors.empty()) {
      std::string error = Aggregate(errors);
      RecordEvent("Warning", "FailedCreate", PodMessage("create", pod) + " failed error: " + error);
      return Step::Fail(error);
    }
    Action a = Write(Action::Kind::kCreate, Action::Resource::kPod, pod, "create");
    FailureEvent failed = PodFailure("create", pod, "");
    failed.skip_if_already_exists = true;
    a.on_failure.push_back(failed);
    plan_.actions.push_back(std::move(a));
    UpdateClaimsForRetention(set_, pod, PodFailure("update", pod, ""));
    RecordEvent("Normal", "SuccessfulCreate", PodMessage("create", pod) + " successful");
    return Step::Continue();
  }

  // UpdateStatefulPod: identity labels, storage (creating missing claims),
  // retention references; one pod write if anything changed.
  Step UpdatePod(const Json& pod) {
    Json updated = pod;
    bool consistent = true;
    if (!IdentityMatches(update_set_, updated)) {
      UpdateIdentity(update_set_, updated);
      consistent = false;
    }
    if (!StorageMatches(update_set_, updated)) {
      UpdateStorage(update_set_, updated);
      consistent = false;
      std::vector<std::string> errors = CreateClaims(update_set_, updated, "update");
      if (!errors.empty()) {
        std::string error = Aggregate(errors);
        RecordEvent("Warning", "FailedUpdate",
                    PodMessage("update", pod) + " failed error: " + error);
        return Step::Fail(error);
      }
    }
    if (!ClaimsMatchRetention(update_set_, updated)) {
      UpdateClaimsForRetention(update_set_, updated, PodFailure("update", pod, ""));
      consistent = false;
    }
    if (consistent) return Step::Continue();
    std::string message = PodMessage("update", pod) + " successful";
    if (updated == pod) {
      // Only the claims changed; upstream's pod write would be a no-op.
      RecordEvent("Normal", "SuccessfulUpdate", message);
      return Step::Continue();
    }
    Action a = Write(Action::Kind::kUpdate, Action::Resource::kPod, updated, "identity");
    a.on_success = Event{"Normal", "SuccessfulUpdate", message};
    a.on_failure.push_back(PodFailure("update", pod, ""));
    plan_.actions.push_back(std::move(a));
    return Step::Continue();
  }

  // R9.
  Step FixCondemnedClaims(size_t i) {
    const Json& pod = *condemned_[i];
    if (!ClaimsMatchRetention(update_set_, pod)) {
      UpdateClaimsForRetention(update_set_, pod, std::nullopt);
    }
    return Step::Continue();
  }

  // R10.
  Step ProcessCondemned(size_t i) {
    const Json& pod = *condemned_[i];
    if (IsTerminating(pod)) return set_.monotonic() ? Step::Block() : Step::Continue();
    bool first = &pod == first_unavailable_;
    if (set_.monotonic() && !first &&
        (!IsRunningAndReady(pod) || !IsAvailable(pod, set_.min_ready_seconds, in_.now))) {
      return Step::Block();
    }
    DeletePod(pod, "scale-down", false);
    return Step::Block();
  }

  // The stuck roll-out rule (stuck_rollout.h), at the point where the
  // OrderedReady loop would otherwise wait for `pod`.
  void ReplaceIfStuck(const Json& pod, int index) {
    StuckVerdict verdict = JudgeStuckPod(set_, MetaName(revs_.update), pod, index, in_.now);
    if (verdict.wait) Requeue(*verdict.wait);
    if (!verdict.replace) return;
    std::string revision = PodRevision(pod);
    RecordEvent("Warning", "ReplacingUnreadyPod",
                "Pod " + MetaName(pod) + " of revision " +
                    (revision.empty() ? std::string("<none>") : revision) +
                    " has not been Ready for " + std::to_string(verdict.unready_for.count()) +
                    "s; replacing it to roll out revision " + MetaName(revs_.update));
    DeletePod(pod, "stuck", false);
  }

  // --- R12: the update phase (U5 with maxUnavailable, 1.37) -------------

  void UpdatePhase() {
    if (set_.strategy == UpdateStrategyType::kOnDelete) return;
    int update_min = 0;
    int64_t max_unavailable = 1;
    if (set_.has_rolling_update) {
      update_min = set_.partition;
      if (!set_.max_unavailable.is_null()) {
        auto scaled = GetScaledValueFromIntOrPercent(set_.max_unavailable, set_.replicas, false);
        if (!scaled.ok()) {
          Fail(scaled.status().message());
          return;
        }
        max_unavailable = *scaled;
      }
      max_unavailable = std::max<int64_t>(max_unavailable, 1);
    }
    const std::string update_name = MetaName(revs_.update);
    auto old = [&](const Json& pod) {
      return PodRevision(pod) != update_name && !IsTerminating(pod) && IsCreated(pod) &&
             !deleted_.count(MetaName(pod));
    };
    int64_t unavailable = 0;
    for (const Json* pod : replicas_) unavailable += Unavailable(*pod) ? 1 : 0;
    int last = static_cast<int>(replicas_.size()) - 1;

    if (set_.monotonic()) {
      int64_t budget = max_unavailable - unavailable;
      for (int t = last; t >= update_min && budget > 0; --t) {
        if (old(*replicas_[t])) {
          DeletePodForUpdate(*replicas_[t]);
          --budget;
        }
      }
      return;
    }
    int64_t unavailable_old = 0;
    for (int t = last; t >= update_min; --t) {
      if (old(*replicas_[t]) && Unavailable(*replicas_[t])) ++unavailable_old;
    }
    if (unavailable >= max_unavailable && unavailable_old == 0) return;
    // Phase 1: old-revision pods that are down anyway cost no availability.
    for (int t = last; t >= update_min; --t) {
      if (old(*replicas_[t]) && Unavailable(*replicas_[t])) DeletePodForUpdate(*replicas_[t]);
    }
    // Phase 2: healthy old-revision pods, within the budget.
    int64_t budget = max_unavailable - unavailable;
    for (int t = last; t >= update_min && budget > 0; --t) {
      if (old(*replicas_[t]) && !Unavailable(*replicas_[t])) {
        DeletePodForUpdate(*replicas_[t]);
        --budget;
      }
    }
  }

  void DeletePodForUpdate(const Json& pod) {
    DeletePod(pod, "update", true);
    --status_.current_replicas;
  }

  // --- R13: status, history, requeue ------------------------------------

  void Finish() {
    CompleteUpdate(set_, status_);
    if (StatusNeedsWrite(set_, status_)) plan_.status = StatusToJson(set_, status_);
    plan_.history = TruncateHistory(set_, revisions_, pods_, revs_);
    if (set_.min_ready_seconds > 0 && status_.available_replicas != set_.replicas) {
      Requeue(std::chrono::seconds(set_.min_ready_seconds));
    }
  }

  void Requeue(std::chrono::seconds after) {
    if (!plan_.requeue_after || after < *plan_.requeue_after) plan_.requeue_after = after;
  }

  // --- Claims (N6, P-rules) ---------------------------------------------

  const Json* FindClaim(const std::string& name) const {
    auto it = claims_.find(name);
    return it == claims_.end() ? nullptr : it->second;
  }

  // createPersistentVolumeClaims: creates the pod's missing claims; returns
  // the errors known now (a claim being deleted). `pod_verb` names the pod
  // operation whose failure event a failed claim creation also reports.
  std::vector<std::string> CreateClaims(const SetView& s, const Json& pod, const char* pod_verb) {
    std::vector<std::string> errors;
    for (Json& claim : ClaimsForOrdinal(s, PodOrdinal(pod))) {
      std::string name = MetaName(claim);
      const Json* existing = FindClaim(name);
      if (existing && IsTerminating(*existing)) {
        errors.push_back("pvc " + name + " is being deleted");
        continue;
      }
      if (existing) continue;
      Json refs = DesiredClaimOwnerRefs(claim, s, pod);
      if (!refs.empty()) claim["metadata"]["ownerReferences"] = std::move(refs);
      Action a = Write(Action::Kind::kCreate, Action::Resource::kClaim, claim, "create");
      std::string where = " Pod " + MetaName(pod) + " in StatefulSet " + set_.name;
      a.on_success =
          Event{"Normal", "SuccessfulCreate", "create Claim " + name + where + " success"};
      FailureEvent claim_failed;
      claim_failed.reason = "FailedCreate";
      claim_failed.message_prefix = "create Claim " + name + " for" + where + " failed error: ";
      claim_failed.skip_if_already_exists = true;
      a.on_failure.push_back(claim_failed);
      if (pod_verb != nullptr) {
        a.on_failure.push_back(PodFailure(pod_verb, pod, "failed to create PVC " + name + ": "));
      }
      plan_.actions.push_back(std::move(a));
    }
    return errors;
  }

  // ClaimsMatchRetentionPolicy (missing claims count as matching).
  bool ClaimsMatchRetention(const SetView& s, const Json& pod) const {
    for (const Json& tmpl : s.claim_templates()) {
      const Json* claim = FindClaim(ClaimName(MetaName(tmpl), s.name, PodOrdinal(pod)));
      if (claim && !ClaimOwnerUpToDate(*claim, s, pod)) return false;
    }
    return true;
  }

  // UpdatePodClaimForRetentionPolicy.
  void UpdateClaimsForRetention(const SetView& s, const Json& pod,
                                std::optional<FailureEvent> pod_failure) {
    for (const Json& tmpl : s.claim_templates()) {
      std::string name = ClaimName(MetaName(tmpl), s.name, PodOrdinal(pod));
      const Json* claim = FindClaim(name);
      if (!claim) continue;
      if (HasUnexpectedController(*claim, s, pod)) {
        RecordEvent("Warning", "ConflictingController",
                    "PersistentVolumeClaim " + name +
                        " has a conflicting OwnerReference that acts as a manging controller, the "
                        "retention policy is ignored for this claim");
      }
      if (ClaimOwnerUpToDate(*claim, s, pod)) continue;
      Json updated = *claim;
      Json refs = DesiredClaimOwnerRefs(*claim, s, pod);
      if (refs.empty()) {
        updated["metadata"].erase("ownerReferences");
      } else {
        updated["metadata"]["ownerReferences"] = std::move(refs);
      }
      Action a = Write(Action::Kind::kUpdate, Action::Resource::kClaim, updated, "retention");
      if (pod_failure) {
        FailureEvent f = *pod_failure;
        f.message_prefix += "could not update claim " + name + " for delete policy ownerRefs: ";
        a.on_failure.push_back(f);
      }
      plan_.actions.push_back(std::move(a));
    }
  }

  // --- Action helpers -----------------------------------------------------

  static Action Write(Action::Kind kind, Action::Resource resource, const Json& object,
                      const char* reason) {
    Action a;
    a.kind = kind;
    a.resource = resource;
    a.name = MetaName(object);
    a.uid = MetaUid(object);
    a.object = object;
    a.reason = reason;
    return a;
  }

  std::string PodMessage(const std::string& verb, const Json& pod) const {
    return verb + " Pod " + MetaName(pod) + " in StatefulSet " + set_.name;
  }

  // recordPodEvent's failure event; `detail` goes between "error: " and
  // the error text.
  FailureEvent PodFailure(const std::string& verb, const Json& pod,
                          const std::string& detail) const {
    FailureEvent f;
    f.reason = verb == "create"   ? "FailedCreate"
               : verb == "delete" ? "FailedDelete"
                                  : "FailedUpdate";
    f.message_prefix = PodMessage(verb, pod) + " failed error: " + detail;
    return f;
  }

  void DeletePod(const Json& pod, const char* reason, bool ignore_not_found) {
    if (!deleted_.insert(MetaName(pod)).second) return;
    Action a;
    a.kind = Action::Kind::kDelete;
    a.resource = Action::Resource::kPod;
    a.name = MetaName(pod);
    a.uid = MetaUid(pod);
    a.reason = reason;
    a.ignore_not_found = ignore_not_found;
    a.on_success = Event{"Normal", "SuccessfulDelete", PodMessage("delete", pod) + " successful"};
    a.on_failure.push_back(PodFailure("delete", pod, ""));
    plan_.actions.push_back(std::move(a));
  }

  void RecordEvent(std::string type, std::string reason, std::string message) {
    Action a;
    a.kind = Action::Kind::kRecordEvent;
    a.event = Event{std::move(type), std::move(reason), std::move(message)};
    plan_.actions.push_back(std::move(a));
  }

  void Fail(std::string error) {
    Action a;
    a.kind = Action::Kind::kFail;
    a.error = std::move(error);
    plan_.actions.push_back(std::move(a));
  }

  const Observed& in_;
  Plan& plan_;
  const SetView set_;
  std::unordered_map<std::string, const Json*> claims_;  // this namespace's, by name

  std::vector<const Json*> pods_;
  std::vector<const Json*> revisions_;
  RevisionChoice revs_;
  Json current_set_json_;
  Json update_set_json_;
  SetView current_set_;
  SetView update_set_;
  SetStatus status_;

  std::vector<const Json*> replicas_;
  std::vector<const Json*> condemned_;
  std::deque<Json> placeholders_;  // stable addresses for replicas_
  const Json* first_unavailable_ = nullptr;
  std::set<std::string> deleted_;
};

}  // namespace

Plan Reconcile(const Observed& observed) {
  Plan plan;
  Sync(observed, plan).Run();
  return plan;
}

}  // namespace stead::controllers::statefulset
