// LabelSelector: a conjunction of label requirements, as in
// k8s.io/apimachinery/pkg/labels. Built from the string syntax of
// `?labelSelector=` / `kubectl -l` ("a=b,c!=d,e in (f,g),!h"), from a
// metav1.LabelSelector object (matchLabels + matchExpressions) or from a
// plain label set. Errors carry upstream's messages; ToString() is the
// canonical form upstream prints (requirements sorted by key, values sorted),
// as seen in Scale's status.selector.
//
// Matching follows upstream: `!=` and `notin` match objects lacking the key.
// A default-constructed selector matches everything; Nothing() matches no
// object (what a missing metav1.LabelSelector means). Immutable value type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace stead {

using LabelSet = std::map<std::string, std::string>;

class LabelSelector {
 public:
  enum class Operator {
    kIn,
    kNotIn,
    kEquals,        // "="
    kDoubleEquals,  // "=="
    kNotEquals,
    kExists,
    kDoesNotExist,
    kGreaterThan,  // "gt" in the API, ">" in the string syntax
    kLessThan,
  };

  struct Requirement {
    std::string key;
    Operator op = Operator::kExists;
    // In the order given (sorted and de-duplicated when parsed from a string).
    std::vector<std::string> values;

    bool Matches(const LabelSet& labels) const;
    // "key=value", "key in (a,b)", "!key", ...
    std::string ToString() const;
    friend bool operator==(const Requirement&, const Requirement&) = default;
  };

  // Validates key and values as upstream labels.NewRequirement does; the
  // error message is its aggregated field errors, e.g.
  // `values[0][app]: Invalid value: "a b": a valid label must be ...`.
  static Result<Requirement> MakeRequirement(std::string key, Operator op,
                                             std::vector<std::string> values);

  // Matches everything.
  LabelSelector() = default;
  static LabelSelector Nothing();
  // labels.Parse; errors are 400 BadRequest with upstream's message, e.g.
  // `unable to parse requirement: <nil>: Invalid value: "a b": name part ...`
  // or `found ',', expected: !, identifier, or 'end of string'`.
  static Result<LabelSelector> Parse(std::string_view text);
  // metav1.LabelSelectorAsSelector: null means Nothing(), {} means
  // everything. Errors are 400 BadRequest with upstream's message.
  static Result<LabelSelector> FromJson(const Json& selector);

  bool Matches(const LabelSet& labels) const;
  // True when there are no requirements (so everything matches); false for
  // Nothing().
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  bool MatchesEverything() const { return Empty(); }
  bool MatchesNothing() const { return nothing_; }
  // Sorted by key.
  const std::vector<Requirement>& requirements() const { return requirements_; }
  // The value `key` must equal for a match ("=", "==" or a one-value "in"),
  // from the first requirement on `key`.
  std::optional<std::string> RequiresExactMatch(std::string_view key) const;
  // Requirements joined by ","; "" for an empty selector and for Nothing().
  std::string ToString() const;

  // A copy with `more` added (re-sorted by key).
  LabelSelector Add(std::vector<Requirement> more) const;

 private:
  std::vector<Requirement> requirements_;
  bool nothing_ = false;
};

// labels.SelectorFromSet: one "=" requirement per entry; not validated.
LabelSelector SelectorFromSet(const LabelSet& labels);

}  // namespace stead
