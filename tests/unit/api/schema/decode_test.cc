#include "api/schema/decode.h"

#include <gtest/gtest.h>

namespace stead::api::schema {
namespace {

const TypeDef& Kind(const char* group, const char* kind) {
  const TypeDef* def = Registry::Builtin().FindKind(group, "v1", kind);
  EXPECT_NE(def, nullptr) << kind;
  return *def;
}

Json StatefulSet(const Json& spec_patch = Json::object()) {
  Json sts = Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
    "spec": {"serviceName": "web", "replicas": 2,
      "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx",
          "ports": [{"containerPort": 80, "name": "web"}]}]}}}})");
  sts["spec"].merge_patch(spec_patch);
  return sts;
}

Status DecodeError(const Json& in, const TypeDef& type,
                   FieldValidation mode = FieldValidation::kIgnore) {
  Result<Json> r = Decode(in, type, mode, nullptr);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Status() : r.status();
}

TEST(SchemaDecode, TypeErrorsNameTheGoStructFieldLikeUpstream) {
  const TypeDef& sts = Kind("apps", "StatefulSet");
  Status st = DecodeError(StatefulSet({{"replicas", "3"}}), sts);
  EXPECT_EQ(st.http_code(), 400);
  EXPECT_EQ(st.reason(), "BadRequest");
  EXPECT_EQ(st.message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32");

  Json bad_port = StatefulSet();
  bad_port["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "80";
  EXPECT_EQ(DecodeError(bad_port, sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal string into Go struct field "
            "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32");

  EXPECT_EQ(DecodeError(StatefulSet({{"replicas", 1.5}}), sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type "
            "int32");
  EXPECT_EQ(DecodeError(StatefulSet({{"replicas", 3000000000LL}}), sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of "
            "type int32");

  Json bad_containers = StatefulSet();
  bad_containers["spec"]["template"]["spec"]["containers"] = "nginx";
  EXPECT_EQ(DecodeError(bad_containers, sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal string into Go struct field PodSpec.spec.template.spec.containers of "
            "type []v1.Container");

  Json bad_labels = StatefulSet();
  bad_labels["metadata"]["labels"] = {{"tier", 1}};
  EXPECT_EQ(DecodeError(bad_labels, sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");

  Json bad_policy = StatefulSet({{"podManagementPolicy", true}});
  EXPECT_EQ(DecodeError(bad_policy, sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal bool into Go struct field StatefulSetSpec.spec.podManagementPolicy of "
            "type v1.PodManagementPolicyType");

  EXPECT_EQ(DecodeError(Json::array(), sts).message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot "
            "unmarshal array into Go value of type v1.StatefulSet");
}

TEST(SchemaDecode, UnknownFieldsByValidationMode) {
  const TypeDef& sts = Kind("apps", "StatefulSet");
  Json in = StatefulSet({{"foo", 1}, {"bar", {{"x", 1}}}});
  in["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always";
  in["spec"]["template"]["spec"]["containers"][0]["ports"][0]["hostPortt"] = 8080;

  Status strict = DecodeError(in, sts, FieldValidation::kStrict);
  EXPECT_EQ(strict.http_code(), 400);
  EXPECT_EQ(strict.message(),
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding "
            "error: unknown field \"spec.bar\", unknown field \"spec.foo\", unknown field "
            "\"spec.template.spec.containers[0].imagePullPolicyy\", unknown field "
            "\"spec.template.spec.containers[0].ports[0].hostPortt\"");

  std::vector<std::string> warnings;
  Result<Json> warn = Decode(in, sts, FieldValidation::kWarn, &warnings);
  ASSERT_TRUE(warn.ok()) << warn.status().message();
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "unknown field \"spec.bar\"",
                          "unknown field \"spec.foo\"",
                          "unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"",
                          "unknown field \"spec.template.spec.containers[0].ports[0].hostPortt\"",
                      }));
  EXPECT_FALSE(warn->at("spec").contains("foo"));
  EXPECT_FALSE(warn->at("spec")["template"]["spec"]["containers"][0].contains("imagePullPolicyy"));

  warnings.clear();
  Result<Json> ignore = Decode(in, sts, FieldValidation::kIgnore, &warnings);
  ASSERT_TRUE(ignore.ok());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(*ignore, *warn);

  // A type error wins over unknown fields.
  in["spec"]["replicas"] = "x";
  EXPECT_NE(DecodeError(in, sts, FieldValidation::kStrict).message().find("cannot unmarshal"),
            std::string::npos);
}

TEST(SchemaDecode, ReproducesTheTypedRoundTrip) {
  const TypeDef& sts = Kind("apps", "StatefulSet");
  Json in = StatefulSet({{"minReadySeconds", 0},
                         {"revisionHistoryLimit", nullptr},
                         {"podManagementPolicy", ""},
                         {"volumeClaimTemplates", Json::array()}});
  in["spec"]["replicas"] = 0;
  in["status"] = Json::object();
  Result<Json> out = Decode(in, sts, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const Json& spec = out->at("spec");
  EXPECT_EQ(spec["replicas"], 0);  // a pointer: explicit zero kept
  EXPECT_FALSE(spec.contains("minReadySeconds"));
  EXPECT_FALSE(spec.contains("revisionHistoryLimit"));
  EXPECT_FALSE(spec.contains("podManagementPolicy"));
  EXPECT_FALSE(spec.contains("volumeClaimTemplates"));
  // Absent structs come back as {} like upstream's "resources: {}"; a zero
  // creationTimestamp is omitted (Kubernetes 1.34), not written as null.
  EXPECT_EQ(spec["updateStrategy"], Json::object());
  EXPECT_FALSE(spec["template"]["metadata"].contains("creationTimestamp"));
  const Json& container = spec["template"]["spec"]["containers"][0];
  EXPECT_EQ(container["resources"], Json::object());
  EXPECT_EQ(container["ports"][0], (Json{{"containerPort", 80}, {"name", "web"}}));
  // Non-omitempty status counters are written as zero.
  EXPECT_EQ(out->at("status"), (Json{{"replicas", 0}, {"availableReplicas", 0}}));
  // Decoding is idempotent.
  Result<Json> again = Decode(*out, sts, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *out);
}

TEST(SchemaDecode, AbsentNonOmitemptyListsAreNullLikeUpstream) {
  const TypeDef& slice = Kind("discovery.k8s.io", "EndpointSlice");
  Result<Json> out =
      Decode(Json::parse(R"({"addressType": "IPv4"})"), slice, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_TRUE(out->contains("endpoints"));
  EXPECT_TRUE(out->at("endpoints").is_null());
  EXPECT_TRUE(out->at("ports").is_null());  // `json:"ports"` without omitempty
  Result<Json> empty = Decode(Json::parse(R"({"addressType": "IPv4", "endpoints": []})"), slice,
                              FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->at("endpoints"), Json::array());
}

TEST(SchemaDecode, NullsAreDroppedEverywhere) {
  const TypeDef& pod = Kind("", "Pod");
  Json in = Json::parse(R"({
    "metadata": {"name": "p", "labels": null, "annotations": {"a": "b"}},
    "spec": {"nodeName": null,
             "containers": [{"name": "c", "image": "busybox", "command": null}]},
    "status": null})");
  Result<Json> out = Decode(in, pod, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(out->at("metadata").contains("labels"));
  EXPECT_FALSE(out->at("spec").contains("nodeName"));
  EXPECT_FALSE(out->at("spec")["containers"][0].contains("command"));
  EXPECT_EQ(out->at("status"), Json::object());
}

TEST(SchemaDecode, ClaimTemplatesAreKeptAsWritten) {
  const TypeDef& sts = Kind("apps", "StatefulSet");
  Json in = Json::parse(R"({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "data"},
    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]}})");
  Result<Json> out = Decode(in, sts, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->at("spec")["volumeClaimTemplates"], in["spec"]["volumeClaimTemplates"]);
}

TEST(SchemaDecode, QuantitiesAreValidatedButKeptAsWritten) {
  const TypeDef& pod = Kind("", "Pod");
  Json in = Json::parse(R"({"spec": {"containers": [{"name": "c", "resources": {
    "requests": {"cpu": "1000m", "memory": 1.5},
    "limits": {"memory": "1Gi"}}}]}})");
  Result<Json> out = Decode(in, pod, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const Json& res = out->at("spec")["containers"][0]["resources"];
  EXPECT_EQ(res["requests"]["cpu"], "1000m");
  EXPECT_EQ(res["requests"]["memory"], "1500m");  // a JSON number is canonicalized
  EXPECT_EQ(res["limits"]["memory"], "1Gi");

  in["spec"]["containers"][0]["resources"]["limits"]["memory"] = "1GG";
  EXPECT_EQ(DecodeError(in, pod).message(),
            "Pod in version \"v1\" cannot be handled as a Pod: unable to parse quantity's suffix");
  in["spec"]["containers"][0]["resources"]["limits"]["memory"] = "lots";
  EXPECT_EQ(DecodeError(in, pod).message(),
            "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular "
            "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

TEST(SchemaDecode, TimesBytesAndIntOrString) {
  const TypeDef& lease = Kind("coordination.k8s.io", "Lease");
  Json in = {{"spec", {{"renewTime", "2024-05-01T12:00:00.123456+02:00"}}},
             {"metadata", {{"creationTimestamp", "2024-05-01T12:00:00.9Z"}}}};
  Result<Json> out = Decode(in, lease, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->at("spec")["renewTime"], "2024-05-01T10:00:00.123456Z");
  EXPECT_EQ(out->at("metadata")["creationTimestamp"], "2024-05-01T12:00:00Z");

  in["spec"]["renewTime"] = "2024-05-01T12:00:00Z";
  EXPECT_EQ(DecodeError(in, lease).message(),
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time "
            "\"2024-05-01T12:00:00Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse "
            "\"Z\" as \".000000\"");
  in["spec"]["renewTime"] = "2024-13-01T12:00:00.000000Z";
  EXPECT_EQ(DecodeError(in, lease).message(),
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time "
            "\"2024-13-01T12:00:00.000000Z\": month out of range");
  in["spec"]["renewTime"] = "yesterday";
  EXPECT_EQ(DecodeError(in, lease).message(),
            "Lease in version \"v1\" cannot be handled as a Lease: parsing time \"yesterday\" as "
            "\"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"yesterday\" as \"2006\"");

  const TypeDef& secret = Kind("", "Secret");
  Result<Json> s =
      Decode({{"data", {{"k", "aGVs\nbG8="}}}}, secret, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->at("data")["k"], "aGVsbG8=");
  EXPECT_EQ(DecodeError({{"data", {{"k", "not base64!"}}}}, secret).message(),
            "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at "
            "input byte 3");

  const TypeDef& svc = Kind("", "Service");
  Result<Json> v = Decode(
      Json::parse(R"({"spec": {"ports": [{"port": 80, "targetPort": "http"}, {"port": 81}]}})"),
      svc, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->at("spec")["ports"][0]["targetPort"], "http");
  // intstr.IntOrString is a struct: upstream writes its zero value.
  EXPECT_EQ(v->at("spec")["ports"][1]["targetPort"], 0);
  EXPECT_EQ(
      DecodeError(Json::parse(R"({"spec": {"ports": [{"port": 80, "targetPort": true}]}})"), svc)
          .message(),
      "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal "
      "bool into Go struct field ServicePort.spec.ports.targetPort of type int32");
}

TEST(SchemaDecode, NestedBodies) {
  const TypeDef& scale = Kind("autoscaling", "Scale");
  EXPECT_EQ(DecodeError({{"spec", {{"replicas", "2"}}}}, scale).message(),
            "Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal string "
            "into Go struct field ScaleSpec.spec.replicas of type int32");
  const TypeDef* opts =
      Registry::Builtin().Find("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
  ASSERT_NE(opts, nullptr);
  Result<Json> d = DecodeValue({{"propagationPolicy", "Foreground"}, {"gracePeriodSeconds", 0}},
                               *opts, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->at("gracePeriodSeconds"), 0);
  Result<Json> bad =
      DecodeValue({{"gracePeriodSeconds", "0"}}, *opts, FieldValidation::kIgnore, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "json: cannot unmarshal string into Go struct field "
            "DeleteOptions.gracePeriodSeconds of type int64");
}

TEST(SchemaDecode, LookupFieldPath) {
  const TypeDef& pod = Kind("", "Pod");
  const FieldDef* node = LookupFieldPath(pod, "spec.nodeName");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->name, "nodeName");
  EXPECT_NE(LookupFieldPath(pod, "status.phase"), nullptr);
  EXPECT_NE(LookupFieldPath(pod, "metadata.name"), nullptr);
  EXPECT_EQ(LookupFieldPath(pod, "spec.nope"), nullptr);
  EXPECT_EQ(LookupFieldPath(pod, "spec.nodeName.x"), nullptr);
  EXPECT_EQ(LookupFieldPath(pod, "spec.containers.name"), nullptr);
}

}  // namespace
}  // namespace stead::api::schema
