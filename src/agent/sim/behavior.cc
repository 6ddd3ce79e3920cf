#include "agent/sim/behavior.h"

#include <charconv>

#include "core/duration.h"

namespace stead::agent::sim {

namespace {

std::optional<Millis> ParseMillis(const std::map<std::string, std::string>& annotations,
                                  const char* key) {
  auto it = annotations.find(key);
  if (it == annotations.end()) return std::nullopt;
  auto d = ParseDuration(it->second);
  if (!d.ok() || d->count() < 0) return std::nullopt;
  return std::chrono::duration_cast<Millis>(*d);
}

// An exit code 0..255 under `key`, if well-formed.
std::optional<int> ParseExitCode(const std::map<std::string, std::string>& annotations,
                                 const char* key) {
  auto it = annotations.find(key);
  if (it == annotations.end()) return std::nullopt;
  int code = 0;
  const std::string& v = it->second;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), code);
  if (ec != std::errc() || ptr != v.data() + v.size() || code < 0 || code > 255)
    return std::nullopt;
  return code;
}

}  // namespace

Behavior BehaviorOf(const Json& pod, const Behavior& defaults) {
  std::map<std::string, std::string> ann = MetaAnnotations(pod);
  Behavior b = defaults;
  b.start_delay = ParseMillis(ann, kAnnStartDelay).value_or(b.start_delay);
  b.run_duration = ParseMillis(ann, kAnnRunDuration).value_or(b.run_duration);
  b.terminate_delay = ParseMillis(ann, kAnnTerminateDelay).value_or(b.terminate_delay);
  if (auto it = ann.find(kAnnReady); it != ann.end()) b.ready = it->second != "false";
  if (auto it = ann.find(kAnnImagePull); it != ann.end()) b.image_pull_fails = it->second == "fail";
  if (auto code = ParseExitCode(ann, kAnnExit)) b.exit_code = code;
  b.terminate_exit_code =
      ParseExitCode(ann, kAnnTerminateExitCode).value_or(b.terminate_exit_code);
  if (auto it = ann.find(kAnnCrash); it != ann.end() && it->second == "true") b.exit_code = 1;
  return b;
}

bool IsBrokenImage(const std::string& image) {
  // The tag follows the last ':' after the last '/' (a registry port is not a tag).
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return false;
  std::string tag = image.substr(colon + 1);
  size_t at = tag.find('@');
  if (at != std::string::npos) tag.resize(at);
  return tag.find("broken") != std::string::npos;
}

}  // namespace stead::agent::sim
