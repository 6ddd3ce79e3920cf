#include "api/schema/go_time.h"

#include <cstdio>

#include "core/go_quote.h"

namespace stead::api::schema {
namespace {

constexpr std::string_view kLayout = "2006-01-02T15:04:05Z07:00";
constexpr std::string_view kMicroLayout = "2006-01-02T15:04:05.000000Z07:00";

bool IsDigit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

bool IsLeap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysIn(int month, int year) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil) and its inverse.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(yoe + era * 400 + (*month <= 2));
}

struct Parser {
  std::string_view whole;
  std::string_view layout;
  std::string_view value;

  Status CannotParse(std::string_view value_elem, std::string_view layout_elem) const {
    return Status::BadRequest("parsing time " + GoQuote(whole) + " as " + GoQuote(layout) +
                              ": cannot parse " + GoQuote(value_elem) + " as " +
                              GoQuote(layout_elem));
  }
  Status Message(std::string_view message) const {
    return Status::BadRequest("parsing time " + GoQuote(whole) + std::string(message));
  }
  // Go's getnum: one or two digits (exactly two when fixed).
  bool Num(bool fixed, int* out) {
    if (!IsDigit(value, 0)) return false;
    if (!IsDigit(value, 1)) {
      if (fixed) return false;
      *out = value[0] - '0';
      value.remove_prefix(1);
      return true;
    }
    *out = (value[0] - '0') * 10 + (value[1] - '0');
    value.remove_prefix(2);
    return true;
  }
  bool Literal(std::string_view lit) {
    if (value.substr(0, lit.size()) != lit) return false;
    value.remove_prefix(lit.size());
    return true;
  }
};

}  // namespace

bool GoTime::IsZero() const {
  return year == 1 && month == 1 && day == 1 && hour == 0 && minute == 0 && second == 0 &&
         nanos == 0;
}

std::string GoTime::FormatRfc3339() const {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute,
                second);
  return buf;
}

std::string GoTime::FormatRfc3339Micro() const {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day, hour,
                minute, second, nanos / 1000);
  return buf;
}

int64_t GoTime::UnixSeconds() const {
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

GoTime GoTime::FromUnix(int64_t seconds, int nanos) {
  GoTime t;
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilFromDays(days, &t.year, &t.month, &t.day);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem / 60 % 60);
  t.second = static_cast<int>(rem % 60);
  t.nanos = nanos;
  return t;
}

Result<GoTime> ParseGoTime(std::string_view input, bool micro) {
  Parser p{input, micro ? kMicroLayout : kLayout, input};
  GoTime t;
  std::string_view hold = p.value;
  if (p.value.size() < 4 || !IsDigit(p.value, 0) || !IsDigit(p.value, 1) || !IsDigit(p.value, 2) ||
      !IsDigit(p.value, 3)) {
    return p.CannotParse(hold, "2006");
  }
  t.year = std::stoi(std::string(p.value.substr(0, 4)));
  p.value.remove_prefix(4);

  struct Chunk {
    std::string_view prefix;
    std::string_view std;
    bool fixed;
    int* out;
    int max;  // exclusive upper bound, 0 for the day (checked at the end)
    const char* range;
  };
  const Chunk chunks[] = {
      {"-", "01", true, &t.month, 13, "month"},   {"-", "02", true, &t.day, 0, nullptr},
      {"T", "15", false, &t.hour, 24, "hour"},    {":", "04", true, &t.minute, 60, "minute"},
      {":", "05", true, &t.second, 60, "second"},
  };
  for (const Chunk& c : chunks) {
    if (!p.Literal(c.prefix)) return p.CannotParse(p.value, c.prefix);
    hold = p.value;
    if (!p.Num(c.fixed, c.out)) return p.CannotParse(hold, c.std);
    if (c.range != nullptr && (*c.out >= c.max || (c.out == &t.month && *c.out == 0))) {
      return p.Message(std::string(": ") + c.range + " out of range");
    }
  }
  // Fractional seconds: exactly six digits for MicroTime; optional (and of
  // any length) for Time.
  if (micro) {
    hold = p.value;
    if (p.value.size() < 7 || (p.value[0] != '.' && p.value[0] != ',')) {
      return p.CannotParse(hold, ".000000");
    }
    int nanos = 0;
    for (size_t i = 1; i < 7; ++i) {
      if (!IsDigit(p.value, i)) return p.CannotParse(hold, ".000000");
      nanos = nanos * 10 + (p.value[i] - '0');
    }
    t.nanos = nanos * 1000;
    p.value.remove_prefix(7);
  } else if (p.value.size() >= 2 && (p.value[0] == '.' || p.value[0] == ',') &&
             IsDigit(p.value, 1)) {
    size_t n = 1;
    int64_t nanos = 0;
    int scale = 0;
    while (IsDigit(p.value, n)) {
      if (scale < 9) {
        nanos = nanos * 10 + (p.value[n] - '0');
        ++scale;
      }
      ++n;
    }
    if (n - 1 > 9) return p.Message(": fractional second out of range");
    while (scale < 9) {
      nanos *= 10;
      ++scale;
    }
    t.nanos = static_cast<int>(nanos);
    p.value.remove_prefix(n);
  }
  // Zone: "Z" or ±hh:mm.
  hold = p.value;
  int offset_minutes = 0;
  if (!p.value.empty() && p.value[0] == 'Z') {
    p.value.remove_prefix(1);
  } else {
    if (p.value.size() < 6 || p.value[3] != ':') return p.CannotParse(hold, "Z07:00");
    char sign = p.value[0];
    std::string_view hh = p.value.substr(1, 2), mm = p.value.substr(4, 2);
    if (!IsDigit(hh, 0) || !IsDigit(hh, 1) || !IsDigit(mm, 0) || !IsDigit(mm, 1) ||
        (sign != '+' && sign != '-')) {
      return p.CannotParse(hold, "Z07:00");
    }
    int zh = (hh[0] - '0') * 10 + (hh[1] - '0');
    int zm = (mm[0] - '0') * 10 + (mm[1] - '0');
    p.value.remove_prefix(6);
    if (zh > 24) return p.Message(": time zone offset hour out of range");
    if (zm > 60) return p.Message(": time zone offset minute out of range");
    offset_minutes = (zh * 60 + zm) * (sign == '-' ? -1 : 1);
  }
  if (!p.value.empty()) return p.Message(": extra text: " + GoQuote(p.value));
  if (t.day < 1 || t.day > DaysIn(t.month, t.year)) return p.Message(": day out of range");
  if (offset_minutes != 0) {
    int64_t seconds = DaysFromCivil(t.year, t.month, t.day) * 86400 + t.hour * 3600 +
                      t.minute * 60 + t.second - static_cast<int64_t>(offset_minutes) * 60;
    int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    int64_t rem = seconds - days * 86400;
    CivilFromDays(days, &t.year, &t.month, &t.day);
    t.hour = static_cast<int>(rem / 3600);
    t.minute = static_cast<int>(rem % 3600 / 60);
    t.second = static_cast<int>(rem % 60);
  }
  return t;
}

}  // namespace stead::api::schema
