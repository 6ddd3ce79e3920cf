// Nft: what the service proxy needs from nftables, as an interface so the
// sync logic is tested against a fake (tests/unit/agent/proxy/fake_nft.h).
// The real implementation (NewExecNft) runs Debian's `nft` binary, as
// kube-proxy's knftables does, so stead needs no libnftables binding and
// speaks the same text syntax an operator reads with `nft list table`.
//
// Every call addresses one table of the `ip` family; nothing here touches
// other tables. Implementations are thread-compatible (the proxy calls
// them from its one sync thread).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "core/status.h"

namespace stead::agent::proxy {

class Nft {
 public:
  virtual ~Nft() = default;
  // Runs an nft script (`nft -f -`): one transaction, all or nothing. The
  // error message carries nft's diagnostics.
  virtual Status Apply(const std::string& script) = 0;
  // Deletes `ip <table>`; OK when it does not exist.
  virtual Status DeleteTable(const std::string& table) = 0;
  // `nft list table ip <table>`; NotFound when it does not exist.
  virtual Result<std::string> ListTable(const std::string& table) = 0;
};

// Runs `binary` (default "nft", found on PATH).
std::unique_ptr<Nft> NewExecNft(std::string binary = "nft");

// Whether nftables can be programmed from this process: effective uid 0 and
// `nft --version` runs. The reason when not.
Status CheckNftUsable(const std::string& binary = "nft");

}  // namespace stead::agent::proxy
