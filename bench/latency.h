// Latencies: a bag of duration samples (nanoseconds) with exact percentiles.
// Benchmarks record at most a few million samples, so keeping every sample
// and sorting once is simpler and more exact than a bucketed histogram. Not
// thread-safe: give each thread its own and Merge() them at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace stead::bench {

class Latencies {
 public:
  void Add(std::chrono::nanoseconds d) { samples_.push_back(d.count()); }
  void AddNanos(int64_t ns) { samples_.push_back(ns); }
  void Merge(const Latencies& other);
  size_t count() const { return samples_.size(); }
  // q in [0, 1]; nearest-rank on the sorted samples. Sorts lazily.
  double PercentileMs(double q);
  double MeanMs() const;
  double MaxMs();
  // "p50=1.23ms p99=4.56ms p99.9=7.89ms max=9.99ms"
  std::string Summary();

 private:
  void Sort();
  std::vector<int64_t> samples_;
  bool sorted_ = false;
};

}  // namespace stead::bench
