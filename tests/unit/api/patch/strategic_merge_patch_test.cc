#include "api/patch/strategic_merge_patch.h"

#include <gtest/gtest.h>

#include "unit/api/patch/test_schema.h"

namespace stead::api::patch {
namespace {

Json J(const char* text) { return Json::parse(text); }

class StrategicMergePatchTest : public ::testing::Test {
 protected:
  Json Apply(const Json& original, const Json& patch) {
    Result<Json> r = ApplyStrategicMergePatch(original, patch, schema_.workload());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }
  Status Error(const Json& original, const Json& patch) {
    Result<Json> r = ApplyStrategicMergePatch(original, patch, schema_.workload());
    EXPECT_FALSE(r.ok()) << r->dump();
    return r.status();
  }
  // A pod template spec wrapped into a workload.
  static Json Pod(const Json& pod_spec) {
    return Json{{"spec", {{"template", {{"spec", pod_spec}}}}}};
  }
  static const Json& PodSpecOf(const Json& workload) {
    return workload["spec"]["template"]["spec"];
  }

  testing::TestSchema schema_;
};

struct Case {
  const char* name;
  const char* original;
  const char* patch;
  const char* expected;
};

class StrategicMergePatchTableTest : public StrategicMergePatchTest,
                                     public ::testing::WithParamInterface<Case> {};

TEST_P(StrategicMergePatchTableTest, Applies) {
  const Case& c = GetParam();
  EXPECT_EQ(Apply(Pod(J(c.original)), Pod(J(c.patch))), Pod(J(c.expected)));
}

INSTANTIATE_TEST_SUITE_P(
    PodSpec, StrategicMergePatchTableTest,
    ::testing::Values(
        // `kubectl set image` sends just the container's name and image.
        Case{"SetImageMergesByName",
             R"({"containers":[{"name":"qdrant","image":"qdrant/qdrant:v1.6.0",
                                "ports":[{"containerPort":6333}]},
                               {"name":"sidecar","image":"busybox"}]})",
             R"({"containers":[{"name":"qdrant","image":"qdrant/qdrant:v1.7.0"}]})",
             R"({"containers":[{"name":"qdrant","image":"qdrant/qdrant:v1.7.0",
                                "ports":[{"containerPort":6333}]},
                               {"name":"sidecar","image":"busybox"}]})"},
        Case{"PatchOfSecondElementKeepsOrder",
             R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]})",
             R"({"containers":[{"name":"b","image":"2"}]})",
             R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]})"},
        // An element only in the patch goes before the server-only elements
        // that follow the patch's other elements (conformance test C7
        // relies on the new container coming first).
        Case{"NewElementGoesBeforeServerOnlyElements",
             R"({"containers":[{"name":"webserver","image":"httpd"}]})",
             R"({"containers":[{"name":"test-ss","image":"pause"}]})",
             R"({"containers":[{"name":"test-ss","image":"pause"},
                               {"name":"webserver","image":"httpd"}]})"},
        Case{"NewElementAfterItsPatchNeighbour",
             R"({"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]})",
             R"({"containers":[{"name":"b","image":"x"},{"name":"d"}]})",
             R"({"containers":[{"name":"a"},{"name":"b","image":"x"},{"name":"d"},{"name":"c"}]})"},
        Case{
            "EnvMergesByName",
            R"({"containers":[{"name":"c","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]})",
            R"({"containers":[{"name":"c","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]})",
            R"({"containers":[{"name":"c","env":[{"name":"A","value":"1"},{"name":"B","value":"3"},
                                                  {"name":"C","value":"4"}]}]})"},
        Case{
            "PortsMergeByContainerPort",
            R"({"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http"}]}]})",
            R"({"containers":[{"name":"c","ports":[{"containerPort":80,"protocol":"TCP"},
                                                    {"containerPort":443}]}]})",
            R"({"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},
                                                    {"containerPort":443}]}]})"},
        // Merge keys compare like Go values decoded from JSON: 80.0 is a
        // float64 and does not match the int64 80.
        Case{"MergeKeysCompareByGoType",
             R"({"containers":[{"name":"c","ports":[{"containerPort":80}]}]})",
             R"({"containers":[{"name":"c","ports":[{"containerPort":80.0,"name":"x"}]}]})",
             R"({"containers":[{"name":"c","ports":[{"containerPort":80.0,"name":"x"},
                                                    {"containerPort":80}]}]})"},
        Case{
            "VolumesMergeByName",
            R"({"volumes":[{"name":"data","emptyDir":{}},{"name":"cfg","configMap":{"name":"a"}}]})",
            R"({"volumes":[{"name":"cfg","configMap":{"defaultMode":420}}]})",
            R"({"volumes":[{"name":"data","emptyDir":{}},
                            {"name":"cfg","configMap":{"name":"a","defaultMode":420}}]})"},
        // kubectl apply sends $retainKeys for volumes so that switching the
        // volume source drops the old one.
        Case{"RetainKeysInListElement",
             R"({"volumes":[{"name":"data","emptyDir":{"medium":"Memory"}}]})",
             R"({"volumes":[{"name":"data","$retainKeys":["configMap","name"],
                             "configMap":{"name":"cm"}}]})",
             R"({"volumes":[{"name":"data","configMap":{"name":"cm"}}]})"},
        Case{"DeleteElementDirective", R"({"containers":[{"name":"a"},{"name":"b"}]})",
             R"({"containers":[{"name":"a","$patch":"delete"}]})",
             R"({"containers":[{"name":"b"}]})"},
        Case{"DeleteDirectiveForMissingElementIsNoop", R"({"containers":[{"name":"a"}]})",
             R"({"containers":[{"name":"zz","$patch":"delete"}]})",
             R"({"containers":[{"name":"a"}]})"},
        Case{
            "ReplaceListDirective",
            R"({"containers":[{"name":"c","env":[{"name":"A"},{"name":"B"}]}]})",
            R"({"containers":[{"name":"c","env":[{"$patch":"replace"},{"name":"C","value":"3"}]}]})",
            R"({"containers":[{"name":"c","env":[{"name":"C","value":"3"}]}]})"},
        Case{"SetElementOrderReordersList", R"({"containers":[{"name":"a"},{"name":"b"}]})",
             R"({"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],
                 "containers":[{"name":"a","image":"x"}]})",
             R"({"containers":[{"name":"b"},{"name":"a","image":"x"}]})"},
        Case{"SetElementOrderWithoutListOnlyReorders",
             R"({"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]})",
             R"({"$setElementOrder/containers":[{"name":"c"},{"name":"a"}]})",
             R"({"containers":[{"name":"b"},{"name":"c"},{"name":"a"}]})"},
        // Upstream orders the server-only elements by the live list as the
        // in-place delete and append left it: "c" moved into the freed slot
        // before "d" was appended there.
        Case{"SetElementOrderAfterDeleteAndAdd",
             R"({"containers":[{"name":"a"},{"name":"b","image":"b"},{"name":"c","image":"c"}]})",
             R"({"$setElementOrder/containers":[{"name":"b"},{"name":"d"}],
                 "containers":[{"name":"d"},{"name":"a","$patch":"delete"}]})",
             R"({"containers":[{"name":"b","image":"b"},{"name":"c","image":"c"},{"name":"d"}]})"},
        Case{"ListWithoutStrategyIsReplaced",
             R"({"containers":[{"name":"c","args":["a","b"]}],"tolerations":[{"key":"x"}]})",
             R"({"containers":[{"name":"c","args":["z"]}],"tolerations":[{"key":"y"}]})",
             R"({"containers":[{"name":"c","args":["z"]}],"tolerations":[{"key":"y"}]})"},
        Case{"NullDeletesField",
             R"({"nodeSelector":{"a":"1","b":"2"},"terminationGracePeriodSeconds":30})",
             R"({"nodeSelector":{"a":null},"terminationGracePeriodSeconds":null})",
             R"({"nodeSelector":{"b":"2"}})"},
        // Added values lose their nulls; the typed decoder would drop them.
        Case{"NullsInAddedValueAreDropped", R"({})", R"({"nodeSelector":{"a":"1","b":null}})",
             R"({"nodeSelector":{"a":"1"}})"},
        // New list elements are inserted as sent, directives included, as
        // upstream does; the typed decoder drops what is not a field.
        Case{"NewElementIsInsertedAsSent", R"({"containers":[{"name":"a"}]})",
             R"({"containers":[{"name":"a"},{"name":"b","env":[{"name":"X","value":null}]}]})",
             R"({"containers":[{"name":"a"},{"name":"b","env":[{"name":"X","value":null}]}]})"},
        // Fields the schema does not know get plain merge-patch semantics.
        Case{"UnknownFieldsMergeLikeMergePatch", R"({"extra":{"a":1,"list":[1,2],"m":{"x":1}}})",
             R"({"extra":{"b":2,"list":[3],"m":{"y":2}}})",
             R"({"extra":{"a":1,"b":2,"list":[3],"m":{"x":1,"y":2}}})"},
        // The C7 conformance payload misspells the field: it is kept as a
        // separate member for the decoder to drop.
        Case{"MisCasedFieldIsAddedVerbatim", R"({"terminationGracePeriodSeconds":30})",
             R"({"TerminationGracePeriodSeconds":1})",
             R"({"terminationGracePeriodSeconds":30,"TerminationGracePeriodSeconds":1})"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST_F(StrategicMergePatchTest, ConformanceC7PatchPutsNewContainerFirst) {
  Json set = J(R"({
    "apiVersion":"apps/v1","kind":"StatefulSet",
    "metadata":{"name":"test-ss","labels":{"name":"sample-pod","pod":"httpd"}},
    "spec":{"replicas":1,"serviceName":"test",
            "template":{"metadata":{"labels":{"name":"sample-pod"}},
                        "spec":{"containers":[{"name":"webserver","image":"httpd:2.4"}]}}}})");
  Json patch = J(R"({
    "metadata":{"labels":{"test-ss":"patched"}},
    "spec":{"replicas":2,
            "template":{"spec":{"TerminationGracePeriodSeconds":1,
                                "containers":[{"name":"test-ss","image":"registry.k8s.io/pause:3.10"}]}}}})");
  Json out = Apply(set, patch);
  EXPECT_EQ(out["metadata"]["labels"],
            J(R"({"name":"sample-pod","pod":"httpd","test-ss":"patched"})"));
  EXPECT_EQ(out["spec"]["replicas"], 2);
  const Json& containers = PodSpecOf(out)["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["image"], "registry.k8s.io/pause:3.10");
  EXPECT_EQ(containers[1]["name"], "webserver");
}

TEST_F(StrategicMergePatchTest, FinalizersMergeAsSet) {
  Json original = J(R"({"metadata":{"finalizers":["a","b"]}})");
  EXPECT_EQ(Apply(original, J(R"({"metadata":{"finalizers":["b"]}})")), original);
  // Without $setElementOrder a value new to the list goes first.
  EXPECT_EQ(Apply(original, J(R"({"metadata":{"finalizers":["c"]}})")),
            J(R"({"metadata":{"finalizers":["c","a","b"]}})"));
  EXPECT_EQ(Apply(original, J(R"({"metadata":{"$setElementOrder/finalizers":["a","b","c"],
                                                "finalizers":["c"]}})")),
            J(R"({"metadata":{"finalizers":["a","b","c"]}})"));
}

TEST_F(StrategicMergePatchTest, DeleteFromPrimitiveList) {
  Json original = J(R"({"metadata":{"finalizers":["a","b","c","b"]}})");
  EXPECT_EQ(Apply(original, J(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}})")),
            J(R"({"metadata":{"finalizers":["a","c"]}})"));
  EXPECT_EQ(Apply(original, J(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}})")),
            original);
  EXPECT_EQ(Apply(J(R"({"metadata":{}})"),
                  J(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}})")),
            J(R"({"metadata":{}})"));
  // Delete first, then order what is left.
  EXPECT_EQ(Apply(J(R"({"metadata":{"finalizers":["a","b","c"]}})"),
                  J(R"({"metadata":{"$setElementOrder/finalizers":["b","a"],
                                    "$deleteFromPrimitiveList/finalizers":["c"]}})")),
            J(R"({"metadata":{"finalizers":["b","a"]}})"));
}

TEST_F(StrategicMergePatchTest, OwnerReferencesMergeByUid) {
  Json original = J(R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}})");
  EXPECT_EQ(
      Apply(original, J(R"({"metadata":{"ownerReferences":[{"uid":"1","controller":true}]}})")),
      J(R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a","controller":true}]}})"));
}

TEST_F(StrategicMergePatchTest, RetainKeysOnStruct) {
  Json original =
      J(R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"1"}}}})");
  EXPECT_EQ(
      Apply(original, J(R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})")),
      J(R"({"spec":{"strategy":{"type":"Recreate"}}})"));
  // Null members need not be listed.
  EXPECT_EQ(Apply(original, J(R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate",
                                                        "rollingUpdate":null}}})")),
            J(R"({"spec":{"strategy":{"type":"Recreate"}}})"));
}

TEST_F(StrategicMergePatchTest, MapDirectives) {
  Json original = J(R"({"spec":{"selector":{"matchLabels":{"a":"1"}},
                                "template":{"metadata":{"labels":{"x":"1"},"annotations":{"y":"2"}}}}})");
  EXPECT_EQ(Apply(original, J(R"({"spec":{"template":{"metadata":{"$patch":"replace",
                                                                   "labels":{"z":"3"}}}}})")),
            J(R"({"spec":{"selector":{"matchLabels":{"a":"1"}},
                          "template":{"metadata":{"labels":{"z":"3"}}}}})"));
  EXPECT_EQ(Apply(original, J(R"({"spec":{"selector":{"$patch":"delete"}}})")),
            J(R"({"spec":{"selector":{},
                          "template":{"metadata":{"labels":{"x":"1"},"annotations":{"y":"2"}}}}})"));
  // A directive object that is new is not added at all.
  EXPECT_EQ(Apply(J(R"({"spec":{}})"), J(R"({"spec":{"selector":{"$patch":"delete"}}})")),
            J(R"({"spec":{}})"));
}

TEST_F(StrategicMergePatchTest, KindAnyMergesLikeMergePatch) {
  Json original = J(R"({"status":{"conditions":[{"type":"A"}],"replicas":1}})");
  EXPECT_EQ(Apply(original, J(R"({"status":{"conditions":[{"type":"B"}]}})")),
            J(R"({"status":{"conditions":[{"type":"B"}],"replicas":1}})"));
}

TEST_F(StrategicMergePatchTest, NullAndEmptyPatches) {
  Json original = J(R"({"spec":{"replicas":1}})");
  EXPECT_EQ(Apply(original, Json()), original);
  EXPECT_EQ(Apply(original, Json::object()), original);
}

TEST_F(StrategicMergePatchTest, MissingMergeKeyIsAPlainError) {
  Status s = Error(Pod(J(R"({"containers":[{"name":"a"}]})")),
                   Pod(J(R"({"containers":[{"image":"nginx","ports":[{"containerPort":80}]}]})")));
  EXPECT_EQ(s.http_code(), 500);
  EXPECT_EQ(s.reason(), "");
  EXPECT_EQ(s.message(),
            "map: map[image:nginx ports:[map[containerPort:80]]] does not contain declared merge "
            "key: name");
  EXPECT_EQ(Error(Pod(J(R"({"containers":[{"name":"a"}]})")),
                  Pod(J(R"({"containers":[{"$patch":"delete"}]})")))
                .message(),
            "map: map[$patch:delete] does not contain declared merge key: name");
}

TEST_F(StrategicMergePatchTest, DirectiveErrors) {
  Json original = Pod(J(R"({"containers":[{"name":"a"}],"nodeSelector":{"a":"b"}})"));
  EXPECT_EQ(Error(original, Pod(J(R"({"nodeSelector":{"$patch":"merge"}})"))).message(),
            "unknown patch type: merge in map: map[$patch:merge]");
  EXPECT_EQ(Error(original, Pod(J(R"({"nodeSelector":{"$patch":1}})"))).message(),
            "unknown patch type: %!s(int64=1) in map: map[$patch:1]");
  EXPECT_EQ(Error(original, Pod(J(R"({"containers":[{"$patch":"merge"}]})"))).message(),
            "merging lists cannot yet be specified in the patch");
  EXPECT_EQ(Error(original, Pod(J(R"({"containers":[{"name":"a","$patch":"x"}]})"))).message(),
            "unknown patch type: x in map: map[$patch:x name:a]");
  EXPECT_EQ(Error(original, Pod(J(R"({"$setElementOrder/containers":"a"})"))).message(),
            "expected a []interface {}, but received a string");
  EXPECT_EQ(Error(original, Pod(J(R"({"$setElementOrder/containers":[{"name":"a"}],
                                      "containers":null})")))
                .message(),
            "expected a []interface {}, but received a %!s(<nil>)");

  Status order = Error(Pod(J(R"({"containers":[{"name":"a"},{"name":"b"}]})")),
                       Pod(J(R"({"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
                                 "containers":[{"name":"b"},{"name":"a"}]})")));
  EXPECT_EQ(order.http_code(), 500);
  EXPECT_EQ(order.message(),
            "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder "
            "list:\n[map[name:a] map[name:b]]\n");
}

TEST_F(StrategicMergePatchTest, FormatErrorsAreBadRequests) {
  Json original = J(R"({"metadata":{"finalizers":["a"]},
                        "spec":{"strategy":{"type":"Recreate"}}})");
  for (const char* patch : {
           R"({"spec":{"strategy":{"$retainKeys":"type"}}})",
           R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}})",
       }) {
    Status s = Error(original, J(patch));
    EXPECT_EQ(s.http_code(), 400) << patch;
    EXPECT_EQ(s.reason(), "BadRequest");
    EXPECT_EQ(s.message(), "invalid patch format of retainKeys");
  }
  EXPECT_EQ(Error(original, J(R"({"metadata":{"$deleteFromPrimitiveList":["a"]}})")).message(),
            "invalid patch format of primitive list");
  EXPECT_EQ(Error(original, J(R"({"metadata":{"$setElementOrderX/finalizers":["a"]}})")).message(),
            "invalid patch format of setElementOrder list");
}

TEST_F(StrategicMergePatchTest, ListElementTypeErrors) {
  Status lists =
      Error(J(R"({"metadata":{"finalizers":[]}})"), J(R"({"metadata":{"finalizers":[["a"]]}})"));
  EXPECT_EQ(lists.http_code(), 422);
  EXPECT_EQ(lists.message(), "lists of lists are not supported");

  Status mixed =
      Error(J(R"({"metadata":{"finalizers":["x"]}})"), J(R"({"metadata":{"finalizers":[1]}})"));
  EXPECT_EQ(mixed.http_code(), 500);
  EXPECT_EQ(mixed.message(), "list element types are not identical: [[x] [1]]");
}

TEST(StrategicMergePatchInputTest, RejectsNonObjectBodyAndUntypedObjects) {
  testing::TestSchema schema;
  Result<Json> r = ApplyStrategicMergePatch(Json::object(), J("[1]"), schema.workload());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(),
            "json: cannot unmarshal array into Go value of type map[string]interface {}");

  r = ApplyStrategicMergePatch(Json::object(), J(R"({"a":1})"), nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(), "strategic merge patch format is not supported");
}

}  // namespace
}  // namespace stead::api::patch
