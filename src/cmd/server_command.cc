#include "cmd/server_command.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <optional>

#include "apiserver/bootstrap.h"
#include "apiserver/server.h"
#include "controllers/manager.h"
#include "controllers/endpoints/controller.h"
#include "controllers/endpointslice/controller.h"
#include "controllers/endpointslicemirroring/controller.h"
#include "controllers/deployment/controller.h"
#include "controllers/garbagecollector/garbage_collector.h"
#include "controllers/namespace/namespace_controller.h"
#include "controllers/replicaset/controller.h"
#include "controllers/serviceaccount/serviceaccounts_controller.h"
#include "controllers/statefulset/controller.h"
#include "controllers/volume/persistent_volume_controller.h"
#include "controllers/volume/pv_protection_controller.h"
#include "controllers/volume/pvc_protection_controller.h"
#include "agent/proxy/nft.h"
#include "agent/proxy/service_proxy.h"
#include "agent/sim/simulated_nodes.h"
#include "cmd/flags.h"
#include "core/log.h"
#include "dns/cluster_dns.h"
#include "scheduler/scheduler.h"

namespace stead::cmd {

namespace {

const char kHelp[] =
    "Usage: stead server [flags]\n\n"
    "Flags:\n"
    "  --data-dir DIR        state directory (default /var/lib/stead)\n"
    "  --etcd-servers URLS   keep the cluster state in etcd (comma-separated client URLs,\n"
    "                        e.g. http://127.0.0.1:2379) instead of DIR/state.db; servers\n"
    "                        sharing an etcd form one cluster\n"
    "  --listen ADDR:PORT    API server address (default 127.0.0.1:6443; port 0 = any)\n"
    "  --insecure-http       serve plain HTTP without authentication (tests only)\n"
    "  --service-cidr CIDR   Service ClusterIP range (default 10.96.0.0/12)\n"
    "  --log-level LEVEL     debug, info, warning or error (default info)\n"
    "  --no-controllers      serve the API only (no controllers, no nodes)\n"
    "  --leader-elect BOOL   elect the controller manager through a Lease (default true)\n"
    "  --max-endpoints-per-slice N  endpoints per EndpointSlice (default 100, at most 1000)\n"
    "  --mirroring-max-endpoints-per-subset N  addresses of an Endpoints subset mirrored\n"
    "                        to EndpointSlices (default 1000, at most 1000)\n"
    "\nCluster DNS:\n"
    "  --dns-listen LIST     ADDR:PORT[,...] to serve DNS on, or none (default\n"
    "                        127.0.0.1:53, plus 10.96.0.10:53 once a local interface has it)\n"
    "  --dns-upstream LIST   ADDR[:PORT],... for names outside the cluster domain\n"
    "                        (default: the nameservers of /etc/resolv.conf)\n"
    "  --cluster-domain D    the DNS zone served (default cluster.local)\n"
    "  --dns-ttl SECONDS     TTL of the answers (default 5)\n"
    "\nSimulated nodes (kubelets without containers, for tests, demos and benchmarks):\n"
    "  --simulated-nodes N   register N nodes sim-node-0..N-1 (default 0, at most 255)\n"
    "  --sim-start-delay D   time to start each container (default 500ms)\n"
    "  --sim-stop-delay D    time each container takes to stop (default 200ms)\n"
    "  --sim-node-cpu Q      CPU capacity of each node (default 8)\n"
    "  --sim-node-memory Q   memory capacity of each node (default 32Gi)\n"
    "  --sim-node-pods N     pod capacity of each node (default 110)\n"
    "\nService proxy (ClusterIPs programmed with nftables, as kube-proxy's nftables mode):\n"
    "  --proxy-mode MODE     nftables or none (default nftables when running as root\n"
    "                        with nft available, otherwise none)\n"
    "  --proxy-nft-table T   the nftables table (family ip) stead owns (default stead)\n"
    "  --proxy-min-sync-period D  minimum time between syncs (default 1s, bursts of 2)\n"
    "  --proxy-sync-period D      full resync interval (default 30s)\n"
    "  --proxy-hostname-override NAME  node name for internalTrafficPolicy Local\n"
    "                        (default: the hostname)\n";

bool SplitHostPort(const std::string& s, std::string* host, uint16_t* port) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  *host = s.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  try {
    int p = std::stoi(s.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    *port = static_cast<uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host->empty();
}

// The controllers `stead server` runs; each registers itself here.
void RegisterControllers(controllers::ControllerManager& manager, const std::string& data_dir,
                         const std::optional<agent::sim::SimulatedNodesOptions>& sim,
                         int max_endpoints_per_slice, int mirroring_max_endpoints_per_subset,
                         const std::optional<agent::proxy::ServiceProxyOptions>& proxy) {
  using controllers::ControllerContext;
  manager.AddLeaderElected("statefulset", [](const ControllerContext& ctx) {
    return controllers::NewStatefulSetController(ctx);
  });
  manager.AddLeaderElected("endpointslice", [max_endpoints_per_slice](const ControllerContext& ctx) {
    controllers::EndpointSliceControllerOptions options;
    options.max_endpoints_per_slice = max_endpoints_per_slice;
    return controllers::NewEndpointSliceController(ctx, options);
  });
  manager.AddLeaderElected("endpointslicemirroring",
                           [mirroring_max_endpoints_per_subset](const ControllerContext& ctx) {
                             controllers::EndpointSliceMirroringControllerOptions options;
                             options.max_endpoints_per_subset = mirroring_max_endpoints_per_subset;
                             return controllers::NewEndpointSliceMirroringController(ctx, options);
                           });
  manager.AddLeaderElected("replicaset", [](const ControllerContext& ctx) {
    return controllers::NewReplicaSetController(ctx);
  });
  manager.AddLeaderElected("deployment", [](const ControllerContext& ctx) {
    return controllers::NewDeploymentController(ctx);
  });
  manager.AddLeaderElected("endpoints", [](const ControllerContext& ctx) {
    return controllers::NewEndpointsController(ctx);
  });
  manager.AddLeaderElected("garbagecollector", [](const ControllerContext& ctx) {
    return controllers::NewGarbageCollector(ctx);
  });
  manager.AddLeaderElected("namespace", [](const ControllerContext& ctx) {
    return controllers::NewNamespaceController(ctx);
  });
  manager.AddLeaderElected("serviceaccount", [](const ControllerContext& ctx) {
    return controllers::NewServiceAccountsController(ctx);
  });
  manager.AddLeaderElected("persistentvolume-binder", [data_dir](const ControllerContext& ctx) {
    controllers::PersistentVolumeControllerOptions options;
    options.volume_base_dir = data_dir + "/volumes";
    return controllers::NewPersistentVolumeController(ctx, std::move(options));
  });
  manager.AddLeaderElected("pvc-protection", [](const ControllerContext& ctx) {
    return controllers::NewPvcProtectionController(ctx);
  });
  manager.AddLeaderElected("pv-protection", [](const ControllerContext& ctx) {
    return controllers::NewPvProtectionController(ctx);
  });
  manager.AddLeaderElected("scheduler", [](const ControllerContext& ctx) {
    return scheduler::NewScheduler(ctx);
  });
  if (sim) {
    manager.AddAlwaysOn("simulated-nodes", [options = *sim](const ControllerContext& ctx) {
      return agent::sim::NewSimulatedNodes(ctx, options);
    });
  }
  if (proxy) {
    manager.AddAlwaysOn("service-proxy", [options = *proxy](const ControllerContext& ctx) {
      return agent::proxy::NewServiceProxy(
          ctx, options, agent::proxy::NewExecNft(),
          options.conntrack_cleanup ? agent::proxy::NewExecConntrack() : nullptr);
    });
  }
}

// The --proxy-* flags; nullopt when the proxy does not run.
Result<std::optional<agent::proxy::ServiceProxyOptions>> ServiceProxyFromFlags(
    const Flags& flags, const std::string& service_cidr) {
  using agent::proxy::ServiceProxyOptions;
  std::string mode = flags.Get("proxy-mode", "");
  if (mode != "" && mode != "nftables" && mode != "none") {
    return Status::BadRequest("--proxy-mode must be nftables or none, got " + mode);
  }
  if (mode == "none") return std::optional<ServiceProxyOptions>();
  ServiceProxyOptions options;
  options.table = flags.Get("proxy-nft-table", options.table);
  STEAD_ASSIGN_OR_RETURN(options.min_sync_period,
                         flags.GetDuration("proxy-min-sync-period", options.min_sync_period));
  STEAD_ASSIGN_OR_RETURN(options.sync_period,
                         flags.GetDuration("proxy-sync-period", options.sync_period));
  options.service_cidrs = {service_cidr};
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) == 0) options.node_name = host;
  std::transform(options.node_name.begin(), options.node_name.end(), options.node_name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  options.node_name = flags.Get("proxy-hostname-override", options.node_name);
  STEAD_RETURN_IF_ERROR(agent::proxy::ValidateServiceProxyOptions(options));
  Status usable = agent::proxy::CheckNftUsable();
  if (!usable.ok()) {
    if (mode == "nftables") {
      return Status::BadRequest("--proxy-mode nftables: " + usable.message());
    }
    LOG_WARN("server", "running without the service proxy (ClusterIPs are not reachable)",
             {{"reason", usable.message()}});
    return std::optional<ServiceProxyOptions>();
  }
  if (Status ct = agent::proxy::CheckConntrackUsable(); !ct.ok()) {
    LOG_WARN("server", "conntrack not available: stale UDP flows to removed endpoints are kept",
             {{"reason", ct.message()}});
    options.conntrack_cleanup = false;
  }
  return std::optional<ServiceProxyOptions>(std::move(options));
}

// The --simulated-nodes and --sim-* flags; nullopt without simulated nodes.
Result<std::optional<agent::sim::SimulatedNodesOptions>> SimulatedNodesFromFlags(
    const Flags& flags) {
  STEAD_ASSIGN_OR_RETURN(int64_t count, flags.GetInt("simulated-nodes", 0));
  if (count == 0) return std::optional<agent::sim::SimulatedNodesOptions>();
  agent::sim::SimulatedNodesOptions options;
  options.count = static_cast<int>(std::clamp<int64_t>(count, -1, 1 << 20));
  STEAD_ASSIGN_OR_RETURN(options.start_delay,
                         flags.GetDuration("sim-start-delay", options.start_delay));
  STEAD_ASSIGN_OR_RETURN(options.stop_delay,
                         flags.GetDuration("sim-stop-delay", options.stop_delay));
  options.cpu = flags.Get("sim-node-cpu", options.cpu);
  options.memory = flags.Get("sim-node-memory", options.memory);
  options.pods = flags.Get("sim-node-pods", options.pods);
  STEAD_RETURN_IF_ERROR(agent::sim::ValidateSimulatedNodesOptions(options));
  return std::optional<agent::sim::SimulatedNodesOptions>(std::move(options));
}

// The cluster DNS (--dns-*); nullptr with --dns-listen none.
Result<std::unique_ptr<dns::ClusterDns>> StartDns(const Flags& flags,
                                                  const apiserver::ServerConfig& config,
                                                  apiserver::ResourceStore* resources,
                                                  const Clock* clock, MetricsRegistry* metrics) {
  std::optional<std::string> listen_flag;
  if (flags.Has("dns-listen")) listen_flag = flags.Get("dns-listen");
  STEAD_ASSIGN_OR_RETURN(
      auto listen, dns::ListenAddressesFromFlag(listen_flag ? &*listen_flag : nullptr,
                                                apiserver::DnsServiceIpFor(config.service_cidr)));
  if (listen.empty()) return std::unique_ptr<dns::ClusterDns>();
  dns::ClusterDnsOptions options;
  options.zone.domain = dns::CanonicalName(flags.Get("cluster-domain", "cluster.local"));
  if (options.zone.domain.empty()) return Status::Invalid("--cluster-domain must not be empty");
  STEAD_ASSIGN_OR_RETURN(int64_t ttl, flags.GetInt("dns-ttl", options.zone.ttl));
  if (ttl < 0 || ttl > 3600) return Status::Invalid("--dns-ttl must be between 0 and 3600");
  options.zone.ttl = static_cast<uint32_t>(ttl);
  options.upstreams = dns::UpstreamsFor(flags.GetList("dns-upstream"), "/etc/resolv.conf", listen);
  options.listen = std::move(listen);
  return dns::ClusterDns::Start(resources, clock, metrics, std::move(options));
}

}  // namespace

int RunServer(const std::vector<std::string>& args) {
  auto start_time = std::chrono::steady_clock::now();
  auto flags = Flags::Parse(args, {{"data-dir", true},
                                   {"listen", true},
                                   {"insecure-http", false},
                                   {"service-cidr", true},
                                   {"etcd-servers", true},
                                   {"log-level", true},
                                   {"no-controllers", false},
                                   {"leader-elect", true},
                                   {"max-endpoints-per-slice", true},
                                   {"mirroring-max-endpoints-per-subset", true},
                                   {"simulated-nodes", true},
                                   {"sim-start-delay", true},
                                   {"sim-stop-delay", true},
                                   {"sim-node-cpu", true},
                                   {"sim-node-memory", true},
                                   {"sim-node-pods", true},
                                   {"dns-listen", true},
                                   {"dns-upstream", true},
                                   {"cluster-domain", true},
                                   {"dns-ttl", true},
                                   {"proxy-mode", true},
                                   {"proxy-nft-table", true},
                                   {"proxy-min-sync-period", true},
                                   {"proxy-sync-period", true},
                                   {"proxy-hostname-override", true},
                                   {"help", false}});
  if (!flags.ok()) {
    std::fprintf(stderr, "stead server: %s\n\n%s", flags.status().message().c_str(), kHelp);
    return 2;
  }
  if (flags->Has("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(flags->Get("log-level", "info"), &level)) {
    std::fprintf(stderr, "stead server: bad --log-level\n");
    return 2;
  }
  log::SetLevel(level);

  apiserver::ServerConfig config;
  config.data_dir = flags->Get("data-dir", "/var/lib/stead");
  if (!SplitHostPort(flags->Get("listen", "127.0.0.1:6443"), &config.listen_host,
                     &config.port)) {
    std::fprintf(stderr, "stead server: --listen must be ADDR:PORT\n");
    return 2;
  }
  config.use_tls = !flags->Has("insecure-http");
  config.service_cidr = flags->Get("service-cidr", config.service_cidr);
  config.etcd_servers = flags->GetList("etcd-servers");
  auto max_endpoints = flags->GetInt("max-endpoints-per-slice", 100);
  if (!max_endpoints.ok() || *max_endpoints < 1 || *max_endpoints > 1000) {
    std::fprintf(stderr, "stead server: --max-endpoints-per-slice must be 1..1000\n");
    return 2;
  }
  auto mirroring_max = flags->GetInt("mirroring-max-endpoints-per-subset", 1000);
  if (!mirroring_max.ok() || *mirroring_max < 1 || *mirroring_max > 1000) {
    std::fprintf(stderr, "stead server: --mirroring-max-endpoints-per-subset must be 1..1000\n");
    return 2;
  }
  auto sim = SimulatedNodesFromFlags(*flags);
  if (!sim.ok()) {
    std::fprintf(stderr, "stead server: %s\n", sim.status().message().c_str());
    return 2;
  }
  std::optional<agent::proxy::ServiceProxyOptions> proxy;
  if (!flags->Has("no-controllers")) {
    auto p = ServiceProxyFromFlags(*flags, config.service_cidr);
    if (!p.ok()) {
      std::fprintf(stderr, "stead server: %s\n", p.status().message().c_str());
      return 2;
    }
    proxy = std::move(*p);
  }

  // Signals are taken synchronously by this thread; every thread started
  // from here on inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  MetricsRegistry metrics;
  auto server = apiserver::ApiServer::Start(config, &clock, &metrics);
  if (!server.ok()) {
    LOG_ERROR("server", "failed to start", {{"error", server.status().message()}});
    return 1;
  }
  std::unique_ptr<controllers::ControllerManager> manager;
  if (!flags->Has("no-controllers")) {
    controllers::ControllerManager::Options mo;
    mo.leader_elect = flags->Get("leader-elect", "true") != "false";
    manager = std::make_unique<controllers::ControllerManager>(&(*server)->resources(), &clock,
                                                               &metrics, mo);
    RegisterControllers(*manager, config.data_dir, *sim, static_cast<int>(*max_endpoints),
                        static_cast<int>(*mirroring_max), proxy);
    Status s = manager->Start();
    if (!s.ok()) {
      LOG_ERROR("server", "failed to start controllers", {{"error", s.message()}});
      return 1;
    }
  }
  auto dns = StartDns(*flags, config, &(*server)->resources(), &clock, &metrics);
  if (!dns.ok()) {
    LOG_ERROR("server", "failed to start DNS", {{"error", dns.status().message()}});
    return 1;
  }
  (*server)->SetReady(true);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                        start_time)
                  .count();
  LOG_INFO("server", "ready", {{"address", config.listen_host + ":" +
                                              std::to_string((*server)->port())},
           {"kubeconfig", (*server)->kubeconfig_path()}, {"startup_ms", ms}});

  int sig = 0;
  sigwait(&signals, &sig);
  LOG_INFO("server", "shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  if (*dns) (*dns)->Stop();
  if (manager) manager->Stop();
  (*server)->Stop();
  LOG_INFO("server", "stopped");
  return 0;
}

}  // namespace stead::cmd
