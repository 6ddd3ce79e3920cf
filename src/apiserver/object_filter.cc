#include "apiserver/object_filter.h"

#include "core/field_selector.h"
#include "core/label_selector.h"

namespace stead::apiserver {

struct ObjectFilter::Rep {
  const api::ResourceType* type = nullptr;
  std::optional<LabelSelector> labels;
  std::optional<FieldSelector> fields;
};

ObjectFilter::ObjectFilter(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
ObjectFilter::ObjectFilter(ObjectFilter&&) noexcept = default;
ObjectFilter& ObjectFilter::operator=(ObjectFilter&&) noexcept = default;
ObjectFilter::~ObjectFilter() = default;

namespace {
std::optional<std::string> FieldValue(const api::ResourceType& type, const Json& obj,
                                      const std::string& field) {
  if (field == "metadata.name") return MetaName(obj);
  if (field == "metadata.namespace") {
    if (!type.namespaced) return std::nullopt;
    return MetaNamespace(obj);
  }
  if (type.field_value) return type.field_value(obj, field);
  return std::nullopt;
}

bool Supported(const api::ResourceType& type, const std::string& field) {
  if (field == "metadata.name") return true;
  if (field == "metadata.namespace") return type.namespaced;
  for (const auto& f : type.field_selectors) {
    if (f == field) return true;
  }
  return false;
}
}  // namespace

Result<ObjectFilter> ObjectFilter::Create(const api::ResourceType& type,
                                          const std::string& label_selector,
                                          const std::string& field_selector) {
  auto rep = std::make_unique<Rep>();
  rep->type = &type;
  if (!label_selector.empty()) {
    auto sel = LabelSelector::Parse(label_selector);
    if (!sel.ok()) return sel.status();
    if (!sel->Empty()) rep->labels = std::move(*sel);
  }
  if (!field_selector.empty()) {
    auto sel = FieldSelector::Parse(field_selector);
    if (!sel.ok()) return Status::BadRequest(sel.status().message());
    for (const auto& req : sel->requirements()) {
      if (!Supported(type, req.field)) {
        return Status::BadRequest("field label not supported: " + req.field);
      }
    }
    if (!sel->Empty()) rep->fields = std::move(*sel);
  }
  return ObjectFilter(std::move(rep));
}

bool ObjectFilter::MatchesEverything() const { return !rep_->labels && !rep_->fields; }

bool ObjectFilter::Matches(const Json& obj) const {
  if (rep_->labels && !rep_->labels->Matches(MetaLabels(obj))) return false;
  if (rep_->fields) {
    const api::ResourceType& type = *rep_->type;
    return rep_->fields->Matches(
        [&](const std::string& field) { return FieldValue(type, obj, field); });
  }
  return true;
}

}  // namespace stead::apiserver
