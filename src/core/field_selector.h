// FieldSelector: the `?fieldSelector=` language of
// k8s.io/apimachinery/pkg/fields: comma-separated `field=value`,
// `field==value` or `field!=value` terms, all of which must hold. In values,
// `\`, `,` and `=` are escaped with a backslash. Which fields exist is the
// caller's business (the API server answers "field label not supported");
// a field the getter does not know reads as "", as upstream's Fields.Get.
// Immutable value type; a default-constructed selector matches everything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead {

class FieldSelector {
 public:
  enum class Operator { kEquals, kNotEquals };  // "==" parses as kEquals

  struct Requirement {
    std::string field;
    Operator op = Operator::kEquals;
    std::string value;  // unescaped
    friend bool operator==(const Requirement&, const Requirement&) = default;
  };

  using Getter = std::function<std::optional<std::string>(const std::string& field)>;

  FieldSelector() = default;
  // fields.ParseSelector; terms come out sorted by their text. Errors are 400
  // BadRequest with upstream's message ("invalid selector: 'x'; can't
  // understand 'x'", "invalid field selector: invalid escape sequence: \a").
  static Result<FieldSelector> Parse(std::string_view text);

  bool Matches(const Getter& getter) const;
  bool Empty() const { return requirements_.empty(); }
  const std::vector<Requirement>& requirements() const { return requirements_; }
  // The value an "=" term requires of `field`, if any.
  std::optional<std::string> RequiresExactMatch(std::string_view field) const;
  // "a=b,c!=d" with values escaped.
  std::string ToString() const;

 private:
  std::vector<Requirement> requirements_;
};

// fields.EscapeValue: backslash-escapes `\`, `,` and `=`.
std::string EscapeFieldValue(std::string_view value);

}  // namespace stead
