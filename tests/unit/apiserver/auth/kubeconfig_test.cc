#include "apiserver/auth/kubeconfig.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "apiserver/auth/files.h"
#include "unit/apiserver/auth/auth_test_dir.h"

namespace stead::apiserver::auth {
namespace {

std::string Unbase64(const std::string& text) {
  std::string out(text.size(), '\0');
  EVP_ENCODE_CTX* ctx = EVP_ENCODE_CTX_new();
  EVP_DecodeInit(ctx);
  int n = 0;
  int tail = 0;
  EVP_DecodeUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &n,
                   reinterpret_cast<const unsigned char*>(text.data()),
                   static_cast<int>(text.size()));
  EVP_DecodeFinal(ctx, reinterpret_cast<unsigned char*>(out.data()) + n, &tail);
  EVP_ENCODE_CTX_free(ctx);
  out.resize(static_cast<size_t>(n + tail));
  return out;
}

class KubeconfigTest : public testing::TempDirTest {};

TEST_F(KubeconfigTest, WritesAConfigKubectlCanUse) {
  const std::string ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  auto path = WriteKubeconfig(
      dir_, {.server_url = "https://127.0.0.1:6443", .ca_cert_pem = ca, .token = "abc123"});
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, dir_ + "/kubeconfig.yaml");
  EXPECT_EQ(Mode(*path), 0600u);

  YAML::Node config = YAML::Load(*ReadWholeFile(*path));
  EXPECT_EQ(config["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(config["kind"].as<std::string>(), "Config");
  EXPECT_EQ(config["current-context"].as<std::string>(), "stead");
  ASSERT_EQ(config["clusters"].size(), 1u);
  EXPECT_EQ(config["clusters"][0]["name"].as<std::string>(), "stead");
  EXPECT_EQ(config["clusters"][0]["cluster"]["server"].as<std::string>(), "https://127.0.0.1:6443");
  EXPECT_EQ(
      Unbase64(config["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>()),
      ca);
  EXPECT_EQ(config["users"][0]["name"].as<std::string>(), "admin");
  EXPECT_EQ(config["users"][0]["user"]["token"].as<std::string>(), "abc123");
  const YAML::Node& context = config["contexts"][0];
  EXPECT_EQ(context["name"].as<std::string>(), "stead");
  EXPECT_EQ(context["context"]["cluster"].as<std::string>(), "stead");
  EXPECT_EQ(context["context"]["user"].as<std::string>(), "admin");
  EXPECT_EQ(context["context"]["namespace"].as<std::string>(), "default");

  // Rewritten on the next start, e.g. with another port.
  ASSERT_TRUE(
      WriteKubeconfig(
          dir_, {.server_url = "https://127.0.0.1:7000", .ca_cert_pem = ca, .token = "abc123"})
          .ok());
  config = YAML::Load(*ReadWholeFile(*path));
  EXPECT_EQ(config["clusters"][0]["cluster"]["server"].as<std::string>(), "https://127.0.0.1:7000");
}

TEST(ServerUrlTest, MakesDialableUrls) {
  EXPECT_EQ(ServerUrl("127.0.0.1", 6443), "https://127.0.0.1:6443");
  EXPECT_EQ(ServerUrl("0.0.0.0", 6443), "https://127.0.0.1:6443");
  EXPECT_EQ(ServerUrl("", 1), "https://127.0.0.1:1");
  EXPECT_EQ(ServerUrl("::", 6443), "https://[::1]:6443");
  EXPECT_EQ(ServerUrl("fd00::5", 6443), "https://[fd00::5]:6443");
  EXPECT_EQ(ServerUrl("stead.example", 443), "https://stead.example:443");
}

}  // namespace
}  // namespace stead::apiserver::auth
