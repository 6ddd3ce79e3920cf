#include "apiserver/api_handler.h"

#include <chrono>
#include <random>
#include <sstream>

#include "api/printers/table.h"
#include "api/protobuf/codec.h"
#include "api/schema/openapi.h"
#include "api/schema/openapi_v2_proto.h"
#include "apiserver/yaml.h"
#include "core/log.h"

namespace stead::apiserver {

namespace {

using http::Headers;

// ---- content negotiation ------------------------------------------------

enum class Format { kJson, kYaml, kTable, kAggregatedDiscovery, kProtobuf };

struct Negotiated {
  Format format = Format::kJson;
  std::string table_group_version = "meta.k8s.io/v1";
  std::string discovery_version = "v2";
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(Trim(cur));
  return out;
}

// Picks the first acceptable media type of the Accept header. `allow_table`
// and `allow_discovery` say which special forms the endpoint can produce.
// With `allow_protobuf`, protobuf is chosen only for clients that accept
// neither JSON nor YAML: JSON stays the answer whenever it is acceptable.
Result<Negotiated> Negotiate(const std::string& accept, bool allow_table, bool allow_discovery,
                             bool allow_protobuf = false) {
  Negotiated n;
  if (Trim(accept).empty()) return n;
  bool protobuf = false;
  for (const std::string& part : Split(accept, ',')) {
    std::vector<std::string> fields = Split(part, ';');
    std::string media = fields[0];
    std::map<std::string, std::string> params;
    for (size_t i = 1; i < fields.size(); ++i) {
      auto eq = fields[i].find('=');
      if (eq != std::string::npos) params[fields[i].substr(0, eq)] = fields[i].substr(eq + 1);
    }
    bool json = media == "application/json" || media == "*/*" || media == "application/*";
    bool yaml = media == "application/yaml";
    if (allow_protobuf && media == api::protobuf::kMediaType && !params.count("as")) {
      protobuf = true;
    }
    if (!json && !yaml) continue;
    if (params.count("as")) {
      const std::string& as = params["as"];
      if (as == "Table" && params["g"] == "meta.k8s.io" &&
          (params["v"] == "v1" || params["v"] == "v1beta1") && allow_table && json) {
        n.format = Format::kTable;
        n.table_group_version = "meta.k8s.io/" + params["v"];
        return n;
      }
      if (as == "APIGroupDiscoveryList" && params["g"] == "apidiscovery.k8s.io" &&
          (params["v"] == "v2" || params["v"] == "v2beta1") && allow_discovery && json) {
        n.format = Format::kAggregatedDiscovery;
        n.discovery_version = params["v"];
        return n;
      }
      continue;
    }
    n.format = yaml ? Format::kYaml : Format::kJson;
    return n;
  }
  if (protobuf) {
    n.format = Format::kProtobuf;
    return n;
  }
  return Status::NotAcceptable(
      "only the following media types are accepted: application/json, application/yaml");
}

// GET /openapi/v2 as kube-openapi serves it: JSON or gnostic protobuf by
// Accept (406 otherwise), the JSON's SHA-512 as ETag for both, and 304 Not
// Modified when If-None-Match names it.
void RespondOpenApiV2(const http::Request& req, http::Responder& responder) {
  namespace schema = api::schema;
  Headers h;
  h.emplace("Vary", "Accept");
  h.emplace("Cache-Control", "no-cache, private");
  schema::OpenApiV2Format format = schema::NegotiateOpenApiV2(req.Header("Accept"));
  if (format == schema::OpenApiV2Format::kNotAcceptable) {
    responder.Respond(406, std::move(h), "");
    return;
  }
  bool protobuf = format == schema::OpenApiV2Format::kProtobuf;
  std::string etag = "\"" + schema::OpenApiV2Hash() + "\"";
  h.emplace("Etag", etag);
  for (std::string candidate : Split(req.Header("If-None-Match"), ',')) {
    if (candidate.rfind("W/", 0) == 0) candidate = candidate.substr(2);
    if (candidate == etag || candidate == "*") {
      responder.Respond(304, std::move(h), "");
      return;
    }
  }
  h.emplace("Content-Type", protobuf ? schema::kOpenApiV2ProtobufMediaType : "application/json");
  responder.Respond(200, std::move(h),
                    protobuf ? schema::OpenApiV2Protobuf() : schema::OpenApiV2Text());
}

// ---- request body decoding ------------------------------------------------

std::string MediaType(const std::string& content_type) {
  std::string media = Trim(content_type.substr(0, content_type.find(';')));
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media;
}

// `expected` is the kind the endpoint takes; protobuf bodies need it when
// their envelope leaves kind or version out.
Result<Json> DecodeBody(const http::Request& req, const api::schema::TypeDef* expected = nullptr) {
  std::string media = MediaType(req.Header("Content-Type"));
  if (media.empty() || media == "application/json") {
    if (req.body.empty()) return Status::BadRequest("the body of the request is empty");
    return ParseJson(req.body);
  }
  if (media == "application/yaml") return YamlToJson(req.body);
  if (media == api::protobuf::kMediaType) return api::protobuf::DecodeObject(req.body, expected);
  return Status::UnsupportedMediaType("the body of the request was in an unknown format - "
                                      "accepted media types include: application/json, "
                                      "application/yaml, application/vnd.kubernetes.protobuf");
}

const api::schema::TypeDef* SchemaKind(const std::string& group, const std::string& version,
                                       const std::string& kind) {
  return api::schema::Registry::Builtin().FindKind(group, version, kind);
}

Result<PatchKind> PatchKindFor(const std::string& content_type) {
  std::string media = MediaType(content_type);
  if (media == "application/json-patch+json") return PatchKind::kJson;
  if (media == "application/merge-patch+json") return PatchKind::kMerge;
  if (media == "application/strategic-merge-patch+json") return PatchKind::kStrategicMerge;
  if (media == "application/apply-patch+yaml" || media == "application/apply-patch+cbor") {
    return PatchKind::kApply;
  }
  return Status::UnsupportedMediaType(
      "the server does not support this patch content type: " + content_type);
}

// ---- options from the query string ---------------------------------------

Result<int64_t> QueryInt(const http::Request& req, const std::string& name) {
  std::string v = req.Query(name);
  if (v.empty()) return int64_t{0};
  try {
    size_t pos = 0;
    int64_t n = std::stoll(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(v);
    return n;
  } catch (...) {
    return Status::BadRequest("invalid " + name + " parameter: " + v);
  }
}

bool QueryBool(const http::Request& req, const std::string& name) {
  std::string v = req.Query(name);
  return v == "true" || v == "1" || v == "True";
}

Result<ListOptions> ParseListOptions(const http::Request& req) {
  ListOptions o;
  o.label_selector = req.Query("labelSelector");
  o.field_selector = req.Query("fieldSelector");
  STEAD_ASSIGN_OR_RETURN(o.limit, QueryInt(req, "limit"));
  o.continue_token = req.Query("continue");
  o.resource_version = req.Query("resourceVersion");
  o.resource_version_match = req.Query("resourceVersionMatch");
  if (!o.resource_version_match.empty() && o.resource_version_match != "NotOlderThan" &&
      o.resource_version_match != "Exact") {
    return Status::BadRequest("resourceVersionMatch: Unsupported value: \"" +
                              o.resource_version_match +
                              "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
  }
  o.allow_watch_bookmarks = QueryBool(req, "allowWatchBookmarks");
  STEAD_ASSIGN_OR_RETURN(o.timeout_seconds, QueryInt(req, "timeoutSeconds"));
  if (req.HasQuery("sendInitialEvents")) o.send_initial_events = QueryBool(req, "sendInitialEvents");
  return o;
}

Result<WriteOptions> ParseWriteOptions(const http::Request& req) {
  WriteOptions o;
  for (auto [it, end] = req.query.equal_range("dryRun"); it != end; ++it) {
    if (it->second == "All") {
      o.dry_run = true;
    } else if (!it->second.empty()) {
      return Status::BadRequest("dryRun: Unsupported value: \"" + it->second +
                                "\": supported values: \"All\"");
    }
  }
  o.field_manager = req.Query("fieldManager");
  STEAD_ASSIGN_OR_RETURN(o.field_validation, ParseFieldValidation(req.Query("fieldValidation")));
  o.force = QueryBool(req, "force");
  o.user_agent = req.Header("User-Agent");
  return o;
}

Result<DeleteOptions> ParseDeleteOptions(const http::Request& req) {
  DeleteOptions o;
  if (req.HasQuery("gracePeriodSeconds")) {
    STEAD_ASSIGN_OR_RETURN(int64_t g, QueryInt(req, "gracePeriodSeconds"));
    o.grace_period_seconds = g;
  }
  o.propagation_policy = req.Query("propagationPolicy");
  if (req.HasQuery("orphanDependents")) o.orphan_dependents = QueryBool(req, "orphanDependents");
  for (auto [it, end] = req.query.equal_range("dryRun"); it != end; ++it) {
    if (it->second == "All") o.dry_run = true;
  }
  if (!req.body.empty()) {
    auto body = DecodeBody(req, SchemaKind("", "v1", "DeleteOptions"));
    if (!body.ok()) return body.status();
    STEAD_RETURN_IF_ERROR(o.MergeBody(*body));
  }
  return o;
}

// ---- responses -------------------------------------------------------------

std::string WarningHeader(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return "299 - \"" + escaped + "\"";
}

}  // namespace

struct ApiHandler::Route {
  enum class Kind {
    kNotFound,
    kVersion,
    kHealth,
    kMetrics,
    kApi,
    kApis,
    kApiGroup,
    kResourceList,
    kOpenApiV2,
    kOpenApiV3Index,
    kOpenApiV3Doc,
    kResource,
  };
  Kind kind = Kind::kNotFound;
  std::string group, version, ns, resource, name, subresource;
  std::string openapi_path;
  bool legacy_watch = false;
  const api::ResourceType* type = nullptr;
  std::string health_check;  // "livez", "readyz", "healthz"
  std::string verb = "";     // for metrics
};

struct ApiHandler::Output {
  int code = 200;
};

ApiHandler::ApiHandler(Deps deps)
    : deps_(std::move(deps)), watches_(deps_.watch_options) {
  requests_total_ = deps_.metrics->NewCounter(
      "apiserver_request_total", "Counter of apiserver requests by verb, resource and code.");
  request_duration_ = deps_.metrics->NewHistogram(
      "apiserver_request_duration_seconds", "Response latency distribution by verb and resource.",
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  deps_.metrics->NewCallbackGauge("apiserver_longrunning_requests",
                                  "Number of active watch requests.",
                                  [this] { return static_cast<double>(watches_.active()); });
}

ApiHandler::~ApiHandler() { Shutdown(); }

void ApiHandler::Shutdown() { watches_.Stop(); }

namespace {

// Splits "/a/b/c" into {"a","b","c"}.
std::vector<std::string> PathSegments(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

void Respond(http::Responder& responder, int code, const std::string& content_type,
             std::string body, const std::vector<std::string>& warnings = {}) {
  Headers headers;
  headers.emplace("Content-Type", content_type);
  headers.emplace("Cache-Control", "no-cache, private");
  for (const auto& w : warnings) headers.emplace("Warning", WarningHeader(w));
  responder.Respond(code, std::move(headers), std::move(body));
}

void RespondObject(http::Responder& responder, int code, const Json& obj, Format format,
                   const std::vector<std::string>& warnings = {}) {
  if (format == Format::kProtobuf) {
    // Kinds without a protobuf form (none are served to a protobuf-only
    // client today) still get an answer, in JSON, which client-go decodes.
    if (auto body = api::protobuf::EncodeObject(obj); body.ok()) {
      Respond(responder, code, std::string(api::protobuf::kMediaType), std::move(*body),
              warnings);
      return;
    }
  }
  if (format == Format::kYaml) {
    Respond(responder, code, "application/yaml", JsonToYaml(obj), warnings);
  } else {
    Respond(responder, code, "application/json", obj.dump(), warnings);
  }
}

// One event of a protobuf watch stream; an object that cannot be encoded
// becomes an ERROR event carrying the reason.
std::string ProtobufWatchFrame(std::string_view type, const Json& object) {
  auto body = api::protobuf::EncodeObject(object);
  if (!body.ok()) {
    auto status = api::protobuf::EncodeObject(body.status().ToJson());
    return api::protobuf::EncodeWatchEvent("ERROR", status.ok() ? *status : "");
  }
  return api::protobuf::EncodeWatchEvent(type, *body);
}

void RespondStatus(http::Responder& responder, const Status& status,
                   Format format = Format::kJson) {
  if (format == Format::kProtobuf) {
    RespondObject(responder, status.http_code(), status.ToJson(), format);
    return;
  }
  Respond(responder, status.http_code(), "application/json", status.ToJson().dump());
}

}  // namespace

void ApiHandler::Handle(http::Request request, std::unique_ptr<http::Responder> responder) {
  auto start = std::chrono::steady_clock::now();
  Output out;
  Route route;
  Serve(request, *responder, out, route);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string resource = route.type ? route.type->plural : "";
  if (!route.subresource.empty()) resource += "/" + route.subresource;
  std::string verb = route.verb.empty() ? request.method : route.verb;
  requests_total_->Inc({{"code", std::to_string(out.code)}, {"resource", resource}, {"verb", verb}});
  if (verb != "WATCH") request_duration_->Observe(seconds, {{"resource", resource}, {"verb", verb}});
  LOG_DEBUG("apiserver", "request", {{"method", request.method}, {"path", request.target},
            {"code", out.code}, {"us", static_cast<int64_t>(seconds * 1e6)}});
}

void ApiHandler::Serve(const http::Request& req, http::Responder& responder, Output& out,
                       Route& route) {
  auto fail = [&](const Status& s) {
    out.code = s.http_code();
    RespondStatus(responder, s);
  };
  std::vector<std::string> seg = PathSegments(req.path);

  // Health and version are public (as with upstream's anonymous access to
  // system:public-info-viewer endpoints).
  if (seg.size() >= 1 && (seg[0] == "livez" || seg[0] == "readyz" || seg[0] == "healthz")) {
    route.kind = Route::Kind::kHealth;
    route.verb = "GET";
    bool ok = seg[0] != "readyz" || !deps_.ready || deps_.ready();
    out.code = ok ? 200 : 500;
    std::string body = ok ? "ok" : "[-]readyz failed: not ready\nreadyz check failed";
    if (ok && req.HasQuery("verbose")) body = "[+]ping ok\n" + seg[0] + " check passed";
    Respond(responder, out.code, "text/plain; charset=utf-8", body);
    return;
  }
  if (seg.size() == 1 && seg[0] == "version") {
    route.verb = "GET";
    Respond(responder, 200, "application/json", deps_.discovery->Version().dump());
    return;
  }

  std::string user = deps_.authenticate ? deps_.authenticate(req) : "admin";
  if (user.empty()) {
    return fail(Status::Unauthorized("Unauthorized"));
  }

  if (seg.size() == 1 && seg[0] == "metrics") {
    route.verb = "GET";
    Respond(responder, 200, "text/plain; version=0.0.4; charset=utf-8",
            deps_.metrics->Render());
    return;
  }
  if (!seg.empty() && seg[0] == "openapi") {
    route.verb = "GET";
    if (seg.size() == 2 && seg[1] == "v2") {
      RespondOpenApiV2(req, responder);
      return;
    }
    if (seg.size() == 2 && seg[1] == "v3") {
      Respond(responder, 200, "application/json", api::schema::OpenApiV3IndexText());
      return;
    }
    if (seg.size() >= 3 && seg[1] == "v3") {
      std::string gv_path = req.path.substr(std::string("/openapi/v3/").size());
      const std::string* doc = api::schema::OpenApiV3DocumentText(gv_path);
      if (!doc) return fail(Status::NotFound("the server could not find the requested resource"));
      Headers h;
      h.emplace("Content-Type", "application/json");
      h.emplace("Cache-Control", req.HasQuery("hash") ? "public, immutable" : "no-cache, private");
      h.emplace("Etag", "\"" + api::schema::OpenApiV3Hash(gv_path) + "\"");
      responder.Respond(200, std::move(h), *doc);
      return;
    }
    return fail(Status::NotFound("the server could not find the requested resource"));
  }

  // Discovery.
  bool core = !seg.empty() && seg[0] == "api";
  bool named = !seg.empty() && seg[0] == "apis";
  if (!core && !named) {
    return fail(Status::NotFound("the server could not find the requested resource"));
  }
  if (seg.size() == 1) {
    route.verb = "GET";
    if (req.method != "GET") return fail(Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
    auto neg = Negotiate(req.Header("Accept"), false, true);
    if (!neg.ok()) return fail(neg.status());
    if (neg->format == Format::kAggregatedDiscovery) {
      Json doc = core ? deps_.discovery->AggregatedCore() : deps_.discovery->AggregatedGroups();
      doc["apiVersion"] = "apidiscovery.k8s.io/" + neg->discovery_version;
      Headers h;
      h.emplace("Content-Type", "application/json;g=apidiscovery.k8s.io;v=" +
                                    neg->discovery_version + ";as=APIGroupDiscoveryList");
      h.emplace("Vary", "Accept");
      h.emplace("Cache-Control", "no-cache, private");
      responder.Respond(200, std::move(h), doc.dump());
      return;
    }
    RespondObject(responder, 200,
                  core ? deps_.discovery->ApiVersions() : deps_.discovery->ApiGroupList(),
                  neg->format);
    return;
  }
  size_t idx = 1;
  if (core) {
    route.version = seg[1];
    idx = 2;
  } else {
    route.group = seg[1];
    if (seg.size() == 2) {
      const Json* g = deps_.discovery->ApiGroup(route.group);
      if (!g) return fail(Status::NotFound("the server could not find the requested resource"));
      Respond(responder, 200, "application/json", g->dump());
      return;
    }
    route.version = seg[2];
    idx = 3;
  }
  std::string gv = route.group.empty() ? route.version : route.group + "/" + route.version;
  if (seg.size() == idx) {
    const Json* list = deps_.discovery->ResourceList(gv);
    if (!list) return fail(Status::NotFound("the server could not find the requested resource"));
    Respond(responder, 200, "application/json", list->dump());
    return;
  }
  // Resource paths.
  std::vector<std::string> rest(seg.begin() + static_cast<long>(idx), seg.end());
  if (!rest.empty() && rest[0] == "watch") {
    route.legacy_watch = true;
    rest.erase(rest.begin());
  }
  const api::ResourceRegistry& reg = deps_.resources->registry();
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    const api::ResourceType* t = reg.ByResource(route.group, route.version, rest[2]);
    if (t && t->namespaced) {
      route.ns = rest[1];
      route.resource = rest[2];
      if (rest.size() >= 4) route.name = rest[3];
      if (rest.size() >= 5) route.subresource = rest[4];
      if (rest.size() > 5) {
        return fail(Status::NotFound("the server could not find the requested resource"));
      }
      route.type = t;
    }
  }
  if (!route.type && !rest.empty()) {
    const api::ResourceType* t = reg.ByResource(route.group, route.version, rest[0]);
    if (t) {
      route.resource = rest[0];
      if (rest.size() >= 2) route.name = rest[1];
      if (rest.size() >= 3) route.subresource = rest[2];
      if (rest.size() > 3) {
        return fail(Status::NotFound("the server could not find the requested resource"));
      }
      // A namespaced resource at cluster scope: only list/watch across
      // namespaces (no name).
      if (t->namespaced && !route.name.empty()) {
        return fail(Status::NotFound("the server could not find the requested resource"));
      }
      route.type = t;
    }
  }
  if (!route.type) {
    return fail(Status::NotFound("the server could not find the requested resource"));
  }
  route.kind = Route::Kind::kResource;
  ServeResource(req, responder, out, route);
}

void ApiHandler::ServeResource(const http::Request& req, http::Responder& responder, Output& out,
                               Route& route) {
  const api::ResourceType& type = *route.type;
  ResourceStore& rs = *deps_.resources;
  Format error_format = Format::kJson;  // protobuf once negotiated
  auto fail = [&](const Status& s) {
    out.code = s.http_code();
    RespondStatus(responder, s, error_format);
  };
  const std::string& sub = route.subresource;
  bool allowed_sub = sub.empty() || (sub == "status" && type.has_status) ||
                     (sub == "scale" && type.has_scale) ||
                     (sub == "binding" && type.group.empty() && type.plural == "pods") ||
                     (sub == "finalize" && type.group.empty() && type.plural == "namespaces");
  if (!allowed_sub) {
    return fail(Status::NotFound("the server could not find the requested resource"));
  }
  if (type.namespaced && route.ns.empty() && req.method != "GET") {
    return fail(Status::NotFound("the server could not find the requested resource"));
  }
  auto neg = Negotiate(req.Header("Accept"), sub.empty() || sub == "status", false,
                       /*allow_protobuf=*/true);
  if (!neg.ok()) return fail(neg.status());
  Format format = neg->format;
  if (format == Format::kProtobuf) error_format = format;
  const api::schema::TypeDef* kind_schema = SchemaKind(type.group, type.version, type.kind);
  auto method_not_allowed = [&] {
    fail(Status::MethodNotAllowed(
        "the server does not allow this method on the requested resource"));
  };
  auto send_object = [&](int code, const Json& obj, const std::vector<std::string>& warnings) {
    out.code = code;
    if (format == Format::kTable) {
      api::printers::TableOptions to;
      auto inc = api::printers::ParseIncludeObject(req.Query("includeObject"));
      if (!inc.ok()) return fail(inc.status());
      to.include_object = *inc;
      to.group_version = neg->table_group_version;
      Json table = api::printers::BuildTable(type, {&obj}, rs.clock().Now(), to, Json());
      RespondObject(responder, code, table, Format::kJson, warnings);
      return;
    }
    RespondObject(responder, code, obj, format, warnings);
  };

  // ---- collection requests ----
  if (route.name.empty()) {
    if (req.method == "GET") {
      auto lo = ParseListOptions(req);
      if (!lo.ok()) return fail(lo.status());
      if (route.legacy_watch || QueryBool(req, "watch")) {
        route.verb = "WATCH";
        ServeWatch(req, responder, route, *lo);
        return;
      }
      route.verb = "LIST";
      auto listed = rs.List(type, route.ns, *lo);
      if (!listed.ok()) return fail(listed.status());
      Json meta = {{"resourceVersion", listed->resource_version}};
      if (!listed->continue_token.empty()) meta["continue"] = listed->continue_token;
      if (listed->remaining_item_count) meta["remainingItemCount"] = *listed->remaining_item_count;
      if (format == Format::kTable) {
        api::printers::TableOptions to;
        auto inc = api::printers::ParseIncludeObject(req.Query("includeObject"));
        if (!inc.ok()) return fail(inc.status());
        to.include_object = *inc;
        to.group_version = neg->table_group_version;
        std::vector<const Json*> objs;
        objs.reserve(listed->items.size());
        for (const auto& o : listed->items) objs.push_back(o.get());
        Json table = api::printers::BuildTable(type, objs, rs.clock().Now(), to, meta);
        RespondObject(responder, 200, table, Format::kJson);
        return;
      }
      if (format == Format::kYaml || format == Format::kProtobuf) {
        Json list = {{"apiVersion", type.GroupVersion()},
                     {"kind", type.kind + "List"},
                     {"metadata", meta},
                     {"items", Json::array()}};
        for (const auto& o : listed->items) list["items"].push_back(*o);
        RespondObject(responder, 200, list, format);
        return;
      }
      // Assemble the JSON list without copying every item into a new tree.
      std::string body = "{\"apiVersion\":" + Json(type.GroupVersion()).dump() +
                         ",\"items\":[";
      bool first = true;
      for (const auto& o : listed->items) {
        if (!first) body.push_back(',');
        first = false;
        body += o->dump();
      }
      body += "],\"kind\":" + Json(type.kind + "List").dump() + ",\"metadata\":" + meta.dump() +
              "}";
      Respond(responder, 200, "application/json", std::move(body));
      return;
    }
    if (req.method == "POST") {
      route.verb = "CREATE";
      auto wo = ParseWriteOptions(req);
      if (!wo.ok()) return fail(wo.status());
      auto body = DecodeBody(req, kind_schema);
      if (!body.ok()) return fail(body.status());
      auto created = rs.Create(type, route.ns, std::move(*body), *wo);
      if (!created.ok()) return fail(created.status());
      return send_object(201, created->object, created->warnings);
    }
    if (req.method == "DELETE") {
      route.verb = "DELETECOLLECTION";
      auto lo = ParseListOptions(req);
      if (!lo.ok()) return fail(lo.status());
      auto dopts = ParseDeleteOptions(req);
      if (!dopts.ok()) return fail(dopts.status());
      auto deleted = rs.DeleteCollection(type, route.ns, *lo, *dopts);
      if (!deleted.ok()) return fail(deleted.status());
      Json list = {{"apiVersion", type.GroupVersion()},
                   {"kind", type.kind + "List"},
                   {"metadata", {{"resourceVersion", deleted->resource_version}}},
                   {"items", Json::array()}};
      for (const auto& o : deleted->items) list["items"].push_back(*o);
      out.code = 200;
      RespondObject(responder, 200, list, format == Format::kTable ? Format::kJson : format);
      return;
    }
    return method_not_allowed();
  }

  // ---- named object requests ----
  if (sub == "scale") {
    auto wo = ParseWriteOptions(req);
    if (!wo.ok()) return fail(wo.status());
    Result<Json> scale = Status::Internal("unreachable");
    if (req.method == "GET") {
      route.verb = "GET";
      scale = rs.GetScale(type, route.ns, route.name);
    } else if (req.method == "PUT") {
      route.verb = "UPDATE";
      auto body = DecodeBody(req, SchemaKind("autoscaling", "v1", "Scale"));
      if (!body.ok()) return fail(body.status());
      scale = rs.UpdateScale(type, route.ns, route.name, std::move(*body), *wo);
    } else if (req.method == "PATCH") {
      route.verb = "PATCH";
      auto pk = PatchKindFor(req.Header("Content-Type"));
      if (!pk.ok()) return fail(pk.status());
      scale = rs.PatchScale(type, route.ns, route.name, *pk, req.body, *wo);
    } else {
      return method_not_allowed();
    }
    if (!scale.ok()) return fail(scale.status());
    out.code = 200;
    RespondObject(responder, 200, *scale, format == Format::kTable ? Format::kJson : format);
    return;
  }
  if (sub == "binding") {
    if (req.method != "POST") return method_not_allowed();
    route.verb = "CREATE";
    auto wo = ParseWriteOptions(req);
    if (!wo.ok()) return fail(wo.status());
    auto body = DecodeBody(req, SchemaKind("", "v1", "Binding"));
    if (!body.ok()) return fail(body.status());
    auto bound = rs.BindPod(route.ns, route.name, std::move(*body), *wo);
    if (!bound.ok()) return fail(bound.status());
    out.code = 201;
    RespondObject(responder, 201, *bound,
                  format == Format::kProtobuf ? Format::kProtobuf : Format::kJson);
    return;
  }
  if (sub == "finalize") {
    if (req.method != "PUT") return method_not_allowed();
    route.verb = "UPDATE";
    auto wo = ParseWriteOptions(req);
    if (!wo.ok()) return fail(wo.status());
    auto body = DecodeBody(req, kind_schema);
    if (!body.ok()) return fail(body.status());
    Json finalizers = Json::array();
    if (const Json* f = Lookup(*body, {"spec", "finalizers"}); f && f->is_array()) finalizers = *f;
    auto updated = rs.GuaranteedUpdate(
        type, "", route.name,
        [&](Json& ns) {
          if (finalizers.empty()) {
            Erase(ns, {"spec", "finalizers"});
          } else {
            ns["spec"]["finalizers"] = finalizers;
          }
          return Status::OK();
        },
        *wo, Subresource::kFinalize);
    if (!updated.ok()) return fail(updated.status());
    return send_object(200, updated->object, {});
  }

  Subresource subr = sub == "status" ? Subresource::kStatus : Subresource::kNone;
  if (req.method == "GET") {
    route.verb = "GET";
    auto obj = rs.Get(type, route.ns, route.name);
    if (!obj.ok()) return fail(obj.status());
    return send_object(200, **obj, {});
  }
  if (req.method == "PUT") {
    route.verb = "UPDATE";
    auto wo = ParseWriteOptions(req);
    if (!wo.ok()) return fail(wo.status());
    auto body = DecodeBody(req, kind_schema);
    if (!body.ok()) return fail(body.status());
    auto updated = rs.Update(type, route.ns, route.name, std::move(*body), *wo, subr);
    if (!updated.ok()) return fail(updated.status());
    return send_object(updated->created ? 201 : 200, updated->object, updated->warnings);
  }
  if (req.method == "PATCH") {
    route.verb = "PATCH";
    auto wo = ParseWriteOptions(req);
    if (!wo.ok()) return fail(wo.status());
    auto pk = PatchKindFor(req.Header("Content-Type"));
    if (!pk.ok()) return fail(pk.status());
    if (req.body.empty()) return fail(Status::BadRequest("the body of the request is empty"));
    std::string body = req.body;
    if (*pk == PatchKind::kApply) {
      if (wo->field_manager.empty()) {
        return fail(Status::BadRequest(
            "PATCH, application/apply-patch+yaml requests require fieldManager to be set"));
      }
      auto y = YamlToJson(body);
      if (!y.ok()) return fail(y.status());
      body = y->dump();
    }
    auto patched = rs.Patch(type, route.ns, route.name, *pk, body, *wo, subr);
    if (!patched.ok()) return fail(patched.status());
    return send_object(patched->created ? 201 : 200, patched->object, patched->warnings);
  }
  if (req.method == "DELETE") {
    if (subr != Subresource::kNone) return method_not_allowed();
    route.verb = "DELETE";
    auto dopts = ParseDeleteOptions(req);
    if (!dopts.ok()) return fail(dopts.status());
    auto deleted = rs.Delete(type, route.ns, route.name, *dopts);
    if (!deleted.ok()) return fail(deleted.status());
    out.code = deleted->code;
    RespondObject(responder, deleted->code, deleted->body,
                  format == Format::kTable ? Format::kJson : format);
    return;
  }
  method_not_allowed();
}

void ApiHandler::ServeWatch(const http::Request& req, http::Responder& responder, Route& route,
                            const ListOptions& options) {
  const api::ResourceType& type = *route.type;
  auto neg = Negotiate(req.Header("Accept"), true, false, /*allow_protobuf=*/true);
  bool table = neg.ok() && neg->format == Format::kTable;
  bool protobuf = neg.ok() && neg->format == Format::kProtobuf;
  std::string table_gv = neg.ok() ? neg->table_group_version : "meta.k8s.io/v1";
  api::printers::IncludeObject include = api::printers::IncludeObject::kMetadata;
  if (table) {
    auto inc = api::printers::ParseIncludeObject(req.Query("includeObject"));
    if (!inc.ok()) {
      RespondStatus(responder, inc.status());
      return;
    }
    include = *inc;
  }

  Headers headers;
  headers.emplace("Content-Type",
                  protobuf ? std::string(api::protobuf::kWatchMediaType) : "application/json");
  headers.emplace("Cache-Control", "no-cache, private");
  std::shared_ptr<http::ResponseStream> stream = responder.StartStream(200, std::move(headers));

  struct State {
    std::shared_ptr<http::ResponseStream> stream;
    const api::ResourceType* type;
    const Clock* clock;
    bool table;
    std::string table_gv;
    api::printers::IncludeObject include;
    bool first = true;  // guarded by the single delivering thread
  };
  auto state = std::make_shared<State>(
      State{stream, &type, &deps_.resources->clock(), table, table_gv, include});
  auto encode_bookmark = [type_ptr = &type, protobuf](const std::string& rv, bool initial_end) {
    Json obj = {{"kind", type_ptr->kind},
                {"apiVersion", type_ptr->GroupVersion()},
                {"metadata", {{"resourceVersion", rv}, {"creationTimestamp", nullptr}}}};
    if (initial_end) obj["metadata"]["annotations"] = {{"k8s.io/initial-events-end", "true"}};
    if (protobuf) return ProtobufWatchFrame("BOOKMARK", obj);
    return Json({{"type", "BOOKMARK"}, {"object", std::move(obj)}}).dump() + "\n";
  };
  auto sink = [state, encode_bookmark, protobuf](const WatchEvent& ev) {
    if (ev.type == WatchEvent::Type::kBookmark) {
      if (!state->table) state->stream->Write(encode_bookmark(ev.bookmark_revision, ev.initial_events_end));
      return;
    }
    if (protobuf) {
      state->stream->Write(ProtobufWatchFrame(WatchEvent::TypeName(ev.type), *ev.object));
      return;
    }
    std::string line = "{\"type\":\"";
    line += WatchEvent::TypeName(ev.type);
    line += "\",\"object\":";
    if (state->table && ev.type != WatchEvent::Type::kError) {
      api::printers::TableOptions to;
      to.include_object = state->include;
      to.group_version = state->table_gv;
      to.no_headers = !state->first;
      state->first = false;
      line += api::printers::BuildTable(*state->type, {ev.object.get()}, state->clock->Now(), to,
                                        Json())
                  .dump();
    } else {
      line += ev.object->dump();
    }
    line += "}\n";
    state->stream->Write(std::move(line));
  };

  auto watch = deps_.resources->Watch(type, route.ns, options, sink);
  if (!watch.ok()) {
    // Upstream reports watch errors (e.g. a too old resourceVersion) as an
    // ERROR event in a successful response.
    Json ev = {{"type", "ERROR"}, {"object", watch.status().ToJson()}};
    stream->Write(protobuf ? ProtobufWatchFrame("ERROR", ev["object"]) : ev.dump() + "\n");
    stream->Close();
    return;
  }
  int64_t timeout = options.timeout_seconds;
  if (timeout <= 0) {
    // Upstream: a random duration in [min-request-timeout, 2x) (30-60 min).
    static thread_local std::mt19937 rng{std::random_device{}()};
    timeout = 1800 + static_cast<int64_t>(rng() % 1800);
  }
  std::function<std::string(int64_t)> bookmark;
  if (options.allow_watch_bookmarks && !table) {
    bookmark = [encode_bookmark](int64_t rv) { return encode_bookmark(std::to_string(rv), false); };
  }
  watches_.Add(std::move(*watch), stream,
               WatchManager::Clock::now() + std::chrono::seconds(timeout), std::move(bookmark));
}

}  // namespace stead::apiserver
