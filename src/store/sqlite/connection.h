// Connection and Statement: thin RAII wrappers over the SQLite C API for the
// SQLite store. A Connection caches its prepared statements; Prepare()
// returns a Statement guard that resets the statement (and clears its
// bindings) when it goes out of scope, so a cached statement is always clean.
//
// A Connection is not thread-safe: each is used by one thread at a time
// (the store serializes access with its own mutexes or a pool).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stead::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;

  // Parameters are 1-based. Text is bound as TEXT (keys compare bytewise),
  // blobs as BLOB; both are copied.
  void BindInt(int index, int64_t value);
  void BindText(int index, std::string_view value);
  void BindBlob(int index, std::string_view value);

  // True when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  // Columns are 0-based and valid until the next Step().
  int64_t ColumnInt(int index) const;
  std::string ColumnString(int index) const;  // TEXT or BLOB bytes

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if missing) the database at `path`.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results (pragmas, DDL, BEGIN/COMMIT).
  Status Exec(const std::string& sql);
  // Returns the cached prepared statement for `sql`.
  Result<Statement> Prepare(const std::string& sql);
  // Single integer query ("PRAGMA freelist_count", "SELECT COUNT(*) ...").
  Result<int64_t> QueryInt(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t Changes() const;

  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* const db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// Internal error carrying SQLite's message for `db`.
Status SqliteError(sqlite3* db, std::string_view what);

}  // namespace stead::store::sqlite
