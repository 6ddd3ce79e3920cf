#include "agent/proxy/service_proxy.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "agent/proxy/sync_runner.h"
#include "agent/proxy/syncer.h"
#include "agent/sim/ip_pool.h"
#include "core/log.h"

namespace stead::agent::proxy {

namespace {

using client::ObjectPtr;

bool ValidCidr(const std::string& cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string::npos) return false;
  uint32_t ip = 0;
  if (!sim::ParseIpv4(cidr.substr(0, slash), &ip)) return false;
  std::string bits = cidr.substr(slash + 1);
  if (bits.empty() || bits.size() > 2 ||
      !std::all_of(bits.begin(), bits.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  return std::stoi(bits) <= 32;
}

class ServiceProxy final : public controllers::RunnableController {
 public:
  ServiceProxy(const controllers::ControllerContext& ctx, ServiceProxyOptions options,
               std::unique_ptr<Nft> nft, std::unique_ptr<Conntrack> conntrack)
      : options_(std::move(options)),
        nft_(std::move(nft)),
        conntrack_(std::move(conntrack)),
        services_(ctx.informers->For("", "services")),
        slices_(ctx.informers->For("discovery.k8s.io", "endpointslices")),
        metrics_(ctx.metrics ? std::make_unique<SyncerMetrics>(*ctx.metrics) : nullptr),
        syncer_(nft_.get(), conntrack_.get(), ctx.clock, RulesetOptionsFrom(options_),
                metrics_.get()),
        runner_(ctx.clock, RunnerOptions(options_), [this] { return SyncOnce(); }) {}

  ~ServiceProxy() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) return;
    started_ = true;
    client::ResourceEventHandler h;
    h.on_add = [this](const ObjectPtr&) { runner_.Run(); };
    h.on_update = [this](const ObjectPtr&, const ObjectPtr&) { runner_.Run(); };
    h.on_delete = [this](const ObjectPtr&) { runner_.Run(); };
    handlers_.emplace_back(&services_, services_.AddEventHandler(h));
    handlers_.emplace_back(&slices_, slices_.AddEventHandler(h));
    LOG_INFO("proxy", "starting service proxy",
             {{"mode", "nftables"},
              {"table", "ip " + options_.table},
              {"min_sync_period_ms", static_cast<int64_t>(options_.min_sync_period.count())},
              {"sync_period_ms", static_cast<int64_t>(options_.sync_period.count())}});
    runner_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    for (auto& [informer, id] : handlers_) informer->RemoveEventHandler(id);
    handlers_.clear();
    runner_.Stop();
    Status s = syncer_.Cleanup();
    if (s.ok()) {
      LOG_INFO("proxy", "deleted nftables table", {{"table", "ip " + options_.table}});
    } else {
      LOG_ERROR("proxy", "deleting nftables table failed",
                {{"table", "ip " + options_.table}, {"error", s.message()}});
    }
  }

 private:
  static RulesetOptions RulesetOptionsFrom(const ServiceProxyOptions& o) {
    RulesetOptions r;
    r.table = o.table;
    r.service_cidrs = o.service_cidrs;
    r.node_name = o.node_name;
    return r;
  }
  static SyncRunnerOptions RunnerOptions(const ServiceProxyOptions& o) {
    SyncRunnerOptions r;
    r.min_interval = o.min_sync_period;
    r.max_interval = o.sync_period;
    return r;
  }

  // Runs on the runner's thread.
  Status SyncOnce() {
    Status s = syncer_.Sync(services_.List(""), slices_.List(""));
    if (auto cleanup = syncer_.NextCleanup()) runner_.RunAt(*cleanup);
    return s;
  }

  const std::string name_ = "service-proxy";
  const ServiceProxyOptions options_;
  const std::unique_ptr<Nft> nft_;
  const std::unique_ptr<Conntrack> conntrack_;
  client::SharedInformer& services_;
  client::SharedInformer& slices_;
  const std::unique_ptr<SyncerMetrics> metrics_;
  Syncer syncer_;  // used by the runner's thread only (and by Stop after it)
  std::mutex mu_;
  bool started_ = false;  // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
  std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>>
      handlers_;  // guarded by mu_
  // Last: destroyed (joined) first.
  SyncRunner runner_;
};

}  // namespace

Status ValidateServiceProxyOptions(const ServiceProxyOptions& options) {
  const std::string& t = options.table;
  if (t.empty() || t.size() > 64 ||
      !std::all_of(t.begin(), t.end(),
                   [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; }) ||
      !std::isalpha(static_cast<unsigned char>(t[0]))) {
    return Status::BadRequest(
        "--proxy-nft-table must start with a letter and hold only "
        "letters, digits, '-' and '_', got \"" +
        t + "\"");
  }
  for (const std::string& cidr : options.service_cidrs) {
    if (!ValidCidr(cidr)) return Status::BadRequest("invalid IPv4 service CIDR: " + cidr);
  }
  if (options.sync_period.count() <= 0) {
    return Status::BadRequest("--proxy-sync-period must be positive");
  }
  return Status::OK();
}

std::unique_ptr<controllers::RunnableController> NewServiceProxy(
    const controllers::ControllerContext& context, ServiceProxyOptions options,
    std::unique_ptr<Nft> nft, std::unique_ptr<Conntrack> conntrack) {
  return std::make_unique<ServiceProxy>(context, std::move(options), std::move(nft),
                                        std::move(conntrack));
}

}  // namespace stead::agent::proxy
