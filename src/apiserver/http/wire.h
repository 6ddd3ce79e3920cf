// HTTP/1.1 response framing: status line and headers, chunked-encoding
// frames, and the few responses the server writes without a handler.
// Pure functions, no I/O.
#pragma once

#include <string>
#include <string_view>

#include "apiserver/http/http_server.h"

namespace stead::apiserver::http {

struct ResponseHead {
  int status = 200;
  const Headers* headers = nullptr;
  // Content-Length to announce; ignored when `chunked`.
  size_t content_length = 0;
  bool chunked = false;
  // False adds "Connection: close".
  bool keep_alive = true;
  // An HTTP/1.0 client asked for keep-alive: say we keep it.
  bool echo_keep_alive = false;
};

// Appends the status line, the handler's headers (minus the ones the server
// owns), Date, framing headers and the blank line.
void AppendResponseHead(const ResponseHead& head, std::string* out);

// Appends one chunk of a chunked body; `data` must not be empty.
void AppendChunk(std::string_view data, std::string* out);
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";
// Bytes AppendChunk adds around `size` bytes of data.
size_t ChunkOverhead(size_t size);

// Statuses 1xx, 204 and 304 never carry a body.
bool StatusHasBody(int status);

// The metav1.Status body upstream sends when a body exceeds the limit.
std::string RequestTooLargeBody(size_t limit);

// A complete response with a plain-text body that closes the connection
// (used for malformed requests, as Go's server does).
std::string PlainErrorResponse(int status, std::string_view body);

}  // namespace stead::apiserver::http
