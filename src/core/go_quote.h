// Go fmt renderings that upstream error messages embed: strconv.Quote (what
// %q prints) and %#v of a []string. Messages that quote user input must
// render it exactly as the Go API server would, escapes included.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stead {

// strconv.Quote: double-quoted, with Go escapes for control characters,
// invalid UTF-8 bytes (\x..) and non-printable code points (\u.... / \U........).
// Printability follows unicode.IsPrint for ASCII, Latin-1 and the space,
// format and private-use ranges; other code points are printed as is.
std::string GoQuote(std::string_view s);

// %#v of a []string: `[]string{"a", "b"}`, or `[]string(nil)` for a nil slice.
std::string GoStringSlice(const std::vector<std::string>& values, bool is_nil = false);

}  // namespace stead
