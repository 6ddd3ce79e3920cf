// Decoding of request targets the way Go's net/url does it, so that handlers
// see the same path and query values as the upstream API server would:
// the path is percent-decoded ("+" stays "+"), query keys and values are
// percent-decoded with "+" meaning space, and malformed query pairs are
// dropped (url.ParseQuery skips them) while a malformed path is an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stead::apiserver::http {

// Percent-decodes `in`; nullopt on a malformed escape ("%2", "%zz").
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

// Splits a request target into decoded path and query. Absolute-form targets
// ("http://host/p") are reduced to their path. nullopt if the path is
// malformed.
struct DecodedTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};
std::optional<DecodedTarget> DecodeTarget(std::string_view target);

// Parses "a=1&b=x+y" into decoded pairs, in order.
void ParseQuery(std::string_view raw, std::multimap<std::string, std::string>* out);

}  // namespace stead::apiserver::http
