#include "controllers/volume/volume_deleter.h"

#include <filesystem>
#include <system_error>

namespace stead::controllers::volume {

namespace fs = std::filesystem;

LocalPathVolumeDeleter::LocalPathVolumeDeleter(std::string base_dir)
    : base_dir_(std::move(base_dir)) {}

Status LocalPathVolumeDeleter::Delete(const Json& volume) {
  std::string path = GetString(volume, {"spec", "hostPath", "path"});
  if (path.empty()) path = GetString(volume, {"spec", "local", "path"});
  fs::path p = fs::path(path).lexically_normal();
  fs::path base = fs::path(base_dir_).lexically_normal();
  if (base.filename().empty()) base = base.parent_path();  // "dir/" -> "dir"
  if (!p.is_absolute() || p.parent_path() != base || p.filename().empty() || p.filename() == "..") {
    return Status::Invalid("local-path deleter only deletes directories directly under " +
                           base_dir_ + " but the volume's path is " + path);
  }
  std::error_code ec;
  fs::remove_all(p, ec);
  if (ec) return Status::Internal("failed to delete " + path + ": " + ec.message());
  return Status::OK();
}

Status FakeVolumeDeleter::Delete(const Json& volume) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!fail_.ok()) return fail_;
  deleted_.push_back(MetaName(volume));
  return Status::OK();
}

void FakeVolumeDeleter::FailWith(Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_ = std::move(status);
}

std::vector<std::string> FakeVolumeDeleter::Deleted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return deleted_;
}

}  // namespace stead::controllers::volume
