#include "apiserver/http/wire.h"

#include <gtest/gtest.h>

namespace stead::apiserver::http {
namespace {

// Drops the Date line, whose value changes.
std::string WithoutDate(const std::string& head) {
  size_t start = head.find("Date: ");
  if (start == std::string::npos) return head;
  return head.substr(0, start) + head.substr(head.find("\r\n", start) + 2);
}

TEST(WireTest, WritesHeadersAndLength) {
  Headers headers{{"Content-Type", "application/json"},
                  {"Content-Length", "999"},
                  {"X-Split", "a\r\nInjected: yes"}};
  std::string out;
  AppendResponseHead({.status = 201, .headers = &headers, .content_length = 7}, &out);
  EXPECT_NE(out.find("\r\nDate: "), std::string::npos);
  EXPECT_EQ(WithoutDate(out),
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            "X-Split: a  Injected: yes\r\nContent-Length: 7\r\n\r\n");
}

TEST(WireTest, FramingDependsOnStatusAndMode) {
  std::string out;
  AppendResponseHead({.status = 204, .keep_alive = false}, &out);
  EXPECT_EQ(WithoutDate(out), "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  out.clear();
  AppendResponseHead({.status = 200, .chunked = true}, &out);
  EXPECT_EQ(WithoutDate(out), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  out.clear();
  AppendResponseHead({.status = 200, .echo_keep_alive = true}, &out);
  EXPECT_EQ(WithoutDate(out),
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
}

TEST(WireTest, FramesChunks) {
  std::string out;
  AppendChunk("hello", &out);
  AppendChunk(std::string(300, 'x'), &out);
  EXPECT_EQ(out.substr(0, 10), "5\r\nhello\r\n");
  EXPECT_EQ(out.substr(10, 5), "12c\r\n");
  EXPECT_EQ(ChunkOverhead(5), 4u + 1);
  EXPECT_EQ(ChunkOverhead(300), 4u + 3);
  EXPECT_EQ(out.size(), 5 + ChunkOverhead(5) + 300 + ChunkOverhead(300));
}

TEST(WireTest, TooLargeBodyMatchesUpstream) {
  EXPECT_EQ(RequestTooLargeBody(3145728),
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"Request entity too large: limit is 3145728",)"
            R"("reason":"RequestEntityTooLarge","code":413})");
}

}  // namespace
}  // namespace stead::apiserver::http
