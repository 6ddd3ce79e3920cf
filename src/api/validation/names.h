// String-format checks of Kubernetes (k8s.io/apimachinery/pkg/util/validation
// and pkg/api/validation/generic.go): DNS labels and subdomains, qualified
// names, label values, port names, IPs, ... Each returns the list of problems
// with the value, worded exactly as upstream (empty when the value is valid).
//
// Name rules (NameRule) are the per-kind checks for metadata.name and
// metadata.generateName; `prefix` is true for generateName, where a trailing
// '-' is allowed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/validation.h"

namespace stead::api::validation {

using Problems = std::vector<std::string>;

// The checks that live in core, re-exported so that validation code finds
// every format rule in one place.
using stead::IsDNS1123Label;
using stead::IsDNS1123Subdomain;
using stead::IsQualifiedName;
using stead::IsValidLabelValue;
using stead::IsValidPercent;
using stead::MaxLenError;
using stead::RegexError;

// Message builders (upstream EmptyError, InclusiveRangeError).
std::string EmptyError();
std::string InclusiveRangeError(int64_t lo, int64_t hi);

Problems IsDNS1035Label(std::string_view value);
Problems IsCIdentifier(std::string_view value);
Problems IsEnvVarName(std::string_view value);
// The RelaxedEnvironmentVariableValidation rule (beta and on in 1.32).
Problems IsRelaxedEnvVarName(std::string_view value);
Problems IsConfigMapKey(std::string_view value);
Problems IsValidPortName(std::string_view value);
Problems IsValidPortNum(int64_t port);
Problems IsHTTPHeaderName(std::string_view value);
Problems IsValidUserID(int64_t uid);
Problems IsValidGroupID(int64_t gid);

// IP parsing as netutils.ParseIPSloppy (IPv4 octets may have leading zeros).
bool ParseIP(std::string_view value, bool* is_v6 = nullptr);
bool IsLoopbackIP(std::string_view value);
bool IsUnspecifiedIP(std::string_view value);
bool IsLinkLocalUnicastIP(std::string_view value);
bool IsLinkLocalMulticastIP(std::string_view value);
// "a.b.c.d/n" or IPv6 CIDR (netutils.ParseCIDRSloppy).
bool ParseCIDR(std::string_view value, bool* is_v6 = nullptr);

// ValidateNameFunc and the standard rules.
using NameRule = std::function<Problems(std::string_view name, bool prefix)>;
Problems NameIsDNSSubdomain(std::string_view name, bool prefix);
Problems NameIsDNSLabel(std::string_view name, bool prefix);
Problems NameIsDNS1035Label(std::string_view name, bool prefix);

}  // namespace stead::api::validation
