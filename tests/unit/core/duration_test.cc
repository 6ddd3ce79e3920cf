#include "core/duration.h"

#include <limits>

#include <gtest/gtest.h>

namespace stead {
namespace {

using std::chrono::nanoseconds;
constexpr int64_t kSecond = 1000000000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

int64_t Parse(std::string_view s) {
  Result<nanoseconds> d = ParseDuration(s);
  EXPECT_TRUE(d.ok()) << s << ": " << d.status().message();
  return d.ok() ? d->count() : -12345;
}

std::string Error(std::string_view s) {
  Result<nanoseconds> d = ParseDuration(s);
  EXPECT_FALSE(d.ok()) << s;
  return d.ok() ? "" : d.status().message();
}

TEST(DurationTest, ParsesGoTestVectors) {
  // From Go's time.TestParseDuration.
  EXPECT_EQ(Parse("0"), 0);
  EXPECT_EQ(Parse("5s"), 5 * kSecond);
  EXPECT_EQ(Parse("30s"), 30 * kSecond);
  EXPECT_EQ(Parse("1478s"), 1478 * kSecond);
  EXPECT_EQ(Parse("-5s"), -5 * kSecond);
  EXPECT_EQ(Parse("+5s"), 5 * kSecond);
  EXPECT_EQ(Parse("-0"), 0);
  EXPECT_EQ(Parse("+0"), 0);
  EXPECT_EQ(Parse("5.0s"), 5 * kSecond);
  EXPECT_EQ(Parse("5.6s"), 5 * kSecond + 600000000);
  EXPECT_EQ(Parse("5.s"), 5 * kSecond);
  EXPECT_EQ(Parse(".5s"), kSecond / 2);
  EXPECT_EQ(Parse("1.0s"), kSecond);
  EXPECT_EQ(Parse("1.00s"), kSecond);
  EXPECT_EQ(Parse("1.004s"), kSecond + 4000000);
  EXPECT_EQ(Parse("1.0040s"), kSecond + 4000000);
  EXPECT_EQ(Parse("100.00100s"), 100 * kSecond + 1000000);
  EXPECT_EQ(Parse("10ns"), 10);
  EXPECT_EQ(Parse("11us"), 11000);
  EXPECT_EQ(Parse("12\xC2\xB5s"), 12000);  // U+00B5
  EXPECT_EQ(Parse("12\xCE\xBCs"), 12000);  // U+03BC
  EXPECT_EQ(Parse("13ms"), 13000000);
  EXPECT_EQ(Parse("14s"), 14 * kSecond);
  EXPECT_EQ(Parse("15m"), 15 * kMinute);
  EXPECT_EQ(Parse("16h"), 16 * kHour);
  EXPECT_EQ(Parse("3h30m"), 3 * kHour + 30 * kMinute);
  EXPECT_EQ(Parse("10.5s4m"), 4 * kMinute + 10 * kSecond + 500000000);
  EXPECT_EQ(Parse("-2m3.4s"), -(2 * kMinute + 3 * kSecond + 400000000));
  EXPECT_EQ(Parse("1h2m3s4ms5us6ns"), kHour + 2 * kMinute + 3 * kSecond + 4000000 + 5000 + 6);
  EXPECT_EQ(Parse("39h9m14.425s"), 39 * kHour + 9 * kMinute + 14 * kSecond + 425000000);
  EXPECT_EQ(Parse("52763797000ns"), 52763797000);
  EXPECT_EQ(Parse("0.3333333333333333333h"), 20 * kMinute);
  EXPECT_EQ(Parse("9007199254740993ns"), 9007199254740993);
  EXPECT_EQ(Parse("9223372036854775807ns"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Parse("9223372036854775.807us"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Parse("9223372036s854ms775us807ns"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Parse("-9223372036854775808ns"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Parse("-9223372036854775.808us"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Parse("0.100000000000000000000h"), 6 * kMinute);
  EXPECT_EQ(Parse("0.830103483285477580700h"), 49 * kMinute + 48 * kSecond + 372539827);
  EXPECT_EQ(Parse("1.5h"), kHour + 30 * kMinute);
  EXPECT_EQ(Parse("500ms"), kSecond / 2);
  EXPECT_EQ(Parse("32s"), 32 * kSecond);
}

TEST(DurationTest, RejectsWithGoMessages) {
  EXPECT_EQ(Error(""), "time: invalid duration \"\"");
  EXPECT_EQ(Error("3"), "time: missing unit in duration \"3\"");
  EXPECT_EQ(Error("-"), "time: invalid duration \"-\"");
  EXPECT_EQ(Error("s"), "time: invalid duration \"s\"");
  EXPECT_EQ(Error("."), "time: invalid duration \".\"");
  EXPECT_EQ(Error("-.s"), "time: invalid duration \"-.s\"");
  EXPECT_EQ(Error(".s"), "time: invalid duration \".s\"");
  EXPECT_EQ(Error("+.s"), "time: invalid duration \"+.s\"");
  EXPECT_EQ(Error("1d"), "time: unknown unit \"d\" in duration \"1d\"");
  EXPECT_EQ(Error("1.1.1s"), "time: missing unit in duration \"1.1.1s\"");
  EXPECT_EQ(Error("1s1"), "time: missing unit in duration \"1s1\"");
  EXPECT_EQ(Error("3000000h"), "time: invalid duration \"3000000h\"");
  EXPECT_EQ(Error("9223372036854775808ns"), "time: invalid duration \"9223372036854775808ns\"");
  EXPECT_EQ(Error("9223372036854775.808us"), "time: invalid duration \"9223372036854775.808us\"");
  EXPECT_EQ(Error("9223372036854ms775us808ns"),
            "time: invalid duration \"9223372036854ms775us808ns\"");
  EXPECT_EQ(Error("-9223372036854775809ns"), "time: invalid duration \"-9223372036854775809ns\"");
  EXPECT_EQ(Error("\x85\x85"), "time: invalid duration \"\\x85\\x85\"");
  EXPECT_EQ(Error("\xff"
                  "ff"),
            "time: invalid duration \"\\xffff\"");
  EXPECT_EQ(Error("hello \xff\xff world"), "time: invalid duration \"hello \\xff\\xff world\"");
  EXPECT_EQ(Error("\xef\xbf\xbd"), "time: invalid duration \"\\xef\\xbf\\xbd\"");
}

}  // namespace
}  // namespace stead
