// Client: how controllers (and anything else in the server process) read and
// write API objects. The interface mirrors the REST verbs of the Kubernetes
// API — get, list, create, update (also of the status subresource), patch,
// delete, deletecollection, watch, scale, binding — with the API server's
// exact semantics, errors included (a Status such as 404 NotFound or
// 409 Conflict, see core/status.h).
//
// LocalClient implements it in-process on a ResourceStore: no HTTP, no
// serialization; reads return the shared immutable snapshots of the watch
// cache. Each component gets its own LocalClient whose name is used as the
// field manager of its writes (like client-go's user agent, e.g.
// "statefulset-controller").
//
// Thread-safe: one client may be used from any number of threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/registry.h"
#include "api/resource.h"
#include "apiserver/request_options.h"
#include "apiserver/resource_store.h"
#include "core/json.h"
#include "core/result.h"
#include "store/watch_cache.h"

namespace stead::client {

using apiserver::DeleteOptions;
using apiserver::DeleteResult;
using apiserver::ListOptions;
using apiserver::ListResult;
using apiserver::PatchKind;
using apiserver::Subresource;
using apiserver::WatchEvent;
using apiserver::WatchStream;
using apiserver::WriteOptions;
using store::ObjectPtr;

// Receives the events of a watch, in order. Called from a thread of the
// server's watch machinery: it must not block (queue and return). A watch
// that ends delivers a final kError event whose object is a metav1.Status.
using WatchSink = std::function<void(const WatchEvent& event)>;

class Client {
 public:
  virtual ~Client() = default;

  // The served resources; look types up here (ByResource / ByKind).
  virtual const api::ResourceRegistry& registry() const = 0;
  // This client's identity: the default field manager of its writes.
  virtual const std::string& name() const = 0;

  // `ns` is ignored ("") for cluster-scoped types.
  virtual Result<ObjectPtr> Get(const api::ResourceType& type, const std::string& ns,
                                const std::string& name) = 0;
  // `ns` "" lists every namespace.
  virtual Result<ListResult> List(const api::ResourceType& type, const std::string& ns,
                                  const ListOptions& options = {}) = 0;
  // Writes return the object as stored (with its new resourceVersion). An
  // empty options.field_manager means name().
  virtual Result<Json> Create(const api::ResourceType& type, const std::string& ns, Json obj,
                              const WriteOptions& options = {}) = 0;
  // PUT: a non-empty metadata.resourceVersion in `obj` is a precondition
  // (409 Conflict if the object changed since). With Subresource::kStatus
  // only the status is written.
  virtual Result<Json> Update(const api::ResourceType& type, const std::string& ns, Json obj,
                              const WriteOptions& options = {},
                              Subresource sub = Subresource::kNone) = 0;
  virtual Result<Json> Patch(const api::ResourceType& type, const std::string& ns,
                             const std::string& name, PatchKind kind, std::string_view body,
                             const WriteOptions& options = {},
                             Subresource sub = Subresource::kNone) = 0;
  virtual Result<DeleteResult> Delete(const api::ResourceType& type, const std::string& ns,
                                      const std::string& name,
                                      const DeleteOptions& options = {}) = 0;
  // Returns what was deleted (or marked for deletion).
  virtual Result<ListResult> DeleteCollection(const api::ResourceType& type, const std::string& ns,
                                              const ListOptions& list_options,
                                              const DeleteOptions& options = {}) = 0;
  // Streams events to `sink` until the returned stream is destroyed (which
  // must not happen inside the sink). resourceVersion "" starts with one
  // ADDED event per existing object, as the API server does.
  virtual Result<std::unique_ptr<WatchStream>> Watch(const api::ResourceType& type,
                                                     const std::string& ns,
                                                     const ListOptions& options,
                                                     WatchSink sink) = 0;

  // The scale subresource (autoscaling/v1 Scale).
  virtual Result<Json> GetScale(const api::ResourceType& type, const std::string& ns,
                                const std::string& name) = 0;
  virtual Result<Json> UpdateScale(const api::ResourceType& type, const std::string& ns,
                                   const std::string& name, Json scale,
                                   const WriteOptions& options = {}) = 0;
  // POST pods/<name>/binding with a v1 Binding.
  virtual Status BindPod(const std::string& ns, const std::string& name, Json binding,
                         const WriteOptions& options = {}) = 0;
  // PUT namespaces/<name>/finalize: `ns` (a Namespace with metadata.name,
  // and a resourceVersion precondition if set) carries the new
  // spec.finalizers, which change only this way. A namespace being deleted
  // that is left without finalizers is removed. Clients that cannot do it
  // answer 405 MethodNotAllowed.
  virtual Result<Json> FinalizeNamespace(Json ns, const WriteOptions& options = {});

  // Looks a served type up by group and plural ("apps", "statefulsets");
  // crashes if it is not served (the caller names a built-in kind).
  const api::ResourceType& Type(std::string_view group, std::string_view plural) const;
};

class LocalClient final : public Client {
 public:
  // `store` must outlive the client.
  LocalClient(apiserver::ResourceStore* store, std::string name);

  const api::ResourceRegistry& registry() const override { return store_->registry(); }
  const std::string& name() const override { return name_; }

  Result<ObjectPtr> Get(const api::ResourceType& type, const std::string& ns,
                        const std::string& name) override;
  Result<ListResult> List(const api::ResourceType& type, const std::string& ns,
                          const ListOptions& options) override;
  Result<Json> Create(const api::ResourceType& type, const std::string& ns, Json obj,
                      const WriteOptions& options) override;
  Result<Json> Update(const api::ResourceType& type, const std::string& ns, Json obj,
                      const WriteOptions& options, Subresource sub) override;
  Result<Json> Patch(const api::ResourceType& type, const std::string& ns, const std::string& name,
                     PatchKind kind, std::string_view body, const WriteOptions& options,
                     Subresource sub) override;
  Result<DeleteResult> Delete(const api::ResourceType& type, const std::string& ns,
                              const std::string& name, const DeleteOptions& options) override;
  Result<ListResult> DeleteCollection(const api::ResourceType& type, const std::string& ns,
                                      const ListOptions& list_options,
                                      const DeleteOptions& options) override;
  Result<std::unique_ptr<WatchStream>> Watch(const api::ResourceType& type, const std::string& ns,
                                             const ListOptions& options, WatchSink sink) override;
  Result<Json> GetScale(const api::ResourceType& type, const std::string& ns,
                        const std::string& name) override;
  Result<Json> UpdateScale(const api::ResourceType& type, const std::string& ns,
                           const std::string& name, Json scale,
                           const WriteOptions& options) override;
  Status BindPod(const std::string& ns, const std::string& name, Json binding,
                 const WriteOptions& options) override;
  Result<Json> FinalizeNamespace(Json ns, const WriteOptions& options) override;

 private:
  WriteOptions WithManager(const WriteOptions& options) const;

  apiserver::ResourceStore* const store_;
  const std::string name_;
};

}  // namespace stead::client
