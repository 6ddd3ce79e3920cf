// Small file helpers for the credentials kept in the data directory: whole
// files are read at once and written atomically (temporary file + rename)
// with the requested mode, so a crash never leaves half a key behind and a
// key is never readable by others, even briefly.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/result.h"

namespace stead::apiserver::auth {

// NotFound when the file does not exist.
Result<std::string> ReadWholeFile(const std::string& path);
Status WriteFileAtomically(const std::string& path, const std::string& contents, mode_t mode);
// mkdir -p with `mode` for the directories it creates.
Status MakeDirectories(const std::string& path, mode_t mode);

}  // namespace stead::apiserver::auth
