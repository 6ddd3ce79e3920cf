// Structured logging with levels, klog-like text on stderr:
//
//   I1125 02:18:49.123456 store] compacted revision=120 deleted=431
//
//   LOG_INFO("store", "compacted", {{"revision", rev}, {"deleted", n}});
//
// The level and sink are process-wide and set once by main() before any
// thread starts (the one piece of global state; logging is cross-cutting).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace stead::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// A key=value pair; values are rendered as text (quoted if they contain spaces).
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, int64_t v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, uint64_t v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, double v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  std::string key;
  std::string value;
};

void SetLevel(Level level);
Level GetLevel();
bool ParseLevel(std::string_view text, Level* out);
// Replaces the sink (default: stderr). Used by tests to capture output.
void SetSink(std::function<void(std::string_view line)> sink);

void Write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields = {});

inline bool Enabled(Level level) { return level >= GetLevel(); }

}  // namespace stead::log

#define LOG_DEBUG(component, msg, ...)                                     \
  do {                                                                     \
    if (::stead::log::Enabled(::stead::log::Level::kDebug))                \
      ::stead::log::Write(::stead::log::Level::kDebug, component, msg __VA_OPT__(, ) __VA_ARGS__); \
  } while (0)
#define LOG_INFO(component, msg, ...) \
  ::stead::log::Write(::stead::log::Level::kInfo, component, msg __VA_OPT__(, ) __VA_ARGS__)
#define LOG_WARN(component, msg, ...) \
  ::stead::log::Write(::stead::log::Level::kWarning, component, msg __VA_OPT__(, ) __VA_ARGS__)
#define LOG_ERROR(component, msg, ...) \
  ::stead::log::Write(::stead::log::Level::kError, component, msg __VA_OPT__(, ) __VA_ARGS__)
