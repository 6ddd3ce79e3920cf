// Result<T>: either a value or a non-OK Status (like absl::StatusOr).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace stead {

template <typename T>
class Result {
 public:
  Result(const T& value) : v_(value) {}              // NOLINT(runtime/explicit)
  Result(T&& value) : v_(std::move(value)) {}        // NOLINT(runtime/explicit)
  Result(const Status& status) : v_(status) { assert(!status.ok()); }  // NOLINT
  Result(Status&& status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

#define STEAD_CONCAT_INNER(a, b) a##b
#define STEAD_CONCAT(a, b) STEAD_CONCAT_INNER(a, b)
// STEAD_ASSIGN_OR_RETURN(auto x, Foo()); returns Foo()'s status on error.
#define STEAD_ASSIGN_OR_RETURN(lhs, expr) \
  STEAD_ASSIGN_OR_RETURN_IMPL(STEAD_CONCAT(_res_, __LINE__), lhs, expr)
#define STEAD_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

}  // namespace stead
