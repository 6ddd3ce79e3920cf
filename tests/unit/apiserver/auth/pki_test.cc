#include "apiserver/auth/pki.h"

#include <arpa/inet.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apiserver/auth/files.h"
#include "unit/apiserver/auth/auth_test_dir.h"

namespace stead::apiserver::auth {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

X509* Parse(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

// Full chain verification as a TLS client would do it, including the name.
bool Verifies(const std::string& cert_pem, const std::string& ca_pem, const std::string& host) {
  X509* cert = Parse(cert_pem);
  X509* ca = Parse(ca_pem);
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, cert, nullptr);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  unsigned char ip[16];
  if (inet_pton(AF_INET, host.c_str(), ip) == 1 || inet_pton(AF_INET6, host.c_str(), ip) == 1) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(ca);
  X509_free(cert);
  return ok;
}

std::string CommonName(const std::string& pem) {
  X509* cert = Parse(pem);
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name, sizeof(name));
  X509_free(cert);
  return name;
}

class PkiTest : public testing::TempDirTest {};

TEST_F(PkiTest, CaIsASelfSignedP256Authority) {
  auto ca = CreateCa();
  ASSERT_TRUE(ca.ok()) << ca.status().ToString();
  EXPECT_EQ(CommonName(ca->cert_pem), "stead-ca");
  EXPECT_TRUE(SignedBy(ca->cert_pem, ca->cert_pem));
  X509* cert = Parse(ca->cert_pem);
  EXPECT_EQ(X509_check_ca(cert), 1);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  char group[64] = {};
  size_t size = 0;
  EVP_PKEY_get_group_name(key, group, sizeof(group), &size);
  EXPECT_STREQ(group, "prime256v1");
  X509_free(cert);
  auto not_after = CertificateNotAfter(ca->cert_pem);
  ASSERT_TRUE(not_after.ok());
  EXPECT_GT(*not_after - std::time(nullptr), 9L * 365 * 24 * 3600);
}

TEST_F(PkiTest, ServingCertVerifiesForEveryName) {
  auto ca = CreateCa();
  ASSERT_TRUE(ca.ok());
  auto sans = ServingSans("10.1.2.3", {"stead.example", "fd00::1"});
  auto server = IssueServingCert(*ca, sans);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  for (const std::string host : {"localhost", "kubernetes", "kubernetes.default",
                                 "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
                                 "127.0.0.1", "::1", "10.1.2.3", "stead.example", "fd00::1"}) {
    EXPECT_TRUE(Verifies(server->cert_pem, ca->cert_pem, host)) << host;
  }
  EXPECT_FALSE(Verifies(server->cert_pem, ca->cert_pem, "example.com"));
  EXPECT_FALSE(Verifies(server->cert_pem, ca->cert_pem, "10.1.2.4"));
  auto other = CreateCa();
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(Verifies(server->cert_pem, other->cert_pem, "localhost"));
  EXPECT_FALSE(SignedBy(server->cert_pem, other->cert_pem));

  auto not_after = CertificateNotAfter(server->cert_pem);
  ASSERT_TRUE(not_after.ok());
  long lifetime = *not_after - std::time(nullptr);
  EXPECT_GT(lifetime, 364L * 24 * 3600);
  EXPECT_LT(lifetime, 366L * 24 * 3600);
}

TEST_F(PkiTest, ServingSansSkipWildcardsAndDuplicates) {
  auto sans = ServingSans("0.0.0.0", {"LOCALHOST", "0:0:0:0:0:0:0:1", "node-a"});
  EXPECT_EQ(sans, (std::vector<std::string>{
                      "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                      "kubernetes.default.svc.cluster.local", "127.0.0.1", "::1", "node-a"}));
  EXPECT_THAT(ServingSans("::", {}), Not(Contains("::")));
}

TEST_F(PkiTest, EnsurePkiCreatesFilesOnceAndReusesThem) {
  auto first = EnsurePki(dir_, "127.0.0.1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string pki = dir_ + "/pki";
  EXPECT_EQ(Mode(pki), 0700u);
  EXPECT_EQ(Mode(pki + "/ca.key"), 0600u);
  EXPECT_EQ(Mode(pki + "/server.key"), 0600u);
  EXPECT_EQ(Mode(pki + "/ca.crt"), 0644u);
  EXPECT_EQ(Mode(pki + "/server.crt"), 0644u);
  EXPECT_EQ(*ReadWholeFile(pki + "/ca.crt"), first->ca.cert_pem);
  EXPECT_EQ(*ReadWholeFile(pki + "/server.key"), first->server.key_pem);
  EXPECT_TRUE(Verifies(first->server.cert_pem, first->ca.cert_pem, "localhost"));

  auto second = EnsurePki(dir_, "127.0.0.1");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->ca.cert_pem, first->ca.cert_pem);
  EXPECT_EQ(second->ca.key_pem, first->ca.key_pem);
  EXPECT_EQ(second->server.cert_pem, first->server.cert_pem);
  EXPECT_EQ(second->server.key_pem, first->server.key_pem);
}

TEST_F(PkiTest, EnsurePkiReissuesTheServingCertForANewAddress) {
  auto first = EnsurePki(dir_, "127.0.0.1");
  ASSERT_TRUE(first.ok());
  auto moved = EnsurePki(dir_, "192.168.7.7", {"extra.example"});
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->ca.cert_pem, first->ca.cert_pem);
  EXPECT_NE(moved->server.cert_pem, first->server.cert_pem);
  auto sans = CertificateSans(moved->server.cert_pem);
  ASSERT_TRUE(sans.ok());
  EXPECT_THAT(*sans, IsSupersetOf({"192.168.7.7", "extra.example", "localhost", "::1"}));
  EXPECT_TRUE(Verifies(moved->server.cert_pem, moved->ca.cert_pem, "192.168.7.7"));

  // A subset of the names already covered keeps the certificate.
  auto again = EnsurePki(dir_, "localhost");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->server.cert_pem, moved->server.cert_pem);
}

TEST_F(PkiTest, EnsurePkiReissuesWhenTheServingCertIsBroken) {
  auto first = EnsurePki(dir_, "127.0.0.1");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(WriteFileAtomically(dir_ + "/pki/server.crt", "garbage", 0644).ok());
  auto second = EnsurePki(dir_, "127.0.0.1");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(Verifies(second->server.cert_pem, first->ca.cert_pem, "127.0.0.1"));
}

TEST_F(PkiTest, EnsurePkiRefusesToReplaceALostCaKey) {
  ASSERT_TRUE(EnsurePki(dir_, "127.0.0.1").ok());
  ASSERT_EQ(::unlink((dir_ + "/pki/ca.key").c_str()), 0);
  EXPECT_FALSE(EnsurePki(dir_, "127.0.0.1").ok());
}

}  // namespace
}  // namespace stead::apiserver::auth
