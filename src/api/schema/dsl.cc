#include "api/schema/dsl.h"

#include <charconv>
#include <utility>

namespace stead::api::schema {
namespace {

constexpr std::string_view kApiVersionDescription =
    "The versioned schema of this representation (group/version). Servers convert known "
    "schemas to their preferred version and may reject unknown ones.";
constexpr std::string_view kKindDescription =
    "The REST resource this object represents, in CamelCase. Servers may infer it from the "
    "endpoint the client writes to. Cannot be updated.";
constexpr std::string_view kObjectMetaDescription =
    "Standard object metadata: name, namespace, labels, annotations, owners and the "
    "system-populated fields.";
constexpr std::string_view kListMetaDescription =
    "Standard list metadata: the resourceVersion of the list and the continue token for "
    "paging.";

struct Package {
  std::string prefix;  // "io.k8s.api.apps.v1"
  std::string go;      // "v1"
};

// A field whose type is resolved in Finish().
struct PendingField {
  TypeDef* owner;
  size_t index;
  std::string package;  // alias of the package the field was written in
  std::string type;     // the type expression, without the leading '*'
  int line;
};

struct PendingAlias {
  TypeDef* def;
  std::string package;
  std::string type;
  int line;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// Reads "<n>" or "<embed>.<n>" (see dsl.h) into the field.
bool ParseProtoTag(std::string_view text, FieldDef* field) {
  auto number = [](std::string_view s, int* out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size() && *out > 0;
  };
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return number(text, &field->proto_tag);
  return number(text.substr(0, dot), &field->proto_embed_tag) &&
         number(text.substr(dot + 1), &field->proto_tag);
}

}  // namespace

struct DslLoader::Impl {
  Registry* registry;
  std::map<std::string, Package, std::less<>> packages;
  std::map<std::string, TypeDef*, std::less<>> aliases;  // full name -> alias type
  std::vector<PendingField> fields;
  std::vector<PendingAlias> pending_aliases;

  // Per-source state.
  std::string package;
  TypeDef* current = nullptr;
  int line_no = 0;

  Status Error(std::string_view what) const {
    return Status::Internal("schema definitions, package " + package + " line " +
                            std::to_string(line_no) + ": " + std::string(what));
  }

  std::string FullName(std::string_view pkg_alias, std::string_view name) const {
    auto it = packages.find(pkg_alias);
    return it == packages.end() ? std::string(name) : it->second.prefix + "." + std::string(name);
  }

  Status ParseLine(std::string_view line);
  Status ParseField(std::string_view line);
  Status AddField(FieldDef field, std::string type_expr);
  Result<const TypeDef*> Resolve(const std::string& pkg, std::string_view expr) const;
  Result<std::pair<std::string, const TypeDef*>> ResolveName(const std::string& pkg,
                                                             std::string_view name) const;
};

DslLoader::DslLoader(Registry* registry) : impl_(std::make_unique<Impl>()) {
  impl_->registry = registry;
}

DslLoader::~DslLoader() = default;

Status DslLoader::Add(std::string_view source) {
  impl_->package.clear();
  impl_->current = nullptr;
  impl_->line_no = 0;
  size_t pos = 0;
  while (pos <= source.size()) {
    size_t end = source.find('\n', pos);
    if (end == std::string_view::npos) end = source.size();
    ++impl_->line_no;
    STEAD_RETURN_IF_ERROR(impl_->ParseLine(source.substr(pos, end - pos)));
    pos = end + 1;
  }
  return Status::OK();
}

// Splits `words... "description"` into the words and the unescaped text.
// The description is the first quote that starts a word (flags such as
// default="TCP" contain quotes too).
static Status SplitDescription(std::string_view line, std::string_view* head,
                               std::string* description) {
  size_t quote = line.front() == '"' ? 0 : line.find(" \"");
  if (quote != std::string_view::npos && line[quote] == ' ') ++quote;
  if (quote == std::string_view::npos) {
    *head = line;
    description->clear();
    return Status::OK();
  }
  *head = Trim(line.substr(0, quote));
  std::string_view rest = line.substr(quote + 1);
  if (rest.empty() || rest.back() != '"') return Status::Internal("unterminated description");
  rest.remove_suffix(1);
  description->clear();
  description->reserve(rest.size());
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '\\' && i + 1 < rest.size()) {
      char c = rest[++i];
      description->push_back(c == 'n' ? '\n' : c);
    } else {
      description->push_back(rest[i]);
    }
  }
  return Status::OK();
}

Status DslLoader::Impl::ParseLine(std::string_view raw) {
  if (Trim(raw).empty() || Trim(raw).front() == '#') return Status::OK();
  bool indented = raw.front() == ' ';
  std::string_view line = Trim(raw);
  if (indented) {
    if (current == nullptr) return Error("field outside a type");
    return ParseField(line);
  }
  current = nullptr;
  std::string_view head;
  std::string description;
  if (Status st = SplitDescription(line, &head, &description); !st.ok()) {
    return Error(st.message());
  }
  std::vector<std::string_view> words = SplitWords(head);
  if (words.empty()) return Error("empty declaration");
  std::string_view verb = words[0];
  if (verb == "package") {
    if (words.size() != 4) return Error("package wants <alias> <prefix> <go-package>");
    package = std::string(words[1]);
    packages[package] = Package{std::string(words[2]), std::string(words[3])};
    return Status::OK();
  }
  if (package.empty()) return Error("declaration before package");
  const Package& pkg = packages[package];
  if (words.size() < 2) return Error("missing name");
  std::string name(words[1]);
  if (verb == "alias") {
    if (words.size() < 3) return Error("alias wants a type");
    TypeDef* def = registry->Alias(TypeKind::kString, pkg.go + "." + name);
    for (size_t i = 3; i < words.size(); ++i) {
      std::string_view w = words[i];
      if (w.substr(0, 5) == "enum=") {
        def->enum_values = SplitOn(w.substr(5), '|');
      } else if (w.substr(0, 3) == "go=") {
        def->go_name = std::string(w.substr(3));
      } else {
        return Error("unknown alias flag " + std::string(w));
      }
    }
    aliases[pkg.prefix + "." + name] = def;
    pending_aliases.push_back({def, package, std::string(words[2]), line_no});
    return Status::OK();
  }
  if (verb == "scalar") {
    if (words.size() != 3) return Error("scalar wants a name and a form");
    std::string_view form = words[2];
    TypeKind kind;
    std::string format;
    if (form == "time") {
      kind = TypeKind::kTime;
      format = "date-time";
    } else if (form == "microtime") {
      kind = TypeKind::kMicroTime;
      format = "date-time";
    } else if (form == "quantity") {
      kind = TypeKind::kQuantity;
    } else if (form == "intorstring") {
      kind = TypeKind::kIntOrString;
      format = "int-or-string";
    } else if (form == "object") {
      kind = TypeKind::kAny;
    } else {
      return Error("unknown scalar form " + std::string(form));
    }
    TypeDef* def = registry->Define(pkg.prefix + "." + name, kind);
    def->format = format;
    def->description = std::move(description);
    def->go_name = pkg.go + "." + name;
    return Status::OK();
  }
  if (verb != "type") return Error("unknown declaration " + std::string(verb));
  TypeDef* def = registry->Define(pkg.prefix + "." + name, TypeKind::kObject);
  if (!def->fields.empty()) return Error("type defined twice: " + name);
  def->description = std::move(description);
  def->go_name = pkg.go + "." + name;
  for (size_t i = 2; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w.substr(0, 4) == "gvk=") {
      std::vector<std::string> parts = SplitOn(w.substr(4), '/');
      if (parts.size() != 3) return Error("gvk wants group/version/Kind");
      def->gvk = GroupVersionKind{parts[0], parts[1], parts[2]};
    } else if (w == "atomic") {
      def->map_type = "atomic";
    } else if (w.substr(0, 6) == "union=") {
      std::string_view spec = w.substr(6);
      size_t colon = spec.find(':');
      if (colon == std::string_view::npos) return Error("union wants discriminator:fields");
      def->union_discriminator = std::string(spec.substr(0, colon));
      for (const std::string& member : SplitOn(spec.substr(colon + 1), ',')) {
        size_t eq = member.find('=');
        if (eq == std::string::npos) return Error("union member wants field=Value");
        def->union_fields.emplace_back(member.substr(0, eq), member.substr(eq + 1));
      }
    } else {
      return Error("unknown type flag " + std::string(w));
    }
  }
  current = def;
  return Status::OK();
}

Status DslLoader::Impl::AddField(FieldDef field, std::string type_expr) {
  if (current->FindField(field.name) != nullptr) return Error("duplicate field " + field.name);
  current->fields.push_back(std::move(field));
  fields.push_back({current, current->fields.size() - 1, package, std::move(type_expr), line_no});
  return Status::OK();
}

Status DslLoader::Impl::ParseField(std::string_view line) {
  if (line == "@object" || line == "@list" || line == "@typemeta") {
    FieldDef api_version;
    api_version.name = "apiVersion";
    api_version.description = kApiVersionDescription;
    STEAD_RETURN_IF_ERROR(AddField(std::move(api_version), "string"));
    FieldDef kind;
    kind.name = "kind";
    kind.description = kKindDescription;
    STEAD_RETURN_IF_ERROR(AddField(std::move(kind), "string"));
    if (line == "@typemeta") return Status::OK();
    FieldDef metadata;
    metadata.name = "metadata";
    metadata.proto_tag = 1;
    bool object = line == "@object";
    metadata.description = object ? kObjectMetaDescription : kListMetaDescription;
    return AddField(std::move(metadata), object ? "meta.ObjectMeta" : "meta.ListMeta");
  }
  std::string_view head;
  FieldDef field;
  if (Status st = SplitDescription(line, &head, &field.description); !st.ok()) {
    return Error(st.message());
  }
  std::vector<std::string_view> words = SplitWords(head);
  if (words.size() < 2) return Error("field wants a name and a type");
  field.name = std::string(words[0]);
  std::string_view type = words[1];
  if (!type.empty() && type.front() == '*') {
    field.pointer = true;
    type.remove_prefix(1);
  }
  for (size_t i = 2; i < words.size(); ++i) {
    std::string_view w = words[i];
    size_t eq = w.find('=');
    std::string_view key = w.substr(0, eq);
    std::string value = eq == std::string_view::npos ? "" : std::string(w.substr(eq + 1));
    if (w == "req") {
      field.required = true;
      field.omit_empty = false;
    } else if (w == "always") {
      field.omit_empty = false;
    } else if (key == "patch") {
      field.patch_strategy = value;
    } else if (key == "key") {
      field.patch_merge_key = value;
    } else if (key == "list") {
      field.list_type = value;
    } else if (key == "keys") {
      field.list_map_keys = SplitOn(value, ',');
    } else if (key == "map") {
      field.map_type = value;
    } else if (key == "pb") {
      if (!ParseProtoTag(value, &field)) return Error("bad protobuf field number " + value);
    } else if (key == "default") {
      Json parsed = Json::parse(value, nullptr, /*allow_exceptions=*/false);
      if (parsed.is_discarded()) return Error("bad default " + value);
      field.default_value = std::move(parsed);
    } else {
      return Error("unknown field flag " + std::string(w));
    }
  }
  return AddField(std::move(field), std::string(type));
}

Result<std::pair<std::string, const TypeDef*>> DslLoader::Impl::ResolveName(
    const std::string& pkg, std::string_view name) const {
  std::string full;
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) {
    full = FullName(pkg, name);
  } else {
    if (packages.find(name.substr(0, dot)) == packages.end()) {
      return Status::Internal("unknown package in " + std::string(name));
    }
    full = FullName(name.substr(0, dot), name.substr(dot + 1));
  }
  if (const TypeDef* def = registry->Find(full)) return std::make_pair(full, def);
  auto it = aliases.find(full);
  if (it != aliases.end()) return std::make_pair(full, static_cast<const TypeDef*>(it->second));
  return Status::Internal("unknown type " + std::string(name));
}

Result<const TypeDef*> DslLoader::Impl::Resolve(const std::string& pkg,
                                                std::string_view expr) const {
  if (expr.substr(0, 2) == "[]") {
    STEAD_ASSIGN_OR_RETURN(const TypeDef* element, Resolve(pkg, expr.substr(2)));
    return registry->ArrayOf(element);
  }
  if (!expr.empty() && expr.front() == '{') {
    size_t close = expr.find('}');
    if (close == std::string_view::npos) return Status::Internal("bad map type");
    STEAD_ASSIGN_OR_RETURN(const TypeDef* value, Resolve(pkg, expr.substr(close + 1)));
    std::string key_go = "string";
    if (close > 1) {
      STEAD_ASSIGN_OR_RETURN(auto key, ResolveName(pkg, expr.substr(1, close - 1)));
      key_go = key.second->go_name;
    }
    return registry->MapOf(value, "map[" + key_go + "]" + value->go_name);
  }
  if (expr == "string") return registry->Scalar(TypeKind::kString);
  if (expr == "int32") return registry->Scalar(TypeKind::kInteger, "int32");
  if (expr == "int64") return registry->Scalar(TypeKind::kInteger, "int64");
  if (expr == "bool") return registry->Scalar(TypeKind::kBoolean);
  if (expr == "double") return registry->Scalar(TypeKind::kNumber, "double");
  if (expr == "bytes") return registry->Scalar(TypeKind::kBytes, "byte");
  STEAD_ASSIGN_OR_RETURN(auto named, ResolveName(pkg, expr));
  return named.second;
}

Status DslLoader::Finish() {
  Impl& d = *impl_;
  // Aliases first: fields inherit their resolved kind and element.
  for (const PendingAlias& a : d.pending_aliases) {
    Result<const TypeDef*> target = d.Resolve(a.package, a.type);
    if (!target.ok()) {
      return Status::Internal("schema definitions, package " + a.package + " line " +
                              std::to_string(a.line) + ": " + target.status().message());
    }
    a.def->kind = (*target)->kind;
    a.def->format = (*target)->format;
    a.def->element = (*target)->element;
  }
  for (const PendingField& f : d.fields) {
    Result<const TypeDef*> type = d.Resolve(f.package, f.type);
    if (!type.ok()) {
      return Status::Internal("schema definitions, package " + f.package + " line " +
                              std::to_string(f.line) + ": " + type.status().message());
    }
    f.owner->fields[f.index].type = *type;
  }
  for (const TypeDef* def : d.registry->All()) {
    if (def->kind == TypeKind::kObject && def->fields.empty() && def->description.empty()) {
      return Status::Internal("schema definitions: " + def->name + " is referenced, not defined");
    }
  }
  d.registry->Freeze();
  return Status::OK();
}

}  // namespace stead::api::schema
