// The Nft implementation that runs the nft binary.
#include <unistd.h>

#include "agent/proxy/nft.h"
#include "agent/proxy/run_command.h"

namespace stead::agent::proxy {

namespace {

bool MissingTable(const std::string& err) {
  return err.find("No such file or directory") != std::string::npos;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class ExecNft final : public Nft {
 public:
  explicit ExecNft(std::string binary) : binary_(std::move(binary)) {}

  Status Apply(const std::string& script) override {
    STEAD_ASSIGN_OR_RETURN(CommandResult r, RunCommand({binary_, "-f", "-"}, script));
    if (r.exit_code != 0) return Status::Internal("nft -f: " + Trim(r.err));
    return Status::OK();
  }

  Status DeleteTable(const std::string& table) override {
    STEAD_ASSIGN_OR_RETURN(CommandResult r,
                           RunCommand({binary_, "delete", "table", "ip", table}, ""));
    if (r.exit_code == 0 || MissingTable(r.err)) return Status::OK();
    return Status::Internal("nft delete table: " + Trim(r.err));
  }

  Result<std::string> ListTable(const std::string& table) override {
    STEAD_ASSIGN_OR_RETURN(CommandResult r,
                           RunCommand({binary_, "list", "table", "ip", table}, ""));
    if (r.exit_code == 0) return r.out;
    if (MissingTable(r.err)) return Status::NotFound("table ip " + table + " does not exist");
    return Status::Internal("nft list table: " + Trim(r.err));
  }

 private:
  const std::string binary_;
};

}  // namespace

std::unique_ptr<Nft> NewExecNft(std::string binary) {
  return std::make_unique<ExecNft>(std::move(binary));
}

Status CheckNftUsable(const std::string& binary) {
  if (::geteuid() != 0) return Status::Forbidden("not running as root");
  return CheckVersionRuns(binary);
}

}  // namespace stead::agent::proxy
