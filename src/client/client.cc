#include "client/client.h"

#include <cstdlib>

#include "core/log.h"

namespace stead::client {

const api::ResourceType& Client::Type(std::string_view group, std::string_view plural) const {
  const api::ResourceType* type = registry().ByResource(group, "", plural);
  if (type == nullptr) {
    LOG_ERROR("client", "resource is not served", {{"group", group}, {"resource", plural}});
    std::abort();
  }
  return *type;
}

Result<Json> Client::FinalizeNamespace(Json ns, const WriteOptions& options) {
  return Status::MethodNotAllowed("the client cannot finalize namespaces");
}

LocalClient::LocalClient(apiserver::ResourceStore* store, std::string name)
    : store_(store), name_(std::move(name)) {}

WriteOptions LocalClient::WithManager(const WriteOptions& options) const {
  WriteOptions out = options;
  if (out.field_manager.empty()) out.field_manager = name_;
  return out;
}

Result<ObjectPtr> LocalClient::Get(const api::ResourceType& type, const std::string& ns,
                                   const std::string& name) {
  return store_->Get(type, type.namespaced ? ns : "", name);
}

Result<ListResult> LocalClient::List(const api::ResourceType& type, const std::string& ns,
                                     const ListOptions& options) {
  return store_->List(type, type.namespaced ? ns : "", options);
}

Result<Json> LocalClient::Create(const api::ResourceType& type, const std::string& ns, Json obj,
                                 const WriteOptions& options) {
  STEAD_ASSIGN_OR_RETURN(
      apiserver::WriteResult r,
      store_->Create(type, type.namespaced ? ns : "", std::move(obj), WithManager(options)));
  return std::move(r.object);
}

Result<Json> LocalClient::Update(const api::ResourceType& type, const std::string& ns, Json obj,
                                 const WriteOptions& options, Subresource sub) {
  std::string name = MetaName(obj);
  STEAD_ASSIGN_OR_RETURN(apiserver::WriteResult r,
                         store_->Update(type, type.namespaced ? ns : "", name, std::move(obj),
                                        WithManager(options), sub));
  return std::move(r.object);
}

Result<Json> LocalClient::Patch(const api::ResourceType& type, const std::string& ns,
                                const std::string& name, PatchKind kind, std::string_view body,
                                const WriteOptions& options, Subresource sub) {
  STEAD_ASSIGN_OR_RETURN(
      apiserver::WriteResult r,
      store_->Patch(type, type.namespaced ? ns : "", name, kind, body, WithManager(options), sub));
  return std::move(r.object);
}

Result<DeleteResult> LocalClient::Delete(const api::ResourceType& type, const std::string& ns,
                                         const std::string& name, const DeleteOptions& options) {
  return store_->Delete(type, type.namespaced ? ns : "", name, options);
}

Result<ListResult> LocalClient::DeleteCollection(const api::ResourceType& type,
                                                 const std::string& ns,
                                                 const ListOptions& list_options,
                                                 const DeleteOptions& options) {
  return store_->DeleteCollection(type, type.namespaced ? ns : "", list_options, options);
}

Result<std::unique_ptr<WatchStream>> LocalClient::Watch(const api::ResourceType& type,
                                                        const std::string& ns,
                                                        const ListOptions& options,
                                                        WatchSink sink) {
  return store_->Watch(type, type.namespaced ? ns : "", options, std::move(sink));
}

Result<Json> LocalClient::GetScale(const api::ResourceType& type, const std::string& ns,
                                   const std::string& name) {
  return store_->GetScale(type, ns, name);
}

Result<Json> LocalClient::UpdateScale(const api::ResourceType& type, const std::string& ns,
                                      const std::string& name, Json scale,
                                      const WriteOptions& options) {
  return store_->UpdateScale(type, ns, name, std::move(scale), WithManager(options));
}

Status LocalClient::BindPod(const std::string& ns, const std::string& name, Json binding,
                            const WriteOptions& options) {
  auto r = store_->BindPod(ns, name, std::move(binding), WithManager(options));
  return r.ok() ? Status::OK() : r.status();
}

Result<Json> LocalClient::FinalizeNamespace(Json ns, const WriteOptions& options) {
  std::string name = MetaName(ns);
  STEAD_ASSIGN_OR_RETURN(apiserver::WriteResult r,
                         store_->Update(Type("", "namespaces"), "", name, std::move(ns),
                                        WithManager(options), Subresource::kFinalize));
  return std::move(r.object);
}

}  // namespace stead::client
