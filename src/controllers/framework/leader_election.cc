#include "controllers/framework/leader_election.h"

#include <unistd.h>

#include <random>

#include "core/log.h"
#include "core/names.h"

namespace stead::controllers {

namespace {

constexpr char kComponent[] = "leaderelection";

SystemTime ParseMicroTime(const Json& spec, std::string_view field) {
  SystemTime t{};
  std::string text = GetString(spec, {field});
  if (!text.empty()) ParseTime(text, &t);
  return t;
}

}  // namespace

LeaderElectionRecord LeaderElectionRecord::FromLeaseSpec(const Json& spec) {
  LeaderElectionRecord r;
  r.holder_identity = GetString(spec, {"holderIdentity"});
  r.lease_duration_seconds = GetInt(spec, {"leaseDurationSeconds"});
  r.acquire_time = ParseMicroTime(spec, "acquireTime");
  r.renew_time = ParseMicroTime(spec, "renewTime");
  r.leader_transitions = GetInt(spec, {"leaseTransitions"});
  return r;
}

Json LeaderElectionRecord::ToLeaseSpec() const {
  return {{"holderIdentity", holder_identity},
          {"leaseDurationSeconds", lease_duration_seconds},
          {"acquireTime", FormatMicroTime(acquire_time)},
          {"renewTime", FormatMicroTime(renew_time)},
          {"leaseTransitions", leader_transitions}};
}

std::string DefaultLeaderIdentity() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + "_" + NewUid();
}

Result<std::unique_ptr<LeaderElector>> LeaderElector::Create(client::Client* client,
                                                             const Clock* clock,
                                                             LeaderElectionConfig config) {
  if (config.lease_duration <= config.renew_deadline) {
    return Status::BadRequest("leaseDuration must be greater than renewDeadline");
  }
  if (std::chrono::duration<double>(config.renew_deadline).count() <=
      kJitterFactor * std::chrono::duration<double>(config.retry_period).count()) {
    return Status::BadRequest("renewDeadline must be greater than retryPeriod*JitterFactor");
  }
  if (config.lease_duration.count() < 1) {
    return Status::BadRequest("leaseDuration must be greater than zero");
  }
  if (config.renew_deadline.count() < 1) {
    return Status::BadRequest("renewDeadline must be greater than zero");
  }
  if (config.retry_period.count() < 1) {
    return Status::BadRequest("retryPeriod must be greater than zero");
  }
  if (!config.callbacks.on_started_leading) {
    return Status::BadRequest("OnStartedLeading callback must not be nil");
  }
  if (!config.callbacks.on_stopped_leading) {
    return Status::BadRequest("OnStoppedLeading callback must not be nil");
  }
  if (config.identity.empty()) return Status::BadRequest("Lock identity is empty");
  return std::unique_ptr<LeaderElector>(new LeaderElector(client, clock, std::move(config)));
}

LeaderElector::LeaderElector(client::Client* client, const Clock* clock,
                             LeaderElectionConfig config)
    : client_(client),
      clock_(clock),
      config_(std::move(config)),
      lease_type_(client->Type("coordination.k8s.io", "leases")) {}

LeaderElector::~LeaderElector() { Stop(); }

void LeaderElector::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void LeaderElector::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool LeaderElector::IsLeader() const {
  std::lock_guard<std::mutex> lock(observed_mu_);
  return observed_.holder_identity == config_.identity;
}

std::string LeaderElector::GetLeader() const {
  std::lock_guard<std::mutex> lock(observed_mu_);
  return observed_.holder_identity;
}

LeaderElectionRecord LeaderElector::ObservedRecord() const {
  std::lock_guard<std::mutex> lock(observed_mu_);
  return observed_;
}

void LeaderElector::SetObservedRecord(const LeaderElectionRecord& record) {
  std::lock_guard<std::mutex> lock(observed_mu_);
  observed_ = record;
  observed_time_ = clock_->Now();
}

bool LeaderElector::IsLeaseValidLocked(SystemTime now) const {
  return observed_time_ + std::chrono::seconds(observed_.lease_duration_seconds) > now;
}

std::string LeaderElector::Describe() const {
  return config_.lease_namespace + "/" + config_.lease_name;
}

Result<LeaderElectionRecord> LeaderElector::GetLock() {
  STEAD_ASSIGN_OR_RETURN(client::ObjectPtr lease,
                         client_->Get(lease_type_, config_.lease_namespace, config_.lease_name));
  lease_ = *lease;
  const Json* spec = Lookup(lease_, {"spec"});
  return LeaderElectionRecord::FromLeaseSpec(spec ? *spec : Json::object());
}

Status LeaderElector::CreateLock(const LeaderElectionRecord& record) {
  Json lease = {
      {"apiVersion", lease_type_.GroupVersion()},
      {"kind", lease_type_.kind},
      {"metadata", {{"name", config_.lease_name}, {"namespace", config_.lease_namespace}}},
      {"spec", record.ToLeaseSpec()}};
  STEAD_ASSIGN_OR_RETURN(lease_,
                         client_->Create(lease_type_, config_.lease_namespace, std::move(lease)));
  return Status::OK();
}

Status LeaderElector::UpdateLock(const LeaderElectionRecord& record) {
  if (lease_.is_null()) return Status::Internal("lease not initialized, call get or create first");
  // Keeps the resourceVersion last read: a precondition on the update.
  lease_["spec"] = record.ToLeaseSpec();
  STEAD_ASSIGN_OR_RETURN(lease_, client_->Update(lease_type_, config_.lease_namespace, lease_));
  return Status::OK();
}

bool LeaderElector::TryAcquireOrRenew() {
  std::lock_guard<std::mutex> op(op_mu_);
  SystemTime now = clock_->Now();
  LeaderElectionRecord desired;
  desired.holder_identity = config_.identity;
  desired.lease_duration_seconds = config_.lease_duration.count();
  desired.acquire_time = now;
  desired.renew_time = now;

  // 1. Fast path: the leader assumes the record it wrote last is current.
  bool fast = false;
  {
    std::lock_guard<std::mutex> lock(observed_mu_);
    if (observed_.holder_identity == config_.identity && IsLeaseValidLocked(now)) {
      desired.acquire_time = observed_.acquire_time;
      desired.leader_transitions = observed_.leader_transitions;
      fast = true;
    }
  }
  if (fast) {
    Status s = UpdateLock(desired);
    if (s.ok()) {
      SetObservedRecord(desired);
      return true;
    }
    LOG_ERROR(kComponent, "Failed to update lock optimistically, falling back to slow path",
              {{"lease", Describe()}, {"error", s.message()}});
    desired.acquire_time = now;
    desired.leader_transitions = 0;
  }

  // 2. Read the record, or create it.
  auto current = GetLock();
  if (!current.ok()) {
    if (!current.status().IsNotFound()) {
      LOG_ERROR(kComponent, "error retrieving resource lock",
                {{"lease", Describe()}, {"error", current.status().message()}});
      return false;
    }
    Status s = CreateLock(desired);
    if (!s.ok()) {
      LOG_ERROR(kComponent, "error initially creating leader election record",
                {{"lease", Describe()}, {"error", s.message()}});
      return false;
    }
    SetObservedRecord(desired);
    return true;
  }

  // 3. A record changed since we last looked restarts its expiry clock.
  if (!observed_raw_ || *observed_raw_ != *current) {
    SetObservedRecord(*current);
    observed_raw_ = *current;
  }
  bool leader;
  {
    std::lock_guard<std::mutex> lock(observed_mu_);
    leader = observed_.holder_identity == config_.identity;
    if (!current->holder_identity.empty() && IsLeaseValidLocked(now) && !leader) {
      LOG_DEBUG(kComponent, "lock is held and has not yet expired",
                {{"lease", Describe()}, {"holder", current->holder_identity}});
      return false;
    }
  }

  // 4. Take it over, or renew it on the slow path.
  if (leader) {
    desired.acquire_time = current->acquire_time;
    desired.leader_transitions = current->leader_transitions;
  } else {
    desired.leader_transitions = current->leader_transitions + 1;
  }
  Status s = UpdateLock(desired);
  if (!s.ok()) {
    LOG_ERROR(kComponent, "Failed to update lock", {{"lease", Describe()}, {"error", s.message()}});
    return false;
  }
  SetObservedRecord(desired);
  return true;
}

bool LeaderElector::Release() {
  std::lock_guard<std::mutex> op(op_mu_);
  if (!IsLeader()) return true;
  // Refresh the resourceVersion, and make sure nobody took over meanwhile.
  auto current = GetLock();
  if (!current.ok()) {
    LOG_ERROR(kComponent, "error retrieving resource lock",
              {{"lease", Describe()}, {"error", current.status().message()}});
    return false;
  }
  if (current->holder_identity != config_.identity) return true;
  SystemTime now = clock_->Now();
  LeaderElectionRecord released;
  released.lease_duration_seconds = 1;
  released.acquire_time = now;
  released.renew_time = now;
  released.leader_transitions = ObservedRecord().leader_transitions;
  Status s = UpdateLock(released);
  if (!s.ok()) {
    LOG_ERROR(kComponent, "Failed to release lock",
              {{"lease", Describe()}, {"error", s.message()}});
    return false;
  }
  SetObservedRecord(released);
  return true;
}

void LeaderElector::MaybeReportTransition() {
  std::string leader = GetLeader();
  if (leader == reported_leader_) return;
  reported_leader_ = leader;
  if (config_.callbacks.on_new_leader) config_.callbacks.on_new_leader(leader);
}

void LeaderElector::RecordEvent(const std::string& what) {
  if (config_.recorder == nullptr) return;
  Json subject;
  {
    std::lock_guard<std::mutex> op(op_mu_);
    if (lease_.is_null()) return;
    subject = {{"apiVersion", lease_type_.GroupVersion()},
               {"kind", lease_type_.kind},
               {"metadata", lease_["metadata"]}};
  }
  config_.recorder->Event(subject, client::kEventTypeNormal, "LeaderElection",
                          config_.identity + " " + what);
}

bool LeaderElector::WaitUntil(SystemTime deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_ && clock_->Now() < deadline) clock_->WaitUntil(cv_, lock, deadline);
  return !stopping_;
}

bool LeaderElector::WaitFor(SystemTime::duration d) { return WaitUntil(clock_->Now() + d); }

bool LeaderElector::Acquire() {
  LOG_INFO(kComponent, "attempting to acquire leader lease", {{"lease", Describe()}});
  std::minstd_rand rng(static_cast<uint32_t>(std::random_device{}()));
  std::uniform_real_distribution<double> jitter(0, kJitterFactor);
  auto period = std::chrono::duration_cast<SystemTime::duration>(config_.retry_period);
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return false;
    }
    bool acquired = TryAcquireOrRenew();
    MaybeReportTransition();
    if (acquired) {
      LOG_INFO(kComponent, "successfully acquired lease", {{"lease", Describe()}});
      return true;
    }
    auto wait = period + SystemTime::duration(static_cast<int64_t>(
                             static_cast<double>(period.count()) * jitter(rng)));
    if (!WaitFor(wait)) return false;
  }
}

void LeaderElector::Renew() {
  auto period = std::chrono::duration_cast<SystemTime::duration>(config_.retry_period);
  auto renew_deadline = std::chrono::duration_cast<SystemTime::duration>(config_.renew_deadline);
  while (true) {
    SystemTime deadline = clock_->Now() + renew_deadline;
    bool renewed = false;
    bool stopped = false;
    while (true) {
      if (TryAcquireOrRenew()) {
        renewed = true;
        break;
      }
      SystemTime next = clock_->Now() + period;
      if (next >= deadline) {
        stopped = !WaitUntil(deadline);
        break;
      }
      if (!WaitUntil(next)) {
        stopped = true;
        break;
      }
    }
    MaybeReportTransition();
    if (stopped) return;
    if (!renewed) {
      LOG_INFO(kComponent, "failed to renew lease", {{"lease", Describe()}});
      return;
    }
    if (!WaitFor(period)) return;
  }
}

void LeaderElector::Run() {
  while (Acquire()) {
    RecordEvent("became leader");
    config_.callbacks.on_started_leading();
    Renew();
    config_.callbacks.on_stopped_leading();
    RecordEvent("stopped leading");
    if (config_.release_on_cancel) Release();
  }
}

}  // namespace stead::controllers
