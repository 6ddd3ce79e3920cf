// Status: the outcome of an operation, shaped after the Kubernetes
// `metav1.Status` so that an error can travel from the store or a validator
// all the way to an HTTP response (or an in-process client) unchanged.
//
// An OK status costs one null pointer. Errors carry an HTTP code, a machine
// reason ("NotFound", "Invalid", ...), a human message and optional details.
// Thread-compatible value type.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stead {

struct StatusCause {
  std::string reason;  // e.g. "FieldValueInvalid"
  std::string message;
  std::string field;   // e.g. "spec.replicas"
};

struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;  // resource plural for NotFound/AlreadyExists, Kind for Invalid
  std::string uid;
  std::vector<StatusCause> causes;
  int retry_after_seconds = 0;
};

class Status {
 public:
  Status() = default;  // OK
  Status(int http_code, std::string reason, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }
  static Status BadRequest(std::string message);
  static Status Unauthorized(std::string message);
  static Status Forbidden(std::string message);
  static Status NotFound(std::string message);
  static Status MethodNotAllowed(std::string message);
  static Status NotAcceptable(std::string message);
  static Status AlreadyExists(std::string message);
  static Status Conflict(std::string message);
  // 410 with reason "Expired": the requested revision was compacted.
  static Status Expired(std::string message);
  static Status Gone(std::string message);
  static Status RequestEntityTooLarge(std::string message);
  static Status UnsupportedMediaType(std::string message);
  static Status Invalid(std::string message);
  static Status TooManyRequests(std::string message);
  static Status Internal(std::string message);
  static Status ServiceUnavailable(std::string message);
  static Status Timeout(std::string message);

  // The canonical messages the Kubernetes API server uses.
  // NotFoundResource("pods", "", "web-0") -> `pods "web-0" not found`.
  static Status NotFoundResource(const std::string& resource, const std::string& group,
                                 const std::string& name);
  static Status AlreadyExistsResource(const std::string& resource, const std::string& group,
                                      const std::string& name);
  // `Operation cannot be fulfilled on statefulsets.apps "web": <why>`
  static Status ConflictResource(const std::string& resource, const std::string& group,
                                 const std::string& name, const std::string& why);

  bool ok() const { return rep_ == nullptr; }
  int http_code() const;
  const std::string& reason() const;
  const std::string& message() const;
  bool IsNotFound() const { return !ok() && http_code() == 404; }
  bool IsAlreadyExists() const { return !ok() && reason() == "AlreadyExists"; }
  bool IsConflict() const { return !ok() && http_code() == 409 && reason() == "Conflict"; }
  bool IsExpired() const { return !ok() && http_code() == 410; }
  bool IsInvalid() const { return !ok() && http_code() == 422; }

  // Details are created on first mutable access.
  StatusDetails& details();
  const StatusDetails* details_or_null() const;

  // The metav1.Status JSON body ("kind":"Status", "status":"Failure"/"Success").
  nlohmann::json ToJson() const;
  // Parses a metav1.Status body (used by clients); non-Status input gives Internal.
  static Status FromJson(const nlohmann::json& j, int http_code);
  std::string ToString() const;

 private:
  struct Rep {
    int http_code;
    std::string reason;
    std::string message;
    std::unique_ptr<StatusDetails> details;
  };
  std::unique_ptr<Rep> rep_;
};

// Returns early from the enclosing function when `expr` is not OK.
#define STEAD_RETURN_IF_ERROR(expr)         \
  do {                                      \
    ::stead::Status _st = (expr);           \
    if (!_st.ok()) return _st;              \
  } while (0)

}  // namespace stead
