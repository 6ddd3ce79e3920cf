#include "api/apply/typed.h"

#include <map>
#include <optional>
#include <set>

#include "api/apply/go_json.h"
#include "api/apply/value_order.h"
#include "core/go_quote.h"

namespace stead::api::apply {

namespace {

using schema::FieldDef;
using schema::TypeDef;
using schema::TypeKind;

enum class ScalarType { kNone, kNumeric, kString, kBoolean, kUntyped };

// One schema node in structured-merge-diff's terms: a scalar, a list
// and/or a map (only the untyped node is all three).
struct Atom {
  ScalarType scalar = ScalarType::kNone;
  bool is_list = false;
  bool list_atomic = true;
  std::vector<std::string> keys;  // associative list: keys; empty = set
  TypeRef list_element;
  bool is_map = false;
  bool map_atomic = false;
  const TypeDef* struct_def = nullptr;  // a struct: its fields
  TypeRef map_element;                  // a map (or untyped): its values
  bool invalid = false;                 // no node at all

  bool SameShape(const Atom& o) const {
    return (scalar != ScalarType::kNone) == (o.scalar != ScalarType::kNone) &&
           is_list == o.is_list && is_map == o.is_map;
  }
};

Atom Untyped() {
  Atom a;
  a.scalar = ScalarType::kUntyped;
  a.is_list = true;
  a.list_atomic = true;
  a.is_map = true;
  a.map_atomic = true;
  return a;
}

bool FieldSaysAtomicMap(const TypeDef& type, const FieldDef* field) {
  if (field != nullptr && !field->map_type.empty()) return field->map_type == "atomic";
  return type.map_type == "atomic";
}

Atom Resolve(TypeRef ref) {
  if (ref.type == nullptr) return Untyped();
  const TypeDef& t = *ref.type;
  Atom a;
  switch (t.kind) {
    case TypeKind::kObject:
      a.is_map = true;
      a.struct_def = &t;
      a.map_atomic = FieldSaysAtomicMap(t, ref.field);
      break;
    case TypeKind::kMap:
      a.is_map = true;
      a.map_element = TypeRef{t.element, nullptr};
      a.map_atomic = FieldSaysAtomicMap(t, ref.field);
      break;
    case TypeKind::kArray: {
      a.is_list = true;
      a.list_element = TypeRef{t.element, nullptr};
      const FieldDef* f = ref.field;
      if (f != nullptr && !f->list_type.empty()) {
        if (f->list_type == "set") {
          a.list_atomic = false;
        } else if (f->list_type == "map") {
          a.list_atomic = false;
          a.keys = f->list_map_keys;
        }
      } else if (f != nullptr &&
                 (f->patch_strategy == "merge" || f->patch_strategy == "merge,retainKeys")) {
        a.list_atomic = false;
        if (!f->patch_merge_key.empty()) a.keys = {f->patch_merge_key};
      }
      break;
    }
    case TypeKind::kString:
    case TypeKind::kBytes:
      a.scalar = ScalarType::kString;
      break;
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      a.scalar = ScalarType::kNumeric;
      break;
    case TypeKind::kBoolean:
      a.scalar = ScalarType::kBoolean;
      break;
    case TypeKind::kIntOrString:
    case TypeKind::kQuantity:
    case TypeKind::kTime:
    case TypeKind::kMicroTime:
      a.scalar = ScalarType::kUntyped;
      break;
    case TypeKind::kAny:
      return Untyped();
  }
  return a;
}

// Narrows an atom to the alternative matching the value's JSON type.
Atom Deduce(const Atom& atom, const Json* v) {
  if (v == nullptr) return atom;
  Atom out = atom;
  if (v->is_number() || v->is_string() || v->is_boolean()) {
    if (atom.scalar == ScalarType::kNone) return atom;
    out.is_list = false;
    out.is_map = false;
  } else if (v->is_array()) {
    if (!atom.is_list) return atom;
    out.scalar = ScalarType::kNone;
    out.is_map = false;
  } else if (v->is_object()) {
    if (!atom.is_map) return atom;
    out.scalar = ScalarType::kNone;
    out.is_list = false;
  }
  return out;
}

// The type of a map entry or struct field. Fields outside a struct's schema
// are treated as untyped (decoded objects never have them; Validate
// reports them for applied configurations).
TypeRef EntryType(const Atom& atom, const std::string& key) {
  if (atom.struct_def != nullptr) {
    if (const FieldDef* f = atom.struct_def->FindField(key)) return TypeRef{f->type, f};
    return TypeRef{};
  }
  return atom.map_element;
}

bool IsStructField(const Atom& atom, const std::string& key) {
  return atom.struct_def != nullptr && atom.struct_def->FindField(key) != nullptr;
}

// Go's %v / %#v / %T of a decoded JSON value, for validation messages.
std::string GoV(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "<nil>";
    case Json::value_t::string:
      return v.get<std::string>();
    case Json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ' ';
        out += GoV(v[i]);
      }
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out = "map[";
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ' ';
        first = false;
        out += it.key() + ":" + GoV(it.value());
      }
      return out + "]";
    }
    default:
      return GoValueString(v);
  }
}

std::string GoSharpV(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "interface {}(nil)";
    case Json::value_t::array: {
      std::string out = "[]interface {}{";
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ", ";
        out += GoSharpV(v[i]);
      }
      return out + "}";
    }
    case Json::value_t::object: {
      std::string out = "map[string]interface {}{";
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        out += GoQuote(it.key()) + ":" + GoSharpV(it.value());
      }
      return out + "}";
    }
    default:
      return GoValueString(v);
  }
}

std::string GoT(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "bool";
    case Json::value_t::number_float:
      return "float64";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "int64";
    case Json::value_t::array:
      return "[]interface {}";
    case Json::value_t::object:
      return "map[string]interface {}";
    default:
      return "<nil>";
  }
}

// validateScalar: "" when the value fits.
std::string ScalarError(ScalarType t, const Json* v, const std::string& prefix) {
  if (v == nullptr || v->is_null()) return "";
  switch (t) {
    case ScalarType::kNumeric:
      if (!v->is_number()) return prefix + "expected numeric (int or float), got " + GoT(*v);
      break;
    case ScalarType::kString:
      if (!v->is_string()) {
        return prefix + "expected string, got &value.valueUnstructured{Value:" + GoSharpV(*v) + "}";
      }
      break;
    case ScalarType::kBoolean:
      if (!v->is_boolean()) return prefix + "expected boolean, got &{" + GoV(*v) + "}";
      break;
    case ScalarType::kUntyped:
      if (!(v->is_number() || v->is_string() || v->is_boolean())) {
        return prefix + "expected any scalar, got &{" + GoV(*v) + "}";
      }
      break;
    case ScalarType::kNone:
      break;
  }
  return "";
}

struct WalkError {
  std::string path;
  std::string message;
};

std::string FormatErrors(const std::vector<WalkError>& errs) {
  auto one = [](const WalkError& e) {
    return e.path.empty() ? e.message : e.path + ": " + e.message;
  };
  if (errs.size() == 1) return one(errs[0]);
  std::string out = "errors:";
  for (const auto& e : errs) out += "\n  " + one(e);
  return out;
}

const Json& NullJson() {
  static const Json kNull = nullptr;
  return kNull;
}

// The path element of a list item; "" error text on success.
std::string ItemElement(const Atom& list, const Json& item, PathElement* out) {
  if (list.list_atomic) return "invalid indexing of non-associative list";
  if (!list.keys.empty()) {
    if (item.is_null()) return "associative list with keys may not have a null element";
    if (!item.is_object()) return "associative list with keys may not have non-map elements";
    std::vector<std::pair<std::string, Json>> key;
    for (const auto& name : list.keys) {
      auto it = item.find(name);
      if (it != item.end()) {
        key.emplace_back(name, *it);
        continue;
      }
      const TypeDef* element = list.list_element.type;
      if (element == nullptr || element->kind != TypeKind::kObject) {
        return "couldn't find default value for " + name +
               ": associative list may not have non-map types";
      }
      const FieldDef* f = element->FindField(name);
      if (f != nullptr && !f->default_value.is_null()) {
        key.emplace_back(name, f->default_value);
        continue;
      }
      return "associative list with keys has an element that omits key field " + GoQuote(name) +
             " (and doesn't have default value)";
    }
    *out = PathElement::Key(std::move(key));
    return "";
  }
  if (item.is_object()) return "associative list without keys has an element that's a map type";
  if (item.is_array()) return "not supported: associative list with lists as elements";
  if (item.is_null()) return "associative list without keys has an element that's an explicit null";
  *out = PathElement::Value(item);
  return "";
}

Path Append(const Path& path, const PathElement& pe) {
  Path p = path;
  p.push_back(pe);
  return p;
}

// ---- ToFieldSet --------------------------------------------------------------

class FieldSetWalker {
 public:
  FieldSet set;

  void Node(const Json& v, TypeRef ref) {
    Atom a = Deduce(Resolve(ref), &v);
    if (a.is_map) {
      DoMap(a, v);
    } else if (a.scalar != ScalarType::kNone) {
      set.Insert(path_);
    } else if (a.is_list) {
      DoList(a, v);
    }
  }

 private:
  void DoList(const Atom& a, const Json& v) {
    if (a.list_atomic) {
      set.Insert(path_);
      return;
    }
    if (!v.is_array()) return;
    std::set<PathElement> seen, duplicates;
    std::vector<std::optional<PathElement>> elements;
    for (const auto& item : v) {
      PathElement pe;
      if (!ItemElement(a, item, &pe).empty()) {
        elements.emplace_back();
        continue;
      }
      elements.emplace_back(pe);
      if (seen.count(pe)) {
        if (!duplicates.count(pe)) {
          set.Insert(Append(path_, pe));
          duplicates.insert(pe);
        }
      } else {
        seen.insert(pe);
      }
    }
    for (size_t i = 0; i < v.size(); ++i) {
      if (!elements[i] || duplicates.count(*elements[i])) continue;
      path_.push_back(*elements[i]);
      Node(v[i], a.list_element);
      set.Insert(path_);
      path_.pop_back();
    }
  }

  void DoMap(const Atom& a, const Json& v) {
    if (a.map_atomic) {
      set.Insert(path_);
      return;
    }
    if (!v.is_object()) return;
    for (auto it = v.begin(); it != v.end(); ++it) {
      path_.push_back(PathElement::Field(it.key()));
      Node(it.value(), EntryType(a, it.key()));
      const Json& val = it.value();
      if (val.is_null() || (val.is_object() && val.empty()) || !IsStructField(a, it.key())) {
        set.Insert(path_);
      }
      path_.pop_back();
    }
  }

  Path path_;
};

// ---- Compare -------------------------------------------------------------------

class CompareWalker {
 public:
  Comparison cmp;
  std::vector<WalkError> errs;

  void Node(const Json* lhs, const Json* rhs, TypeRef ref) {
    Atom a = Resolve(ref);
    Atom al = Deduce(a, lhs), ar = Deduce(a, rhs);
    bool in_leaf = false;
    if (rhs == nullptr) {
      Handle(al, lhs, rhs, in_leaf);
    } else if (lhs == nullptr || al.SameShape(ar)) {
      Handle(ar, lhs, rhs, in_leaf);
    } else {
      bool scratch = false;
      Handle(al, lhs, rhs, scratch);
      Handle(ar, lhs, rhs, in_leaf);
    }
    if (!in_leaf) {
      if (lhs == nullptr) {
        cmp.added.Insert(path_);
      } else if (rhs == nullptr) {
        cmp.removed.Insert(path_);
      }
    }
  }

 private:
  void Handle(const Atom& a, const Json* lhs, const Json* rhs, bool& in_leaf) {
    if (a.is_map) {
      DoMap(a, lhs, rhs, in_leaf);
    } else if (a.scalar != ScalarType::kNone) {
      std::string le = ScalarError(a.scalar, lhs, "lhs: ");
      std::string re = ScalarError(a.scalar, rhs, "rhs: ");
      if (!le.empty() && !re.empty()) {
        errs.push_back({PathString(path_), le});
        errs.push_back({PathString(path_), re});
        return;
      }
      Leaf(lhs, rhs, in_leaf);
    } else if (a.is_list) {
      DoList(a, lhs, rhs, in_leaf);
    } else {
      errs.push_back({PathString(path_), "schema error: invalid atom: inlined"});
    }
  }

  void Leaf(const Json* lhs, const Json* rhs, bool& in_leaf) {
    if (in_leaf) return;
    in_leaf = true;
    if (lhs == nullptr) {
      cmp.added.Insert(path_);
    } else if (rhs == nullptr) {
      cmp.removed.Insert(path_);
    } else if (!ValueEquals(*rhs, *lhs)) {
      cmp.modified.Insert(path_);
    }
  }

  void DoList(const Atom& a, const Json* lhs, const Json* rhs, bool& in_leaf) {
    const Json* l = lhs != nullptr && lhs->is_array() ? lhs : nullptr;
    const Json* r = rhs != nullptr && rhs->is_array() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (a.list_atomic || empty) {
      Leaf(lhs, rhs, in_leaf);
      return;
    }
    std::vector<PathElement> all;
    std::map<PathElement, std::vector<const Json*>> lv, rv;
    if (l != nullptr) {
      for (size_t i = 0; i < l->size(); ++i) {
        PathElement pe;
        if (std::string e = ItemElement(a, (*l)[i], &pe); !e.empty()) {
          errs.push_back({PathString(path_), "element " + std::to_string(i) + ": " + e});
          continue;
        }
        auto [it, inserted] = lv.try_emplace(pe);
        it->second.push_back(&(*l)[i]);
        if (inserted) all.push_back(pe);
      }
    }
    if (r != nullptr) {
      for (size_t i = 0; i < r->size(); ++i) {
        PathElement pe;
        if (std::string e = ItemElement(a, (*r)[i], &pe); !e.empty()) {
          errs.push_back({PathString(path_), "element " + std::to_string(i) + ": " + e});
          continue;
        }
        auto [it, inserted] = rv.try_emplace(pe);
        it->second.push_back(&(*r)[i]);
        if (inserted && !lv.count(pe)) all.push_back(pe);
      }
    }
    static const std::vector<const Json*> kNone;
    for (const auto& pe : all) {
      auto li = lv.find(pe);
      auto ri = rv.find(pe);
      const auto& ll = li == lv.end() ? kNone : li->second;
      const auto& rl = ri == rv.end() ? kNone : ri->second;
      if (ll.empty() && rl.empty()) return;
      if (ll.size() <= 1 && rl.size() <= 1) {
        Item(a, pe, ll.empty() ? nullptr : ll[0], rl.empty() ? nullptr : rl[0]);
      } else if (ll.size() >= 2 && rl.size() >= 2) {
        bool equal = ll.size() == rl.size();
        for (size_t i = 0; equal && i < ll.size(); ++i) equal = ValueEquals(*ll[i], *rl[i]);
        if (!equal) cmp.modified.Insert(Append(path_, pe));
      } else if (ll.size() >= 2) {
        if (!rl.empty()) Item(a, pe, nullptr, rl[0]);
        cmp.removed.Insert(Append(path_, pe));
      } else {
        if (!ll.empty()) Item(a, pe, ll[0], nullptr);
        cmp.added.Insert(Append(path_, pe));
      }
    }
  }

  void Item(const Atom& a, const PathElement& pe, const Json* lhs, const Json* rhs) {
    path_.push_back(pe);
    Node(lhs, rhs, a.list_element);
    path_.pop_back();
  }

  void DoMap(const Atom& a, const Json* lhs, const Json* rhs, bool& in_leaf) {
    const Json* l = lhs != nullptr && lhs->is_object() ? lhs : nullptr;
    const Json* r = rhs != nullptr && rhs->is_object() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (a.map_atomic || empty) {
      Leaf(lhs, rhs, in_leaf);
      return;
    }
    std::set<std::string> keys;
    if (l != nullptr) {
      for (auto it = l->begin(); it != l->end(); ++it) keys.insert(it.key());
    }
    if (r != nullptr) {
      for (auto it = r->begin(); it != r->end(); ++it) keys.insert(it.key());
    }
    for (const auto& k : keys) {
      const Json* lc = nullptr;
      const Json* rc = nullptr;
      if (l != nullptr) {
        if (auto it = l->find(k); it != l->end()) lc = &*it;
      }
      if (r != nullptr) {
        if (auto it = r->find(k); it != r->end()) rc = &*it;
      }
      path_.push_back(PathElement::Field(k));
      Node(lc, rc, EntryType(a, k));
      path_.pop_back();
    }
  }

  Path path_;
};

// ---- Merge ---------------------------------------------------------------------

class MergeWalker {
 public:
  std::vector<WalkError> errs;

  void Node(const Json* lhs, const Json* rhs, TypeRef ref, std::optional<Json>& out) {
    if (lhs == nullptr && rhs == nullptr) {
      errs.push_back({PathString(path_), "at least one of lhs and rhs must be provided"});
      return;
    }
    Atom a = Resolve(ref);
    Atom al = Deduce(a, lhs), ar = Deduce(a, rhs);
    bool in_leaf = false;
    if (rhs == nullptr) {
      Handle(al, lhs, rhs, out, in_leaf);
    } else if (lhs == nullptr || al.SameShape(ar)) {
      Handle(ar, lhs, rhs, out, in_leaf);
    } else {
      std::optional<Json> scratch;
      bool scratch_leaf = false;
      Handle(al, lhs, rhs, scratch, scratch_leaf);
      Handle(ar, lhs, rhs, out, in_leaf);
    }
  }

 private:
  void Handle(const Atom& a, const Json* lhs, const Json* rhs, std::optional<Json>& out,
              bool& in_leaf) {
    if (a.is_map) {
      DoMap(a, lhs, rhs, out, in_leaf);
    } else if (a.scalar != ScalarType::kNone) {
      std::string le = ScalarError(a.scalar, lhs, "lhs: ");
      std::string re = ScalarError(a.scalar, rhs, "rhs: ");
      if (!le.empty() && !re.empty()) {
        errs.push_back({PathString(path_), le});
        errs.push_back({PathString(path_), re});
        return;
      }
      Leaf(lhs, rhs, out, in_leaf);
    } else if (a.is_list) {
      DoList(a, lhs, rhs, out, in_leaf);
    } else {
      errs.push_back({PathString(path_), "schema error: invalid atom: inlined"});
    }
  }

  // The applied value wins.
  void Leaf(const Json* lhs, const Json* rhs, std::optional<Json>& out, bool& in_leaf) {
    if (in_leaf) return;
    in_leaf = true;
    if (rhs != nullptr) {
      out = *rhs;
    } else if (lhs != nullptr) {
      out = *lhs;
    }
  }

  // Returns false (after recording errors) when items lack keys or rhs
  // repeats a key.
  bool Index(const Atom& a, const Json* list, bool allow_duplicates, std::vector<PathElement>& pes,
             std::map<PathElement, const Json*>& observed) {
    bool ok = true;
    if (list == nullptr) return ok;
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& child = (*list)[i];
      PathElement pe;
      if (std::string e = ItemElement(a, child, &pe); !e.empty()) {
        errs.push_back({PathString(path_), "element " + std::to_string(i) + ": " + e});
        ok = false;
        continue;
      }
      auto it = observed.find(pe);
      if (it != observed.end() && !allow_duplicates) {
        errs.push_back({PathString(path_), "duplicate entries for key " + pe.ToString()});
        ok = false;
        continue;
      }
      if (it == observed.end()) {
        observed.emplace(pe, &child);
      } else {
        it->second = &NullJson();
      }
      pes.push_back(pe);
    }
    return ok;
  }

  void DoList(const Atom& a, const Json* lhs, const Json* rhs, std::optional<Json>& out,
              bool& in_leaf) {
    const Json* l = lhs != nullptr && lhs->is_array() ? lhs : nullptr;
    const Json* r = rhs != nullptr && rhs->is_array() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (a.list_atomic || empty) {
      Leaf(lhs, rhs, out, in_leaf);
      return;
    }
    std::vector<PathElement> rpes, lpes;
    std::map<PathElement, const Json*> robs, lobs;
    bool rok = Index(a, r, false, rpes, robs);
    bool lok = Index(a, l, true, lpes, lobs);
    if (!rok || !lok) return;

    std::vector<const PathElement*> shared;
    for (const auto& pe : rpes) {
      if (lobs.count(pe)) shared.push_back(&pe);
    }
    size_t next_shared_index = 0;
    const PathElement* next_shared = nullptr;
    auto advance_shared = [&] {
      next_shared = next_shared_index < shared.size() ? shared[next_shared_index++] : nullptr;
    };
    advance_shared();

    Json items = Json::array();
    std::set<PathElement> merged_rhs;
    auto get = [](const std::map<PathElement, const Json*>& m, const PathElement& pe) {
      auto it = m.find(pe);
      return it == m.end() ? nullptr : it->second;
    };
    size_t li = 0, ri = 0;
    while (li < lpes.size() || ri < rpes.size()) {
      if (li < lpes.size() && ri < rpes.size()) {
        const PathElement& pe = lpes[li];
        if (pe == rpes[ri]) {
          merged_rhs.insert(pe);
          Item(a, pe, get(lobs, pe), get(robs, pe), items);
          ++li;
          ++ri;
          advance_shared();
          continue;
        }
        if (robs.count(pe) && next_shared != nullptr && !(*next_shared == lpes[li])) {
          ++li;
          continue;
        }
      }
      if (li < lpes.size()) {
        const PathElement& pe = lpes[li];
        if (!robs.count(pe)) {
          Item(a, pe, &(*l)[li], nullptr, items);
          ++li;
          continue;
        } else if (merged_rhs.count(pe)) {
          ++li;
        }
      }
      if (ri < rpes.size()) {
        const PathElement& pe = rpes[ri];
        merged_rhs.insert(pe);
        Item(a, pe, get(lobs, pe), get(robs, pe), items);
        ++ri;
        if (next_shared != nullptr && *next_shared == pe) advance_shared();
      }
    }
    if (!items.empty()) out = std::move(items);
  }

  // Like upstream, errors inside list items are not reported.
  void Item(const Atom& a, const PathElement& pe, const Json* lhs, const Json* rhs, Json& items) {
    size_t before = errs.size();
    path_.push_back(pe);
    std::optional<Json> out;
    Node(lhs, rhs, a.list_element, out);
    path_.pop_back();
    errs.resize(before);
    if (out) items.push_back(std::move(*out));
  }

  void DoMap(const Atom& a, const Json* lhs, const Json* rhs, std::optional<Json>& out,
             bool& in_leaf) {
    const Json* l = lhs != nullptr && lhs->is_object() ? lhs : nullptr;
    const Json* r = rhs != nullptr && rhs->is_object() ? rhs : nullptr;
    bool empty = (l == nullptr || l->empty()) && (r == nullptr || r->empty());
    if (a.map_atomic || empty) {
      Leaf(lhs, rhs, out, in_leaf);
      return;
    }
    std::set<std::string> keys;
    if (l != nullptr) {
      for (auto it = l->begin(); it != l->end(); ++it) keys.insert(it.key());
    }
    if (r != nullptr) {
      for (auto it = r->begin(); it != r->end(); ++it) keys.insert(it.key());
    }
    Json merged = Json::object();
    for (const auto& k : keys) {
      const Json* lc = nullptr;
      const Json* rc = nullptr;
      if (l != nullptr) {
        if (auto it = l->find(k); it != l->end()) lc = &*it;
      }
      if (r != nullptr) {
        if (auto it = r->find(k); it != r->end()) rc = &*it;
      }
      path_.push_back(PathElement::Field(k));
      std::optional<Json> child;
      Node(lc, rc, EntryType(a, k), child);
      path_.pop_back();
      if (child) merged[k] = std::move(*child);
    }
    if (!merged.empty()) out = std::move(merged);
  }

  Path path_;
};

// ---- RemoveItems ---------------------------------------------------------------

Json Remove(const Json& value, const FieldSet& to_remove, TypeRef ref) {
  Atom a = Deduce(Resolve(ref), &value);
  if (a.is_map) {
    if (!value.is_object() || value.empty() || a.map_atomic) return nullptr;
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      PathElement pe = PathElement::Field(it.key());
      if (to_remove.Has({pe})) continue;
      FieldSet subset = to_remove.WithPrefix(pe);
      if (!subset.Empty()) {
        out[it.key()] = Remove(it.value(), subset, EntryType(a, it.key()));
      } else {
        out[it.key()] = it.value();
      }
    }
    if (out.empty()) return nullptr;
    return out;
  }
  if (a.scalar != ScalarType::kNone) return value;
  if (a.is_list) {
    if (!value.is_array() || value.empty() || a.list_atomic) return nullptr;
    Json out = Json::array();
    for (const auto& item : value) {
      PathElement pe;
      ItemElement(a, item, &pe);
      if (to_remove.Has({pe})) continue;
      FieldSet subset = to_remove.WithPrefix(pe);
      if (!subset.Empty()) {
        out.push_back(Remove(item, subset, a.list_element));
      } else {
        out.push_back(item);
      }
    }
    if (out.empty()) return nullptr;
    return out;
  }
  return nullptr;
}

// ---- Validate -----------------------------------------------------------------

class ValidateWalker {
 public:
  explicit ValidateWalker(bool allow_duplicates) : allow_duplicates_(allow_duplicates) {}
  std::vector<WalkError> errs;

  void Node(const Json& v, TypeRef ref) {
    Atom a = Deduce(Resolve(ref), &v);
    if (a.is_map) {
      DoMap(a, v);
    } else if (a.scalar != ScalarType::kNone) {
      if (std::string e = ScalarError(a.scalar, &v, ""); !e.empty()) {
        errs.push_back({PathString(path_), e});
      }
    } else if (a.is_list) {
      DoList(a, v);
    } else {
      errs.push_back({PathString(path_), "schema error: invalid atom: inlined"});
    }
  }

 private:
  void DoList(const Atom& a, const Json& v) {
    if (v.is_null()) return;
    if (!v.is_array()) {
      errs.push_back({PathString(path_), "expected list, got &{" + GoV(v) + "}"});
      return;
    }
    std::set<PathElement> observed;
    for (size_t i = 0; i < v.size(); ++i) {
      PathElement pe;
      if (a.list_atomic) {
        pe = PathElement::Index(static_cast<int>(i));
      } else {
        if (std::string e = ItemElement(a, v[i], &pe); !e.empty()) {
          errs.push_back({PathString(path_), "element " + std::to_string(i) + ": " + e});
          return;
        }
        if (observed.count(pe) && !allow_duplicates_) {
          errs.push_back({PathString(path_), "duplicate entries for key " + pe.ToString()});
        }
        observed.insert(pe);
      }
      path_.push_back(pe);
      Node(v[i], a.list_element);
      path_.pop_back();
    }
  }

  void DoMap(const Atom& a, const Json& v) {
    if (v.is_null()) return;
    if (!v.is_object()) {
      errs.push_back({PathString(path_), "expected map, got &{" + GoV(v) + "}"});
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      path_.push_back(PathElement::Field(it.key()));
      if (a.struct_def != nullptr && !IsStructField(a, it.key())) {
        errs.push_back({PathString(path_), "field not declared in schema"});
        path_.pop_back();
        return;
      }
      Node(it.value(), EntryType(a, it.key()));
      path_.pop_back();
    }
  }

  bool allow_duplicates_;
  Path path_;
};

// ---- zero values --------------------------------------------------------------

std::optional<Json> ZeroField(const FieldDef& f);

Json ZeroStruct(const TypeDef& t) {
  Json out = Json::object();
  for (const auto& f : t.fields) {
    if (auto v = ZeroField(f)) out[f.name] = std::move(*v);
  }
  return out;
}

// What encoding a zero Go field produces, or nothing when omitempty drops
// it. Structs (including Time, Quantity, IntOrString, RawExtension) are
// never dropped: omitempty does not apply to them.
std::optional<Json> ZeroField(const FieldDef& f) {
  const TypeDef& t = *f.type;
  if (f.pointer) {
    if (f.omit_empty) return std::nullopt;
    return Json(nullptr);
  }
  switch (t.kind) {
    case TypeKind::kObject:
      return ZeroStruct(t);
    case TypeKind::kTime:
    case TypeKind::kMicroTime:
    case TypeKind::kAny:
      return Json(nullptr);
    case TypeKind::kIntOrString:
      return Json(0);
    case TypeKind::kQuantity:
      return Json("0");
    default:
      break;
  }
  if (f.omit_empty) return std::nullopt;
  switch (t.kind) {
    case TypeKind::kString:
      return Json("");
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      return Json(0);
    case TypeKind::kBoolean:
      return Json(false);
    default:
      return Json(nullptr);
  }
}

}  // namespace

void Comparison::Exclude(const FieldSet& ignored) {
  if (ignored.Empty()) return;
  removed = removed.RecursiveDifference(ignored);
  modified = modified.RecursiveDifference(ignored);
  added = added.RecursiveDifference(ignored);
}

FieldSet ToFieldSet(const Json& value, TypeRef type) {
  FieldSetWalker w;
  w.Node(value, type);
  return std::move(w.set);
}

Result<Comparison> Compare(const Json& lhs, const Json& rhs, TypeRef type) {
  CompareWalker w;
  w.Node(&lhs, &rhs, type);
  if (!w.errs.empty()) return Status::Internal(FormatErrors(w.errs));
  return std::move(w.cmp);
}

Result<Json> Merge(const Json& lhs, const Json& rhs, TypeRef type) {
  MergeWalker w;
  std::optional<Json> out;
  w.Node(&lhs, &rhs, type, out);
  if (!w.errs.empty()) return Status::Internal(FormatErrors(w.errs));
  if (!out) return Json(nullptr);
  return std::move(*out);
}

Json RemoveItems(const Json& value, const FieldSet& items, TypeRef type) {
  return Remove(value, items, type);
}

std::string Validate(const Json& value, TypeRef type, bool allow_duplicates) {
  ValidateWalker w(allow_duplicates);
  w.Node(value, type);
  if (w.errs.empty()) return "";
  return FormatErrors(w.errs);
}

FieldSet EnsureNamedFieldsAreMembers(const FieldSet& set, TypeRef type) {
  Atom a = Resolve(type);
  FieldSet out;
  for (const auto& m : set.members()) out.InsertMember(m);
  for (const auto& child : set.children()) {
    const PathElement& pe = child.element;
    // Elements the schema does not describe lead to the untyped node, below
    // which no field is named.
    TypeRef child_type;
    if (pe.kind == PathElement::Kind::kField && a.is_map) {
      if (IsStructField(a, pe.field)) out.InsertMember(pe);
      child_type = EntryType(a, pe.field);
    } else if (pe.kind == PathElement::Kind::kKey && a.is_list) {
      child_type = a.list_element;
    }
    out.Descend(pe) = EnsureNamedFieldsAreMembers(child.set, child_type);
  }
  return out;
}

Json ZeroObject(const schema::TypeDef& kind) {
  Json out = ZeroStruct(kind);
  out["apiVersion"] =
      kind.gvk.group.empty() ? kind.gvk.version : kind.gvk.group + "/" + kind.gvk.version;
  out["kind"] = kind.gvk.kind;
  return out;
}

}  // namespace stead::api::apply
