// VolumeDeleter: removes the storage behind a PersistentVolume that the local
// provisioner made, when the volume's reclaim policy is Delete and its claim
// is gone (upstream's in-tree volume plugin Deleter).
//
// LocalPathVolumeDeleter removes the volume's directory. It only ever touches
// a direct child of its base directory — the path the provisioner chose —
// so a PersistentVolume edited to point elsewhere cannot make it delete
// anything else. The directory may not exist (the node agent creates it when
// a pod first mounts the volume): that is success.
//
// FakeVolumeDeleter records what it was asked to delete, for tests.
//
// Implementations are called from one controller worker at a time but must
// be thread-compatible with concurrent reads of their test accessors.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace stead::controllers::volume {

class VolumeDeleter {
 public:
  virtual ~VolumeDeleter() = default;
  // Deletes the storage of `volume` (a PersistentVolume); OK if it is
  // already gone. The error message is shown to users in a
  // VolumeFailedDelete event.
  virtual Status Delete(const Json& volume) = 0;
};

class LocalPathVolumeDeleter final : public VolumeDeleter {
 public:
  explicit LocalPathVolumeDeleter(std::string base_dir);
  Status Delete(const Json& volume) override;

 private:
  const std::string base_dir_;
};

class FakeVolumeDeleter final : public VolumeDeleter {
 public:
  Status Delete(const Json& volume) override;
  // Later deletions fail with `status` (OK: succeed again).
  void FailWith(Status status);
  // Names of the volumes deleted successfully, in order.
  std::vector<std::string> Deleted() const;

 private:
  mutable std::mutex mu_;
  Status fail_;                       // guarded by mu_
  std::vector<std::string> deleted_;  // guarded by mu_
};

}  // namespace stead::controllers::volume
