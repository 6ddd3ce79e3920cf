// The generic parts of the schema Registry declared in schema.h: lookup and
// the construction API the definitions loader (dsl.cc) builds on. The
// built-in registry itself is assembled in builtin.cc.
#include <algorithm>

#include "api/schema/schema.h"

namespace stead::api::schema {
namespace {

std::string ScalarGoName(TypeKind kind, const std::string& format) {
  switch (kind) {
    case TypeKind::kString:
      return "string";
    case TypeKind::kInteger:
      return format.empty() ? "int64" : format;
    case TypeKind::kNumber:
      return "float64";
    case TypeKind::kBoolean:
      return "bool";
    case TypeKind::kBytes:
      return "[]uint8";
    default:
      return "";
  }
}

std::string GvkKey(std::string_view group, std::string_view version, std::string_view kind) {
  std::string key;
  key.reserve(group.size() + version.size() + kind.size() + 2);
  key.append(group).append("/").append(version).append("/").append(kind);
  return key;
}

}  // namespace

const FieldDef* TypeDef::FindField(std::string_view field_name) const {
  if (!field_index.empty()) {
    auto it = field_index.find(field_name);
    return it == field_index.end() ? nullptr : &fields[it->second];
  }
  for (const FieldDef& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const TypeDef* Registry::Find(std::string_view definition_name) const {
  auto it = named_.find(definition_name);
  return it == named_.end() ? nullptr : it->second.get();
}

const TypeDef* Registry::FindKind(std::string_view group, std::string_view version,
                                  std::string_view kind) const {
  auto it = kinds_.find(GvkKey(group, version, kind));
  return it == kinds_.end() ? nullptr : it->second;
}

std::vector<const TypeDef*> Registry::All() const {
  std::vector<const TypeDef*> out;
  out.reserve(named_.size());
  for (const auto& [name, def] : named_) out.push_back(def.get());
  return out;
}

TypeDef* Registry::Define(std::string name, TypeKind kind) {
  auto it = named_.find(name);
  if (it != named_.end()) {
    it->second->kind = kind;
    return it->second.get();
  }
  auto def = std::make_unique<TypeDef>();
  def->name = name;
  def->kind = kind;
  TypeDef* raw = def.get();
  named_.emplace(std::move(name), std::move(def));
  return raw;
}

const TypeDef* Registry::Scalar(TypeKind kind, std::string format) {
  auto key = std::make_pair(kind, format);
  auto it = scalars_.find(key);
  if (it != scalars_.end()) return it->second;
  auto def = std::make_unique<TypeDef>();
  def->kind = kind;
  def->go_name = ScalarGoName(kind, format);
  def->format = std::move(format);
  anonymous_.push_back(std::move(def));
  scalars_.emplace(std::move(key), anonymous_.back().get());
  return anonymous_.back().get();
}

const TypeDef* Registry::ArrayOf(const TypeDef* element) {
  auto it = arrays_.find(element);
  if (it != arrays_.end()) return it->second;
  auto def = std::make_unique<TypeDef>();
  def->kind = TypeKind::kArray;
  def->element = element;
  def->go_name = "[]" + element->go_name;
  anonymous_.push_back(std::move(def));
  arrays_.emplace(element, anonymous_.back().get());
  return anonymous_.back().get();
}

const TypeDef* Registry::MapOf(const TypeDef* value, std::string go_name) {
  if (go_name.empty()) go_name = "map[string]" + value->go_name;
  auto key = std::make_pair(value, go_name);
  auto it = maps_.find(key);
  if (it != maps_.end()) return it->second;
  auto def = std::make_unique<TypeDef>();
  def->kind = TypeKind::kMap;
  def->element = value;
  def->go_name = std::move(go_name);
  anonymous_.push_back(std::move(def));
  maps_.emplace(std::move(key), anonymous_.back().get());
  return anonymous_.back().get();
}

TypeDef* Registry::Alias(TypeKind kind, std::string go_name) {
  auto def = std::make_unique<TypeDef>();
  def->kind = kind;
  def->go_name = std::move(go_name);
  anonymous_.push_back(std::move(def));
  return anonymous_.back().get();
}

void Registry::Freeze() {
  kinds_.clear();
  for (auto& [name, def] : named_) {
    def->field_index.clear();
    for (size_t i = 0; i < def->fields.size(); ++i) {
      def->field_index.emplace(def->fields[i].name, i);
    }
    if (!def->gvk.empty()) {
      kinds_.emplace(GvkKey(def->gvk.group, def->gvk.version, def->gvk.kind), def.get());
    }
  }
}

}  // namespace stead::api::schema
