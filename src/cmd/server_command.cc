#include "cmd/server_command.h"

#include <signal.h>

#include <chrono>
#include <cstdio>

#include "apiserver/server.h"
#include "controllers/manager.h"
#include "controllers/garbagecollector/garbage_collector.h"
#include "controllers/namespace/namespace_controller.h"
#include "controllers/serviceaccount/serviceaccounts_controller.h"
#include "controllers/statefulset/controller.h"
#include "cmd/flags.h"
#include "core/log.h"

namespace stead::cmd {

namespace {

const char kHelp[] =
    "Usage: stead server [flags]\n\n"
    "Flags:\n"
    "  --data-dir DIR        state directory (default /var/lib/stead)\n"
    "  --listen ADDR:PORT    API server address (default 127.0.0.1:6443; port 0 = any)\n"
    "  --insecure-http       serve plain HTTP without authentication (tests only)\n"
    "  --service-cidr CIDR   Service ClusterIP range (default 10.96.0.0/12)\n"
    "  --log-level LEVEL     debug, info, warning or error (default info)\n"
    "  --no-controllers      serve the API only (no controllers, no nodes)\n"
    "  --leader-elect BOOL   elect the controller manager through a Lease (default true)\n";

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
void RegisterControllers(controllers::ControllerManager& manager, const Flags& flags) {
  (void)flags;
  manager.AddLeaderElected("statefulset", [](const controllers::ControllerContext& ctx) {
    return controllers::NewStatefulSetController(ctx);
  });
  manager.AddLeaderElected("garbagecollector", [](const controllers::ControllerContext& ctx) {
    return controllers::NewGarbageCollector(ctx);
  });
  manager.AddLeaderElected("namespace", [](const controllers::ControllerContext& ctx) {
    return controllers::NewNamespaceController(ctx);
  });
  manager.AddLeaderElected("serviceaccount", [](const controllers::ControllerContext& ctx) {
    return controllers::NewServiceAccountsController(ctx);
  });
}

}  // namespace

int RunServer(const std::vector<std::string>& args) {
  auto start_time = std::chrono::steady_clock::now();
  auto flags = Flags::Parse(args, {{"data-dir", true},
                                   {"listen", true},
                                   {"insecure-http", false},
                                   {"service-cidr", true},
                                   {"log-level", true},
                                   {"no-controllers", false},
                                   {"leader-elect", true},
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
    RegisterControllers(*manager, *flags);
    Status s = manager->Start();
    if (!s.ok()) {
      LOG_ERROR("server", "failed to start controllers", {{"error", s.message()}});
      return 1;
    }
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
  if (manager) manager->Stop();
  (*server)->Stop();
  LOG_INFO("server", "stopped");
  return 0;
}

}  // namespace stead::cmd
