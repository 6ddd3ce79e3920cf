// stead_load: the load generator behind bench/run_api_bench.sh. Each
// subcommand measures one thing against a running (or, for `startup`, a
// freshly exec'd) `stead server` and prints one summary line per result:
//
//   fsync    latency of write+fdatasync on the data directory's disk
//   startup  exec → first successful /readyz, fresh or existing data dir
//   create   POST throughput and latency, closed loop (N clients) or open
//            loop at a fixed rate
//   list     GET of a collection (JSON or Table), optionally paginated
//   watch    event latency across many concurrent watchers
//
// Clients talk to the server the way kubectl does: HTTPS with the CA and
// bearer token from the kubeconfig, one keep-alive connection per client.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http_client.h"
#include "kubeconfig.h"
#include "latency.h"
#include "objects.h"
#include "proc_stats.h"
#include "watchers.h"

namespace stead::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Json = nlohmann::json;

const char kUsage[] =
    "Usage: stead_load COMMAND [flags]\n"
    "  fsync   --dir DIR [--count 200] [--size 4096]\n"
    "  startup --stead BIN --mode fresh|restart [--runs 15] [--tmp /tmp] [--settle-ms 1000]\n"
    "  create  --kubeconfig K [--kind pods|configmaps] [--namespace bench] [--clients 1]\n"
    "          [--count 1000] [--rate 0 (closed loop)] [--prefix p] [--server-pid PID]\n"
    "          [--trace CSV (due_ms,latency_ms per request)]\n"
    "  list    --kubeconfig K --path PATH [--accept json|table|MIME] [--limit 0] [--runs 5]\n"
    "  watch   --kubeconfig K [--watchers 1000] [--rate 100] [--count 1000]\n"
    "          [--namespace bench-watch] [--io-threads 1] [--server-pid PID]\n";

class Args {
 public:
  Args(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument: " + a);
      a = a.substr(2);
      if (auto eq = a.find('='); eq != std::string::npos) {
        values_[a.substr(0, eq)] = a.substr(eq + 1);
      } else if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
        values_[a] = argv[++i];
      } else {
        values_[a] = "true";
      }
    }
  }
  std::string Get(const std::string& k, const std::string& fallback = "") const {
    auto it = values_.find(k);
    return it == values_.end() ? fallback : it->second;
  }
  std::string Require(const std::string& k) const {
    auto it = values_.find(k);
    if (it == values_.end()) throw std::runtime_error("missing --" + k);
    return it->second;
  }
  int64_t Int(const std::string& k, int64_t fallback) const {
    auto it = values_.find(k);
    return it == values_.end() ? fallback : std::stoll(it->second);
  }
  double Double(const std::string& k, double fallback) const {
    auto it = values_.find(k);
    return it == values_.end() ? fallback : std::stod(it->second);
  }

 private:
  std::map<std::string, std::string> values_;
};

double Ms(SteadyClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int64_t Nanos(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string Describe(std::vector<double> v, const char* unit) {
  std::sort(v.begin(), v.end());
  char buf[160];
  std::snprintf(buf, sizeof buf, "median=%.1f%s min=%.1f%s max=%.1f%s (n=%zu)", Median(v), unit,
                v.empty() ? 0 : v.front(), unit, v.empty() ? 0 : v.back(), unit, v.size());
  return buf;
}

// Server CPU over an interval, per operation, and how long its threads sat
// runnable without a CPU (on a shared machine this is what inflates latency).
std::string ServerUsage(const ProcSample& before, const ProcSample& after, double wall_seconds,
                        size_t ops, const char* op) {
  double cpu = after.cpu_seconds - before.cpu_seconds;
  double wait = static_cast<double>(after.runqueue_wait_ns - before.runqueue_wait_ns) / 1e9;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "server: cpu=%.0f%% of one core (%.0fus per %s), threads runnable but waiting for "
                "a CPU: %.0f%% of wall; rss=%.1fMiB",
                100.0 * cpu / wall_seconds,
                1e6 * cpu / static_cast<double>(std::max<size_t>(1, ops)), op,
                100.0 * wait / wall_seconds, static_cast<double>(after.rss_kib) / 1024.0);
  return buf;
}

std::string CollectionPath(const std::string& kind, const std::string& ns) {
  return "/api/v1/namespaces/" + ns + "/" + kind;
}

void EnsureNamespace(HttpClient& client, const std::string& ns) {
  HttpResponse r = client.Post("/api/v1/namespaces", NamespaceJson(ns));
  if (r.status != 201 && r.status != 409) {
    throw std::runtime_error("creating namespace " + ns + ": " + std::to_string(r.status) + " " +
                             r.body);
  }
}

// --- fsync -----------------------------------------------------------------

// Writes `size`-byte blocks, each followed by fdatasync. "append" grows the
// file, so every sync also commits file-size metadata to the filesystem
// journal; "overwrite" rewrites a preallocated region, as SQLite does once
// its WAL has reached its steady size.
Latencies MeasureSync(const std::string& path, bool append, int64_t count, size_t size) {
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
  std::string block(size, 'x');
  if (!append) {
    for (int64_t i = 0; i < count; ++i) {
      if (::write(fd, block.data(), size) != static_cast<ssize_t>(size)) {
        throw std::runtime_error("write failed");
      }
    }
    ::fsync(fd);
  }
  Latencies lat;
  for (int64_t i = 0; i < count; ++i) {
    auto t0 = SteadyClock::now();
    ssize_t n = append ? ::write(fd, block.data(), size)
                       : ::pwrite(fd, block.data(), size, static_cast<off_t>(i * size));
    if (n != static_cast<ssize_t>(size) || ::fdatasync(fd) != 0) {
      ::close(fd);
      throw std::runtime_error("write/fdatasync failed: " + std::string(std::strerror(errno)));
    }
    lat.Add(SteadyClock::now() - t0);
  }
  ::close(fd);
  ::unlink(path.c_str());
  return lat;
}

int CmdFsync(const Args& args) {
  std::string dir = args.Require("dir");
  int64_t count = args.Int("count", 200);
  size_t size = static_cast<size_t>(args.Int("size", 4096));
  for (bool append : {true, false}) {
    Latencies lat = MeasureSync(dir + "/stead_load_fsync.tmp", append, count, size);
    std::printf("fsync dir=%s mode=%s block=%zuB n=%zu mean=%.2fms %s\n", dir.c_str(),
                append ? "append" : "overwrite", size, lat.count(), lat.MeanMs(),
                lat.Summary().c_str());
  }
  return 0;
}

// --- startup ---------------------------------------------------------------

uint16_t FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

pid_t Spawn(const std::string& bin, const std::string& dir, uint16_t port,
            const std::string& log_path) {
  std::string listen = "127.0.0.1:" + std::to_string(port);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int log = ::open(log_path.c_str(), O_CREAT | O_APPEND | O_WRONLY, 0600);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    const char* argv[] = {bin.c_str(), "server",       "--data-dir", dir.c_str(),
                          "--listen",  listen.c_str(), nullptr};
    ::execv(bin.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  return pid;
}

// Polls /readyz as tightly as the loopback allows: a refused connect costs a
// few microseconds, and once connected the same TLS connection is reused.
bool WaitReady(uint16_t port, pid_t pid, std::chrono::seconds timeout) {
  Endpoint e;
  e.host = "127.0.0.1";
  e.port = port;
  e.tls = true;
  HttpClient client(e, /*verify=*/false);
  auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    try {
      if (client.Get("/readyz", "*/*").status == 200) return true;
    } catch (const std::exception&) {
      client.Close();
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return false;
}

double StopServer(pid_t pid) {
  auto t0 = SteadyClock::now();
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return Ms(SteadyClock::now() - t0);
}

// The server's own "startup_ms" from its ready log line (time from main()).
double LoggedStartupMs(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line;
  double last = -1;
  while (std::getline(in, line)) {
    auto at = line.find("startup_ms=");
    if (at != std::string::npos) last = std::atof(line.c_str() + at + 11);
  }
  return last;
}

int CmdStartup(const Args& args) {
  std::string bin = args.Require("stead");
  std::string mode = args.Get("mode", "fresh");
  if (mode != "fresh" && mode != "restart") throw std::runtime_error("--mode fresh|restart");
  int runs = static_cast<int>(args.Int("runs", 15));
  std::string tmp = args.Get("tmp", "/tmp");
  auto settle = std::chrono::milliseconds(args.Int("settle-ms", 1000));

  auto make_dir = [&] {
    std::string templ = tmp + "/stead-bench-startup.XXXXXX";
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    return templ;
  };
  std::vector<std::string> dirs;
  std::string shared_dir;
  if (mode == "restart") {
    // One unmeasured start creates the PKI, store and bootstrap objects.
    shared_dir = make_dir();
    dirs.push_back(shared_dir);
    uint16_t port = FreePort();
    pid_t pid = Spawn(bin, shared_dir, port, shared_dir + "/server.log");
    if (!WaitReady(port, pid, std::chrono::seconds(30))) throw std::runtime_error("no readyz");
    StopServer(pid);
  }
  std::vector<double> ready_ms, cpu_ms, wait_ms, logged_ms, rss_mib, stop_ms;
  for (int i = 0; i < runs; ++i) {
    std::string dir = shared_dir;
    if (dir.empty()) {
      dir = make_dir();
      dirs.push_back(dir);
    }
    std::string log = dir + "/server.log";
    uint16_t port = FreePort();
    auto t0 = SteadyClock::now();
    pid_t pid = Spawn(bin, dir, port, log);
    if (!WaitReady(port, pid, std::chrono::seconds(30))) {
      StopServer(pid);
      throw std::runtime_error("server did not become ready; see " + log);
    }
    ready_ms.push_back(Ms(SteadyClock::now() - t0));
    // CPU time is what startup costs regardless of what else the machine runs.
    ProcSample at_ready = ReadProc(pid);
    cpu_ms.push_back(static_cast<double>(at_ready.run_ns) / 1e6);
    wait_ms.push_back(static_cast<double>(at_ready.runqueue_wait_ns) / 1e6);
    std::this_thread::sleep_for(settle);
    rss_mib.push_back(static_cast<double>(ReadProc(pid).rss_kib) / 1024.0);
    stop_ms.push_back(StopServer(pid));
    logged_ms.push_back(LoggedStartupMs(log));
  }
  std::printf("startup mode=%s exec_to_readyz: %s\n", mode.c_str(),
              Describe(ready_ms, "ms").c_str());
  std::printf("startup mode=%s server_cpu_at_ready: %s\n", mode.c_str(),
              Describe(cpu_ms, "ms").c_str());
  std::printf("startup mode=%s server_runqueue_wait_at_ready: %s\n", mode.c_str(),
              Describe(wait_ms, "ms").c_str());
  std::printf("startup mode=%s server_logged_startup: %s\n", mode.c_str(),
              Describe(logged_ms, "ms").c_str());
  std::printf("startup mode=%s idle_rss_after_%lldms: %s\n", mode.c_str(),
              static_cast<long long>(settle.count()), Describe(rss_mib, "MiB").c_str());
  std::printf("startup mode=%s sigterm_to_exit: %s\n", mode.c_str(),
              Describe(stop_ms, "ms").c_str());
  if (args.Get("keep-dirs") != "true") {
    for (const auto& d : dirs) std::system(("rm -rf '" + d + "'").c_str());
  }
  return 0;
}

// --- create ----------------------------------------------------------------

int CmdCreate(const Args& args) {
  Endpoint ep = LoadKubeconfig(args.Require("kubeconfig"));
  std::string kind = args.Get("kind", "pods");
  if (kind != "pods" && kind != "configmaps") throw std::runtime_error("--kind pods|configmaps");
  std::string ns = args.Get("namespace", "bench");
  int clients = static_cast<int>(args.Int("clients", 1));
  int64_t count = args.Int("count", 1000);
  double rate = args.Double("rate", 0);
  std::string prefix = args.Get("prefix", "p" + std::to_string(::getpid()) + "-");
  pid_t server_pid = static_cast<pid_t>(args.Int("server-pid", 0));

  {
    HttpClient admin(ep);
    EnsureNamespace(admin, ns);
  }
  std::vector<std::unique_ptr<HttpClient>> conns;
  for (int i = 0; i < clients; ++i) {
    conns.push_back(std::make_unique<HttpClient>(ep));
    conns.back()->Connect();  // handshakes are not part of the measurement
  }
  std::vector<Latencies> lats(static_cast<size_t>(clients));
  std::vector<Latencies> service(static_cast<size_t>(clients));
  // --trace FILE: one "due_ms,latency_ms" line per request, to see when the
  // slow ones happened.
  const std::string trace_path = args.Get("trace");
  std::vector<std::pair<double, double>> trace(trace_path.empty() ? 0 : static_cast<size_t>(count));
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> errors{0};
  std::mutex error_mu;
  std::string first_error;
  const auto path = CollectionPath(kind, ns);
  const auto period = rate > 0 ? std::chrono::nanoseconds(static_cast<int64_t>(1e9 / rate))
                               : std::chrono::nanoseconds(0);

  ProcSample before = server_pid ? ReadProc(server_pid) : ProcSample{};
  const auto start = SteadyClock::now() + std::chrono::milliseconds(20);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      HttpClient& conn = *conns[c];
      std::this_thread::sleep_until(start);
      for (int64_t i; (i = next.fetch_add(1)) < count;) {
        // Open loop: latency counts from when the request was due, so a
        // stalled server is charged for the requests queued behind it.
        auto due = rate > 0 ? start + period * i : SteadyClock::now();
        std::this_thread::sleep_until(due);
        auto sent = SteadyClock::now();
        std::string name = prefix + std::to_string(i);
        std::string body = kind == "pods" ? PodJson(ns, name) : ConfigMapJson(ns, name);
        HttpResponse r;
        try {
          r = conn.Post(path, body);
        } catch (const std::exception& ex) {
          r.status = -1;
          r.body = ex.what();
        }
        auto done = SteadyClock::now();
        if (r.status != 201) {
          errors.fetch_add(1);
          std::lock_guard<std::mutex> lock(error_mu);
          if (first_error.empty()) first_error = std::to_string(r.status) + " " + r.body;
          continue;
        }
        lats[c].Add(done - due);
        if (!trace.empty()) trace[static_cast<size_t>(i)] = {Ms(due - start), Ms(done - due)};
        service[c].Add(done - sent);
      }
    });
  }
  for (auto& t : threads) t.join();
  double wall = std::chrono::duration<double>(SteadyClock::now() - start).count();
  Latencies all, svc;
  for (int c = 0; c < clients; ++c) {
    all.Merge(lats[c]);
    svc.Merge(service[c]);
  }
  std::printf("create kind=%s clients=%d %s n=%zu errors=%lld wall=%.2fs throughput=%.0f/s %s\n",
              kind.c_str(), clients,
              rate > 0 ? ("open-loop rate=" + std::to_string(static_cast<int>(rate)) + "/s").c_str()
                       : "closed-loop",
              all.count(), static_cast<long long>(errors.load()), wall,
              static_cast<double>(all.count()) / wall, all.Summary().c_str());
  if (rate > 0) std::printf("  service time (sent→response): %s\n", svc.Summary().c_str());
  if (server_pid) {
    std::printf("  %s\n",
                ServerUsage(before, ReadProc(server_pid), wall, all.count(), "write").c_str());
  }
  if (!first_error.empty()) std::printf("  first error: %.300s\n", first_error.c_str());
  if (!trace_path.empty()) {
    std::ofstream out(trace_path);
    out << "due_ms,latency_ms\n";
    for (const auto& [due, lat] : trace) out << due << ',' << lat << '\n';
  }
  return errors.load() == 0 ? 0 : 1;
}

// --- list ------------------------------------------------------------------

std::string AcceptHeader(const std::string& a) {
  if (a == "json") return "application/json";
  if (a == "table") {
    return "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
           "g=meta.k8s.io,application/json";
  }
  return a;
}

int CmdList(const Args& args) {
  Endpoint ep = LoadKubeconfig(args.Require("kubeconfig"));
  std::string path = args.Require("path");
  std::string accept_name = args.Get("accept", "json");
  std::string accept = AcceptHeader(accept_name);
  int64_t limit = args.Int("limit", 0);
  int runs = static_cast<int>(args.Int("runs", 5));
  pid_t server_pid = static_cast<pid_t>(args.Int("server-pid", 0));
  HttpClient client(ep);
  client.Connect();
  std::vector<double> times, cpu_ms;
  size_t items = 0, bytes = 0, pages = 0;
  for (int run = 0; run < runs; ++run) {
    std::string cont;
    size_t run_bytes = 0, run_pages = 0;
    std::vector<std::string> bodies;
    double cpu0 = server_pid ? ReadProc(server_pid).cpu_seconds : 0;
    auto t0 = SteadyClock::now();
    do {
      std::string target = path;
      char sep = target.find('?') == std::string::npos ? '?' : '&';
      if (limit > 0) {
        target += sep + std::string("limit=") + std::to_string(limit);
        sep = '&';
      }
      if (!cont.empty()) target += sep + std::string("continue=") + cont;
      HttpResponse r = client.Get(target, accept);
      if (r.status != 200) {
        throw std::runtime_error("GET " + target + ": " + std::to_string(r.status) + " " +
                                 r.body.substr(0, 300));
      }
      run_bytes += r.body.size();
      ++run_pages;
      cont.clear();
      if (limit > 0) {
        // Only the continue token is needed to go on; find it cheaply.
        static const std::string key = "\"continue\":\"";
        auto at = r.body.find(key);
        if (at != std::string::npos) {
          auto end = r.body.find('"', at + key.size());
          cont = r.body.substr(at + key.size(), end - at - key.size());
        }
      }
      if (run == 0) bodies.push_back(std::move(r.body));
    } while (!cont.empty());
    times.push_back(Ms(SteadyClock::now() - t0));
    if (server_pid) cpu_ms.push_back(1000 * (ReadProc(server_pid).cpu_seconds - cpu0));
    if (run == 0) {
      for (const auto& b : bodies) {
        Json j = Json::parse(b);
        items += j.contains("rows") ? j["rows"].size() : j["items"].size();
      }
      bytes = run_bytes;
      pages = run_pages;
    }
  }
  std::printf("list path=%s accept=%s limit=%lld items=%zu pages=%zu bytes=%zu time: %s\n",
              path.c_str(), accept_name.c_str(), static_cast<long long>(limit), items, pages, bytes,
              Describe(times, "ms").c_str());
  if (server_pid) std::printf("  server cpu per list: %s\n", Describe(cpu_ms, "ms").c_str());
  return 0;
}

// --- watch -----------------------------------------------------------------

int CmdWatch(const Args& args) {
  Endpoint ep = LoadKubeconfig(args.Require("kubeconfig"));
  int watchers = static_cast<int>(args.Int("watchers", 1000));
  double rate = args.Double("rate", 100);
  int64_t count = args.Int("count", 1000);
  std::string ns = args.Get("namespace", "bench-watch");
  int io_threads = static_cast<int>(args.Int("io-threads", 1));
  pid_t server_pid = static_cast<pid_t>(args.Int("server-pid", 0));
  const std::string prefix = "w" + std::to_string(::getpid()) + "-";

  HttpClient writer(ep);
  EnsureNamespace(writer, ns);
  HttpResponse list = writer.Get("/api/v1/configmaps?limit=1");
  if (list.status != 200) throw std::runtime_error("list configmaps: " + list.body);
  std::string rv = Json::parse(list.body)["metadata"]["resourceVersion"];

  ProcSample base = server_pid ? ReadProc(server_pid) : ProcSample{};
  WatcherPool pool(ep, "/api/v1/configmaps?watch=1&resourceVersion=" + rv, watchers, prefix,
                   static_cast<size_t>(count), io_threads);
  auto t_connect = SteadyClock::now();
  int streaming = pool.Start(std::chrono::seconds(60));
  double connect_ms = Ms(SteadyClock::now() - t_connect);
  if (streaming < watchers) {
    std::printf("watch: only %d of %d watches started (%d failed)\n", streaming, watchers,
                pool.failures());
  }
  // Let every handler finish registering its watch before writing.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ProcSample idle = server_pid ? ReadProc(server_pid) : ProcSample{};

  // Sample the server's RSS while the test runs.
  std::atomic<bool> sampling{true};
  std::atomic<int64_t> peak_rss_kib{0};
  std::thread sampler([&] {
    while (server_pid && sampling.load()) {
      int64_t rss = ReadProc(server_pid).rss_kib;
      if (rss > peak_rss_kib.load()) peak_rss_kib.store(rss);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  std::vector<int64_t> sent(static_cast<size_t>(count)), acked(static_cast<size_t>(count));
  Latencies write_lat;
  auto period = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / rate));
  auto start = SteadyClock::now();
  ProcSample before = server_pid ? ReadProc(server_pid) : ProcSample{};
  for (int64_t i = 0; i < count; ++i) {
    std::this_thread::sleep_until(start + period * i);
    auto t0 = SteadyClock::now();
    HttpResponse r = writer.Post(CollectionPath("configmaps", ns),
                                 ConfigMapJson(ns, prefix + std::to_string(i)));
    auto t1 = SteadyClock::now();
    if (r.status != 201) throw std::runtime_error("create: " + r.body);
    sent[i] = Nanos(t0);
    acked[i] = Nanos(t1);
    write_lat.Add(t1 - t0);
  }
  pool.WaitForEvents(count * streaming, std::chrono::seconds(30));
  double wall = std::chrono::duration<double>(SteadyClock::now() - start).count();
  ProcSample after = server_pid ? ReadProc(server_pid) : ProcSample{};
  sampling.store(false);
  sampler.join();
  pool.Stop();

  Latencies from_ack, from_send;
  int64_t missing = 0;
  for (int w = 0; w < watchers; ++w) {
    for (int64_t i = 0; i < count; ++i) {
      int64_t at = pool.ArrivalNanos(w, static_cast<size_t>(i));
      if (at == 0) {
        ++missing;
        continue;
      }
      from_ack.AddNanos(at - acked[i]);
      from_send.AddNanos(at - sent[i]);
    }
  }
  // One writer waits for each ack, so a slow server lowers the rate reached.
  double achieved = count > 1 ? static_cast<double>(count - 1) /
                                    (static_cast<double>(sent[count - 1] - sent[0]) / 1e9)
                              : 0;
  std::printf(
      "watch watchers=%d streaming=%d connect_all=%.0fms writes=%lld rate=%.0f/s (reached "
      "%.0f/s) deliveries=%zu missing=%lld\n",
      watchers, streaming, connect_ms, static_cast<long long>(count), rate, achieved,
      from_ack.count(), static_cast<long long>(missing));
  std::printf("  write ack latency: %s\n", write_lat.Summary().c_str());
  std::printf("  event latency from write ack: %s\n", from_ack.Summary().c_str());
  std::printf("  event latency from write sent: %s\n", from_send.Summary().c_str());
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  std::printf("  stead_load itself: cpu=%.1fs\n",
              static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
                  static_cast<double>(self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6);
  if (server_pid) {
    std::printf(
        "  server rss: before the watches=%.1fMiB, with %d idle watches=%.1fMiB, "
        "peak=%.1fMiB; threads=%lld\n",
        static_cast<double>(base.rss_kib) / 1024, streaming,
        static_cast<double>(idle.rss_kib) / 1024, static_cast<double>(peak_rss_kib.load()) / 1024,
        static_cast<long long>(after.threads));
    std::printf("  from first write to last delivery (%.1fs): %s\n", wall,
                ServerUsage(before, after, wall, from_ack.count(), "delivery").c_str());
  }
  return missing == 0 ? 0 : 1;
}

int Main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string cmd = argv[1];
  Args args(argc, argv);
  if (cmd == "fsync") return CmdFsync(args);
  if (cmd == "startup") return CmdStartup(args);
  if (cmd == "create") return CmdCreate(args);
  if (cmd == "list") return CmdList(args);
  if (cmd == "watch") return CmdWatch(args);
  std::fputs(kUsage, stderr);
  return 2;
}

}  // namespace
}  // namespace stead::bench

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  try {
    return stead::bench::Main(argc, argv);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "stead_load: %s\n", ex.what());
    return 1;
  }
}
