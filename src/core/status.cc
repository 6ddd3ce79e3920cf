#include "core/status.h"

namespace stead {

Status::Status(int http_code, std::string reason, std::string message)
    : rep_(std::make_unique<Rep>(Rep{http_code, std::move(reason), std::move(message), nullptr})) {}

Status::Status(const Status& other) { *this = other; }

Status& Status::operator=(const Status& other) {
  if (this == &other) return *this;
  if (!other.rep_) {
    rep_.reset();
    return *this;
  }
  rep_ = std::make_unique<Rep>(Rep{other.rep_->http_code, other.rep_->reason, other.rep_->message,
                                   nullptr});
  if (other.rep_->details) rep_->details = std::make_unique<StatusDetails>(*other.rep_->details);
  return *this;
}

Status Status::BadRequest(std::string m) { return Status(400, "BadRequest", std::move(m)); }
Status Status::Unauthorized(std::string m) { return Status(401, "Unauthorized", std::move(m)); }
Status Status::Forbidden(std::string m) { return Status(403, "Forbidden", std::move(m)); }
Status Status::NotFound(std::string m) { return Status(404, "NotFound", std::move(m)); }
Status Status::MethodNotAllowed(std::string m) {
  return Status(405, "MethodNotAllowed", std::move(m));
}
Status Status::NotAcceptable(std::string m) { return Status(406, "NotAcceptable", std::move(m)); }
Status Status::AlreadyExists(std::string m) { return Status(409, "AlreadyExists", std::move(m)); }
Status Status::Conflict(std::string m) { return Status(409, "Conflict", std::move(m)); }
Status Status::Expired(std::string m) { return Status(410, "Expired", std::move(m)); }
Status Status::Gone(std::string m) { return Status(410, "Gone", std::move(m)); }
Status Status::RequestEntityTooLarge(std::string m) {
  return Status(413, "RequestEntityTooLarge", std::move(m));
}
Status Status::UnsupportedMediaType(std::string m) {
  return Status(415, "UnsupportedMediaType", std::move(m));
}
Status Status::Invalid(std::string m) { return Status(422, "Invalid", std::move(m)); }
Status Status::TooManyRequests(std::string m) {
  return Status(429, "TooManyRequests", std::move(m));
}
Status Status::Internal(std::string m) { return Status(500, "InternalError", std::move(m)); }
Status Status::ServiceUnavailable(std::string m) {
  return Status(503, "ServiceUnavailable", std::move(m));
}
Status Status::Timeout(std::string m) { return Status(504, "Timeout", std::move(m)); }

namespace {
std::string Qualified(const std::string& resource, const std::string& group) {
  return group.empty() ? resource : resource + "." + group;
}
}  // namespace

Status Status::NotFoundResource(const std::string& resource, const std::string& group,
                                const std::string& name) {
  Status s = NotFound(Qualified(resource, group) + " \"" + name + "\" not found");
  s.details().name = name;
  s.details().group = group;
  s.details().kind = resource;
  return s;
}

Status Status::AlreadyExistsResource(const std::string& resource, const std::string& group,
                                     const std::string& name) {
  Status s = AlreadyExists(Qualified(resource, group) + " \"" + name + "\" already exists");
  s.details().name = name;
  s.details().group = group;
  s.details().kind = resource;
  return s;
}

Status Status::ConflictResource(const std::string& resource, const std::string& group,
                                const std::string& name, const std::string& why) {
  Status s = Conflict("Operation cannot be fulfilled on " + Qualified(resource, group) + " \"" +
                      name + "\": " + why);
  s.details().name = name;
  s.details().group = group;
  s.details().kind = resource;
  return s;
}

int Status::http_code() const { return rep_ ? rep_->http_code : 200; }

const std::string& Status::reason() const {
  static const std::string kEmpty;
  return rep_ ? rep_->reason : kEmpty;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

StatusDetails& Status::details() {
  if (!rep_) rep_ = std::make_unique<Rep>(Rep{500, "InternalError", "", nullptr});
  if (!rep_->details) rep_->details = std::make_unique<StatusDetails>();
  return *rep_->details;
}

const StatusDetails* Status::details_or_null() const {
  return rep_ ? rep_->details.get() : nullptr;
}

nlohmann::json Status::ToJson() const {
  nlohmann::json j = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()}};
  if (ok()) {
    j["status"] = "Success";
    j["code"] = 200;
    return j;
  }
  j["status"] = "Failure";
  j["message"] = rep_->message;
  if (!rep_->reason.empty()) j["reason"] = rep_->reason;
  j["code"] = rep_->http_code;
  if (rep_->details) {
    const StatusDetails& d = *rep_->details;
    nlohmann::json dj = nlohmann::json::object();
    if (!d.name.empty()) dj["name"] = d.name;
    if (!d.group.empty()) dj["group"] = d.group;
    if (!d.kind.empty()) dj["kind"] = d.kind;
    if (!d.uid.empty()) dj["uid"] = d.uid;
    if (!d.causes.empty()) {
      nlohmann::json causes = nlohmann::json::array();
      for (const auto& c : d.causes) {
        nlohmann::json cj = nlohmann::json::object();
        if (!c.reason.empty()) cj["reason"] = c.reason;
        if (!c.message.empty()) cj["message"] = c.message;
        if (!c.field.empty()) cj["field"] = c.field;
        causes.push_back(std::move(cj));
      }
      dj["causes"] = std::move(causes);
    }
    if (d.retry_after_seconds > 0) dj["retryAfterSeconds"] = d.retry_after_seconds;
    j["details"] = std::move(dj);
  }
  return j;
}

Status Status::FromJson(const nlohmann::json& j, int http_code) {
  if (!j.is_object() || j.value("kind", "") != "Status") {
    return Status(http_code >= 400 ? http_code : 500, "InternalError",
                  "unexpected response body: " + j.dump());
  }
  if (j.value("status", "") == "Success") return Status();
  Status s(j.value("code", http_code), j.value("reason", ""), j.value("message", ""));
  if (auto it = j.find("details"); it != j.end() && it->is_object()) {
    StatusDetails& d = s.details();
    d.name = it->value("name", "");
    d.group = it->value("group", "");
    d.kind = it->value("kind", "");
    d.uid = it->value("uid", "");
    d.retry_after_seconds = it->value("retryAfterSeconds", 0);
    if (auto c = it->find("causes"); c != it->end() && c->is_array()) {
      for (const auto& cj : *c) {
        d.causes.push_back(
            StatusCause{cj.value("reason", ""), cj.value("message", ""), cj.value("field", "")});
      }
    }
  }
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return rep_->reason + " (" + std::to_string(rep_->http_code) + "): " + rep_->message;
}

}  // namespace stead
