// TlsContext: the server-side TLS configuration — TLS 1.2 and newer, the
// given certificate chain and key, and ALPN that only ever selects
// "http/1.1" (Go clients such as kubectl offer "h2" first; we speak HTTP/1.1
// only). It also owns the OpenSSL BIO method that TlsStream uses to talk to
// sockets. Immutable after creation; shared by all connections.
#pragma once

#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <memory>

#include "apiserver/http/http_server.h"
#include "core/result.h"

namespace stead::apiserver::http {

class TlsContext {
 public:
  static Result<std::unique_ptr<TlsContext>> Create(const TlsConfig& config);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A server-side SSL reading and writing the socket `fd` directly; the
  // caller owns it (SSL_free). Null when out of memory.
  SSL* NewSsl(int fd) const;

 private:
  TlsContext(SSL_CTX* ctx, BIO_METHOD* bio_method) : ctx_(ctx), bio_method_(bio_method) {}
  SSL_CTX* const ctx_;
  BIO_METHOD* const bio_method_;
};

}  // namespace stead::apiserver::http
