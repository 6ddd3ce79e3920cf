#include "apiserver/server.h"

#include <sys/stat.h>

#include "apiserver/auth/files.h"
#include "apiserver/auth/kubeconfig.h"
#include "apiserver/auth/pki.h"
#include "apiserver/auth/token.h"
#include "apiserver/bootstrap.h"
#include "core/log.h"
#include "store/etcd/etcd_store.h"
#include "store/sqlite/sqlite_store.h"

namespace stead::apiserver {

Result<std::unique_ptr<ApiServer>> ApiServer::Start(const ServerConfig& config,
                                                    const Clock* clock,
                                                    MetricsRegistry* metrics) {
  std::unique_ptr<ApiServer> s(new ApiServer());
  s->config_ = config;
  STEAD_RETURN_IF_ERROR(auth::MakeDirectories(config.data_dir, 0700));

  if (config.etcd_servers.empty()) {
    store::SqliteOptions so;
    so.path = config.data_dir + "/state.db";
    so.compaction_keep_revisions = config.compaction_retain_revisions;
    so.compaction_interval = config.compaction_retain_revisions > 0
                                 ? std::chrono::milliseconds(
                                       std::chrono::seconds(config.compaction_interval_seconds))
                                 : std::chrono::milliseconds(0);
    STEAD_ASSIGN_OR_RETURN(s->store_, store::SqliteStore::Open(so));
  } else {
    store::EtcdOptions eo;
    eo.endpoints = config.etcd_servers;
    STEAD_ASSIGN_OR_RETURN(s->store_, store::EtcdStore::Open(eo));
  }
  STEAD_ASSIGN_OR_RETURN(s->cache_, store::WatchCache::Start(s->store_.get(), {}));

  ResourceStore::Options ro;
  ro.service_cidr = config.service_cidr;
  s->resources_ = std::make_unique<ResourceStore>(s->store_.get(), s->cache_.get(),
                                                  &api::ResourceRegistry::Builtin(), clock, ro);

  std::string advertise = config.listen_host == "0.0.0.0" || config.listen_host == "::"
                              ? "127.0.0.1"
                              : config.listen_host;

  http::ServerOptions ho;
  ho.listen_address = config.listen_host;
  ho.port = config.port;
  ho.use_tls = config.use_tls;
  ho.worker_threads = config.worker_threads;
  std::function<std::string(const http::Request&)> authenticate;
  if (config.use_tls) {
    STEAD_ASSIGN_OR_RETURN(auth::Pki pki,
                           auth::EnsurePki(config.data_dir, advertise, config.extra_sans));
    ho.tls.cert_chain_pem = pki.server.cert_pem;
    ho.tls.private_key_pem = pki.server.key_pem;
    STEAD_ASSIGN_OR_RETURN(s->admin_token_, auth::EnsureAdminToken(config.data_dir));
    auto authenticator = std::make_shared<auth::TokenAuthenticator>();
    authenticator->AddToken(s->admin_token_, auth::AdminUser());
    authenticate = [authenticator](const http::Request& req) {
      auto user = authenticator->AuthenticateHeader(req.Header("Authorization"));
      return user ? user->name : std::string();
    };
  }

  s->discovery_ = std::make_unique<Discovery>(api::ResourceRegistry::Builtin(),
                                              advertise + ":" + std::to_string(config.port));
  ApiHandler::Deps deps;
  deps.resources = s->resources_.get();
  deps.discovery = s->discovery_.get();
  deps.metrics = metrics;
  deps.authenticate = std::move(authenticate);
  ApiServer* raw = s.get();
  deps.ready = [raw] { return raw->ready_.load(); };
  deps.watch_options = config.watch_options;
  s->handler_ = std::make_unique<ApiHandler>(std::move(deps));
  STEAD_ASSIGN_OR_RETURN(s->http_, http::Server::Start(ho, s->handler_.get()));

  BootstrapConfig bc;
  bc.advertise_address = advertise;
  bc.port = s->http_->port();
  bc.dns_service_ip = DnsServiceIpFor(config.service_cidr);
  STEAD_RETURN_IF_ERROR(Bootstrap(*s->resources_, bc));

  auth::KubeconfigParams kp;
  kp.server_url = auth::ServerUrl(advertise, s->http_->port());
  if (config.use_tls) {
    STEAD_ASSIGN_OR_RETURN(kp.ca_cert_pem, auth::ReadWholeFile(config.data_dir + "/pki/ca.crt"));
    kp.token = s->admin_token_;
  } else {
    kp.server_url = "http" + kp.server_url.substr(kp.server_url.find(':'));
  }
  const std::string url = kp.server_url;
  STEAD_ASSIGN_OR_RETURN(s->kubeconfig_path_, auth::WriteKubeconfig(config.data_dir, kp));
  metrics->NewCallbackGauge("stead_store_revision", "Current revision of the store.",
                            [raw] { return static_cast<double>(raw->store_->CurrentRevision()); });
  metrics->NewCallbackGauge("stead_store_db_size_bytes", "Size of the store's database file.",
                            [raw] { return static_cast<double>(raw->store_->Stats().db_size_bytes); });
  LOG_INFO("apiserver", "serving", {{"url", url}, {"revision", s->store_->CurrentRevision()}});
  return s;
}

ApiServer::~ApiServer() { Stop(); }

void ApiServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (handler_) handler_->Shutdown();
  if (http_) http_->Stop();
  cache_.reset();
  store_.reset();
}

}  // namespace stead::apiserver
