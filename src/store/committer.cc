#include "store/committer.h"

#include <utility>

#include "core/log.h"

namespace stead::store {

namespace {
// Bounds the size of one transaction; more queued writers wait for the next.
constexpr size_t kMaxBatchOps = 1000;

std::string Quoted(std::string_view key) {
  std::string out = "\"";
  out.append(key);
  out.push_back('"');
  return out;
}
}  // namespace

WriteOp WriteOp::Create(std::string_view key, std::string_view value) {
  WriteOp op;
  op.kind = Kind::kCreate;
  op.key = key;
  op.value = value;
  return op;
}

WriteOp WriteOp::Update(std::string_view key, std::string_view value,
                        int64_t expected_mod_revision) {
  WriteOp op;
  op.kind = Kind::kUpdate;
  op.key = key;
  op.value = value;
  op.expected_mod_revision = expected_mod_revision;
  return op;
}

WriteOp WriteOp::Delete(std::string_view key, int64_t expected_mod_revision) {
  WriteOp op;
  op.kind = Kind::kDelete;
  op.key = key;
  op.expected_mod_revision = expected_mod_revision;
  return op;
}

Status CheckPrecondition(const WriteOp& op, const KeyValue* latest) {
  if (op.kind == WriteOp::Kind::kCreate) {
    if (latest != nullptr)
      return Status::AlreadyExists("key " + Quoted(op.key) + " already exists");
    return Status::OK();
  }
  if (latest == nullptr) return Status::NotFound("key " + Quoted(op.key) + " not found");
  if (op.expected_mod_revision != 0 && op.expected_mod_revision != latest->mod_revision) {
    return Status::Conflict("key " + Quoted(op.key) + " has mod_revision " +
                            std::to_string(latest->mod_revision) + ", expected " +
                            std::to_string(op.expected_mod_revision));
  }
  return Status::OK();
}

Status ExpiredWatchError() {
  return Status::Expired("The resourceVersion for the provided watch is too old.");
}

Status ExpiredListError() {
  return Status::Expired("The resourceVersion for the provided list is too old.");
}

Status TooLargeRevisionError(int64_t requested, int64_t current) {
  Status status = Status::Timeout("Too large resource version: " + std::to_string(requested) +
                                  ", current: " + std::to_string(current));
  status.details().causes.push_back(
      StatusCause{"ResourceVersionTooLarge", "Too large resource version", ""});
  return status;
}

struct Committer::Pending {
  explicit Pending(WriteOp o) : op(std::move(o)) {}
  WriteOp op;
  bool done = false;  // protected by Committer::mu_
  std::condition_variable cv;
};

Committer::Committer(CommitBackend* backend, int64_t revision)
    : backend_(backend), hub_(std::make_shared<WatchHub>(revision, [this] { Wakeup(); })) {
  thread_ = std::thread([this] { Run(); });
  hub_->SetDeliveryThread(thread_.get_id());
}

Committer::~Committer() { Stop(); }

void Committer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Committer::Wakeup() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    deliver_requested_ = true;
  }
  cv_.notify_all();
}

Result<int64_t> Committer::Write(WriteOp op) {
  if (std::this_thread::get_id() == thread_.get_id()) {
    return Status::Internal("store write from inside a watch callback");
  }
  if (op.key.empty()) return Status::BadRequest("key must not be empty");
  Pending pending(std::move(op));
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return Status::ServiceUnavailable("store is closed");
  queue_.push_back(&pending);
  cv_.notify_all();
  pending.cv.wait(lock, [&] { return pending.done; });
  if (!pending.op.status.ok()) return pending.op.status;
  return pending.op.event.kv.mod_revision;
}

Result<std::unique_ptr<WatchHandle>> Committer::Watch(std::string_view prefix,
                                                      int64_t after_revision,
                                                      EventsCallback callback) {
  WatchHub::Registration reg = hub_->Register(prefix, after_revision, std::move(callback));
  std::vector<Event> history;
  if (after_revision < reg.live_from) {
    Result<std::vector<Event>> read = backend_->ReadHistory(prefix, after_revision, reg.live_from);
    if (!read.ok()) {
      hub_->Abandon(reg.watcher);
      return read.status();
    }
    history = std::move(read).value();
  }
  return hub_->Activate(reg.watcher, std::move(history));
}

void Committer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || deliver_requested_ || !queue_.empty(); });
    if (stopping_ && queue_.empty() && !deliver_requested_) break;
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < kMaxBatchOps) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    deliver_requested_ = false;
    Status sticky = sticky_error_;
    lock.unlock();

    // Newly activated watchers get their history before this batch's events.
    hub_->Deliver();
    if (!batch.empty()) {
      Status batch_status = sticky;
      if (batch_status.ok()) {
        std::vector<WriteOp*> ops;
        ops.reserve(batch.size());
        for (Pending* p : batch) ops.push_back(&p->op);
        batch_status = backend_->ApplyBatch(ops, hub_->revision() + 1);
        if (!batch_status.ok()) {
          LOG_ERROR(
              "store", "write batch failed; the store refuses further writes",
              {{"ops", static_cast<int64_t>(batch.size())}, {"error", batch_status.ToString()}});
        }
      }
      if (batch_status.ok()) {
        std::vector<Event> events;
        for (Pending* p : batch) {
          if (p->op.status.ok()) events.push_back(p->op.event);
        }
        if (!events.empty()) {
          hub_->Publish(events.back().kv.mod_revision, events);
          hub_->Deliver();
        }
      } else {
        for (Pending* p : batch) p->op.status = batch_status;
      }
      lock.lock();
      if (!batch_status.ok() && sticky_error_.ok()) sticky_error_ = batch_status;
      lock.unlock();
    }

    lock.lock();
    for (Pending* p : batch) {
      p->done = true;
      p->cv.notify_one();
    }
  }
}

}  // namespace stead::store
