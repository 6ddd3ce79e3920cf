#include "cmd/flags.h"

#include "core/duration.h"

namespace stead::cmd {

Result<Flags> Flags::Parse(const std::vector<std::string>& args,
                           const std::map<std::string, bool>& known) {
  Flags f;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) return Status::BadRequest("unexpected argument: " + a);
    std::string name = a.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = known.find(name);
    if (it == known.end()) return Status::BadRequest("unknown flag: --" + name);
    if (it->second && !has_value) {
      if (i + 1 >= args.size()) return Status::BadRequest("flag needs a value: --" + name);
      value = args[++i];
    } else if (!it->second && !has_value) {
      value = "true";
    }
    f.values_[name] = value;
  }
  return f;
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<int64_t> Flags::GetInt(const std::string& name, int64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  try {
    size_t pos = 0;
    int64_t v = std::stoll(it->second, &pos);
    if (pos != it->second.size()) throw std::invalid_argument(it->second);
    return v;
  } catch (...) {
    return Status::BadRequest("flag --" + name + " needs an integer, got " + it->second);
  }
}

Result<std::chrono::milliseconds> Flags::GetDuration(const std::string& name,
                                                     std::chrono::milliseconds fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  auto d = ParseDuration(it->second);
  if (!d.ok() || d->count() < 0) {
    return Status::BadRequest("flag --" + name + " needs a duration such as 500ms or 2s, got " +
                              it->second);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*d);
}

std::vector<std::string> Flags::GetList(const std::string& name) const {
  std::vector<std::string> out;
  std::string value = Get(name);
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    if (comma > start) out.push_back(value.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace stead::cmd
