#include "controllers/statefulset/stuck_rollout.h"

#include <charconv>

#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::statefulset {

std::optional<std::chrono::seconds> ReplaceUnreadyAfter(const SetView& set) {
  std::string value = GetString(set.annotations(), {kReplaceUnreadyAfterAnnotation});
  if (value.empty()) return kDefaultReplaceUnreadyAfter;
  int64_t seconds = 0;
  auto res = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (res.ec != std::errc() || res.ptr != value.data() + value.size()) {
    return kDefaultReplaceUnreadyAfter;
  }
  if (seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

StuckVerdict JudgeStuckPod(const SetView& set, const std::string& update_revision, const Json& pod,
                           int index, SystemTime now) {
  StuckVerdict verdict;
  std::optional<std::chrono::seconds> threshold = ReplaceUnreadyAfter(set);
  if (!threshold || set.strategy != UpdateStrategyType::kRollingUpdate || !set.monotonic()) {
    return verdict;
  }
  if (!IsCreated(pod) || IsTerminating(pod) || PodRevision(pod) == update_revision) return verdict;
  if (index < (set.has_rolling_update ? set.partition : 0)) return verdict;
  const Json* ready = ReadyCondition(pod);
  if (ready && GetString(*ready, {"status"}) == "True") return verdict;
  std::string since_text = ready ? GetString(*ready, {"lastTransitionTime"}) : std::string();
  if (since_text.empty()) since_text = GetString(pod, {"metadata", "creationTimestamp"});
  SystemTime since;
  if (since_text.empty() || !ParseTime(since_text, &since)) return verdict;
  if (since < now) {
    verdict.unready_for = std::chrono::duration_cast<std::chrono::seconds>(now - since);
  }
  if (verdict.unready_for >= *threshold) {
    verdict.replace = true;
  } else {
    verdict.wait = *threshold - verdict.unready_for;
  }
  return verdict;
}

}  // namespace stead::controllers::statefulset
