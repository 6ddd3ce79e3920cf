// The Conntrack implementation that runs the conntrack binary.
#include <regex>

#include "agent/proxy/conntrack.h"
#include "agent/proxy/run_command.h"

namespace stead::agent::proxy {

namespace {

// "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been deleted."
int CountFromSummary(const std::string& err) {
  static const std::regex re("([0-9]+) flow entries have been");
  std::smatch m;
  return std::regex_search(err, m, re) ? std::stoi(m[1]) : -1;
}

class ExecConntrack final : public Conntrack {
 public:
  explicit ExecConntrack(std::string binary) : binary_(std::move(binary)) {}

  Result<std::string> ListUdp() override {
    STEAD_ASSIGN_OR_RETURN(CommandResult r, RunCommand({binary_, "-L", "-p", "udp"}, ""));
    if (r.exit_code != 0) return Status::Internal("conntrack -L: " + r.err);
    return r.out;
  }

  Result<int> DeleteUdp(const std::string& orig_dst, int orig_port_dst,
                        const std::string& reply_src) override {
    STEAD_ASSIGN_OR_RETURN(
        CommandResult r,
        RunCommand({binary_, "-D", "-p", "udp", "--orig-dst", orig_dst, "--orig-port-dst",
                    std::to_string(orig_port_dst), "--reply-src", reply_src},
                   ""));
    int n = CountFromSummary(r.err);
    // conntrack exits 1 when nothing matched.
    if (r.exit_code == 0 || n == 0) return std::max(n, 0);
    return Status::Internal("conntrack -D: " + r.err);
  }

 private:
  const std::string binary_;
};

}  // namespace

std::unique_ptr<Conntrack> NewExecConntrack(std::string binary) {
  return std::make_unique<ExecConntrack>(std::move(binary));
}

Status CheckConntrackUsable(const std::string& binary) { return CheckVersionRuns(binary); }

}  // namespace stead::agent::proxy
