#include "agent/proxy/syncer.h"

#include <chrono>

#include "agent/proxy/stale_flows.h"
#include "core/log.h"

namespace stead::agent::proxy {

namespace {

std::vector<double> DurationBuckets() {
  // kube-proxy's: exponential from 1ms, factor 2, 15 buckets.
  std::vector<double> b;
  double v = 0.001;
  for (int i = 0; i < 15; ++i, v *= 2) b.push_back(v);
  return b;
}

}  // namespace

SyncerMetrics::SyncerMetrics(MetricsRegistry& r)
    : duration(r.NewHistogram("kubeproxy_sync_proxy_rules_duration_seconds",
                              "SyncProxyRules latency in seconds", DurationBuckets())),
      last_timestamp(r.NewGauge("kubeproxy_sync_proxy_rules_last_timestamp_seconds",
                                "The last time proxy rules were successfully synced")),
      sync_failures(r.NewCounter("kubeproxy_sync_proxy_rules_nftables_sync_failures_total",
                                 "Cumulative proxy nftables sync failures")),
      cleanup_failures(r.NewCounter("kubeproxy_sync_proxy_rules_nftables_cleanup_failures_total",
                                    "Cumulative proxy nftables cleanup failures")),
      conntrack_deleted(r.NewCounter("kubeproxy_conntrack_reconciler_deleted_entries_total",
                                     "Cumulative conntrack flows deleted by conntrack reconciler")),
      services(r.NewGauge("stead_proxy_programmed_services",
                          "Service ports with endpoints in the last applied nftables ruleset")),
      endpoints(r.NewGauge("stead_proxy_programmed_endpoints",
                           "Endpoint chains in the last applied nftables ruleset")) {
  // Exported as 0 from the start, as upstream's counters are.
  sync_failures->Inc({}, 0);
  cleanup_failures->Inc({}, 0);
  conntrack_deleted->Inc({}, 0);
}

Syncer::Syncer(Nft* nft, Conntrack* conntrack, const Clock* clock, RulesetOptions options,
               SyncerMetrics* metrics)
    : nft_(nft),
      conntrack_(conntrack),
      clock_(clock),
      options_(std::move(options)),
      metrics_(metrics) {}

void Syncer::DeleteStaleFlows(const std::vector<ServicePort>& ports) {
  if (!conntrack_) return;
  auto listed = conntrack_->ListUdp();
  if (!listed.ok()) {
    LOG_WARN("proxy", "listing conntrack flows failed", {{"error", listed.status().message()}});
    return;
  }
  int64_t deleted = 0;
  for (const ConntrackFlow& f : StaleUdpFlows(ParseUdpFlows(*listed), ports)) {
    auto n = conntrack_->DeleteUdp(f.orig_dst, f.orig_dport, f.reply_src);
    if (!n.ok()) {
      LOG_WARN("proxy", "deleting stale conntrack flows failed",
               {{"service", f.orig_dst + ":" + std::to_string(f.orig_dport)},
                {"endpoint", f.reply_src},
                {"error", n.status().message()}});
      continue;
    }
    deleted += *n;
  }
  if (deleted > 0) {
    if (metrics_) metrics_->conntrack_deleted->Inc({}, static_cast<double>(deleted));
    LOG_DEBUG("proxy", "deleted stale UDP conntrack flows", {{"flows", deleted}});
  }
}

void Syncer::DeleteStaleChains(SystemTime now, const std::set<std::string>& active) {
  std::string script;
  std::vector<std::string> deleting;
  for (auto it = stale_.begin(); it != stale_.end();) {
    if (active.count(it->first)) {  // back in use: no longer stale
      it = stale_.erase(it);
      continue;
    }
    if (it->second + kStaleChainDelay <= now) {
      script += "delete chain ip " + options_.table + " " + it->first + "\n";
      deleting.push_back(it->first);
    }
    ++it;
  }
  if (deleting.empty()) return;
  Status s = nft_->Apply(script);
  if (!s.ok()) {
    if (metrics_) metrics_->cleanup_failures->Inc();
    LOG_WARN("proxy", "deleting stale chains failed; will retry",
             {{"chains", static_cast<int64_t>(deleting.size())}, {"error", s.message()}});
    return;
  }
  for (const std::string& c : deleting) {
    stale_.erase(c);
    chains_.erase(c);
  }
  LOG_DEBUG("proxy", "deleted stale chains", {{"chains", static_cast<int64_t>(deleting.size())}});
}

Status Syncer::Sync(const std::vector<store::ObjectPtr>& services,
                    const std::vector<store::ObjectPtr>& slices) {
  auto start = std::chrono::steady_clock::now();
  SystemTime now = clock_->Now();
  RulesetOptions options = options_;
  options.replace_table = !table_created_;
  if (!table_created_) {
    // Only for the log: the replacing transaction works either way.
    auto existing = nft_->ListTable(options_.table);
    if (existing.ok()) {
      LOG_INFO("proxy", "replacing the nftables table left by an earlier run",
               {{"table", "ip " + options_.table}});
    } else if (!existing.status().IsNotFound()) {
      LOG_WARN("proxy", "cannot list the nftables table",
               {{"table", "ip " + options_.table}, {"error", existing.status().message()}});
    }
  }
  std::vector<ServicePort> ports = BuildServicePorts(services, slices);
  Ruleset ruleset = GenerateRuleset(ports, options);

  if (table_created_) DeleteStaleChains(now, ruleset.chains);
  std::string script = ruleset.text;
  if (table_created_) {
    for (const std::string& set : sets_) {
      if (!ruleset.sets.count(set)) script += "delete set ip " + options_.table + " " + set + "\n";
    }
  }
  Status s = nft_->Apply(script);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (metrics_) metrics_->duration->Observe(seconds);
  if (!s.ok()) {
    if (metrics_) metrics_->sync_failures->Inc();
    LOG_ERROR("proxy", "nftables sync failed", {{"table", options_.table}, {"error", s.message()}});
    return s;
  }
  if (!table_created_) {
    chains_.clear();
    stale_.clear();
  }
  table_created_ = true;
  for (const std::string& c : chains_) {
    if (!ruleset.chains.count(c)) stale_.emplace(c, now);
  }
  for (const std::string& c : ruleset.chains) {
    stale_.erase(c);
    chains_.insert(c);
  }
  sets_ = ruleset.sets;
  if (metrics_) {
    metrics_->services->Set(ruleset.services);
    metrics_->endpoints->Set(ruleset.endpoints);
    metrics_->last_timestamp->Set(std::chrono::duration<double>(now.time_since_epoch()).count());
  }
  DeleteStaleFlows(ports);
  LOG_DEBUG("proxy", "synced nftables rules",
            {{"services", ruleset.services},
             {"endpoints", ruleset.endpoints},
             {"stale_chains", static_cast<int64_t>(stale_.size())},
             {"seconds", seconds}});
  return Status::OK();
}

std::optional<SystemTime> Syncer::NextCleanup() const {
  std::optional<SystemTime> next;
  for (const auto& [chain, since] : stale_) {
    SystemTime due = since + kStaleChainDelay;
    if (!next || due < *next) next = due;
  }
  return next;
}

Status Syncer::Cleanup() {
  Status s = nft_->DeleteTable(options_.table);
  if (!s.ok()) {
    if (metrics_) metrics_->cleanup_failures->Inc();
    return s;
  }
  table_created_ = false;
  chains_.clear();
  sets_.clear();
  stale_.clear();
  return Status::OK();
}

}  // namespace stead::agent::proxy
