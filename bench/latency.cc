#include "latency.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace stead::bench {

void Latencies::Merge(const Latencies& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

void Latencies::Sort() {
  if (!sorted_) std::sort(samples_.begin(), samples_.end());
  sorted_ = true;
}

double Latencies::PercentileMs(double q) {
  if (samples_.empty()) return 0;
  Sort();
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples_.size())));
  rank = std::clamp<size_t>(rank, 1, samples_.size());
  return static_cast<double>(samples_[rank - 1]) / 1e6;
}

double Latencies::MeanMs() const {
  if (samples_.empty()) return 0;
  long double sum = std::accumulate(samples_.begin(), samples_.end(), 0.0L);
  return static_cast<double>(sum / samples_.size() / 1e6);
}

double Latencies::MaxMs() { return PercentileMs(1.0); }

std::string Latencies::Summary() {
  char buf[160];
  std::snprintf(buf, sizeof buf, "p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms", PercentileMs(0.5),
                PercentileMs(0.99), PercentileMs(0.999), MaxMs());
  return buf;
}

}  // namespace stead::bench
