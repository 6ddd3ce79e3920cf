#include "core/quantity.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace stead {
namespace {

// Natural numbers as little-endian base-1e9 limbs; empty is zero. Base 1e9
// keeps decimal scaling and printing cheap, which is all quantities need.
using Nat = std::vector<uint32_t>;
constexpr uint32_t kLimbBase = 1000000000;
constexpr int kLimbDigits = 9;
constexpr uint32_t kPow10[] = {1,      10,      100,      1000,      10000,
                               100000, 1000000, 10000000, 100000000, 1000000000};

void Trim(Nat& n) {
  while (!n.empty() && n.back() == 0) n.pop_back();
}

Nat NatFromDigits(std::string_view digits) {
  Nat n;
  for (size_t end = digits.size(); end > 0;) {
    size_t begin = end >= kLimbDigits ? end - kLimbDigits : 0;
    uint32_t limb = 0;
    for (size_t i = begin; i < end; ++i) limb = limb * 10 + (digits[i] - '0');
    n.push_back(limb);
    end = begin;
  }
  Trim(n);
  return n;
}

Nat NatFromUint64(uint64_t v) {
  Nat n;
  while (v != 0) {
    n.push_back(static_cast<uint32_t>(v % kLimbBase));
    v /= kLimbBase;
  }
  return n;
}

std::string NatToString(const Nat& n) {
  if (n.empty()) return "0";
  std::string out = std::to_string(n.back());
  for (size_t i = n.size() - 1; i-- > 0;) {
    std::string limb = std::to_string(n[i]);
    out.append(kLimbDigits - limb.size(), '0');
    out += limb;
  }
  return out;
}

int64_t NatDigits(const Nat& n) {
  if (n.empty()) return 0;
  int top = 1;
  while (top < kLimbDigits + 1 && n.back() >= kPow10[top]) ++top;
  return static_cast<int64_t>(n.size() - 1) * kLimbDigits + top;
}

// m must be below 2^32 so that limb * m + carry fits 64 bits.
void MulSmall(Nat& n, uint64_t m) {
  uint64_t carry = 0;
  for (uint32_t& limb : n) {
    uint64_t cur = limb * m + carry;
    limb = static_cast<uint32_t>(cur % kLimbBase);
    carry = cur / kLimbBase;
  }
  while (carry != 0) {
    n.push_back(static_cast<uint32_t>(carry % kLimbBase));
    carry /= kLimbBase;
  }
  Trim(n);
}

// Returns the remainder.
uint32_t DivSmall(Nat& n, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = n.size(); i-- > 0;) {
    uint64_t cur = rem * kLimbBase + n[i];
    n[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  Trim(n);
  return static_cast<uint32_t>(rem);
}

void MulPow10(Nat& n, int64_t k) {
  if (n.empty() || k == 0) return;
  n.insert(n.begin(), static_cast<size_t>(k / kLimbDigits), 0);
  MulSmall(n, kPow10[k % kLimbDigits]);
}

// Truncating division by 10^k; returns whether a non-zero remainder was lost.
bool DivPow10(Nat& n, int64_t k) {
  int64_t limbs = k / kLimbDigits;
  if (limbs >= static_cast<int64_t>(n.size())) {
    bool lost = !n.empty();
    n.clear();
    return lost;
  }
  bool lost = std::any_of(n.begin(), n.begin() + limbs, [](uint32_t l) { return l != 0; });
  n.erase(n.begin(), n.begin() + limbs);
  lost |= DivSmall(n, kPow10[k % kLimbDigits]) != 0;
  return lost;
}

// Removes trailing decimal zeros; returns how many.
int64_t StripTrailingZeros(Nat& n) {
  if (n.empty()) return 0;
  size_t zero_limbs = 0;
  while (n[zero_limbs] == 0) ++zero_limbs;
  n.erase(n.begin(), n.begin() + zero_limbs);
  int64_t stripped = static_cast<int64_t>(zero_limbs) * kLimbDigits;
  int k = 0;
  while (k < kLimbDigits - 1 && n[0] % kPow10[k + 1] == 0) ++k;
  if (k > 0) DivSmall(n, kPow10[k]);
  return stripped + k;
}

int CompareNat(const Nat& a, const Nat& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

void AddNat(Nat& a, const Nat& b) {
  if (a.size() < b.size()) a.resize(b.size(), 0);
  uint32_t carry = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    uint32_t sum = a[i] + (i < b.size() ? b[i] : 0) + carry;
    carry = sum >= kLimbBase ? 1 : 0;
    a[i] = sum - carry * kLimbBase;
  }
  if (carry != 0) a.push_back(carry);
}

// a -= b; requires a >= b.
void SubNat(Nat& a, const Nat& b) {
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t diff = static_cast<int64_t>(a[i]) - (i < b.size() ? b[i] : 0) - borrow;
    borrow = diff < 0 ? 1 : 0;
    a[i] = static_cast<uint32_t>(diff + borrow * kLimbBase);
  }
  Trim(a);
}

// Compares m1*10^s1 with m2*10^s2 (both normalized or zero).
int CompareScaled(const Nat& m1, int64_t s1, const Nat& m2, int64_t s2) {
  if (m1.empty() || m2.empty()) return m1.empty() ? (m2.empty() ? 0 : -1) : 1;
  int64_t order1 = NatDigits(m1) + s1;
  int64_t order2 = NatDigits(m2) + s2;
  if (order1 != order2) return order1 < order2 ? -1 : 1;
  // Same order of magnitude: aligning cannot grow either side past the other.
  if (s1 == s2) return CompareNat(m1, m2);
  if (s1 > s2) {
    Nat a = m1;
    MulPow10(a, s1 - s2);
    return CompareNat(a, m2);
  }
  Nat b = m2;
  MulPow10(b, s2 - s1);
  return CompareNat(m1, b);
}

// Saturating conversion of a magnitude to a signed 64-bit value.
int64_t SaturatedInt64(const Nat& n, bool negative) {
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  uint64_t v = 0;
  if (n.size() > 3) {
    v = std::numeric_limits<uint64_t>::max();
  } else {
    for (size_t i = n.size(); i-- > 0;) {
      unsigned __int128 wide = static_cast<unsigned __int128>(v) * kLimbBase + n[i];
      v = wide > std::numeric_limits<uint64_t>::max() ? std::numeric_limits<uint64_t>::max()
                                                      : static_cast<uint64_t>(wide);
    }
  }
  if (negative) {
    return v > kMax ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(v);
  }
  return v > kMax ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(v);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status FormatWrong() {
  return Status::BadRequest(
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}
Status SuffixError() { return Status::BadRequest("unable to parse quantity's suffix"); }
Status NumericError() { return Status::BadRequest("unable to parse numeric part of quantity"); }

// The pieces of a quantity string as upstream's fast scanner splits them.
struct Scanned {
  bool positive = true;
  std::string_view value;  // sign and number as written
  std::string_view num;    // integer digits without leading zeros; "0" if none
  std::string_view denom;  // fraction digits
  std::string_view suffix;
};

bool Scan(std::string_view s, Scanned& out) {
  size_t pos = 0;
  const size_t end = s.size();
  if (pos < end && (s[0] == '-' || s[0] == '+')) {
    out.positive = s[0] != '-';
    ++pos;
  }
  while (pos < end && s[pos] == '0') ++pos;
  if (pos == end) {
    out.num = "0";
    out.value = "0";
    return true;
  }
  size_t i = pos;
  while (i < end && IsDigit(s[i])) ++i;
  out.num = i > pos ? s.substr(pos, i - pos) : std::string_view("0");
  if (i == end) {
    out.value = s;
    return true;
  }
  pos = i;
  if (s[pos] == '.') {
    ++pos;
    i = pos;
    while (i < end && IsDigit(s[i])) ++i;
    out.denom = s.substr(pos, i - pos);
    if (i == end) {
      out.value = s;
      return true;
    }
    pos = i;
  }
  out.value = s.substr(0, pos);
  const size_t suffix_start = pos;
  constexpr std::string_view kSuffixLetters = "eEinumkKMGTP";
  while (pos < end && kSuffixLetters.find(s[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (s[pos] == '-' || s[pos] == '+')) ++pos;
  while (pos < end && IsDigit(s[pos])) ++pos;
  if (pos != end) return false;
  out.suffix = s.substr(suffix_start);
  return true;
}

struct SuffixMeaning {
  int base;  // 10 or 2
  int32_t exponent;
  Quantity::Format format;
};

// Go's strconv.ParseInt(s, 10, 64).
bool ParseGoInt64(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    if (v > (limit - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
  }
  out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool InterpretSuffix(std::string_view s, SuffixMeaning& out) {
  using F = Quantity::Format;
  static constexpr struct {
    std::string_view suffix;
    SuffixMeaning meaning;
  } kTable[] = {
      {"", {10, 0, F::kDecimalSI}},   {"n", {10, -9, F::kDecimalSI}},
      {"u", {10, -6, F::kDecimalSI}}, {"m", {10, -3, F::kDecimalSI}},
      {"k", {10, 3, F::kDecimalSI}},  {"M", {10, 6, F::kDecimalSI}},
      {"G", {10, 9, F::kDecimalSI}},  {"T", {10, 12, F::kDecimalSI}},
      {"P", {10, 15, F::kDecimalSI}}, {"E", {10, 18, F::kDecimalSI}},
      {"Ki", {2, 10, F::kBinarySI}},  {"Mi", {2, 20, F::kBinarySI}},
      {"Gi", {2, 30, F::kBinarySI}},  {"Ti", {2, 40, F::kBinarySI}},
      {"Pi", {2, 50, F::kBinarySI}},  {"Ei", {2, 60, F::kBinarySI}},
  };
  for (const auto& entry : kTable) {
    if (entry.suffix == s) {
      out = entry.meaning;
      return true;
    }
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    int64_t parsed = 0;
    if (!ParseGoInt64(s.substr(1), parsed)) return false;
    // Upstream narrows the exponent to int32 the same way.
    out = {10, static_cast<int32_t>(parsed), F::kDecimalExponent};
    return true;
  }
  return false;
}

std::string_view DecimalSuffix(int64_t exponent) {
  switch (exponent) {
    case -9:
      return "n";
    case -6:
      return "u";
    case -3:
      return "m";
    case 3:
      return "k";
    case 6:
      return "M";
    case 9:
      return "G";
    case 12:
      return "T";
    case 15:
      return "P";
    case 18:
      return "E";
    default:
      return "";  // upstream emits no suffix for exponents it has no name for
  }
}

std::string_view BinarySuffix(int times1024) {
  static constexpr std::string_view kNames[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  return times1024 >= 0 && times1024 <= 6 ? kNames[times1024] : "";
}

}  // namespace

Result<Quantity> Quantity::Parse(std::string_view text) {
  if (text.empty()) return FormatWrong();
  Quantity q;
  if (text == "0") {
    q.cached_ = "0";
    return q;
  }
  Scanned sc;
  if (!Scan(text, sc)) return FormatWrong();
  SuffixMeaning sfx;
  if (!InterpretSuffix(sc.suffix, sfx)) return SuffixError();

  std::string digits(sc.num);
  digits += sc.denom;
  const int64_t denom_len = static_cast<int64_t>(sc.denom.size());

  // Upstream parses small inputs through an int64 fast path; only that path
  // keeps the input text, and only its slow twin rejects digitless numbers.
  bool fast = false;
  bool keep_text = false;
  int64_t precision;
  if (sfx.base == 10) {
    precision = 18 - static_cast<int64_t>(digits.size());
  } else {
    precision =
        denom_len == 0 ? 15 - static_cast<int64_t>(sc.num.size()) - sfx.exponent * 3 / 10 - 1 : -1;
  }
  const int64_t fast_scale = (sfx.base == 10 ? sfx.exponent : 0) - denom_len;
  if (precision >= 0 && fast_scale >= -9) {
    int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    if (sfx.base == 10) {
      fast = true;
      keep_text = fast_scale % 3 == 0 && !digits.ends_with("000") && digits[0] != '0';
    } else if (v <= (std::numeric_limits<int64_t>::max() >> sfx.exponent)) {
      fast = true;
      keep_text = (v & 7) != 0;
    }
  }
  if (!fast && std::none_of(sc.value.begin(), sc.value.end(), IsDigit)) return NumericError();

  q.format_ = sfx.format;
  q.magnitude_ = NatFromDigits(digits);
  q.scale_ = -denom_len;
  if (sfx.base == 10) {
    q.scale_ += sfx.exponent;
  } else {
    for (int32_t left = sfx.exponent; left > 0; left -= 30) {
      MulSmall(q.magnitude_, uint64_t{1} << std::min<int32_t>(left, 30));
    }
  }
  // Anything finer than 1n is rounded up so that a tiny request is not zero.
  if (q.scale_ < -9) {
    if (DivPow10(q.magnitude_, -9 - q.scale_)) AddNat(q.magnitude_, Nat{1});
    q.scale_ = -9;
  }
  q.negative_ = !sc.positive;
  q.Normalize();
  if (q.format_ == Format::kBinarySI) {
    static const Nat kMaxInt64 = NatFromUint64(std::numeric_limits<int64_t>::max());
    if (CompareScaled(q.magnitude_, q.scale_, kMaxInt64, 0) > 0) {
      q.magnitude_ = kMaxInt64;
      q.scale_ = 0;
    }
    if (!q.IsZero() && NatDigits(q.magnitude_) + q.scale_ <= 0) q.format_ = Format::kDecimalSI;
  }
  if (keep_text) q.cached_ = std::string(text);
  return q;
}

Result<Quantity> Quantity::FromJson(const Json& value) {
  if (value.is_null()) return Quantity();
  if (value.is_string()) {
    std::string_view s = value.get_ref<const std::string&>();
    constexpr std::string_view kSpace = " \t\n\r\v\f";
    size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return Parse("");
    return Parse(s.substr(b, s.find_last_not_of(kSpace) - b + 1));
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    // JSON numbers lose their spelling in nlohmann; integral ones are
    // re-spelled without a fraction so that they parse as upstream's do.
    if (std::abs(d) < 9e18 && d == static_cast<double>(static_cast<int64_t>(d))) {
      return Parse(std::to_string(static_cast<int64_t>(d)));
    }
  }
  return Parse(value.dump());
}

Quantity Quantity::FromMilli(int64_t milli, Format format) {
  Quantity q = FromInt(milli, format);
  q.scale_ -= 3;
  q.Normalize();
  return q;
}

Quantity Quantity::FromInt(int64_t value, Format format) {
  Quantity q;
  q.negative_ = value < 0;
  q.magnitude_ =
      NatFromUint64(value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value));
  q.format_ = format;
  q.Normalize();
  return q;
}

Quantity Quantity::FromScaled(int64_t value, int scale, Format format) {
  Quantity q = FromInt(value, format);
  q.scale_ += scale;
  q.Normalize();
  return q;
}

void Quantity::Normalize() {
  scale_ += StripTrailingZeros(magnitude_);
  if (magnitude_.empty()) {
    scale_ = 0;
    negative_ = false;
  }
}

int64_t Quantity::Value() const { return ScaledValue(0); }

int64_t Quantity::MilliValue() const { return ScaledValue(-3); }

int64_t Quantity::ScaledValue(int scale) const {
  if (IsZero()) return 0;
  Nat n = magnitude_;
  if (scale_ >= scale) {
    // Anything beyond 20 digits saturates anyway; avoid building it.
    if (NatDigits(n) + (scale_ - scale) > 20) {
      return negative_ ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    }
    MulPow10(n, scale_ - scale);
  } else if (DivPow10(n, scale - scale_)) {
    AddNat(n, Nat{1});
  }
  return SaturatedInt64(n, negative_);
}

double Quantity::AsApproximateDouble() const {
  if (IsZero()) return 0;
  std::string text = negative_ ? "-" : "";
  text += NatToString(magnitude_) + "e" + std::to_string(scale_);
  return std::strtod(text.c_str(), nullptr);
}

int Quantity::Sign() const {
  if (IsZero()) return 0;
  return negative_ ? -1 : 1;
}

int Quantity::Compare(const Quantity& other) const {
  int a = Sign();
  int b = other.Sign();
  if (a != b) return a < b ? -1 : 1;
  if (a == 0) return 0;
  int c = CompareScaled(magnitude_, scale_, other.magnitude_, other.scale_);
  return negative_ ? -c : c;
}

void Quantity::AddSigned(const Quantity& other, bool negate) {
  cached_.clear();
  if (IsZero()) format_ = other.format_;
  if (other.IsZero()) return;
  bool other_negative = other.negative_ != negate;
  Nat b = other.magnitude_;
  if (scale_ > other.scale_) {
    MulPow10(magnitude_, scale_ - other.scale_);
    scale_ = other.scale_;
  } else {
    MulPow10(b, other.scale_ - scale_);
  }
  if (IsZero()) {
    magnitude_ = std::move(b);
    negative_ = other_negative;
  } else if (negative_ == other_negative) {
    AddNat(magnitude_, b);
  } else if (CompareNat(magnitude_, b) >= 0) {
    SubNat(magnitude_, b);
  } else {
    SubNat(b, magnitude_);
    magnitude_ = std::move(b);
    negative_ = other_negative;
  }
  Normalize();
}

Quantity& Quantity::operator+=(const Quantity& other) {
  AddSigned(other, false);
  return *this;
}

Quantity& Quantity::operator-=(const Quantity& other) {
  AddSigned(other, true);
  return *this;
}

void Quantity::Neg() {
  cached_.clear();
  if (!IsZero()) negative_ = !negative_;
}

std::string Quantity::ToString() const {
  if (!cached_.empty()) return cached_;
  if (IsZero()) return "0";
  std::string out = negative_ ? "-" : "";

  Format format = format_;
  // Binary output only for exact integers of at least 1Ki in magnitude.
  static const Nat k1024 = NatFromUint64(1024);
  if (format == Format::kBinarySI &&
      (scale_ < 0 || CompareScaled(magnitude_, scale_, k1024, 0) < 0)) {
    format = Format::kDecimalSI;
  }
  if (format == Format::kBinarySI) {
    Nat n = magnitude_;
    MulPow10(n, scale_);
    int times = 0;
    for (;;) {
      Nat quotient = n;
      if (DivSmall(quotient, 1024) != 0) break;
      n = std::move(quotient);
      ++times;
    }
    out += NatToString(n);
    out += BinarySuffix(times);
    return out;
  }

  // Decimal forms: the exponent goes down to a multiple of three.
  Nat n = magnitude_;
  int64_t exponent = scale_;
  int64_t extra = ((exponent % 3) + 3) % 3;
  MulPow10(n, extra);
  exponent -= extra;
  out += NatToString(n);
  if (format == Format::kDecimalExponent) {
    if (exponent != 0) out += "e" + std::to_string(exponent);
  } else {
    out += DecimalSuffix(exponent);
  }
  return out;
}

}  // namespace stead
