#include "core/metrics.h"

#include <cmath>
#include <cstdio>

namespace stead {

void Counter::Inc(const Labels& labels, double by) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] += by;
}

double Counter::Get(const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void Gauge::Set(double value, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] = value;
}

void Gauge::Add(double delta, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] += delta;
}

double Gauge::Get(const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void Histogram::Observe(double value, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Series& s = series_[labels];
  if (s.counts.empty()) s.counts.assign(buckets_.size(), 0);
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (value <= buckets_[i]) {
      ++s.counts[i];
      break;
    }
  }
  ++s.count;
  s.sum += value;
}

MetricsRegistry::Entry* MetricsRegistry::FindLocked(const std::string& name,
                                                    const std::string& type) const {
  for (const auto& e : entries_) {
    if (e->name == name && e->type == type && !e->callback) return e.get();
  }
  return nullptr;
}

Counter* MetricsRegistry::NewCounter(const std::string& name, const std::string& help) {
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->help = help;
  e->type = "counter";
  e->counter = std::make_unique<Counter>();
  Counter* out = e->counter.get();
  std::lock_guard<std::mutex> lock(mu_);
  if (Entry* existing = FindLocked(name, e->type)) return existing->counter.get();
  entries_.push_back(std::move(e));
  return out;
}

Gauge* MetricsRegistry::NewGauge(const std::string& name, const std::string& help) {
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->help = help;
  e->type = "gauge";
  e->gauge = std::make_unique<Gauge>();
  Gauge* out = e->gauge.get();
  std::lock_guard<std::mutex> lock(mu_);
  if (Entry* existing = FindLocked(name, e->type)) return existing->gauge.get();
  entries_.push_back(std::move(e));
  return out;
}

Histogram* MetricsRegistry::NewHistogram(const std::string& name, const std::string& help,
                                         std::vector<double> buckets) {
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->help = help;
  e->type = "histogram";
  e->histogram = std::make_unique<Histogram>(std::move(buckets));
  Histogram* out = e->histogram.get();
  std::lock_guard<std::mutex> lock(mu_);
  if (Entry* existing = FindLocked(name, e->type)) return existing->histogram.get();
  entries_.push_back(std::move(e));
  return out;
}

void MetricsRegistry::NewCallbackGauge(const std::string& name, const std::string& help,
                                       std::function<double()> fn) {
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->help = help;
  e->type = "gauge";
  e->callback = std::move(fn);
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back(std::move(e));
}

namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string LabelText(const Labels& labels, const std::string& extra_key = "",
                      const std::string& extra_value = "") {
  if (labels.empty() && extra_key.empty()) return "";
  std::string s = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) s += ",";
    first = false;
    s += k + "=\"" + Escape(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) s += ",";
    s += extra_key + "=\"" + extra_value + "\"";
  }
  return s + "}";
}

std::string Num(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.9g", v);
  }
  return buf;
}

}  // namespace

std::string MetricsRegistry::Render() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& e : entries_) {
    out += "# HELP " + e->name + " " + e->help + "\n";
    out += "# TYPE " + e->name + " " + e->type + "\n";
    if (e->counter) {
      std::lock_guard<std::mutex> l(e->counter->mu_);
      for (const auto& [labels, v] : e->counter->values_) {
        out += e->name + LabelText(labels) + " " + Num(v) + "\n";
      }
    } else if (e->gauge) {
      std::lock_guard<std::mutex> l(e->gauge->mu_);
      for (const auto& [labels, v] : e->gauge->values_) {
        out += e->name + LabelText(labels) + " " + Num(v) + "\n";
      }
    } else if (e->callback) {
      out += e->name + " " + Num(e->callback()) + "\n";
    } else if (e->histogram) {
      const Histogram& h = *e->histogram;
      std::lock_guard<std::mutex> l(h.mu_);
      for (const auto& [labels, s] : h.series_) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < h.buckets_.size(); ++i) {
          cumulative += s.counts[i];
          out += e->name + "_bucket" + LabelText(labels, "le", Num(h.buckets_[i])) + " " +
                 std::to_string(cumulative) + "\n";
        }
        out += e->name + "_bucket" + LabelText(labels, "le", "+Inf") + " " +
               std::to_string(s.count) + "\n";
        out += e->name + "_sum" + LabelText(labels) + " " + Num(s.sum) + "\n";
        out += e->name + "_count" + LabelText(labels) + " " + std::to_string(s.count) + "\n";
      }
    }
  }
  return out;
}

}  // namespace stead
