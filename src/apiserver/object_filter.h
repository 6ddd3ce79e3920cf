// ObjectFilter: the label and field selectors of a list or watch request,
// applied to objects of one resource type. Field selectors support
// metadata.name and metadata.namespace for every kind plus the kind's own
// selectable fields; anything else is a 400 as upstream
// ("field label not supported: spec.foo").
#pragma once

#include <memory>
#include <string>

#include "api/resource.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::apiserver {

class ObjectFilter {
 public:
  static Result<ObjectFilter> Create(const api::ResourceType& type,
                                     const std::string& label_selector,
                                     const std::string& field_selector);
  ObjectFilter(ObjectFilter&&) noexcept;
  ObjectFilter& operator=(ObjectFilter&&) noexcept;
  ~ObjectFilter();

  bool Matches(const Json& obj) const;
  bool MatchesEverything() const;

 private:
  struct Rep;
  explicit ObjectFilter(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace stead::apiserver
