#include "apiserver/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace stead::apiserver::http {
namespace {

// ALPN wire format: length-prefixed protocol names.
constexpr unsigned char kAlpnHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

int SelectAlpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in,
               unsigned int in_len, void*) {
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_len, kAlpnHttp11, sizeof(kAlpnHttp11), in, in_len) ==
      OPENSSL_NPN_NEGOTIATED) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  // A client that offers no http/1.1 gets no ALPN answer rather than a
  // protocol we do not speak.
  return SSL_TLSEXT_ERR_NOACK;
}

// A socket BIO that never raises SIGPIPE (OpenSSL's own uses write(2)).
int SocketOf(BIO* bio) { return static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(bio))); }

int BioWrite(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n = ::send(SocketOf(bio), data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
    BIO_set_retry_write(bio);
  }
  return static_cast<int>(n);
}

int BioRead(BIO* bio, char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n = ::recv(SocketOf(bio), data, static_cast<size_t>(size), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
    BIO_set_retry_read(bio);
  }
  return static_cast<int>(n);
}

long BioCtrl(BIO*, int command, long, void*) {
  // The only request OpenSSL needs answered for a plain socket is flush,
  // which has nothing to do: writes go straight to the kernel.
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int BioCreate(BIO* bio) {
  BIO_set_init(bio, 0);
  return 1;
}

int BioDestroy(BIO*) { return 1; }

std::string TakeOpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  return code != 0 ? ERR_error_string(code, nullptr) : "unknown error";
}

}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::Create(const TlsConfig& config) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status::Internal("cannot create TLS context: " + TakeOpenSslError());
  auto fail = [ctx](const std::string& what) {
    SSL_CTX_free(ctx);
    return Status::Internal(what + ": " + TakeOpenSslError());
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION);
  // Idle connections (watches) hold no record buffers; writes may be
  // partial and retried from a moved buffer, as the async write loop does.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // One recv() per burst of records instead of one per record header and
  // body; the buffer is released once drained.
  SSL_CTX_set_read_ahead(ctx, 1);
  SSL_CTX_set_alpn_select_cb(ctx, SelectAlpn, nullptr);

  BIO* cert_bio =
      BIO_new_mem_buf(config.cert_chain_pem.data(), static_cast<int>(config.cert_chain_pem.size()));
  X509* leaf = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
  if (leaf == nullptr) {
    BIO_free(cert_bio);
    return fail("cannot parse the serving certificate");
  }
  bool leaf_ok = SSL_CTX_use_certificate(ctx, leaf) == 1;
  X509_free(leaf);
  if (!leaf_ok) {
    BIO_free(cert_bio);
    return fail("cannot use the serving certificate");
  }
  while (X509* intermediate = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr)) {
    if (SSL_CTX_add0_chain_cert(ctx, intermediate) != 1) {
      X509_free(intermediate);
      BIO_free(cert_bio);
      return fail("cannot use an intermediate certificate");
    }
  }
  BIO_free(cert_bio);
  ERR_clear_error();  // the loop above ends on a "no start line" error

  BIO* key_bio = BIO_new_mem_buf(config.private_key_pem.data(),
                                 static_cast<int>(config.private_key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  BIO_free(key_bio);
  if (key == nullptr) return fail("cannot parse the serving key");
  bool key_ok = SSL_CTX_use_PrivateKey(ctx, key) == 1;
  EVP_PKEY_free(key);
  if (!key_ok) return fail("cannot use the serving key");
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return fail("the serving key does not match the serving certificate");
  }

  BIO_METHOD* method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "stead-socket");
  if (method == nullptr || BIO_meth_set_write(method, BioWrite) != 1 ||
      BIO_meth_set_read(method, BioRead) != 1 || BIO_meth_set_ctrl(method, BioCtrl) != 1 ||
      BIO_meth_set_create(method, BioCreate) != 1 ||
      BIO_meth_set_destroy(method, BioDestroy) != 1) {
    BIO_meth_free(method);
    return fail("cannot create the socket BIO method");
  }
  return std::unique_ptr<TlsContext>(new TlsContext(ctx, method));
}

TlsContext::~TlsContext() {
  SSL_CTX_free(ctx_);
  BIO_meth_free(bio_method_);
}

SSL* TlsContext::NewSsl(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) return nullptr;
  BIO* bio = BIO_new(bio_method_);
  if (bio == nullptr) {
    SSL_free(ssl);
    return nullptr;
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(fd)));
  BIO_set_init(bio, 1);
  SSL_set_bio(ssl, bio, bio);
  SSL_set_accept_state(ssl);
  return ssl;
}

}  // namespace stead::apiserver::http
