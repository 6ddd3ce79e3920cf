// The cluster's small PKI: a self-signed CA (ECDSA P-256, 10 years, CN
// "stead-ca") and the API server's serving certificate signed by it (1 year,
// serverAuth) whose SANs cover the names clients use: localhost, the
// in-cluster kubernetes.default.svc names, the loopback addresses, the listen
// address and any extra names given by the operator.
//
// EnsurePki keeps everything under DATA_DIR/pki: ca.crt, ca.key, server.crt,
// server.key (keys mode 0600). It creates what is missing on first start and
// reuses it afterwards, reissuing only the serving certificate when it no
// longer fits (SANs, expiry, or a CA that changed).
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "core/result.h"

namespace stead::apiserver::auth {

struct KeyAndCert {
  std::string cert_pem;
  std::string key_pem;  // PKCS#8
};

struct Pki {
  KeyAndCert ca;
  KeyAndCert server;
  std::string dir;  // DATA_DIR/pki
};

Result<KeyAndCert> CreateCa(const std::string& common_name = "stead-ca");

// `sans` are host names or IP addresses (IPv6 without brackets).
Result<KeyAndCert> IssueServingCert(const KeyAndCert& ca, const std::vector<std::string>& sans);

// The SANs the serving certificate should carry for `listen_host`: the fixed
// list, then the listen host (unless it is a wildcard address), then extras;
// without duplicates.
std::vector<std::string> ServingSans(const std::string& listen_host,
                                     const std::vector<std::string>& extra_sans);

// DNS names and IP addresses in a certificate's subjectAltName, IPs in
// canonical text form.
Result<std::vector<std::string>> CertificateSans(const std::string& cert_pem);
// notAfter as a Unix time.
Result<std::time_t> CertificateNotAfter(const std::string& cert_pem);
// Whether `cert_pem` was signed by `ca_cert_pem`'s key.
bool SignedBy(const std::string& cert_pem, const std::string& ca_cert_pem);

Result<Pki> EnsurePki(const std::string& data_dir, const std::string& listen_host,
                      const std::vector<std::string>& extra_sans = {});

}  // namespace stead::apiserver::auth
