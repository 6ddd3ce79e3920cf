// Revision data, hash and name (N8, N9), checked against revisions stored
// by real Kubernetes clusters (upstream's compatibility test data), and
// revision equality (U12).
#include "controllers/statefulset/revisions.h"

#include <gtest/gtest.h>

#include "controllers/statefulset/go_json.h"
#include "controllers/statefulset/set_view.h"

namespace stead::controllers::statefulset {
namespace {

// spec.template of upstream's compatibility_set_1.33.0.json.
const char* kTemplate133 = R"({
  "metadata": {"annotations": {"test": "value"}, "creationTimestamp": null, "labels": {"app": "foo"}},
  "spec": {
    "containers": [{"image": "test", "imagePullPolicy": "Always", "name": "test", "resources": {},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File"}],
    "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
    "securityContext": {}, "terminationGracePeriodSeconds": 30
  }
})";

// The data bytes of upstream's compatibility_revision_1.33.0.json, named
// "test-c77f6d978" with collisionCount 0.
const char* kData133 =
    R"({"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},)"
    R"("creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test",)"
    R"("imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":)"
    R"("/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst",)"
    R"("restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},)"
    R"("terminationGracePeriodSeconds":30}}}})";

TEST(StatefulSetRevisionTest, DataMatchesUpstreamBytes) {
  EXPECT_EQ(RevisionData(Json::parse(kTemplate133)), kData133);
}

TEST(StatefulSetRevisionTest, HashMatchesUpstreamRevisionNames) {
  EXPECT_EQ(HashRevision(kData133, 0), "c77f6d978");
  // 1.34 serialises templates without creationTimestamp: null.
  Json t134 = Json::parse(kTemplate133);
  t134["metadata"].erase("creationTimestamp");
  EXPECT_EQ(HashRevision(RevisionData(t134), 0), "776999688b");
}

TEST(StatefulSetRevisionTest, CollisionCountChangesTheHash) {
  std::string h0 = HashRevision(kData133, 0);
  std::string h1 = HashRevision(kData133, 1);
  EXPECT_NE(h0, h1);
  EXPECT_NE(HashRevision(kData133, std::nullopt), h0);
  for (char c : h1) EXPECT_NE(std::string("456789bcdf").find(c), std::string::npos) << h1;
}

TEST(StatefulSetRevisionTest, NameTruncatesLongPrefixes) {
  EXPECT_EQ(RevisionName("web", "5d8c4b9f7"), "web-5d8c4b9f7");
  std::string name = RevisionName(std::string(300, 'a'), "4");
  EXPECT_EQ(name, std::string(223, 'a') + "-4");
}

TEST(StatefulSetRevisionTest, NewRevisionShape) {
  Json set = {{"metadata",
               {{"name", "test"},
                {"namespace", "default"},
                {"uid", "ec335e25"},
                {"annotations", {{"note", "x"}}}}},
              {"spec", {{"template", Json::parse(kTemplate133)}}}};
  SetView view = MakeSetView(set);
  Json rev = NewRevision(view, 3, 0);
  EXPECT_EQ(rev["metadata"]["name"], "test-c77f6d978");
  EXPECT_EQ(rev["metadata"]["labels"], (Json{{"app", "foo"}, {kRevisionHashLabel, "c77f6d978"}}));
  EXPECT_EQ(rev["metadata"]["annotations"], (Json{{"note", "x"}}));
  EXPECT_EQ(rev["metadata"]["ownerReferences"][0]["uid"], "ec335e25");
  EXPECT_EQ(rev["metadata"]["ownerReferences"][0]["controller"], true);
  EXPECT_EQ(rev["revision"], 3);
  EXPECT_EQ(GoJsonMarshal(rev["data"]), kData133);
}

TEST(StatefulSetRevisionTest, ApplyRevisionRestoresTheTemplate) {
  Json rev = {{"data", Json::parse(kData133)}};
  Json set = {
      {"spec", {{"replicas", 2}, {"template", {{"spec", {{"containers", Json::array()}}}}}}}};
  Json applied = ApplyRevision(set, rev);
  EXPECT_EQ(applied["spec"]["template"], Json::parse(kTemplate133));
  EXPECT_EQ(applied["spec"]["replicas"], 2);
}

TEST(StatefulSetRevisionTest, SemanticEqualityIgnoresSerialisationAndDefaults) {
  Json t133 = Json::parse(kTemplate133);
  Json t134 = t133;
  t134["metadata"].erase("creationTimestamp");
  Json a = {{"data", RevisionPatch(t133)}};
  Json b = {{"data", RevisionPatch(t134)}};
  EXPECT_TRUE(RevisionsEqual(a, b));
  // A template missing defaults the server adds today is still the same.
  Json sparse = t134;
  sparse["spec"].erase("schedulerName");
  sparse["spec"].erase("securityContext");
  sparse["spec"]["containers"][0].erase("terminationMessagePolicy");
  EXPECT_TRUE(RevisionsEqual(a, Json{{"data", RevisionPatch(sparse)}}));
  Json other = t134;
  other["spec"]["containers"][0]["image"] = "test:2";
  EXPECT_FALSE(RevisionsEqual(a, Json{{"data", RevisionPatch(other)}}));
  Json annotated = t134;
  annotated["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] = "now";
  EXPECT_FALSE(RevisionsEqual(a, Json{{"data", RevisionPatch(annotated)}}));
}

TEST(StatefulSetRevisionTest, SortByNumberThenAgeThenName) {
  Json r1 = {{"metadata", {{"name", "b"}, {"creationTimestamp", "2024-01-01T00:00:00Z"}}},
             {"revision", 2}};
  Json r2 = {{"metadata", {{"name", "a"}, {"creationTimestamp", "2024-01-01T00:00:00Z"}}},
             {"revision", 2}};
  Json r3 = {{"metadata", {{"name", "c"}, {"creationTimestamp", "2023-01-01T00:00:00Z"}}},
             {"revision", 2}};
  Json r4 = {{"metadata", {{"name", "z"}}}, {"revision", 1}};
  std::vector<const Json*> revs = {&r1, &r2, &r3, &r4};
  SortRevisions(revs);
  EXPECT_EQ(revs, (std::vector<const Json*>{&r4, &r3, &r2, &r1}));
}

TEST(StatefulSetGoJsonTest, EscapesLikeGo) {
  EXPECT_EQ(GoJsonMarshal(Json("a<b>&c")), R"("a\u003cb\u003e\u0026c")");
  EXPECT_EQ(GoJsonMarshal(Json("\x01\b\f\n\r\t\"\\\x7f")), R"("\u0001\b\f\n\r\t\"\\)"
                                                           "\x7f\"");
  EXPECT_EQ(GoJsonMarshal(Json("\xe2\x80\xa8\xe2\x80\xa9")), R"("\u2028\u2029")");
  EXPECT_EQ(GoJsonMarshal(Json("h\xc3\xa9")), "\"h\xc3\xa9\"");
  EXPECT_EQ(GoJsonMarshal(Json::parse(R"({"b":1,"a":[true,null],"B":"x"})")),
            R"({"B":"x","a":[true,null],"b":1})");
}

TEST(StatefulSetGoJsonTest, InvalidUtf8BecomesReplacementCharacter) {
  std::string bad = "a";
  bad += static_cast<char>(0xff);
  bad += static_cast<char>(0xed);  // a UTF-16 surrogate encoded in UTF-8
  bad += static_cast<char>(0xa0);
  bad += static_cast<char>(0x80);
  Json v = bad;
  EXPECT_EQ(GoJsonMarshal(v), R"("a\ufffd\ufffd\ufffd\ufffd")");
}

TEST(StatefulSetGoJsonTest, NumbersPrintAsFloat64) {
  EXPECT_EQ(GoJsonMarshal(Json(30)), "30");
  EXPECT_EQ(GoJsonMarshal(Json(-7)), "-7");
  EXPECT_EQ(GoJsonMarshal(Json(0.5)), "0.5");
  EXPECT_EQ(GoJsonMarshal(Json(1e21)), "1e+21");
  EXPECT_EQ(GoJsonMarshal(Json(1e20)), "100000000000000000000");
  EXPECT_EQ(GoJsonMarshal(Json(1e-7)), "1e-7");
  EXPECT_EQ(GoJsonMarshal(Json(0.000001)), "0.000001");
  // Beyond 2^53 Go's float64 decoding loses precision.
  EXPECT_EQ(GoJsonMarshal(Json(int64_t{9007199254740993})), "9007199254740992");
}

}  // namespace
}  // namespace stead::controllers::statefulset
