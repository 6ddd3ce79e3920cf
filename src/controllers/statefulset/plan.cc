#include "controllers/statefulset/plan.h"

#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::statefulset {
namespace {

const char* ResourceWord(Action::Resource r) {
  switch (r) {
    case Action::Resource::kPod:
      return "pod";
    case Action::Resource::kClaim:
      return "pvc";
    case Action::Resource::kRevision:
      return "revision";
    case Action::Resource::kNone:
      break;
  }
  return "object";
}

std::string Owners(const Json& obj) {
  std::string out = "[";
  const Json* refs = Lookup(obj, {"metadata", "ownerReferences"});
  if (refs && refs->is_array()) {
    bool first = true;
    for (const Json& ref : *refs) {
      if (!first) out += ", ";
      first = false;
      out += GetString(ref, {"kind"}) + "/" + GetString(ref, {"name"});
      if (!GetBool(ref, {"controller"})) out += " (not controller)";
    }
  }
  return out + "]";
}

}  // namespace

std::string Describe(const Event& event) {
  return event.type + " " + event.reason + " " + event.message;
}

std::string Describe(const Action& a) {
  std::string what = std::string(ResourceWord(a.resource)) + " " + a.name;
  switch (a.kind) {
    case Action::Kind::kCreate:
      if (a.resource == Action::Resource::kPod) {
        return "create " + what + " revision=" + PodRevision(a.object);
      }
      if (a.resource == Action::Resource::kRevision) {
        return "create " + what + " revision=" + std::to_string(GetInt(a.object, {"revision"}));
      }
      if (Has(a.object, {"metadata", "ownerReferences"})) {
        return "create " + what + " owners=" + Owners(a.object);
      }
      return "create " + what;
    case Action::Kind::kUpdate:
      if (a.resource == Action::Resource::kClaim)
        return "update " + what + " owners=" + Owners(a.object);
      if (a.resource == Action::Resource::kRevision) {
        return "update " + what + " revision=" + std::to_string(GetInt(a.object, {"revision"}));
      }
      return "update " + what;
    case Action::Kind::kDelete:
      return "delete " + what + (a.reason.empty() ? "" : " (" + a.reason + ")");
    case Action::Kind::kPatch:
      return a.reason + " " + what;
    case Action::Kind::kRecordEvent:
      return "event " + Describe(a.event);
    case Action::Kind::kFail:
      return "fail: " + a.error;
  }
  return "?";
}

std::vector<Event> Plan::SuccessEvents() const {
  std::vector<Event> out;
  for (const auto* list : {&actions, &history}) {
    for (const Action& a : *list) {
      if (a.kind == Action::Kind::kRecordEvent) out.push_back(a.event);
      if (a.on_success) out.push_back(*a.on_success);
    }
  }
  return out;
}

}  // namespace stead::controllers::statefulset
