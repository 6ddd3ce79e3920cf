#include "core/label_selector.h"

#include <algorithm>
#include <set>

#include "core/go_quote.h"
#include "core/validation.h"

namespace stead {
namespace {

using Op = LabelSelector::Operator;

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// utilerrors.NewAggregate(...).Error(): one message as is, several
// de-duplicated inside brackets.
std::string AggregateMessage(const std::vector<std::string>& msgs) {
  std::vector<std::string> unique;
  for (const std::string& m : msgs) {
    if (std::find(unique.begin(), unique.end(), m) == unique.end()) unique.push_back(m);
  }
  if (unique.size() == 1) return unique[0];
  return "[" + Join(unique, ", ") + "]";
}

std::string InvalidMessage(std::string_view field, std::string_view rendered_value,
                           std::string_view detail) {
  return std::string(field) + ": Invalid value: " + std::string(rendered_value) + ": " +
         std::string(detail);
}

// Go's strconv.ParseInt(s, 10, 64).
std::optional<int64_t> ParseInt64(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (limit - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

std::optional<std::string> ValidateKey(std::string_view key, std::string_view field) {
  std::vector<std::string> errs = IsQualifiedName(key);
  if (errs.empty()) return std::nullopt;
  return InvalidMessage(field, GoQuote(key), Join(errs, "; "));
}

bool HasValue(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

void SortByKey(std::vector<LabelSelector::Requirement>& reqs) {
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
}

// The lexer and recursive-descent parser of labels.Parse, token for token, so
// that the same inputs fail with the same messages.
enum class Token {
  kError,
  kEnd,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct Item {
  Token tok;
  std::string literal;
};

std::optional<Token> KeywordToken(std::string_view s) {
  static constexpr std::pair<std::string_view, Token> kTokens[] = {
      {")", Token::kClosedPar},     {",", Token::kComma},    {"!", Token::kDoesNotExist},
      {"==", Token::kDoubleEquals}, {"=", Token::kEquals},   {">", Token::kGreaterThan},
      {"in", Token::kIn},           {"<", Token::kLessThan}, {"!=", Token::kNotEquals},
      {"notin", Token::kNotIn},     {"(", Token::kOpenPar},
  };
  for (const auto& [text, tok] : kTokens) {
    if (text == s) return tok;
  }
  return std::nullopt;
}

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecial(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

std::vector<Item> Lex(std::string_view s) {
  std::vector<Item> items;
  size_t pos = 0;
  // Upstream's reader returns 0 at the end, so a NUL byte also ends the input.
  const auto at = [&](size_t i) { return i < s.size() ? s[i] : '\0'; };
  for (;;) {
    while (IsWhitespace(at(pos))) ++pos;
    char c = at(pos);
    if (c == '\0') {
      items.push_back({Token::kEnd, ""});
      return items;
    }
    if (IsSpecial(c)) {
      // Longest special-symbol token; every single symbol is a token.
      std::string buf(1, c);
      Token tok = *KeywordToken(buf);
      ++pos;
      while (IsSpecial(at(pos))) {
        std::optional<Token> longer = KeywordToken(buf + at(pos));
        if (!longer) break;
        buf += at(pos);
        tok = *longer;
        ++pos;
      }
      items.push_back({tok, buf});
      continue;
    }
    size_t start = pos;
    while (at(pos) != '\0' && !IsSpecial(at(pos)) && !IsWhitespace(at(pos))) ++pos;
    std::string word(s.substr(start, pos - start));
    std::optional<Token> keyword = KeywordToken(word);
    items.push_back({keyword.value_or(Token::kIdentifier), std::move(word)});
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(Lex(text)) {}

  Result<std::vector<LabelSelector::Requirement>> Parse() {
    std::vector<LabelSelector::Requirement> reqs;
    for (;;) {
      Item next = Lookahead(true);
      switch (next.tok) {
        case Token::kIdentifier:
        case Token::kDoesNotExist: {
          Result<LabelSelector::Requirement> r = ParseRequirement();
          if (!r.ok()) {
            return Status::BadRequest("unable to parse requirement: " + r.status().message());
          }
          reqs.push_back(std::move(r).value());
          Item after = Consume(true);
          if (after.tok == Token::kEnd) return reqs;
          if (after.tok != Token::kComma) {
            return Status::BadRequest("found '" + after.literal +
                                      "', expected: ',' or 'end of string'");
          }
          Item following = Lookahead(true);
          if (following.tok != Token::kIdentifier && following.tok != Token::kDoesNotExist) {
            return Status::BadRequest("found '" + following.literal +
                                      "', expected: identifier after ','");
          }
          break;
        }
        case Token::kEnd:
          return reqs;
        default:
          return Status::BadRequest("found '" + next.literal +
                                    "', expected: !, identifier, or 'end of string'");
      }
    }
  }

 private:
  // In value position the keywords "in" and "notin" are plain identifiers.
  Item Adjust(const Item& item, bool values) const {
    if (values && (item.tok == Token::kIn || item.tok == Token::kNotIn)) {
      return {Token::kIdentifier, item.literal};
    }
    return item;
  }
  Item Lookahead(bool values) const {
    return Adjust(items_[std::min(pos_, items_.size() - 1)], values);
  }
  Item Consume(bool values) {
    Item item = Lookahead(values);
    ++pos_;
    return item;
  }

  Result<LabelSelector::Requirement> ParseRequirement() {
    bool does_not_exist = false;
    Item key = Consume(true);
    if (key.tok == Token::kDoesNotExist) {
      does_not_exist = true;
      key = Consume(true);
    }
    if (key.tok != Token::kIdentifier) {
      return Status::BadRequest("found '" + key.literal + "', expected: identifier");
    }
    if (std::optional<std::string> err = ValidateKey(key.literal, "<nil>")) {
      return Status::BadRequest(*err);
    }
    Token next = Lookahead(true).tok;
    if (does_not_exist || next == Token::kEnd || next == Token::kComma) {
      return LabelSelector::MakeRequirement(key.literal,
                                            does_not_exist ? Op::kDoesNotExist : Op::kExists, {});
    }
    Item op_item = Consume(false);
    Op op;
    switch (op_item.tok) {
      case Token::kIn:
        op = Op::kIn;
        break;
      case Token::kEquals:
        op = Op::kEquals;
        break;
      case Token::kDoubleEquals:
        op = Op::kDoubleEquals;
        break;
      case Token::kGreaterThan:
        op = Op::kGreaterThan;
        break;
      case Token::kLessThan:
        op = Op::kLessThan;
        break;
      case Token::kNotIn:
        op = Op::kNotIn;
        break;
      case Token::kNotEquals:
        op = Op::kNotEquals;
        break;
      default:
        return Status::BadRequest("found '" + op_item.literal +
                                  "', expected: in, notin, =, ==, !=, gt, lt");
    }
    std::set<std::string> values;
    Status st = (op == Op::kIn || op == Op::kNotIn) ? ParseValues(values) : ParseExactValue(values);
    if (!st.ok()) return st;
    return LabelSelector::MakeRequirement(key.literal, op,
                                          std::vector<std::string>(values.begin(), values.end()));
  }

  Status ParseValues(std::set<std::string>& values) {
    Item open = Consume(true);
    if (open.tok != Token::kOpenPar) {
      return Status::BadRequest("found '" + open.literal + "' expected: '('");
    }
    Item next = Lookahead(true);
    switch (next.tok) {
      case Token::kIdentifier:
      case Token::kComma:
        // A list only ends in success on ")", which is then consumed.
        STEAD_RETURN_IF_ERROR(ParseIdentifiersList(values));
        Consume(true);
        return Status::OK();
      case Token::kClosedPar:
        Consume(true);
        values.insert("");
        return Status::OK();
      default:
        return Status::BadRequest("found '" + next.literal + "', expected: ',', ')' or identifier");
    }
  }

  Status ParseIdentifiersList(std::set<std::string>& values) {
    for (;;) {
      Item item = Consume(true);
      if (item.tok == Token::kIdentifier) {
        values.insert(item.literal);
        Item next = Lookahead(true);
        if (next.tok == Token::kComma) continue;
        if (next.tok == Token::kClosedPar) return Status::OK();
        return Status::BadRequest("found '" + next.literal + "', expected: ',' or ')'");
      }
      if (item.tok != Token::kComma) {
        return Status::BadRequest("found '" + item.literal + "', expected: ',', or identifier");
      }
      // Empty elements ("(,a", "a,,b", "a,)") stand for the empty value.
      if (values.empty()) values.insert("");
      Token next = Lookahead(true).tok;
      if (next == Token::kClosedPar) {
        values.insert("");
        return Status::OK();
      }
      if (next == Token::kComma) {
        Consume(true);
        values.insert("");
      }
    }
  }

  Status ParseExactValue(std::set<std::string>& values) {
    Token next = Lookahead(true).tok;
    if (next == Token::kEnd || next == Token::kComma) {
      values.insert("");
      return Status::OK();
    }
    Item item = Consume(true);
    if (item.tok != Token::kIdentifier) {
      return Status::BadRequest("found '" + item.literal + "', expected: identifier");
    }
    values.insert(item.literal);
    return Status::OK();
  }

  std::vector<Item> items_;  // always ends with kEnd
  size_t pos_ = 0;
};

Result<Op> OperatorFromApi(const Json& op) {
  if (op == "In") return Op::kIn;
  if (op == "NotIn") return Op::kNotIn;
  if (op == "Exists") return Op::kExists;
  if (op == "DoesNotExist") return Op::kDoesNotExist;
  std::string text = op.is_string() ? op.get<std::string>() : "";
  return Status::BadRequest(GoQuote(text) + " is not a valid label selector operator");
}

}  // namespace

Result<LabelSelector::Requirement> LabelSelector::MakeRequirement(std::string key, Operator op,
                                                                  std::vector<std::string> values) {
  std::vector<std::string> errs;
  if (std::optional<std::string> err = ValidateKey(key, "key")) errs.push_back(*err);
  const std::string rendered_values = GoStringSlice(values, values.empty());
  switch (op) {
    case Op::kIn:
    case Op::kNotIn:
      if (values.empty()) {
        errs.push_back(InvalidMessage("values", rendered_values,
                                      "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case Op::kEquals:
    case Op::kDoubleEquals:
    case Op::kNotEquals:
      if (values.size() != 1) {
        errs.push_back(InvalidMessage("values", rendered_values,
                                      "exact-match compatibility requires one single value"));
      }
      break;
    case Op::kExists:
    case Op::kDoesNotExist:
      if (!values.empty()) {
        errs.push_back(InvalidMessage("values", rendered_values,
                                      "values set must be empty for exists and does not exist"));
      }
      break;
    case Op::kGreaterThan:
    case Op::kLessThan:
      if (values.size() != 1) {
        errs.push_back(InvalidMessage("values", rendered_values,
                                      "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < values.size(); ++i) {
        if (!ParseInt64(values[i])) {
          errs.push_back(InvalidMessage("values[" + std::to_string(i) + "]", GoQuote(values[i]),
                                        "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    std::vector<std::string> value_errs = IsValidLabelValue(values[i]);
    if (!value_errs.empty()) {
      errs.push_back(InvalidMessage("values[" + std::to_string(i) + "][" + key + "]",
                                    GoQuote(values[i]), Join(value_errs, "; ")));
    }
  }
  if (!errs.empty()) return Status::BadRequest(AggregateMessage(errs));
  return Requirement{std::move(key), op, std::move(values)};
}

bool LabelSelector::Requirement::Matches(const LabelSet& labels) const {
  auto it = labels.find(key);
  const bool has = it != labels.end();
  switch (op) {
    case Op::kIn:
    case Op::kEquals:
    case Op::kDoubleEquals:
      return has && HasValue(values, it->second);
    case Op::kNotIn:
    case Op::kNotEquals:
      return !has || !HasValue(values, it->second);
    case Op::kExists:
      return has;
    case Op::kDoesNotExist:
      return !has;
    case Op::kGreaterThan:
    case Op::kLessThan: {
      if (!has || values.size() != 1) return false;
      std::optional<int64_t> actual = ParseInt64(it->second);
      std::optional<int64_t> bound = ParseInt64(values[0]);
      if (!actual || !bound) return false;
      return op == Op::kGreaterThan ? *actual > *bound : *actual < *bound;
    }
  }
  return false;
}

std::string LabelSelector::Requirement::ToString() const {
  std::string out = op == Op::kDoesNotExist ? "!" + key : key;
  switch (op) {
    case Op::kEquals:
      out += "=";
      break;
    case Op::kDoubleEquals:
      out += "==";
      break;
    case Op::kNotEquals:
      out += "!=";
      break;
    case Op::kIn:
      out += " in ";
      break;
    case Op::kNotIn:
      out += " notin ";
      break;
    case Op::kGreaterThan:
      out += ">";
      break;
    case Op::kLessThan:
      out += "<";
      break;
    case Op::kExists:
    case Op::kDoesNotExist:
      return out;
  }
  const bool set_syntax = op == Op::kIn || op == Op::kNotIn;
  if (set_syntax) out += "(";
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  out += Join(sorted, ",");
  if (set_syntax) out += ")";
  return out;
}

LabelSelector LabelSelector::Nothing() {
  LabelSelector s;
  s.nothing_ = true;
  return s;
}

Result<LabelSelector> LabelSelector::Parse(std::string_view text) {
  STEAD_ASSIGN_OR_RETURN(std::vector<Requirement> reqs, Parser(text).Parse());
  LabelSelector s;
  s.requirements_ = std::move(reqs);
  SortByKey(s.requirements_);
  return s;
}

Result<LabelSelector> LabelSelector::FromJson(const Json& selector) {
  if (selector.is_null()) return Nothing();
  if (!selector.is_object()) return Status::BadRequest("label selector must be an object");
  std::vector<Requirement> reqs;
  if (const Json* match_labels = Lookup(selector, {"matchLabels"});
      match_labels && !match_labels->is_null()) {
    if (!match_labels->is_object()) return Status::BadRequest("matchLabels must be an object");
    for (const auto& [k, v] : match_labels->items()) {
      if (!v.is_string()) return Status::BadRequest("matchLabels values must be strings");
      STEAD_ASSIGN_OR_RETURN(Requirement r,
                             MakeRequirement(k, Op::kEquals, {v.get<std::string>()}));
      reqs.push_back(std::move(r));
    }
  }
  if (const Json* exprs = Lookup(selector, {"matchExpressions"}); exprs && !exprs->is_null()) {
    if (!exprs->is_array()) return Status::BadRequest("matchExpressions must be a list");
    for (const Json& expr : *exprs) {
      if (!expr.is_object()) return Status::BadRequest("matchExpressions items must be objects");
      STEAD_ASSIGN_OR_RETURN(Op op, OperatorFromApi(expr.value("operator", Json())));
      std::vector<std::string> values;
      if (const Json* vals = Lookup(expr, {"values"}); vals && !vals->is_null()) {
        if (!vals->is_array()) return Status::BadRequest("values must be a list of strings");
        for (const Json& v : *vals) {
          if (!v.is_string()) return Status::BadRequest("values must be a list of strings");
          values.push_back(v.get<std::string>());
        }
      }
      STEAD_ASSIGN_OR_RETURN(Requirement r,
                             MakeRequirement(GetString(expr, {"key"}), op, std::move(values)));
      reqs.push_back(std::move(r));
    }
  }
  LabelSelector s;
  s.requirements_ = std::move(reqs);
  SortByKey(s.requirements_);
  return s;
}

bool LabelSelector::Matches(const LabelSet& labels) const {
  if (nothing_) return false;
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const Requirement& r) { return r.Matches(labels); });
}

std::optional<std::string> LabelSelector::RequiresExactMatch(std::string_view key) const {
  for (const Requirement& r : requirements_) {
    if (r.key != key) continue;
    bool exact = r.op == Op::kEquals || r.op == Op::kDoubleEquals || r.op == Op::kIn;
    if (exact && r.values.size() == 1) return r.values[0];
    return std::nullopt;
  }
  return std::nullopt;
}

std::string LabelSelector::ToString() const {
  if (nothing_) return "";
  std::vector<std::string> parts;
  parts.reserve(requirements_.size());
  for (const Requirement& r : requirements_) parts.push_back(r.ToString());
  return Join(parts, ",");
}

LabelSelector LabelSelector::Add(std::vector<Requirement> more) const {
  if (nothing_) return *this;
  LabelSelector s = *this;
  for (Requirement& r : more) s.requirements_.push_back(std::move(r));
  SortByKey(s.requirements_);
  return s;
}

LabelSelector SelectorFromSet(const LabelSet& labels) {
  std::vector<LabelSelector::Requirement> reqs;
  for (const auto& [k, v] : labels) reqs.push_back({k, LabelSelector::Operator::kEquals, {v}});
  return LabelSelector().Add(std::move(reqs));
}

}  // namespace stead
