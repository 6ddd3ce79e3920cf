#include "apiserver/http/wire.h"

#include <strings.h>

#include <cstdio>
#include <ctime>

#include <boost/beast/http/status.hpp>

namespace stead::apiserver::http {
namespace {

bool ServerOwned(const std::string& name) {
  return strcasecmp(name.c_str(), "Content-Length") == 0 ||
         strcasecmp(name.c_str(), "Transfer-Encoding") == 0 ||
         strcasecmp(name.c_str(), "Connection") == 0;
}

// Go's net/http replaces CR and LF in header values rather than letting a
// handler split the header block.
void AppendHeaderValue(const std::string& value, std::string* out) {
  if (value.find_first_of("\r\n") == std::string::npos) {
    out->append(value);
    return;
  }
  for (char c : value) out->push_back(c == '\r' || c == '\n' ? ' ' : c);
}

void AppendDate(std::string* out) {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof(buf), "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
  out->append(buf, n);
}

}  // namespace

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

void AppendResponseHead(const ResponseHead& head, std::string* out) {
  out->append("HTTP/1.1 ");
  out->append(std::to_string(head.status));
  out->push_back(' ');
  std::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(head.status));
  out->append(reason == "<unknown-status>" ? std::string_view("Unknown") : reason);
  out->append("\r\n");
  bool has_date = false;
  if (head.headers != nullptr) {
    for (const auto& [name, value] : *head.headers) {
      if (ServerOwned(name)) continue;
      if (!has_date && strcasecmp(name.c_str(), "Date") == 0) has_date = true;
      out->append(name);
      out->append(": ");
      AppendHeaderValue(value, out);
      out->append("\r\n");
    }
  }
  if (!has_date) AppendDate(out);
  if (head.chunked) {
    out->append("Transfer-Encoding: chunked\r\n");
  } else if (StatusHasBody(head.status)) {
    out->append("Content-Length: ");
    out->append(std::to_string(head.content_length));
    out->append("\r\n");
  }
  if (!head.keep_alive) {
    out->append("Connection: close\r\n");
  } else if (head.echo_keep_alive) {
    out->append("Connection: keep-alive\r\n");
  }
  out->append("\r\n");
}

size_t ChunkOverhead(size_t size) {
  size_t digits = 1;
  for (size_t s = size >> 4; s != 0; s >>= 4) ++digits;
  return digits + 4;
}

void AppendChunk(std::string_view data, std::string* out) {
  char size[24];
  int n = std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  out->append(size, n);
  out->append(data);
  out->append("\r\n");
}

std::string RequestTooLargeBody(size_t limit) {
  return R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
         R"("message":"Request entity too large: limit is )" +
         std::to_string(limit) + R"(","reason":"RequestEntityTooLarge","code":413})";
}

std::string PlainErrorResponse(int status, std::string_view body) {
  Headers headers{{"Content-Type", "text/plain; charset=utf-8"}};
  std::string out;
  AppendResponseHead(
      {.status = status, .headers = &headers, .content_length = body.size(), .keep_alive = false},
      &out);
  out.append(body);
  return out;
}

}  // namespace stead::apiserver::http
