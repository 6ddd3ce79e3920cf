#include "apiserver/auth/pki.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "apiserver/auth/files.h"
#include "core/log.h"

namespace stead::apiserver::auth {
namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME, X509_NAME_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

void FreeGeneralNames(GENERAL_NAMES* names) { GENERAL_NAMES_free(names); }
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, FreeGeneralNames>>;

constexpr long kHour = 3600;
constexpr long kDay = 24 * kHour;
// Clocks of machines joining the cluster may lag a little.
constexpr long kBackdate = kHour;
constexpr long kCaLifetime = 10 * 365 * kDay;
constexpr long kServingLifetime = 365 * kDay;
// A serving certificate this close to expiry is reissued at start.
constexpr long kRenewBefore = 30 * kDay;

Status OpenSslStatus(const std::string& what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  std::string detail = code != 0 ? ERR_error_string(code, nullptr) : "unknown error";
  return Status::Internal(what + ": " + detail);
}

// Canonical text of an IP address, or nullopt for a host name.
std::optional<std::string> CanonicalIp(const std::string& host) {
  unsigned char bytes[16];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, host.c_str(), bytes) == 1) {
    return std::string(inet_ntop(AF_INET, bytes, text, sizeof(text)));
  }
  if (inet_pton(AF_INET6, host.c_str(), bytes) == 1) {
    return std::string(inet_ntop(AF_INET6, bytes, text, sizeof(text)));
  }
  return std::nullopt;
}

std::string CanonicalSan(const std::string& san) {
  if (auto ip = CanonicalIp(san)) return *ip;
  std::string lower = san;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Result<CertPtr> ParseCert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return OpenSslStatus("cannot parse certificate");
  return cert;
}

Result<KeyPtr> ParseKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return OpenSslStatus("cannot parse private key");
  return key;
}

Result<KeyAndCert> ToPem(X509* cert, EVP_PKEY* key) {
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509(cert_bio.get(), cert) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return OpenSslStatus("cannot encode PEM");
  }
  auto text = [](BIO* bio) {
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(size));
  };
  return KeyAndCert{.cert_pem = text(cert_bio.get()), .key_pem = text(key_bio.get())};
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return OpenSslStatus(std::string("cannot add extension ") + OBJ_nid2sn(nid));
  }
  return Status::OK();
}

Status AddSubjectAltNames(X509* cert, const std::vector<std::string>& sans) {
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  for (const std::string& san : sans) {
    GENERAL_NAME* name = nullptr;
    if (CanonicalIp(san)) {
      ASN1_OCTET_STRING* ip = a2i_IPADDRESS(san.c_str());
      if (ip == nullptr) return OpenSslStatus("invalid IP SAN " + san);
      name = GENERAL_NAME_new();
      GENERAL_NAME_set0_value(name, GEN_IPADD, ip);
    } else {
      ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
      ASN1_STRING_set(dns, san.data(), static_cast<int>(san.size()));
      name = GENERAL_NAME_new();
      GENERAL_NAME_set0_value(name, GEN_DNS, dns);
    }
    sk_GENERAL_NAME_push(names.get(), name);
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return OpenSslStatus("cannot add subjectAltName");
  }
  return Status::OK();
}

// A new certificate for `key` with the common fields set; not yet signed.
Result<CertPtr> NewCert(EVP_PKEY* key, const std::string& common_name, long lifetime) {
  CertPtr cert(X509_new());
  BnPtr serial(BN_new());
  NamePtr subject(X509_NAME_new());
  if (!cert || !serial || !subject || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdate) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), lifetime) == nullptr ||
      X509_NAME_add_entry_by_txt(subject.get(), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                 -1, 0) != 1 ||
      X509_set_subject_name(cert.get(), subject.get()) != 1 ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return OpenSslStatus("cannot build certificate");
  }
  return cert;
}

KeyPtr NewKey() { return KeyPtr(EVP_EC_gen("P-256")); }

bool Covers(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  for (const std::string& san : want) {
    if (std::find(have.begin(), have.end(), CanonicalSan(san)) == have.end()) return false;
  }
  return true;
}

// Loads both halves of a key pair; NotFound if neither exists.
Result<KeyAndCert> LoadPair(const std::string& cert_path, const std::string& key_path) {
  auto cert = ReadWholeFile(cert_path);
  auto key = ReadWholeFile(key_path);
  if (!cert.ok() && !key.ok() && cert.status().IsNotFound() && key.status().IsNotFound()) {
    return Status::NotFound(cert_path + " does not exist");
  }
  // Half a pair is damage to report, not a fresh start.
  if (!cert.ok()) return Status::Internal(cert.status().message());
  if (!key.ok()) return Status::Internal(key.status().message());
  STEAD_ASSIGN_OR_RETURN(CertPtr parsed_cert, ParseCert(*cert));
  STEAD_ASSIGN_OR_RETURN(KeyPtr parsed_key, ParseKey(*key));
  if (X509_check_private_key(parsed_cert.get(), parsed_key.get()) != 1) {
    ERR_clear_error();
    return Status::Internal(key_path + " does not match " + cert_path);
  }
  return KeyAndCert{.cert_pem = std::move(*cert), .key_pem = std::move(*key)};
}

Status SavePair(const KeyAndCert& pair, const std::string& cert_path, const std::string& key_path) {
  STEAD_RETURN_IF_ERROR(WriteFileAtomically(key_path, pair.key_pem, 0600));
  return WriteFileAtomically(cert_path, pair.cert_pem, 0644);
}

// Why an existing serving certificate cannot be kept, or "" if it can.
std::string ServingCertProblem(const KeyAndCert& server, const KeyAndCert& ca,
                               const std::vector<std::string>& sans) {
  if (!SignedBy(server.cert_pem, ca.cert_pem)) return "not signed by the current CA";
  auto not_after = CertificateNotAfter(server.cert_pem);
  if (!not_after.ok() || *not_after - std::time(nullptr) < kRenewBefore) return "about to expire";
  auto have = CertificateSans(server.cert_pem);
  if (!have.ok() || !Covers(*have, sans)) return "SANs do not cover the listen address";
  return "";
}

}  // namespace

Result<KeyAndCert> CreateCa(const std::string& common_name) {
  KeyPtr key = NewKey();
  if (!key) return OpenSslStatus("cannot generate CA key");
  STEAD_ASSIGN_OR_RETURN(CertPtr cert, NewCert(key.get(), common_name, kCaLifetime));
  X509* x = cert.get();
  if (X509_set_issuer_name(x, X509_get_subject_name(x)) != 1) {
    return OpenSslStatus("cannot set CA issuer");
  }
  STEAD_RETURN_IF_ERROR(AddExtension(x, x, NID_basic_constraints, "critical,CA:TRUE"));
  STEAD_RETURN_IF_ERROR(
      AddExtension(x, x, NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign"));
  STEAD_RETURN_IF_ERROR(AddExtension(x, x, NID_subject_key_identifier, "hash"));
  STEAD_RETURN_IF_ERROR(AddExtension(x, x, NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(x, key.get(), EVP_sha256()) == 0) return OpenSslStatus("cannot sign CA");
  return ToPem(x, key.get());
}

Result<KeyAndCert> IssueServingCert(const KeyAndCert& ca, const std::vector<std::string>& sans) {
  STEAD_ASSIGN_OR_RETURN(CertPtr ca_cert, ParseCert(ca.cert_pem));
  STEAD_ASSIGN_OR_RETURN(KeyPtr ca_key, ParseKey(ca.key_pem));
  KeyPtr key = NewKey();
  if (!key) return OpenSslStatus("cannot generate serving key");
  STEAD_ASSIGN_OR_RETURN(CertPtr cert, NewCert(key.get(), "stead-apiserver", kServingLifetime));
  X509* x = cert.get();
  if (X509_set_issuer_name(x, X509_get_subject_name(ca_cert.get())) != 1) {
    return OpenSslStatus("cannot set issuer");
  }
  STEAD_RETURN_IF_ERROR(AddExtension(x, ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE"));
  STEAD_RETURN_IF_ERROR(
      AddExtension(x, ca_cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment"));
  STEAD_RETURN_IF_ERROR(AddExtension(x, ca_cert.get(), NID_ext_key_usage, "serverAuth"));
  STEAD_RETURN_IF_ERROR(AddExtension(x, ca_cert.get(), NID_subject_key_identifier, "hash"));
  STEAD_RETURN_IF_ERROR(
      AddExtension(x, ca_cert.get(), NID_authority_key_identifier, "keyid:always"));
  STEAD_RETURN_IF_ERROR(AddSubjectAltNames(x, sans));
  if (X509_sign(x, ca_key.get(), EVP_sha256()) == 0) {
    return OpenSslStatus("cannot sign serving certificate");
  }
  return ToPem(x, key.get());
}

std::vector<std::string> ServingSans(const std::string& listen_host,
                                     const std::vector<std::string>& extra_sans) {
  std::vector<std::string> sans = {"localhost",
                                   "kubernetes",
                                   "kubernetes.default",
                                   "kubernetes.default.svc",
                                   "kubernetes.default.svc.cluster.local",
                                   "127.0.0.1",
                                   "::1"};
  auto add = [&sans](const std::string& san) {
    if (san.empty()) return;
    std::string canonical = CanonicalSan(san);
    // A wildcard listen address is no name a client can dial.
    if (canonical == "0.0.0.0" || canonical == "::") return;
    if (std::find(sans.begin(), sans.end(), canonical) == sans.end()) sans.push_back(canonical);
  };
  add(listen_host);
  for (const std::string& san : extra_sans) add(san);
  return sans;
}

Result<std::vector<std::string>> CertificateSans(const std::string& cert_pem) {
  STEAD_ASSIGN_OR_RETURN(CertPtr cert, ParseCert(cert_pem));
  std::vector<std::string> sans;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return sans;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      sans.push_back(CanonicalSan(std::string(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)), ASN1_STRING_length(dns))));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      char text[INET6_ADDRSTRLEN];
      int family = ASN1_STRING_length(ip) == 4 ? AF_INET : AF_INET6;
      if (ASN1_STRING_length(ip) != 4 && ASN1_STRING_length(ip) != 16) continue;
      sans.push_back(inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof(text)));
    }
  }
  return sans;
}

Result<std::time_t> CertificateNotAfter(const std::string& cert_pem) {
  STEAD_ASSIGN_OR_RETURN(CertPtr cert, ParseCert(cert_pem));
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) != 1) {
    return OpenSslStatus("cannot read notAfter");
  }
  return timegm(&tm);
}

bool SignedBy(const std::string& cert_pem, const std::string& ca_cert_pem) {
  auto cert = ParseCert(cert_pem);
  auto ca = ParseCert(ca_cert_pem);
  if (!cert.ok() || !ca.ok()) return false;
  EVP_PKEY* ca_key = X509_get0_pubkey(ca->get());
  bool ok = ca_key != nullptr && X509_verify(cert->get(), ca_key) == 1;
  ERR_clear_error();
  return ok;
}

Result<Pki> EnsurePki(const std::string& data_dir, const std::string& listen_host,
                      const std::vector<std::string>& extra_sans) {
  Pki pki;
  pki.dir = data_dir + "/pki";
  STEAD_RETURN_IF_ERROR(MakeDirectories(pki.dir, 0700));
  const std::string ca_cert = pki.dir + "/ca.crt";
  const std::string ca_key = pki.dir + "/ca.key";
  const std::string server_cert = pki.dir + "/server.crt";
  const std::string server_key = pki.dir + "/server.key";

  auto ca = LoadPair(ca_cert, ca_key);
  if (ca.ok()) {
    pki.ca = std::move(*ca);
  } else if (ca.status().IsNotFound()) {
    // A lost CA key is not silently replaced: every kubeconfig and agent
    // trusting the old CA would break. Only a fresh directory gets a new one.
    LOG_INFO("pki", "creating the cluster CA", {{"dir", pki.dir}});
    STEAD_ASSIGN_OR_RETURN(pki.ca, CreateCa());
    STEAD_RETURN_IF_ERROR(SavePair(pki.ca, ca_cert, ca_key));
  } else {
    return ca.status();
  }

  std::vector<std::string> sans = ServingSans(listen_host, extra_sans);
  auto server = LoadPair(server_cert, server_key);
  std::string problem = "missing";
  if (server.ok()) {
    problem = ServingCertProblem(*server, pki.ca, sans);
  } else if (!server.status().IsNotFound()) {
    problem = server.status().message();
  }
  if (problem.empty()) {
    pki.server = std::move(*server);
    return pki;
  }
  LOG_INFO("pki", "issuing the serving certificate", {{"reason", problem}});
  STEAD_ASSIGN_OR_RETURN(pki.server, IssueServingCert(pki.ca, sans));
  STEAD_RETURN_IF_ERROR(SavePair(pki.server, server_cert, server_key));
  return pki;
}

}  // namespace stead::apiserver::auth
