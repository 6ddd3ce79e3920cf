// Metrics: counters, gauges and histograms with labels, exposed in the
// Prometheus text format (`GET /metrics`). A MetricsRegistry is created by
// main() and passed to the components that record into it. Thread-safe;
// recording is a map lookup under a short mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace stead {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Inc(const Labels& labels = {}, double by = 1);
  double Get(const Labels& labels = {}) const;

 private:
  friend class MetricsRegistry;
  mutable std::mutex mu_;
  std::map<Labels, double> values_;
};

class Gauge {
 public:
  void Set(double value, const Labels& labels = {});
  void Add(double delta, const Labels& labels = {});
  double Get(const Labels& labels = {}) const;

 private:
  friend class MetricsRegistry;
  mutable std::mutex mu_;
  std::map<Labels, double> values_;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> buckets) : buckets_(std::move(buckets)) {}
  void Observe(double value, const Labels& labels = {});

 private:
  friend class MetricsRegistry;
  struct Series {
    std::vector<uint64_t> counts;  // per bucket (non-cumulative)
    uint64_t count = 0;
    double sum = 0;
  };
  const std::vector<double> buckets_;
  mutable std::mutex mu_;
  std::map<Labels, Series> series_;
};

class MetricsRegistry {
 public:
  // Registering a name again returns the metric already registered under it
  // (components that are restarted, such as leader-elected controllers,
  // register their metrics each time they start).
  Counter* NewCounter(const std::string& name, const std::string& help);
  Gauge* NewGauge(const std::string& name, const std::string& help);
  Histogram* NewHistogram(const std::string& name, const std::string& help,
                          std::vector<double> buckets);
  // A gauge computed when scraped.
  void NewCallbackGauge(const std::string& name, const std::string& help,
                        std::function<double()> fn);

  // Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Entry {
    std::string name, help, type;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> callback;
  };
  Entry* FindLocked(const std::string& name, const std::string& type) const;

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace stead
