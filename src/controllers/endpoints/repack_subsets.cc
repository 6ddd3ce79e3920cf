#include "controllers/endpoints/repack_subsets.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace stead::controllers::endpoints {
namespace {

// Addresses are the same endpoint when IP and pod UID agree.
using AddressKey = std::pair<std::string, std::string>;
// For each address offering a port: ready there?
using AddressSet = std::map<AddressKey, bool>;

AddressKey KeyOf(const Json& addr) {
  return {GetString(addr, {"ip"}), GetString(addr, {"targetRef", "uid"})};
}

const Json& ArrayAt(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : kEmpty;
}

// LessEndpointAddress: by IP bytes, then addresses without a targetRef
// first, then by UID.
bool LessAddress(const Json& a, const Json& b) {
  std::string ia = GetString(a, {"ip"}), ib = GetString(b, {"ip"});
  if (ia != ib) return ia < ib;
  bool ra = a.contains("targetRef"), rb = b.contains("targetRef");
  if (!rb) return false;
  if (!ra) return true;
  return GetString(a, {"targetRef", "uid"}) < GetString(b, {"targetRef", "uid"});
}

bool LessByDump(const Json& a, const Json& b) { return a.dump() < b.dump(); }

}  // namespace

Json SortSubsets(Json subsets) {
  if (!subsets.is_array()) return Json::array();
  for (Json& ss : subsets) {
    for (const char* key : {"addresses", "notReadyAddresses"}) {
      if (ss.contains(key) && ss[key].is_array()) {
        std::stable_sort(ss[key].begin(), ss[key].end(), LessAddress);
      }
    }
    if (ss.contains("ports") && ss["ports"].is_array()) {
      std::sort(ss["ports"].begin(), ss["ports"].end(), LessByDump);
    }
  }
  std::sort(subsets.begin(), subsets.end(), LessByDump);
  return subsets;
}

Json RepackSubsets(const Json& subsets) {
  std::map<AddressKey, Json> all_addresses;
  // Port (canonical dump) -> the port and the addresses offering it. A null
  // port is the sentinel for addresses without ports.
  std::map<std::string, std::pair<Json, AddressSet>> by_port;
  auto add = [&](const Json& addr, const Json& port, bool ready) {
    AddressKey key = KeyOf(addr);
    all_addresses.emplace(key, addr);
    auto& entry = by_port[port.dump()];
    entry.first = port;
    auto [it, inserted] = entry.second.emplace(key, ready);
    // Not ready always trumps ready.
    if (!inserted && it->second) it->second = ready;
  };
  if (subsets.is_array()) {
    for (const Json& ss : subsets) {
      std::vector<Json> ports;
      for (const Json& p : ArrayAt(ss, "ports")) ports.push_back(p);
      if (ports.empty()) ports.push_back(Json());
      for (const Json& port : ports) {
        for (const Json& a : ArrayAt(ss, "addresses")) add(a, port, true);
        for (const Json& a : ArrayAt(ss, "notReadyAddresses")) add(a, port, false);
      }
    }
  }

  // Group the ports by the exact set of addresses offering them.
  std::map<AddressSet, std::vector<Json>> by_addresses;
  for (auto& [dump, entry] : by_port) {
    std::vector<Json>& ports = by_addresses[entry.second];
    if (!entry.first.is_null()) ports.push_back(entry.first);
  }
  Json out = Json::array();
  for (const auto& [addresses, ports] : by_addresses) {
    Json ss = Json::object();
    Json ready = Json::array(), not_ready = Json::array();
    for (const auto& [key, is_ready] : addresses) {
      (is_ready ? ready : not_ready).push_back(all_addresses[key]);
    }
    if (!ready.empty()) ss["addresses"] = std::move(ready);
    if (!not_ready.empty()) ss["notReadyAddresses"] = std::move(not_ready);
    if (!ports.empty()) ss["ports"] = ports;
    out.push_back(std::move(ss));
  }
  return SortSubsets(std::move(out));
}

}  // namespace stead::controllers::endpoints
