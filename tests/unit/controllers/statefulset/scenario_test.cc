// Runs every scenario file under scenarios/ as one test case.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "unit/controllers/statefulset/scenario.h"

namespace stead::controllers::statefulset::testing {
namespace {

class StatefulSetScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(StatefulSetScenario, Matches) {
  std::ifstream in(GetParam());
  std::stringstream text;
  text << in.rdbuf();
  auto scenario = Scenario::Parse(text.str());
  ASSERT_TRUE(scenario.ok()) << GetParam() << ": " << scenario.status().message();
  std::vector<std::string> failures = (*scenario)->Run();
  std::string report;
  for (const std::string& f : failures) report += "\n  " + f;
  EXPECT_TRUE(failures.empty()) << GetParam() << " (" << (*scenario)->description() << ")"
                                << report;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, StatefulSetScenario, ::testing::ValuesIn(ScenarioFiles()),
                         TestName);

}  // namespace
}  // namespace stead::controllers::statefulset::testing
