#include "api/patch/strategic_merge_patch.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/patch/go_values.h"

namespace stead::api::patch {
namespace {

using schema::FieldDef;
using schema::TypeDef;
using schema::TypeKind;

constexpr std::string_view kDirectiveMarker = "$patch";
constexpr std::string_view kRetainKeysDirective = "$retainKeys";
constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";
constexpr const char* kMapType = "map[string]interface {}";
constexpr const char* kSliceType = "[]interface {}";

// The API server answers the package's format errors with 400 and passes
// every other error through as a plain error: 500 with no reason.
Status BadFormat(std::string_view what) {
  return Status::BadRequest("invalid patch format of " + std::string(what));
}
Status Failed(std::string message) { return Status(500, "", std::move(message)); }
Status NoMergeKey(const Json& m, const std::string& key) {
  return Failed("map: " + GoFormat(m) + " does not contain declared merge key: " + key);
}
Status BadArgType(const char* expected, const Json& actual) {
  return Failed(std::string("expected a ") + expected + ", but received a " + GoTypeString(actual));
}
Status BadPatchType(const Json& directive, const Json& m) {
  return Failed("unknown patch type: " + GoFormatS(directive) + " in map: " + GoFormat(m));
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "$setElementOrder/containers" -> "containers".
Result<std::string> ExtractKey(std::string_view s, std::string_view prefix) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || s.substr(0, slash) != prefix) {
    return prefix == kSetElementOrderPrefix ? BadFormat("setElementOrder list")
                                            : BadFormat("primitive list");
  }
  return std::string(s.substr(slash + 1));
}

// ---------------------------------------------------------------------------
// Schema lookups (upstream's LookupPatchMeta).

struct PatchMeta {
  const TypeDef* type = nullptr;  // the field's type; for lists, the element type
  std::string strategy;           // as in the schema, e.g. "merge,retainKeys"
  std::string merge_key;
};

bool EqualFold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A kAny value has no structure to guide the merge.
const TypeDef* Known(const TypeDef* type) {
  return type && type->kind == TypeKind::kAny ? nullptr : type;
}

// Like encoding/json, an exact name wins over a case-insensitive match.
PatchMeta LookupField(const TypeDef* parent, std::string_view key) {
  if (parent == nullptr) return {};
  if (parent->kind == TypeKind::kMap) return {Known(parent->element), "", ""};
  if (parent->kind != TypeKind::kObject) return {};
  const FieldDef* field = parent->FindField(key);
  for (size_t i = 0; field == nullptr && i < parent->fields.size(); ++i) {
    if (EqualFold(parent->fields[i].name, key)) field = &parent->fields[i];
  }
  if (field == nullptr) return {};
  return {Known(field->type), field->patch_strategy, field->patch_merge_key};
}

PatchMeta LookupSlice(const TypeDef* parent, std::string_view key) {
  PatchMeta meta = LookupField(parent, key);
  meta.type =
      meta.type && meta.type->kind == TypeKind::kArray ? Known(meta.type->element) : nullptr;
  return meta;
}

// The strategy other than "retainKeys" (which only matters to clients).
Result<std::string> MergeStrategy(std::string_view strategy) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = strategy.find(',', start);
    parts.emplace_back(strategy.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (parts.size() == 1) return parts[0] == "retainKeys" ? "" : parts[0];
  if (parts.size() == 2 && parts[0] == "retainKeys") return parts[1];
  if (parts.size() == 2 && parts[1] == "retainKeys") return parts[0];
  std::string listed;
  for (const auto& p : parts) listed += (listed.empty() ? "" : " ") + p;
  return Failed("unexpected patch strategy: [" + listed + "]");
}

// What upstream's error names the element type of a list it cannot merge.
std::string KindName(const TypeDef* type) {
  if (type == nullptr) return "interface";
  switch (type->kind) {
    case TypeKind::kObject:
      return "struct";
    case TypeKind::kMap:
      return "map";
    case TypeKind::kArray:
      return "slice";
    case TypeKind::kInteger:
      return "int64";
    case TypeKind::kNumber:
      return "float64";
    case TypeKind::kBoolean:
      return "bool";
    default:
      return "string";
  }
}

// ---------------------------------------------------------------------------
// Value helpers.

bool HasDirectiveMarker(const Json& v) { return v.is_object() && v.contains(kDirectiveMarker); }

bool IsDeleteDirective(const Json& v) {
  auto it = v.find(kDirectiveMarker);
  return it != v.end() && *it == "delete";
}

// Drops objects carrying `$patch` (and list elements that are such objects);
// returns false when `v` itself is one.
bool RemoveDirectives(Json& v) {
  if (v.is_object()) {
    if (v.contains(kDirectiveMarker)) return false;
    for (auto it = v.begin(); it != v.end();) {
      if (RemoveDirectives(*it)) {
        ++it;
      } else {
        it = v.erase(it);
      }
    }
  } else if (v.is_array()) {
    Json kept = Json::array();
    for (Json& element : v) {
      if (RemoveDirectives(element)) kept.push_back(std::move(element));
    }
    v = std::move(kept);
  }
  return true;
}

void DiscardNulls(Json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        DiscardNulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (Json& element : v) DiscardNulls(element);
  }
}

void SetWithoutDirectives(Json& original, const std::string& key, Json value) {
  if (RemoveDirectives(value)) {
    original[key] = std::move(value);
  } else {
    original.erase(key);
  }
}

// The first element of `list` whose `key` equals `value`.
Result<std::optional<size_t>> FindByKey(const Json& list, const std::string& key,
                                        const Json& value) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) return Failed("value for key " + std::to_string(i) + " is not a map");
    auto it = list[i].find(key);
    if (it != list[i].end() && GoEqual(*it, value)) return std::optional<size_t>(i);
  }
  return std::optional<size_t>();
}

// All elements must share one Go type, which may not be a list.
Result<GoType> SliceElementType(const Json& a, const Json& b) {
  std::optional<GoType> type;
  for (const Json* list : {&a, &b}) {
    for (const Json& v : *list) {
      GoType t = GoTypeOf(v);
      if (!type) {
        if (t == GoType::kSlice) return Status::Invalid("lists of lists are not supported");
        type = t;
      } else if (*type != t) {
        return Failed("list element types are not identical: " + GoFormat(Json::array({a, b})));
      }
    }
  }
  if (!type) return Failed("no elements in any of the given slices");
  return *type;
}

// ---------------------------------------------------------------------------
// Element order (upstream's normalizeElementOrder and helpers).

// The merge key value of a map element (null when absent), or the element.
const Json& OrderValue(const Json& item, const std::string& merge_key, bool maps) {
  static const Json kNull;
  if (!maps) return item;
  if (!item.is_object()) return kNull;
  auto it = item.find(merge_key);
  return it == item.end() ? kNull : *it;
}

std::optional<size_t> IndexOf(const Json& list, const Json& item, const std::string& merge_key,
                              bool maps) {
  const Json& wanted = OrderValue(item, merge_key, maps);
  for (size_t i = 0; i < list.size(); ++i) {
    if (GoEqual(wanted, OrderValue(list[i], merge_key, maps))) return i;
  }
  return std::nullopt;
}

Status CheckMergeKeys(const std::string& merge_key, const Json& list) {
  for (const Json& item : list) {
    if (!item.is_object()) return BadArgType(kMapType, item);
    if (!item.contains(merge_key)) return NoMergeKey(item, merge_key);
  }
  return Status::OK();
}

// Sorts `items` by their position in `order`, keeping delete directives last.
Result<Json> SortByOrder(Json items, const Json& order, const std::string& merge_key, bool maps) {
  Json to_delete = Json::array();
  if (maps) {
    STEAD_RETURN_IF_ERROR(CheckMergeKeys(merge_key, items));
    STEAD_RETURN_IF_ERROR(CheckMergeKeys(merge_key, order));
    Json kept = Json::array();
    for (Json& item : items)
      (IsDeleteDirective(item) ? to_delete : kept).push_back(std::move(item));
    items = std::move(kept);
  }
  std::vector<std::pair<size_t, Json*>> keyed;
  for (Json& item : items) {
    keyed.emplace_back(
        IndexOf(order, item, merge_key, maps).value_or(std::numeric_limits<size_t>::max()), &item);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json sorted = Json::array();
  for (auto& [index, item] : keyed) sorted.push_back(std::move(*item));
  for (Json& item : to_delete) sorted.push_back(std::move(item));
  return sorted;
}

// Orders the patch's elements like `patch_order` and the server-only ones
// like `server_order`, then interleaves them: a server-only element goes
// before a patch element only when both were in the live list in that order,
// so elements new to the list come before the server-only ones after them.
Result<Json> NormalizeElementOrder(Json patch_items, Json server_only, const Json& patch_order,
                                   const Json& server_order, const std::string& merge_key,
                                   bool maps) {
  STEAD_ASSIGN_OR_RETURN(Json right,
                         SortByOrder(std::move(patch_items), patch_order, merge_key, maps));
  STEAD_ASSIGN_OR_RETURN(Json left,
                         SortByOrder(std::move(server_only), server_order, merge_key, maps));
  Json all = Json::array();
  size_t i = 0, j = 0;
  while (i < left.size() || j < right.size()) {
    bool take_left;
    if (i >= left.size()) {
      take_left = false;
    } else if (j >= right.size()) {
      take_left = true;
    } else {
      auto li = IndexOf(server_order, left[i], merge_key, maps);
      auto ri = IndexOf(server_order, right[j], merge_key, maps);
      take_left = li && ri && *li < *ri;
    }
    all.push_back(std::move(take_left ? left[i++] : right[j++]));
  }
  return all;
}

// Splits `merged` into the elements `by` mentions and the others.
Status Partition(Json merged, const Json& by, const std::string& merge_key, bool maps, Json* in_by,
                 Json* others) {
  *in_by = Json::array();
  *others = Json::array();
  for (Json& v : merged) {
    bool found;
    if (maps) {
      if (!v.is_object()) return BadArgType(kMapType, v);
      auto key = v.find(merge_key);
      if (key == v.end()) return NoMergeKey(v, merge_key);
      STEAD_ASSIGN_OR_RETURN(auto index, FindByKey(by, merge_key, *key));
      found = index.has_value();
    } else {
      found = std::any_of(by.begin(), by.end(), [&](const Json& b) { return GoEqual(v, b); });
    }
    (found ? *in_by : *others).push_back(std::move(v));
  }
  return Status::OK();
}

// Only the merge key of each element matters for ordering.
Json MergeKeysOnly(const Json& list, const std::string& merge_key) {
  Json keys = Json::array();
  for (const Json& v : list) {
    Json k = Json::object();
    if (v.is_object() && v.contains(merge_key)) k[merge_key] = v[merge_key];
    keys.push_back(std::move(k));
  }
  return keys;
}

// Upstream orders the server-only elements of a `$setElementOrder` list by
// the live list as merging left it in memory: Go slices share storage, so
// deleting an element shifts the later ones left (the last slot keeps a
// stale copy) and added elements then fill the freed slots; only once the
// list outgrows its old length does it move elsewhere. Merged elements keep
// their merge keys, so following the keys is enough.
class LiveOrder {
 public:
  explicit LiveOrder(Json keys) : slots_(std::move(keys)), size_(slots_.size()) {}

  void Remove(size_t index) {
    if (detached_) return;
    for (size_t i = index; i + 1 < size_; ++i) slots_[i] = slots_[i + 1];
    --size_;
  }
  void Append(Json key) {
    if (detached_ || size_ == slots_.size()) {
      detached_ = true;
      return;
    }
    slots_[size_++] = std::move(key);
  }
  void Detach() { detached_ = true; }
  const Json& keys() const { return slots_; }

 private:
  Json slots_;
  size_t size_;
  bool detached_ = false;
};

// ---------------------------------------------------------------------------
// The merge itself.

Status MergeMap(Json& original, Json patch, const TypeDef* type);

// `live`, when given, follows the list's storage as described at LiveOrder.
Status MergeSlice(Json& original, Json patch, const TypeDef* element, const std::string& merge_key,
                  bool is_delete_list, LiveOrder* live) {
  if (original.empty() && patch.empty()) return Status::OK();
  STEAD_ASSIGN_OR_RETURN(GoType kind, SliceElementType(original, patch));

  if (kind != GoType::kMap) {
    if (is_delete_list) {
      Json kept = Json::array();
      for (Json& v : original) {
        bool deleted =
            std::any_of(patch.begin(), patch.end(), [&](const Json& d) { return GoEqual(v, d); });
        if (!deleted) kept.push_back(std::move(v));
      }
      original = std::move(kept);
      return Status::OK();
    }
    Json merged = Json::array();
    for (const Json* list : {&original, &patch}) {
      for (const Json& v : *list) {
        bool seen =
            std::any_of(merged.begin(), merged.end(), [&](const Json& m) { return GoEqual(m, v); });
        if (!seen) merged.push_back(v);
      }
    }
    Json patch_items, server_only;
    STEAD_RETURN_IF_ERROR(
        Partition(std::move(merged), patch, "", false, &patch_items, &server_only));
    STEAD_ASSIGN_OR_RETURN(
        original, NormalizeElementOrder(std::move(patch_items), std::move(server_only), patch,
                                        original, "", false));
    return Status::OK();
  }

  if (merge_key.empty()) {
    return Failed("cannot merge lists without merge key for " + KindName(element));
  }

  // Special elements: `$patch: delete` removes matching elements, `$patch:
  // replace` makes the other patch elements the whole list.
  Json plain = Json::array();
  bool replace = false;
  for (Json& v : patch) {
    auto directive = v.find(kDirectiveMarker);
    if (directive == v.end()) {
      plain.push_back(std::move(v));
    } else if (*directive == "delete") {
      auto value = v.find(merge_key);
      if (value == v.end()) return NoMergeKey(v, merge_key);
      while (true) {
        STEAD_ASSIGN_OR_RETURN(auto index, FindByKey(original, merge_key, *value));
        if (!index) break;
        original.erase(original.begin() + *index);
        if (live) live->Remove(*index);
      }
    } else if (*directive == "replace") {
      replace = true;
    } else if (*directive == "merge") {
      return Failed("merging lists cannot yet be specified in the patch");
    } else {
      return BadPatchType(*directive, v);
    }
  }
  if (replace) {
    original = std::move(plain);
    plain = Json::array();
    if (live) live->Detach();
  }

  Json server_order = MergeKeysOnly(original, merge_key);
  Json patch_order = Json::array();
  for (Json& v : plain) {
    auto value = v.find(merge_key);
    if (value == v.end()) return NoMergeKey(v, merge_key);
    patch_order.push_back(Json::object({{merge_key, *value}}));
    STEAD_ASSIGN_OR_RETURN(auto index, FindByKey(original, merge_key, *value));
    if (index) {
      STEAD_RETURN_IF_ERROR(MergeMap(original[*index], std::move(v), element));
    } else {
      if (live) live->Append(patch_order.back());
      original.push_back(std::move(v));
    }
  }
  Json patch_items, server_only;
  STEAD_RETURN_IF_ERROR(
      Partition(std::move(original), patch_order, merge_key, true, &patch_items, &server_only));
  STEAD_ASSIGN_OR_RETURN(
      original, NormalizeElementOrder(std::move(patch_items), std::move(server_only), patch_order,
                                      server_order, merge_key, true));
  return Status::OK();
}

// A list field: merged when its strategy says so (or for a deletion list),
// otherwise replaced by the patch as sent.
Status MergeListField(Json& original, Json patch, const PatchMeta& meta, bool is_delete_list,
                      LiveOrder* live = nullptr) {
  STEAD_ASSIGN_OR_RETURN(std::string strategy, MergeStrategy(meta.strategy));
  if (strategy == "merge" || is_delete_list) {
    return MergeSlice(original, std::move(patch), meta.type, meta.merge_key, is_delete_list, live);
  }
  original = std::move(patch);
  return Status::OK();
}

// `$retainKeys`: drop every member of `original` the list does not name; the
// patch itself may only set members the list names.
Status ApplyRetainKeys(Json& original, Json& patch) {
  auto it = patch.find(kRetainKeysDirective);
  if (it == patch.end()) return Status::OK();
  Json retain = std::move(*it);
  patch.erase(it);
  if (!retain.is_array()) return BadFormat("retainKeys");
  std::set<std::string, std::less<>> keys;
  for (const Json& k : retain) {
    if (k.is_string()) keys.insert(k.get<std::string>());
  }
  for (const auto& [k, v] : patch.items()) {
    if (v.is_null() || StartsWith(k, kDeleteFromPrimitiveListPrefix) ||
        StartsWith(k, kSetElementOrderPrefix)) {
      continue;
    }
    if (!keys.contains(k)) return BadFormat("retainKeys");
  }
  for (auto o = original.begin(); o != original.end();) {
    if (keys.contains(o.key())) {
      ++o;
    } else {
      o = original.erase(o);
    }
  }
  return Status::OK();
}

// Every element the patch list mentions (directives aside) must appear in
// `$setElementOrder`, in the same relative order.
Status CheckAgainstSetOrder(const Json& patch_list, const Json& order,
                            const std::string& merge_key) {
  if (order.empty() || patch_list.empty()) return Status::OK();
  std::vector<const Json*> items;
  for (const Json& v : patch_list) {
    if (!merge_key.empty()) {
      if (!v.is_object()) return BadArgType(kMapType, v);
      if (IsDeleteDirective(v)) continue;
    }
    items.push_back(&v);
  }
  size_t p = 0, s = 0;
  while (p < items.size() && s < order.size()) {
    const Json& item = *items[p];
    if (HasDirectiveMarker(item)) {
      ++p;
      continue;
    }
    bool equal;
    if (merge_key.empty()) {
      equal = GoEqual(item, order[s]);
    } else {
      if (!order[s].is_object()) return BadArgType(kMapType, order[s]);
      auto left = item.find(merge_key);
      if (left == item.end()) return NoMergeKey(item, merge_key);
      auto right = order[s].find(merge_key);
      if (right == order[s].end()) return NoMergeKey(order[s], merge_key);
      equal = GoEqual(*left, *right);
    }
    if (equal) ++p;
    ++s;
  }
  if (p < items.size() && s >= order.size()) {
    return Failed("The order in patch list:\n" + GoFormat(patch_list) + "\n doesn't match " +
                  std::string(kSetElementOrderPrefix) + " list:\n" + GoFormat(order) + "\n");
  }
  return Status::OK();
}

// `$setElementOrder/<list>`: merges the list (if the patch has it) and
// orders the result; the order list wins over the patch list, which wins
// over the live list.
Status ApplySetElementOrders(Json& original, Json& patch, const TypeDef* type) {
  std::vector<std::string> directives;
  for (const auto& [k, v] : patch.items()) {
    if (StartsWith(k, kSetElementOrderPrefix)) directives.push_back(k);
  }
  for (const std::string& directive : directives) {
    Json order = std::move(patch[directive]);
    patch.erase(directive);
    if (!order.is_array()) return BadArgType(kSliceType, order);
    STEAD_ASSIGN_OR_RETURN(std::string key, ExtractKey(directive, kSetElementOrderPrefix));

    auto original_it = original.find(key);
    auto patch_it = patch.find(key);
    bool in_original = original_it != original.end();
    bool in_patch = patch_it != patch.end();
    if (in_original && !original_it->is_array()) return BadArgType(kSliceType, *original_it);
    if (in_patch && !patch_it->is_array()) return BadArgType(kSliceType, *patch_it);
    Json original_list = in_original ? *original_it : Json::array();
    Json patch_list = in_patch ? std::move(*patch_it) : Json::array();
    if (in_patch) patch.erase(key);

    PatchMeta meta = LookupSlice(type, key);
    STEAD_ASSIGN_OR_RETURN(std::string strategy, MergeStrategy(meta.strategy));
    STEAD_RETURN_IF_ERROR(CheckAgainstSetOrder(patch_list, order, meta.merge_key));
    // Upstream reports a type mismatch only after merging.
    Result<GoType> kind = SliceElementType(original_list, patch_list);
    bool maps = !meta.merge_key.empty();

    bool map_elements = kind.ok() && *kind == GoType::kMap;
    LiveOrder live(maps && map_elements ? MergeKeysOnly(original_list, meta.merge_key)
                                        : original_list);
    Json merged;
    if (in_original && !in_patch) {
      merged = original_list;
    } else if (!in_original && in_patch) {
      merged = std::move(patch_list);
      RemoveDirectives(merged);
    } else if (in_original && in_patch) {
      merged = original_list;
      STEAD_RETURN_IF_ERROR(MergeListField(merged, std::move(patch_list), meta, false, &live));
    } else {
      continue;
    }
    Json patch_items, server_only;
    STEAD_RETURN_IF_ERROR(
        Partition(std::move(merged), order, meta.merge_key, maps, &patch_items, &server_only));
    if (!kind.ok()) return kind.status();
    STEAD_ASSIGN_OR_RETURN(
        original[key], NormalizeElementOrder(std::move(patch_items), std::move(server_only), order,
                                             live.keys(), meta.merge_key, map_elements));
  }
  return Status::OK();
}

Status MergeMap(Json& original, Json patch, const TypeDef* type) {
  if (auto directive = patch.find(kDirectiveMarker); directive != patch.end()) {
    if (*directive == "replace") {
      patch.erase(directive);
      original = std::move(patch);
      return Status::OK();
    }
    if (*directive == "delete") {
      original = Json::object();
      return Status::OK();
    }
    return BadPatchType(*directive, patch);
  }
  if (original.is_null()) original = Json::object();

  STEAD_RETURN_IF_ERROR(ApplyRetainKeys(original, patch));
  STEAD_RETURN_IF_ERROR(ApplySetElementOrders(original, patch, type));

  for (auto& [patch_key, patch_value] : patch.items()) {
    std::string key = patch_key;
    bool is_delete_list = false;
    if (StartsWith(key, kDeleteFromPrimitiveListPrefix)) {
      STEAD_ASSIGN_OR_RETURN(std::string list_key, ExtractKey(key, kDeleteFromPrimitiveListPrefix));
      is_delete_list = true;
      if (!list_key.empty()) key = std::move(list_key);
    }
    if (patch_value.is_null()) {
      original.erase(key);
      continue;
    }
    auto it = original.find(key);
    if (it == original.end() || GoTypeOf(*it) != GoTypeOf(patch_value)) {
      if (!is_delete_list) {
        DiscardNulls(patch_value);
        SetWithoutDirectives(original, key, std::move(patch_value));
      }
      continue;
    }
    if (it->is_object()) {
      PatchMeta meta = LookupField(type, key);
      STEAD_ASSIGN_OR_RETURN(std::string strategy, MergeStrategy(meta.strategy));
      if (strategy == "replace") {
        *it = std::move(patch_value);
      } else {
        STEAD_RETURN_IF_ERROR(MergeMap(*it, std::move(patch_value), meta.type));
      }
    } else if (it->is_array()) {
      STEAD_RETURN_IF_ERROR(
          MergeListField(*it, std::move(patch_value), LookupSlice(type, key), is_delete_list));
    } else {
      SetWithoutDirectives(original, key, std::move(patch_value));
    }
  }
  return Status::OK();
}

}  // namespace

Result<Json> ApplyStrategicMergePatch(Json original, Json patch, const schema::TypeDef* type) {
  if (patch.is_null()) return original;
  if (!patch.is_object()) {
    return Status::BadRequest(std::string("json: cannot unmarshal ") +
                              (patch.is_array()     ? "array"
                               : patch.is_string()  ? "string"
                               : patch.is_boolean() ? "bool"
                                                    : "number") +
                              " into Go value of type map[string]interface {}");
  }
  if (type == nullptr) return Status::BadRequest("strategic merge patch format is not supported");
  if (!original.is_object()) return Status::BadRequest("invalid JSON document");
  STEAD_RETURN_IF_ERROR(MergeMap(original, std::move(patch), type));
  return original;
}

}  // namespace stead::api::patch
