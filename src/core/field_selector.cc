#include "core/field_selector.h"

#include <algorithm>

namespace stead {
namespace {

// Width of the UTF-8 sequence led by `c` (1 for ASCII and stray bytes).
size_t SequenceWidth(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF7) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// Splits on commas that are not backslash-escaped.
std::vector<std::string_view> SplitTerms(std::string_view s) {
  std::vector<std::string_view> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_slash) {
      in_slash = false;
    } else if (s[i] == '\\') {
      in_slash = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

Result<std::string> UnescapeValue(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      if (i + 1 == s.size()) {
        return Status::BadRequest("invalid field selector: invalid escape sequence: \\");
      }
      char next = s[i + 1];
      if (next != '\\' && next != ',' && next != '=') {
        size_t width = std::min(SequenceWidth(static_cast<unsigned char>(next)), s.size() - i - 1);
        return Status::BadRequest("invalid field selector: invalid escape sequence: \\" +
                                  std::string(s.substr(i + 1, width)));
      }
      out += next;
      ++i;
    } else if (c == ',' || c == '=') {
      // Upstream prints the rune with %v, i.e. as its code point number.
      return Status::BadRequest("invalid field selector: unescaped character in value: " +
                                std::to_string(static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<FieldSelector> FieldSelector::Parse(std::string_view text) {
  std::vector<std::string_view> parts = SplitTerms(text);
  std::sort(parts.begin(), parts.end());
  FieldSelector sel;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    // The first operator occurrence splits the term; "!=" and "==" win over
    // "=" at the same position.
    size_t pos = 0;
    size_t op_len = 0;
    Operator op = Operator::kEquals;
    for (; pos < part.size(); ++pos) {
      std::string_view rest = part.substr(pos);
      if (rest.starts_with("!=")) {
        op = Operator::kNotEquals;
        op_len = 2;
      } else if (rest.starts_with("==")) {
        op_len = 2;
      } else if (rest.starts_with("=")) {
        op_len = 1;
      } else {
        continue;
      }
      break;
    }
    if (op_len == 0) {
      return Status::BadRequest("invalid selector: '" + std::string(text) +
                                "'; can't understand '" + std::string(part) + "'");
    }
    STEAD_ASSIGN_OR_RETURN(std::string value, UnescapeValue(part.substr(pos + op_len)));
    std::string field(part.substr(0, pos));
    // A term with neither field nor value selects everything, so it is dropped.
    if (field.empty() && value.empty()) continue;
    sel.requirements_.push_back({std::move(field), op, std::move(value)});
  }
  return sel;
}

bool FieldSelector::Matches(const Getter& getter) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const Requirement& r) {
    bool equal = getter(r.field).value_or("") == r.value;
    return r.op == Operator::kEquals ? equal : !equal;
  });
}

std::optional<std::string> FieldSelector::RequiresExactMatch(std::string_view field) const {
  for (const Requirement& r : requirements_) {
    if (r.op == Operator::kEquals && r.field == field) return r.value;
  }
  return std::nullopt;
}

std::string FieldSelector::ToString() const {
  std::string out;
  for (const Requirement& r : requirements_) {
    if (!out.empty()) out += ',';
    out += r.field;
    out += r.op == Operator::kEquals ? "=" : "!=";
    out += EscapeFieldValue(r.value);
  }
  return out;
}

std::string EscapeFieldValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace stead
