// Golden tests of the ruleset generator: each testdata/<case>.yaml holds
// Services and EndpointSlices (and generator options); the generated
// transaction must equal testdata/<case>.nft byte for byte. Run with
// STEAD_UPDATE_GOLDEN=1 to rewrite the .nft files after a deliberate change
// (then review the diff). When the test runs as root with nft and unshare
// available, every golden text is also checked by the real nft (`nft -c`)
// inside a fresh network namespace, so the goldens are known to be valid
// nftables transactions.
#include "agent/proxy/ruleset.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/proxy/chain_names.h"
#include "agent/proxy/run_command.h"
#include "apiserver/yaml.h"

namespace stead::agent::proxy {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = fs::path(STEAD_SOURCE_DIR) / "tests/unit/agent/proxy/testdata";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::vector<store::ObjectPtr> services, slices;
  RulesetOptions options;
};

Case LoadCase(const fs::path& path) {
  auto doc = apiserver::YamlToJson(ReadFile(path));
  EXPECT_TRUE(doc.ok()) << path << ": " << doc.status().message();
  Case c;
  if (!doc.ok()) return c;
  const Json& o = (*doc)["options"];
  c.options.node_name = GetString(o, {"nodeName"});
  c.options.replace_table = GetBool(o, {"replaceTable"});
  c.options.service_cidrs = {"10.96.0.0/12"};
  if (o.contains("serviceCIDRs")) {
    c.options.service_cidrs = o["serviceCIDRs"].get<std::vector<std::string>>();
  }
  if (o.contains("table")) c.options.table = o["table"];
  for (const Json& obj : (*doc)["objects"]) {
    auto ptr = std::make_shared<const Json>(obj);
    (GetString(obj, {"kind"}) == "Service" ? c.services : c.slices).push_back(ptr);
  }
  return c;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kTestdata)) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool CanCheckWithNft() {
  if (::geteuid() != 0) return false;
  auto r = RunCommand({"unshare", "--net", "nft", "--version"}, "");
  return r.ok() && r->exit_code == 0;
}

class RulesetGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(RulesetGolden, Matches) {
  fs::path yaml = kTestdata / (GetParam() + ".yaml");
  fs::path golden = kTestdata / (GetParam() + ".nft");
  Case c = LoadCase(yaml);
  Ruleset r = GenerateRuleset(c.services, c.slices, c.options);
  if (std::getenv("STEAD_UPDATE_GOLDEN")) {
    std::ofstream(golden) << r.text;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with STEAD_UPDATE_GOLDEN=1";
  EXPECT_EQ(r.text, ReadFile(golden)) << "golden " << golden;
  // Every chain and set the text defines is reported for the stale-object
  // bookkeeping, and nothing else.
  for (const std::string& chain : r.chains) {
    EXPECT_NE(r.text.find("add chain ip " + c.options.table + " " + chain + "\n"),
              std::string::npos)
        << chain;
  }
  for (const std::string& set : r.sets) {
    EXPECT_NE(r.text.find("add set ip " + c.options.table + " " + set + " "), std::string::npos)
        << set;
  }
  if (CanCheckWithNft()) {
    auto check = RunCommand({"unshare", "--net", "nft", "-c", "-f", "-"}, r.text);
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(check->exit_code, 0) << check->err;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RulesetGolden, ::testing::ValuesIn(CaseNames()),
                         [](const auto& info) { return info.param; });

// The names upstream's own tests expect (pkg/proxy/nftables/proxier_test.go).
TEST(ChainNames, MatchKubeProxy) {
  ServicePort p;
  p.ns = "ns1";
  p.service = "svc1";
  p.protocol = "tcp";
  p.port_name = "p80";
  Endpoint ep;
  ep.ip = "10.180.0.1";
  ep.port = 80;
  EXPECT_EQ(ServiceChainName(p), "service-ULMVA6XW-ns1/svc1/tcp/p80");
  EXPECT_EQ(EndpointChainName(p, ep), "endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
  EXPECT_EQ(AffinitySetName(p, ep), "affinity-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
  EXPECT_TRUE(IsServiceObjectName(ServiceChainName(p)));
  EXPECT_FALSE(IsServiceObjectName("reject-chain"));
}

TEST(ChainNames, TruncatedBelowNftLimit) {
  std::string a = HashAndTruncate(std::string(300, 'x') + "a");
  std::string b = HashAndTruncate(std::string(300, 'x') + "b");
  EXPECT_EQ(a.size(), kChainNameBaseMax);
  EXPECT_LT(("endpoint-" + a).size(), 256u);
  EXPECT_EQ(a.substr(a.size() - 3), "...");
  EXPECT_NE(a, b);  // the hash keeps truncated names apart
  EXPECT_EQ(HashAndTruncate("ns1/svc1/tcp/p80"), "ULMVA6XW-ns1/svc1/tcp/p80");
}

}  // namespace
}  // namespace stead::agent::proxy
