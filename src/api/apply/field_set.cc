#include "api/apply/field_set.h"

#include <algorithm>

#include "api/apply/go_json.h"
#include "api/apply/value_order.h"

namespace stead::api::apply {

namespace {

int CompareKeys(const std::vector<std::pair<std::string, Json>>& a,
                const std::vector<std::pair<std::string, Json>>& b) {
  for (size_t i = 0;; ++i) {
    if (i >= a.size() && i >= b.size()) return 0;
    if (i >= a.size()) return -1;
    if (i >= b.size()) return 1;
    if (int c = a[i].first.compare(b[i].first); c != 0) return c < 0 ? -1 : 1;
    if (int c = ValueCompare(a[i].second, b[i].second); c != 0) return c;
  }
}

// Numbers in FieldsV1 keys are read as Go's JSON iterator reads them:
// integers stay integers, anything with a fraction or exponent is a float.
Result<Json> ParseJsonValue(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const std::exception& e) {
    return Status::BadRequest(std::string("invalid JSON in field path: ") + e.what());
  }
}

}  // namespace

PathElement PathElement::Field(std::string name) {
  PathElement pe;
  pe.kind = Kind::kField;
  pe.field = std::move(name);
  return pe;
}

PathElement PathElement::Key(std::vector<std::pair<std::string, Json>> fields) {
  std::stable_sort(fields.begin(), fields.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  PathElement pe;
  pe.kind = Kind::kKey;
  pe.key = std::move(fields);
  return pe;
}

PathElement PathElement::Value(Json value) {
  PathElement pe;
  pe.kind = Kind::kValue;
  pe.value = std::move(value);
  return pe;
}

PathElement PathElement::Index(int index) {
  PathElement pe;
  pe.kind = Kind::kIndex;
  pe.index = index;
  return pe;
}

int PathElement::Compare(const PathElement& other) const {
  if (kind != other.kind) return kind < other.kind ? -1 : 1;
  switch (kind) {
    case Kind::kField: {
      int c = field.compare(other.field);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kKey:
      return CompareKeys(key, other.key);
    case Kind::kValue:
      return ValueCompare(value, other.value);
    case Kind::kIndex:
      return index < other.index ? -1 : (index > other.index ? 1 : 0);
  }
  return 0;
}

std::string PathElement::ToString() const {
  switch (kind) {
    case Kind::kField:
      return "." + field;
    case Kind::kKey: {
      std::string out = "[";
      for (size_t i = 0; i < key.size(); ++i) {
        if (i) out += ',';
        out += key[i].first + "=" + GoValueString(key[i].second);
      }
      return out + "]";
    }
    case Kind::kValue:
      return "[=" + GoValueString(value) + "]";
    case Kind::kIndex:
      return "[" + std::to_string(index) + "]";
  }
  return "{{invalid path element}}";
}

std::string PathElement::Serialize() const {
  switch (kind) {
    case Kind::kField:
      return "f:" + field;
    case Kind::kKey: {
      std::string out = "k:{";
      for (size_t i = 0; i < key.size(); ++i) {
        if (i) out += ',';
        out += GoJsonString(key[i].first);
        out += ':';
        out += GoJson(key[i].second);
      }
      return out + "}";
    }
    case Kind::kValue:
      return "v:" + GoJson(value);
    case Kind::kIndex:
      return "i:" + std::to_string(index);
  }
  return "";
}

Result<PathElement> PathElement::Deserialize(std::string_view text) {
  if (text.size() < 2) return Status::BadRequest("key must be 2 characters long");
  if (text[1] != ':') return Status::BadRequest("missing colon: " + std::string(text));
  std::string_view rest = text.substr(2);
  switch (text[0]) {
    case 'f':
      return Field(std::string(rest));
    case 'v': {
      STEAD_ASSIGN_OR_RETURN(Json v, ParseJsonValue(rest));
      return Value(std::move(v));
    }
    case 'k': {
      STEAD_ASSIGN_OR_RETURN(Json v, ParseJsonValue(rest));
      if (!v.is_object()) return Status::BadRequest("key of a list item must be an object");
      std::vector<std::pair<std::string, Json>> fields;
      for (auto it = v.begin(); it != v.end(); ++it) fields.emplace_back(it.key(), it.value());
      return Key(std::move(fields));
    }
    case 'i': {
      int index = 0;
      try {
        size_t pos = 0;
        index = std::stoi(std::string(rest), &pos);
        if (pos != rest.size()) throw std::invalid_argument("trailing characters");
      } catch (...) {
        return Status::BadRequest("invalid index: " + std::string(rest));
      }
      return Index(index);
    }
    default:
      return Status::NotFound("unknown path element type");
  }
}

std::string PathString(const Path& path) {
  std::string out;
  for (const auto& pe : path) out += pe.ToString();
  return out;
}

void FieldSet::InsertMember(const PathElement& element) {
  auto it = std::lower_bound(members_.begin(), members_.end(), element);
  if (it == members_.end() || !(*it == element)) members_.insert(it, element);
}

FieldSet& FieldSet::Descend(const PathElement& element) {
  auto it = std::lower_bound(children_.begin(), children_.end(), element,
                             [](const Child& c, const PathElement& pe) { return c.element < pe; });
  if (it == children_.end() || !(it->element == element)) {
    it = children_.insert(it, Child{element, FieldSet()});
  }
  return it->set;
}

void FieldSet::Insert(const Path& path) {
  if (path.empty()) return;
  FieldSet* s = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) s = &s->Descend(path[i]);
  s->InsertMember(path.back());
}

bool FieldSet::Has(const Path& path) const {
  if (path.empty()) return false;
  const FieldSet* s = this;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    auto it =
        std::lower_bound(s->children_.begin(), s->children_.end(), path[i],
                         [](const Child& c, const PathElement& pe) { return c.element < pe; });
    if (it == s->children_.end() || !(it->element == path[i])) return false;
    s = &it->set;
  }
  return std::binary_search(s->members_.begin(), s->members_.end(), path.back());
}

bool FieldSet::Empty() const {
  if (!members_.empty()) return false;
  for (const auto& c : children_) {
    if (!c.set.Empty()) return false;
  }
  return true;
}

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out;
  std::set_union(members_.begin(), members_.end(), other.members_.begin(), other.members_.end(),
                 std::back_inserter(out.members_));
  size_t i = 0, j = 0;
  while (i < children_.size() && j < other.children_.size()) {
    int c = children_[i].element.Compare(other.children_[j].element);
    if (c < 0) {
      out.children_.push_back(children_[i++]);
    } else if (c > 0) {
      out.children_.push_back(other.children_[j++]);
    } else {
      out.children_.push_back(
          Child{children_[i].element, children_[i].set.Union(other.children_[j].set)});
      ++i;
      ++j;
    }
  }
  for (; i < children_.size(); ++i) out.children_.push_back(children_[i]);
  for (; j < other.children_.size(); ++j) out.children_.push_back(other.children_[j]);
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  std::set_intersection(members_.begin(), members_.end(), other.members_.begin(),
                        other.members_.end(), std::back_inserter(out.members_));
  size_t i = 0, j = 0;
  while (i < children_.size() && j < other.children_.size()) {
    int c = children_[i].element.Compare(other.children_[j].element);
    if (c < 0) {
      ++i;
    } else if (c > 0) {
      ++j;
    } else {
      FieldSet both = children_[i].set.Intersection(other.children_[j].set);
      if (!both.Empty()) out.children_.push_back(Child{children_[i].element, std::move(both)});
      ++i;
      ++j;
    }
  }
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  std::set_difference(members_.begin(), members_.end(), other.members_.begin(),
                      other.members_.end(), std::back_inserter(out.members_));
  size_t j = 0;
  for (const auto& child : children_) {
    while (j < other.children_.size() && other.children_[j].element < child.element) ++j;
    if (j < other.children_.size() && other.children_[j].element == child.element) {
      FieldSet diff = child.set.Difference(other.children_[j].set);
      if (!diff.Empty()) out.children_.push_back(Child{child.element, std::move(diff)});
    } else {
      out.children_.push_back(child);
    }
  }
  return out;
}

FieldSet FieldSet::RecursiveDifference(const FieldSet& other) const {
  FieldSet out;
  std::set_difference(members_.begin(), members_.end(), other.members_.begin(),
                      other.members_.end(), std::back_inserter(out.members_));
  size_t j = 0;
  for (const auto& child : children_) {
    if (std::binary_search(other.members_.begin(), other.members_.end(), child.element)) {
      continue;
    }
    while (j < other.children_.size() && other.children_[j].element < child.element) ++j;
    if (j < other.children_.size() && other.children_[j].element == child.element) {
      FieldSet diff = child.set.RecursiveDifference(other.children_[j].set);
      if (!diff.Empty()) out.children_.push_back(Child{child.element, std::move(diff)});
    } else {
      out.children_.push_back(child);
    }
  }
  return out;
}

FieldSet FieldSet::WithPrefix(const PathElement& element) const {
  auto it = std::lower_bound(children_.begin(), children_.end(), element,
                             [](const Child& c, const PathElement& pe) { return c.element < pe; });
  if (it == children_.end() || !(it->element == element)) return FieldSet();
  return it->set;
}

void FieldSet::Iterate(const std::function<void(const Path&)>& fn) const {
  Path prefix;
  IteratePrefix(prefix, fn);
}

void FieldSet::IteratePrefix(Path& prefix, const std::function<void(const Path&)>& fn) const {
  for (const auto& m : members_) {
    prefix.push_back(m);
    fn(prefix);
    prefix.pop_back();
  }
  for (const auto& c : children_) {
    prefix.push_back(c.element);
    c.set.IteratePrefix(prefix, fn);
    prefix.pop_back();
  }
}

bool FieldSet::operator==(const FieldSet& other) const {
  if (members_ != other.members_ || children_.size() != other.children_.size()) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!(children_[i].element == other.children_[i].element) ||
        children_[i].set != other.children_[i].set) {
      return false;
    }
  }
  return true;
}

Json FieldSet::EmitFieldsV1(bool include_self) const {
  Json out = Json::object();
  if (include_self && !(members_.empty() && children_.empty())) out["."] = Json::object();
  size_t mi = 0;
  for (const auto& child : children_) {
    while (mi < members_.size() && members_[mi] < child.element) {
      out[members_[mi++].Serialize()] = Json::object();
    }
    bool is_member = mi < members_.size() && members_[mi] == child.element;
    if (is_member) ++mi;
    out[child.element.Serialize()] = child.set.EmitFieldsV1(is_member);
  }
  for (; mi < members_.size(); ++mi) out[members_[mi].Serialize()] = Json::object();
  return out;
}

Json FieldSet::ToFieldsV1() const { return EmitFieldsV1(false); }

namespace {

// Reads one level of FieldsV1: returns whether the level marks its parent
// as a member (an empty object, or one with "."), filling `children`.
Result<bool> ReadFieldsV1(const Json& level, FieldSet& children, bool& has_children) {
  if (level.is_null()) return true;
  if (!level.is_object()) return Status::BadRequest("FieldsV1 must be a JSON object");
  bool is_member = false;
  for (auto it = level.begin(); it != level.end(); ++it) {
    if (it.key() == ".") {
      is_member = true;
      continue;
    }
    auto pe = PathElement::Deserialize(it.key());
    if (!pe.ok()) {
      if (pe.status().IsNotFound()) continue;
      return pe.status();
    }
    FieldSet grandchildren;
    bool child_has_children = false;
    STEAD_ASSIGN_OR_RETURN(bool child_is_member,
                           ReadFieldsV1(it.value(), grandchildren, child_has_children));
    if (child_is_member) {
      children.InsertMember(*pe);
      has_children = true;
    }
    if (child_has_children) {
      children.Descend(*pe) = std::move(grandchildren);
      has_children = true;
    }
  }
  if (!has_children) is_member = true;
  return is_member;
}

}  // namespace

Result<FieldSet> FieldSet::FromFieldsV1(const Json& fields) {
  FieldSet out;
  bool has_children = false;
  STEAD_ASSIGN_OR_RETURN(bool ignored, ReadFieldsV1(fields, out, has_children));
  (void)ignored;
  return out;
}

}  // namespace stead::api::apply
