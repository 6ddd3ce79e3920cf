#include "api/schema/openapi_v2_yaml.h"

#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string_view>
#include <vector>

namespace stead::api::schema {
namespace {

constexpr int kBestIndent = 4;
// libyaml's simple-key limit: longer (or multi-line) keys are written as
// "? key" / ": value".
constexpr size_t kMaxSimpleKeyLength = 128;

// ---------------------------------------------------------------------------
// Character classes, on UTF-8 bytes (libyaml's yaml_private.h).

int Width(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

unsigned char At(std::string_view s, size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

bool IsSpace(std::string_view s, size_t i) { return At(s, i) == ' '; }
bool IsBlank(std::string_view s, size_t i) { return At(s, i) == ' ' || At(s, i) == '\t'; }
bool IsBreak(std::string_view s, size_t i) {
  unsigned char c = At(s, i);
  return c == '\r' || c == '\n' || (c == 0xC2 && At(s, i + 1) == 0x85) ||
         (c == 0xE2 && At(s, i + 1) == 0x80 && (At(s, i + 2) == 0xA8 || At(s, i + 2) == 0xA9));
}
bool IsBlankz(std::string_view s, size_t i) {
  return IsBlank(s, i) || IsBreak(s, i) || i >= s.size() || At(s, i) == 0;
}
bool IsBom(std::string_view s, size_t i) {
  return At(s, i) == 0xEF && At(s, i + 1) == 0xBB && At(s, i + 2) == 0xBF;
}
bool IsPrintable(std::string_view s, size_t i) {
  unsigned char c = At(s, i), c1 = At(s, i + 1), c2 = At(s, i + 2);
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) ||
         (c > 0xC2 && c < 0xED) || (c == 0xED && c1 < 0xA0) || c == 0xEE ||
         (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

// ---------------------------------------------------------------------------
// yaml.v3's resolver: would this text, written plain, read as something
// other than a string? Such strings are double-quoted.

bool ParsesAsInteger(std::string s) {
  // strconv.ParseInt/ParseUint with base 0, underscores already removed.
  if (s.empty()) return false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') i = 1;
  if (i >= s.size()) return false;
  std::string_view digits = std::string_view(s).substr(i);
  int base = 10;
  if (digits.size() > 1 && digits[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
    if (p == 'x')
      base = 16, digits.remove_prefix(2);
    else if (p == 'o')
      base = 8, digits.remove_prefix(2);
    else if (p == 'b')
      base = 2, digits.remove_prefix(2);
    else
      base = 8, digits.remove_prefix(1);
  }
  if (digits.empty()) return false;
  for (char c : digits) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : std::isalpha(static_cast<unsigned char>(c))
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : 99;
    if (d >= base) return false;
  }
  return true;  // out-of-range values fall through to the float rule anyway
}

bool LooksLikeTimestamp(const std::string& s) {
  // The layouts yaml.v3 tries: date only, RFC 3339 with a zone, and
  // space-separated without one.
  static const std::regex kTimestamp(
      R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}()"
      R"(|[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))"
      R"(| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?)$)");
  return std::regex_match(s, kTimestamp);
}

bool ResolvesAsNonString(const std::string& s) {
  static const char* const kWords[] = {"true",  "True",  "TRUE",  "false", "False", "FALSE",
                                       "",      "~",     "null",  "Null",  "NULL",  ".nan",
                                       ".NaN",  ".NAN",  ".inf",  ".Inf",  ".INF",  "+.inf",
                                       "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<"};
  unsigned char first = s.empty() ? 'N' : static_cast<unsigned char>(s[0]);
  bool digit = first >= '0' && first <= '9';
  bool sign = first == '+' || first == '-';
  bool in_map =
      std::string_view("yYnNtTfFoO~").find(static_cast<char>(first)) != std::string_view::npos &&
      !s.empty();
  if (!(digit || sign || first == '.' || in_map || s.empty() || first == '<')) return false;
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  static const std::regex kFloat(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  if (first == '.') return std::regex_match(s, kFloat);
  if (!digit && !sign) return false;
  if (LooksLikeTimestamp(s)) return true;
  std::string plain;
  for (char c : s) {
    if (c != '_') plain += c;
  }
  return ParsesAsInteger(plain) || std::regex_match(plain, kFloat);
}

// ---------------------------------------------------------------------------
// The emitter: libyaml's block emitter as yaml.v3 configures it (indent 4,
// width 80, unicode), for trees of JSON values.

struct ScalarAnalysis {
  bool multiline = false;
  bool flow_plain_allowed = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = false;
};

ScalarAnalysis Analyze(std::string_view v) {
  ScalarAnalysis a;
  if (v.empty()) return a;
  bool block_indicators = false, flow_indicators = false, line_breaks = false,
       special_characters = false, tab_characters = false, leading_space = false,
       leading_break = false, trailing_space = false, trailing_break = false, break_space = false,
       space_break = false, previous_space = false, previous_break = false;
  if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) {
    block_indicators = flow_indicators = true;
  }
  bool preceded_by_whitespace = true;
  for (size_t i = 0, w = 0; i < v.size(); i += w) {
    w = Width(At(v, i));
    bool followed_by_whitespace = i + w >= v.size() || IsBlank(v, i + w);
    char c = v[i];
    if (i == 0) {
      switch (c) {
        case '#':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '&':
        case '*':
        case '!':
        case '|':
        case '>':
        case '\'':
        case '"':
        case '%':
        case '@':
        case '`':
          flow_indicators = block_indicators = true;
          break;
        case '?':
        case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '-':
          if (followed_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default:
          break;
      }
    } else {
      switch (c) {
        case ',':
        case '?':
        case '[':
        case ']':
        case '{':
        case '}':
          flow_indicators = true;
          break;
        case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '#':
          if (preceded_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default:
          break;
      }
    }
    if (c == '\t') {
      tab_characters = true;
    } else if (!IsPrintable(v, i)) {
      special_characters = true;
    }
    if (IsSpace(v, i)) {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (IsBreak(v, i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = previous_break = false;
    }
    preceded_by_whitespace = IsBlankz(v, i);
  }
  a.multiline = line_breaks;
  a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed = true;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    a.flow_plain_allowed = a.block_plain_allowed = false;
  }
  if (trailing_space) a.block_allowed = false;
  if (break_space) a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
  if (space_break || tab_characters || special_characters) {
    a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
  }
  if (space_break || special_characters) a.block_allowed = false;
  if (line_breaks) a.flow_plain_allowed = a.block_plain_allowed = false;
  if (flow_indicators) a.flow_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  return a;
}

enum class Style { kPlain, kSingle, kDouble, kLiteral };

class Emitter {
 public:
  void Document(const Json& v) {
    Node(v, Parent::kDocument, false);
    WriteIndent();  // the (implicit) document end
  }
  std::string Take() && { return std::move(out_); }

 private:
  enum class Parent { kDocument, kSequenceItem, kMapping };

  void IncreaseIndent(bool flow, Parent parent) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (parent == Parent::kSequenceItem) {
      indent_ += 2;
    } else {
      indent_ = kBestIndent * ((indent_ + kBestIndent) / kBestIndent);
    }
  }
  void DecreaseIndent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void Put(char c) {
    out_ += c;
    ++column_;
  }
  void PutBreak() {
    out_ += '\n';
    column_ = 0;
    indention_ = true;
  }
  // Copies one UTF-8 character.
  void Write(std::string_view s, size_t* i) {
    size_t w = Width(At(s, *i));
    out_.append(s.substr(*i, w));
    *i += w;
    ++column_;
  }
  void WriteBreak(std::string_view s, size_t* i) {
    if (s[*i] == '\n') {
      PutBreak();
      ++*i;
    } else {
      Write(s, i);
      column_ = 0;
      indention_ = true;
    }
  }
  void WriteIndent() {
    int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) PutBreak();
    while (column_ < indent) Put(' ');
    whitespace_ = true;
  }
  void WriteIndicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                      bool is_indention) {
    if (need_whitespace && !whitespace_) Put(' ');
    for (char c : indicator) Put(c);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  void Node(const Json& v, Parent parent, bool simple_key) {
    if (v.is_object() && !v.empty()) {
      IncreaseIndent(false, parent);
      for (auto it = v.begin(); it != v.end(); ++it) {
        WriteIndent();
        const std::string& key = it.key();
        if (key.size() <= kMaxSimpleKeyLength && !Analyze(key).multiline) {
          Scalar(key, true, Parent::kMapping, true);
          WriteIndicator(":", false, false, false);
        } else {
          WriteIndicator("?", true, false, true);
          Scalar(key, true, Parent::kMapping, false);
          WriteIndent();
          WriteIndicator(":", true, false, true);
        }
        Node(it.value(), Parent::kMapping, false);
      }
      DecreaseIndent();
    } else if (v.is_array() && !v.empty()) {
      IncreaseIndent(false, parent);
      for (const Json& item : v) {
        WriteIndent();
        WriteIndicator("-", true, false, true);
        Node(item, Parent::kSequenceItem, false);
      }
      DecreaseIndent();
    } else if (v.is_object() || v.is_array()) {
      WriteIndicator(v.is_object() ? "{" : "[", true, true, false);
      WriteIndicator(v.is_object() ? "}" : "]", false, false, false);
    } else if (v.is_string()) {
      Scalar(v.get_ref<const std::string&>(), true, parent, simple_key);
    } else {
      Scalar(v.dump(), false, parent, simple_key);
    }
  }

  // `is_string`: a !!str node (quoted when it would resolve otherwise);
  // other scalars (numbers, booleans, null) are written plain.
  void Scalar(const std::string& value, bool is_string, Parent parent, bool simple_key) {
    ScalarAnalysis a = Analyze(value);
    Style style = Style::kPlain;
    if (is_string && value.find('\n') != std::string::npos) {
      style = Style::kLiteral;
    } else if (is_string && ResolvesAsNonString(value)) {
      style = Style::kDouble;
    }
    if (simple_key && a.multiline) style = Style::kDouble;
    if (style == Style::kPlain) {
      if (!a.block_plain_allowed) style = Style::kSingle;
      if (value.empty() && simple_key) style = Style::kSingle;
    }
    if (style == Style::kSingle && !a.single_quoted_allowed) style = Style::kDouble;
    if (style == Style::kLiteral && (!a.block_allowed || simple_key)) style = Style::kDouble;

    IncreaseIndent(true, parent);
    switch (style) {
      case Style::kPlain:
        Plain(value);
        break;
      case Style::kSingle:
        SingleQuoted(value);
        break;
      case Style::kDouble:
        DoubleQuoted(value);
        break;
      case Style::kLiteral:
        Literal(value);
        break;
    }
    DecreaseIndent();
  }

  // Plain and single-quoted text; yaml.v3 leaves the line width unlimited,
  // so spaces never fold.
  void Plain(std::string_view v) {
    if (!v.empty() && !whitespace_) Put(' ');
    Text(v, false);
    if (!v.empty()) whitespace_ = false;
    indention_ = false;
  }

  void SingleQuoted(std::string_view v) {
    WriteIndicator("'", true, false, false);
    Text(v, true);
    WriteIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void Text(std::string_view v, bool single_quoted) {
    bool breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (IsSpace(v, i)) {
        Write(v, &i);
      } else if (IsBreak(v, i)) {
        if (!breaks && v[i] == '\n') PutBreak();
        WriteBreak(v, &i);
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        if (single_quoted && v[i] == '\'') Put('\'');
        Write(v, &i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  void DoubleQuoted(std::string_view v) {
    static const char kHex[] = "0123456789ABCDEF";
    WriteIndicator("\"", true, false, false);
    for (size_t i = 0; i < v.size();) {
      if (!IsPrintable(v, i) || IsBom(v, i) || IsBreak(v, i) || v[i] == '"' || v[i] == '\\') {
        unsigned char octet = At(v, i);
        size_t w = Width(octet);
        uint32_t cp = w == 1   ? (octet & 0x7F)
                      : w == 2 ? (octet & 0x1F)
                      : w == 3 ? (octet & 0x0F)
                               : (octet & 0x07);
        for (size_t k = 1; k < w; ++k) cp = (cp << 6) + (At(v, i + k) & 0x3F);
        i += w;
        Put('\\');
        switch (cp) {
          case 0x00:
            Put('0');
            break;
          case 0x07:
            Put('a');
            break;
          case 0x08:
            Put('b');
            break;
          case 0x09:
            Put('t');
            break;
          case 0x0A:
            Put('n');
            break;
          case 0x0B:
            Put('v');
            break;
          case 0x0C:
            Put('f');
            break;
          case 0x0D:
            Put('r');
            break;
          case 0x1B:
            Put('e');
            break;
          case 0x22:
            Put('"');
            break;
          case 0x5C:
            Put('\\');
            break;
          case 0x85:
            Put('N');
            break;
          case 0xA0:
            Put('_');
            break;
          case 0x2028:
            Put('L');
            break;
          case 0x2029:
            Put('P');
            break;
          default: {
            int digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
            Put(cp <= 0xFF ? 'x' : cp <= 0xFFFF ? 'u' : 'U');
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) Put(kHex[(cp >> k) & 0x0F]);
          }
        }
      } else {
        Write(v, &i);
      }
    }
    WriteIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void Literal(std::string_view v) {
    WriteIndicator("|", true, false, false);
    // Block scalar hints: an indentation indicator when the text starts
    // with a space or a break, and the chomping indicator.
    if (IsSpace(v, 0) || IsBreak(v, 0)) {
      WriteIndicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    }
    size_t last = v.size() - 1;
    while (last > 0 && (At(v, last) & 0xC0) == 0x80) --last;
    if (!IsBreak(v, last)) {
      WriteIndicator("-", false, false, false);
    } else if (last == 0) {
      WriteIndicator("+", false, false, false);
    } else {
      size_t prev = last - 1;
      while (prev > 0 && (At(v, prev) & 0xC0) == 0x80) --prev;
      if (IsBreak(v, prev)) WriteIndicator("+", false, false, false);
    }
    whitespace_ = true;
    bool breaks = true;
    for (size_t i = 0; i < v.size();) {
      if (IsBreak(v, i)) {
        WriteBreak(v, &i);
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(v, &i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string out_;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  int indent_ = -1;
  std::vector<int> indents_;
};

}  // namespace

std::string GnosticYaml(const Json& value) {
  Emitter e;
  e.Document(value);
  return std::move(e).Take();
}

}  // namespace stead::api::schema
