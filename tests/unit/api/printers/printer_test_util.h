// Helpers shared by the printer tests: a fixed clock and printed types.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "api/printers/printers.h"
#include "api/resource.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::api::printers::testing {

// 2024-05-01T12:00:00Z.
inline SystemTime Now() { return SystemTime(std::chrono::seconds(1714564800)); }

// The RFC 3339 time `seconds` before Now().
inline std::string Ago(int64_t seconds) {
  return FormatTime(Now() - std::chrono::seconds(seconds));
}

inline ResourceType Printed(const std::string& group, const std::string& kind) {
  ResourceType type;
  type.group = group;
  type.version = "v1";
  type.kind = kind;
  Install(type);
  return type;
}

inline std::vector<Json> Cells(const ResourceType& type, const Json& obj) {
  return type.row(obj, Now());
}

// Column names and priorities as "Name:0" strings, for compact comparisons.
inline std::vector<std::string> ColumnSummary(const ResourceType& type) {
  std::vector<std::string> out;
  for (const TableColumn& c : type.columns) {
    out.push_back(c.name + ":" + std::to_string(c.priority));
  }
  return out;
}

}  // namespace stead::api::printers::testing
