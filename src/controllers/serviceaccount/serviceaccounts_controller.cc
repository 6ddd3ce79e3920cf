#include "controllers/serviceaccount/serviceaccounts_controller.h"

#include <mutex>
#include <optional>
#include <vector>

namespace stead::controllers {

namespace {

constexpr char kName[] = "serviceaccount-controller";
constexpr char kDefaultServiceAccount[] = "default";

Controller::Options ControllerOptions(const ControllerContext& context) {
  Controller::Options o;
  o.name = "serviceaccount";
  o.metrics = context.controller_metrics;
  return o;
}

class ServiceAccountsController final : public RunnableController {
 public:
  explicit ServiceAccountsController(const ControllerContext& context)
      : client_(context.client),
        service_accounts_type_(context.client->Type("", "serviceaccounts")),
        namespaces_(context.informers->For("", "namespaces")),
        service_accounts_(context.informers->For(service_accounts_type_)),
        controller_(context.clock, ControllerOptions(context),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~ServiceAccountsController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!handlers_.empty() || stopped_) return;
    client::ResourceEventHandler ns;
    ns.on_add = [this](const client::ObjectPtr& obj) { controller_.Enqueue(MetaName(*obj)); };
    ns.on_update = [this](const client::ObjectPtr&, const client::ObjectPtr& obj) {
      controller_.Enqueue(MetaName(*obj));
    };
    handlers_.emplace_back(&namespaces_, namespaces_.AddEventHandler(std::move(ns)));
    client::ResourceEventHandler sa;
    sa.on_delete = [this](const client::ObjectPtr& obj) {
      if (MetaName(*obj) == kDefaultServiceAccount) controller_.Enqueue(MetaNamespace(*obj));
    };
    handlers_.emplace_back(&service_accounts_, service_accounts_.AddEventHandler(std::move(sa)));
    controller_.Start();
  }

  void Stop() override {
    std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>> handlers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
      handlers.swap(handlers_);
    }
    for (auto& [informer, id] : handlers) informer->RemoveEventHandler(id);
    controller_.Stop();
  }

 private:
  Status Sync(const std::string& ns_name) {
    client::ObjectPtr ns = namespaces_.GetByKey(ns_name);
    if (!ns) return Status::OK();
    // Nothing is created in a namespace that is not Active.
    if (GetString(*ns, {"status", "phase"}) != "Active") return Status::OK();
    if (service_accounts_.Get(ns_name, kDefaultServiceAccount)) return Status::OK();
    Json sa = {{"apiVersion", "v1"},
               {"kind", "ServiceAccount"},
               {"metadata", {{"name", kDefaultServiceAccount}, {"namespace", ns_name}}}};
    auto created = client_->Create(service_accounts_type_, ns_name, std::move(sa));
    if (created.ok() || created.status().IsAlreadyExists()) return Status::OK();
    // Refused because the namespace started terminating meanwhile (the
    // only reason the API server forbids an in-process create).
    if (created.status().http_code() == 403) return Status::OK();
    return created.status();
  }

  const std::string name_ = kName;
  client::Client* const client_;
  const api::ResourceType& service_accounts_type_;
  client::SharedInformer& namespaces_;
  client::SharedInformer& service_accounts_;
  std::mutex mu_;
  std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>>
      handlers_;          // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
  // Last: its workers use everything above.
  Controller controller_;
};

}  // namespace

std::unique_ptr<RunnableController> NewServiceAccountsController(const ControllerContext& context) {
  return std::make_unique<ServiceAccountsController>(context);
}

}  // namespace stead::controllers
