// String format checks of k8s.io/apimachinery/pkg/util/validation: each
// returns the list of problems with upstream's exact wording (empty when the
// value is valid), ready to be joined into a FieldError detail.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stead {

// A label key or other qualified name: [prefix/]name, where prefix is a DNS
// subdomain and name is at most 63 alphanumerics, '-', '_' or '.'.
std::vector<std::string> IsQualifiedName(std::string_view value);
// A label value: empty, or at most 63 characters shaped like a qualified name.
std::vector<std::string> IsValidLabelValue(std::string_view value);
// A lowercase RFC 1123 subdomain (at most 253 characters).
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);
// A lowercase RFC 1123 label (at most 63 characters, no dots).
std::vector<std::string> IsDNS1123Label(std::string_view value);

// A percentage string: digits followed by '%' ("25%").
std::vector<std::string> IsValidPercent(std::string_view value);

// "must be no more than <n> characters"
std::string MaxLenError(size_t length);
// "<msg> (e.g. 'a' or 'b', regex used for validation is '<regex>')"
std::string RegexError(std::string_view msg, std::string_view regex,
                       const std::vector<std::string_view>& examples);

}  // namespace stead
