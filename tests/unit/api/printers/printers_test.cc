#include "api/printers/printers.h"

#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace stead::api::printers {
namespace {

using testing::Ago;
using testing::Cells;
using testing::ColumnSummary;
using testing::Printed;
using Strings = std::vector<std::string>;
using Row = std::vector<Json>;

Json Meta(const std::string& name, int64_t age_seconds) {
  return {{"name", name}, {"namespace", "default"}, {"creationTimestamp", Ago(age_seconds)}};
}

TEST(PrintersTest, EveryPrinterHasMatchingCellsAndNameColumn) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"", "Pod"},
      {"", "Service"},
      {"", "Endpoints"},
      {"", "Node"},
      {"", "Namespace"},
      {"", "PersistentVolume"},
      {"", "PersistentVolumeClaim"},
      {"", "ConfigMap"},
      {"", "Secret"},
      {"", "ServiceAccount"},
      {"", "Event"},
      {"events.k8s.io", "Event"},
      {"apps", "StatefulSet"},
      {"apps", "Deployment"},
      {"apps", "ReplicaSet"},
      {"apps", "ControllerRevision"},
      {"discovery.k8s.io", "EndpointSlice"},
      {"coordination.k8s.io", "Lease"},
      {"storage.k8s.io", "StorageClass"},
      {"rbac.authorization.k8s.io", "Role"},
  };
  Json empty = {{"metadata", {{"name", "x"}}}};
  for (const auto& [group, kind] : kinds) {
    SCOPED_TRACE(group + "/" + kind);
    ResourceType type = Printed(group, kind);
    ASSERT_TRUE(type.row);
    EXPECT_EQ(Cells(type, empty).size(), type.columns.size());
    int name_columns = 0;
    for (const TableColumn& c : type.columns) {
      if (c.format == "name") {
        ++name_columns;
        EXPECT_EQ(c.name, "Name");
      }
      EXPECT_FALSE(c.description.empty()) << c.name;
    }
    EXPECT_EQ(name_columns, 1);
    // Events list the name last (wide only); every other printer starts with it.
    if (kind != "Event") {
      EXPECT_EQ(type.columns[0].name, "Name");
    }
  }
}

TEST(PrintersTest, HeadlessServiceFromTheTutorial) {
  ResourceType type = Printed("", "Service");
  EXPECT_EQ(ColumnSummary(type), (Strings{"Name:0", "Type:0", "Cluster-IP:0", "External-IP:0",
                                          "Port(s):0", "Age:0", "Selector:1"}));
  Json svc = {
      {"metadata", Meta("qdrant-service", 2)},
      {"spec",
       {{"type", "ClusterIP"},
        {"clusterIP", "None"},
        {"clusterIPs", {"None"}},
        {"selector", {{"app", "qdrant"}}},
        {"ports",
         Json::array(
             {{{"name", "api"}, {"port", 6333}, {"protocol", "TCP"}, {"targetPort", 6333}}})}}}};
  EXPECT_EQ(Cells(type, svc),
            (Row{"qdrant-service", "ClusterIP", "None", "<none>", "6333/TCP", "2s", "app=qdrant"}));
}

TEST(PrintersTest, ServiceTypes) {
  ResourceType type = Printed("", "Service");
  Json svc = {{"metadata", Meta("web", 90000)},
              {"spec",
               {{"type", "NodePort"},
                {"clusterIP", "10.96.12.7"},
                {"clusterIPs", {"10.96.12.7"}},
                {"selector", {{"tier", "front"}, {"app", "web"}}},
                {"ports", Json::array({{{"port", 80}, {"protocol", "TCP"}, {"nodePort", 30080}},
                                       {{"port", 53}, {"protocol", "UDP"}}})}}}};
  EXPECT_EQ(Cells(type, svc), (Row{"web", "NodePort", "10.96.12.7", "<none>", "80:30080/TCP,53/UDP",
                                   "25h", "app=web,tier=front"}));

  svc["spec"]["type"] = "LoadBalancer";
  EXPECT_EQ(Cells(type, svc)[3], "<pending>");
  svc["status"]["loadBalancer"]["ingress"] =
      Json::array({{{"ip", "192.0.2.10"}}, {{"hostname", "lb.example.com"}}});
  EXPECT_EQ(Cells(type, svc)[3], "192.0.2.10,lb.example.com");
  svc["spec"]["externalIPs"] = {"198.51.100.1"};
  EXPECT_EQ(Cells(type, svc)[3], "192.0.2.10,lb.example.com,198.51.100.1");

  Json ext = {{"metadata", Meta("db", 5)},
              {"spec", {{"type", "ExternalName"}, {"externalName", "db.example.com"}}}};
  EXPECT_EQ(Cells(type, ext),
            (Row{"db", "ExternalName", "<none>", "db.example.com", "<none>", "5s", "<none>"}));
}

Json QdrantStatefulSet() {
  return {{"metadata", Meta("qdrant", 3)},
          {"spec",
           {{"replicas", 3},
            {"serviceName", "qdrant-service"},
            {"selector", {{"matchLabels", {{"app", "qdrant"}}}}},
            {"template",
             {{"spec",
               {{"containers",
                 Json::array({{{"name", "qdrant"}, {"image", "qdrant/qdrant:latest"}}})}}}}}}},
          {"status", {{"replicas", 1}}}};
}

TEST(PrintersTest, StatefulSet) {
  ResourceType type = Printed("apps", "StatefulSet");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Name:0", "Ready:0", "Age:0", "Containers:1", "Images:1"}));
  Json sts = QdrantStatefulSet();
  EXPECT_EQ(Cells(type, sts), (Row{"qdrant", "0/3", "3s", "qdrant", "qdrant/qdrant:latest"}));
  sts["status"]["readyReplicas"] = 2;
  EXPECT_EQ(Cells(type, sts)[1], "2/3");
}

TEST(PrintersTest, Deployment) {
  ResourceType type = Printed("apps", "Deployment");
  EXPECT_EQ(ColumnSummary(type), (Strings{"Name:0", "Ready:0", "Up-to-date:0", "Available:0",
                                          "Age:0", "Containers:1", "Images:1", "Selector:1"}));
  Json d = {{"metadata", Meta("agent", 3600)},
            {"spec",
             {{"replicas", 3},
              {"selector",
               {{"matchLabels", {{"app", "agent"}}},
                {"matchExpressions",
                 Json::array({{{"key", "tier"}, {"operator", "In"}, {"values", {"b", "a"}}},
                              {{"key", "canary"}, {"operator", "DoesNotExist"}}})}}},
              {"template",
               {{"spec",
                 {{"containers", Json::array({{{"name", "api"}, {"image", "agent:1"}},
                                              {{"name", "log"}, {"image", "fluent:2"}}})}}}}}}},
            {"status", {{"readyReplicas", 2}, {"updatedReplicas", 3}, {"availableReplicas", 2}}}};
  EXPECT_EQ(Cells(type, d), (Row{"agent", "2/3", 3, 2, "60m", "api,log", "agent:1,fluent:2",
                                 "app=agent,!canary,tier in (a,b)"}));
  d["spec"]["selector"]["matchExpressions"][0]["operator"] = "Near";
  EXPECT_EQ(Cells(type, d)[7], "<invalid>");
}

TEST(PrintersTest, ReplicaSet) {
  ResourceType type = Printed("apps", "ReplicaSet");
  EXPECT_EQ(ColumnSummary(type), (Strings{"Name:0", "Desired:0", "Current:0", "Ready:0", "Age:0",
                                          "Containers:1", "Images:1", "Selector:1"}));
  EXPECT_EQ(type.columns[1].type, "integer");
  Json rs = {
      {"metadata", Meta("agent-66d4cb8c9c", 120)},
      {"spec",
       {{"replicas", 3},
        {"selector", {{"matchLabels", {{"app", "agent"}, {"pod-template-hash", "66d4cb8c9c"}}}}},
        {"template",
         {{"spec", {{"containers", Json::array({{{"name", "api"}, {"image", "agent:1"}}})}}}}}}},
      {"status", {{"replicas", 3}, {"readyReplicas", 1}}}};
  EXPECT_EQ(Cells(type, rs), (Row{"agent-66d4cb8c9c", 3, 3, 1, "2m", "api", "agent:1",
                                  "app=agent,pod-template-hash=66d4cb8c9c"}));
  rs["spec"].erase("selector");
  EXPECT_EQ(Cells(type, rs)[7], "<none>");
}

TEST(PrintersTest, ControllerRevision) {
  ResourceType type = Printed("apps", "ControllerRevision");
  EXPECT_EQ(ColumnSummary(type), (Strings{"Name:0", "Controller:0", "Revision:0", "Age:0"}));
  Json cr = {{"metadata", Meta("qdrant-7c9f8d6b5", 30)}, {"revision", 2}};
  cr["metadata"]["ownerReferences"] = Json::array({{{"apiVersion", "apps/v1"},
                                                    {"kind", "StatefulSet"},
                                                    {"name", "qdrant"},
                                                    {"controller", true}}});
  EXPECT_EQ(Cells(type, cr), (Row{"qdrant-7c9f8d6b5", "statefulset.apps/qdrant", 2, "30s"}));
  cr["metadata"]["ownerReferences"][0]["controller"] = false;
  EXPECT_EQ(Cells(type, cr)[1], "<none>");
}

TEST(PrintersTest, BoundAndPendingClaims) {
  ResourceType type = Printed("", "PersistentVolumeClaim");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Name:0", "Status:0", "Volume:0", "Capacity:0", "Access Modes:0",
                     "StorageClass:0", "VolumeAttributesClass:0", "Age:0", "VolumeMode:1"}));
  Json pvc = {{"metadata", Meta("qdrant-data-qdrant-0", 5)},
              {"spec",
               {{"accessModes", {"ReadWriteOnce"}},
                {"resources", {{"requests", {{"storage", "10Gi"}}}}},
                {"storageClassName", "local"},
                {"volumeMode", "Filesystem"},
                {"volumeName", "pvc-3f1c2a4e-8d5b-4c6f-9a7e-1b2c3d4e5f60"}}},
              {"status",
               {{"phase", "Bound"},
                {"accessModes", {"ReadWriteOnce"}},
                {"capacity", {{"storage", "10Gi"}}}}}};
  EXPECT_EQ(Cells(type, pvc),
            (Row{"qdrant-data-qdrant-0", "Bound", "pvc-3f1c2a4e-8d5b-4c6f-9a7e-1b2c3d4e5f60",
                 "10Gi", "RWO", "local", "<unset>", "5s", "Filesystem"}));

  Json pending = pvc;
  pending["spec"].erase("volumeName");
  pending["spec"].erase("volumeMode");
  pending["status"] = {{"phase", "Pending"}};
  EXPECT_EQ(Cells(type, pending), (Row{"qdrant-data-qdrant-0", "Pending", "", "", "", "local",
                                       "<unset>", "5s", "<unset>"}));

  pvc["metadata"]["deletionTimestamp"] = Ago(0);
  pvc["metadata"]["annotations"] = {{"volume.beta.kubernetes.io/storage-class", "legacy"}};
  pvc["status"]["accessModes"] = {"ReadWriteOncePod", "ReadOnlyMany", "ReadWriteOnce",
                                  "ReadOnlyMany"};
  std::vector<Json> cells = Cells(type, pvc);
  EXPECT_EQ(cells[1], "Terminating");
  EXPECT_EQ(cells[4], "RWO,ROX,RWOP");
  EXPECT_EQ(cells[5], "legacy");
}

TEST(PrintersTest, PersistentVolume) {
  ResourceType type = Printed("", "PersistentVolume");
  EXPECT_EQ(
      ColumnSummary(type),
      (Strings{"Name:0", "Capacity:0", "Access Modes:0", "Reclaim Policy:0", "Status:0", "Claim:0",
               "StorageClass:0", "VolumeAttributesClass:0", "Reason:0", "Age:0", "VolumeMode:1"}));
  Json pv = {{"metadata", {{"name", "pvc-123"}, {"creationTimestamp", Ago(5)}}},
             {"spec",
              {{"capacity", {{"storage", "10Gi"}}},
               {"accessModes", {"ReadWriteOnce"}},
               {"persistentVolumeReclaimPolicy", "Delete"},
               {"storageClassName", "local"},
               {"volumeMode", "Filesystem"},
               {"claimRef", {{"namespace", "default"}, {"name", "qdrant-data-qdrant-0"}}}}},
             {"status", {{"phase", "Bound"}}}};
  EXPECT_EQ(Cells(type, pv),
            (Row{"pvc-123", "10Gi", "RWO", "Delete", "Bound", "default/qdrant-data-qdrant-0",
                 "local", "<unset>", "", "5s", "Filesystem"}));
  pv["spec"]["capacity"]["storage"] = "1.5Gi";
  EXPECT_EQ(Cells(type, pv)[1], "1536Mi");
  pv["spec"].erase("capacity");
  EXPECT_EQ(Cells(type, pv)[1], "0");
}

TEST(PrintersTest, NamespaceConfigMapSecretServiceAccount) {
  Json ns = {{"metadata", {{"name", "default"}, {"creationTimestamp", Ago(10 * 86400)}}},
             {"status", {{"phase", "Active"}}}};
  EXPECT_EQ(Cells(Printed("", "Namespace"), ns), (Row{"default", "Active", "10d"}));

  Json cm = {{"metadata", Meta("qdrant-config", 7)},
             {"data", {{"a", "1"}, {"b", "2"}}},
             {"binaryData", {{"c", "AA=="}}}};
  EXPECT_EQ(Cells(Printed("", "ConfigMap"), cm), (Row{"qdrant-config", 3, "7s"}));

  Json secret = {{"metadata", Meta("api-key", 7)},
                 {"type", "Opaque"},
                 {"data", {{"key", "c2VjcmV0"}, {"user", "YQ=="}}}};
  EXPECT_EQ(Cells(Printed("", "Secret"), secret), (Row{"api-key", "Opaque", 2, "7s"}));

  Json sa = {{"metadata", Meta("default", 7)}};
  EXPECT_EQ(Cells(Printed("", "ServiceAccount"), sa), (Row{"default", 0, "7s"}));
}

TEST(PrintersTest, Node) {
  ResourceType type = Printed("", "Node");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Name:0", "Status:0", "Roles:0", "Age:0", "Version:0", "Internal-IP:1",
                     "External-IP:1", "OS-Image:1", "Kernel-Version:1", "Container-Runtime:1"}));
  Json node = {{"metadata",
                {{"name", "stead-node"},
                 {"creationTimestamp", Ago(3 * 3600)},
                 {"labels",
                  {{"kubernetes.io/hostname", "stead-node"},
                   {"node-role.kubernetes.io/control-plane", ""},
                   {"node-role.kubernetes.io/", ""}}}}},
               {"status",
                {{"conditions", Json::array({{{"type", "MemoryPressure"}, {"status", "False"}},
                                             {{"type", "Ready"}, {"status", "True"}}})},
                 {"addresses", Json::array({{{"type", "InternalIP"}, {"address", "192.168.1.10"}},
                                            {{"type", "Hostname"}, {"address", "stead-node"}}})},
                 {"nodeInfo",
                  {{"kubeletVersion", "v1.32.0"},
                   {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                   {"kernelVersion", "6.1.0-18-amd64"},
                   {"containerRuntimeVersion", "crun://1.8.1"}}}}}};
  EXPECT_EQ(Cells(type, node),
            (Row{"stead-node", "Ready", "control-plane", "3h", "v1.32.0", "192.168.1.10", "<none>",
                 "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "crun://1.8.1"}));

  node["spec"]["unschedulable"] = true;
  node["status"]["conditions"][1]["status"] = "Unknown";
  node["metadata"]["labels"] = {{"kubernetes.io/role", "worker"}};
  node["status"].erase("nodeInfo");
  std::vector<Json> cells = Cells(type, node);
  EXPECT_EQ(cells[1], "NotReady,SchedulingDisabled");
  EXPECT_EQ(cells[2], "worker");
  EXPECT_EQ(cells[7], "<unknown>");

  node["status"].erase("conditions");
  node["spec"]["unschedulable"] = false;
  node["metadata"].erase("labels");
  cells = Cells(type, node);
  EXPECT_EQ(cells[1], "Unknown");
  EXPECT_EQ(cells[2], "<none>");
}

TEST(PrintersTest, Endpoints) {
  ResourceType type = Printed("", "Endpoints");
  Json ep = {
      {"metadata", Meta("qdrant-service", 60)},
      {"subsets",
       Json::array(
           {{{"addresses", Json::array({{{"ip", "10.244.0.5"}},
                                        {{"ip", "10.244.0.6"}},
                                        {{"ip", "10.244.0.7"}},
                                        {{"ip", "10.244.0.8"}}})},
             {"ports", Json::array({{{"name", "api"}, {"port", 6333}, {"protocol", "TCP"}}})}}})}};
  EXPECT_EQ(Cells(type, ep),
            (Row{"qdrant-service", "10.244.0.5:6333,10.244.0.6:6333,10.244.0.7:6333 + 1 more...",
                 "60s"}));

  ep["subsets"][0]["addresses"] = Json::array({{{"ip", "10.244.0.5"}}, {{"ip", "fd00::6"}}});
  EXPECT_EQ(Cells(type, ep)[1], "10.244.0.5:6333,[fd00::6]:6333");
  ep["subsets"][0].erase("ports");
  EXPECT_EQ(Cells(type, ep)[1], "10.244.0.5,fd00::6");
  ep.erase("subsets");
  EXPECT_EQ(Cells(type, ep)[1], "<none>");
}

TEST(PrintersTest, EndpointSlice) {
  ResourceType type = Printed("discovery.k8s.io", "EndpointSlice");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Name:0", "AddressType:0", "Ports:0", "Endpoints:0", "Age:0"}));
  Json slice = {{"metadata", Meta("qdrant-service-x7k2p", 60)},
                {"addressType", "IPv4"},
                {"ports", Json::array({{{"name", "api"}, {"port", 6333}, {"protocol", "TCP"}}})},
                {"endpoints",
                 Json::array({{{"addresses", {"10.244.0.5"}}}, {{"addresses", {"10.244.0.6"}}}})}};
  EXPECT_EQ(Cells(type, slice),
            (Row{"qdrant-service-x7k2p", "IPv4", "6333", "10.244.0.5,10.244.0.6", "60s"}));
  slice["ports"] = Json::array({{{"name", "api"}}, Json::object(), {{"port", 1}}, {{"port", 2}}});
  slice.erase("endpoints");
  std::vector<Json> cells = Cells(type, slice);
  EXPECT_EQ(cells[2], "api,*,1 + 1 more...");
  EXPECT_EQ(cells[3], "<unset>");
}

TEST(PrintersTest, LeaseAndStorageClass) {
  Json lease = {{"metadata", Meta("stead-controller-manager", 40)},
                {"spec", {{"holderIdentity", "server-1_5e0f"}}}};
  EXPECT_EQ(Cells(Printed("coordination.k8s.io", "Lease"), lease),
            (Row{"stead-controller-manager", "server-1_5e0f", "40s"}));

  ResourceType type = Printed("storage.k8s.io", "StorageClass");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Name:0", "Provisioner:0", "ReclaimPolicy:0", "VolumeBindingMode:0",
                     "AllowVolumeExpansion:0", "Age:0"}));
  Json sc = {{"metadata",
              {{"name", "local"},
               {"creationTimestamp", Ago(60)},
               {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
             {"provisioner", "stead.io/local"},
             {"volumeBindingMode", "WaitForFirstConsumer"}};
  EXPECT_EQ(Cells(type, sc), (Row{"local (default)", "stead.io/local", "Delete",
                                  "WaitForFirstConsumer", false, "60s"}));
  sc["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "false"}};
  sc["reclaimPolicy"] = "Retain";
  sc["allowVolumeExpansion"] = true;
  sc.erase("volumeBindingMode");
  EXPECT_EQ(Cells(type, sc), (Row{"local", "stead.io/local", "Retain", "Immediate", true, "60s"}));
}

TEST(PrintersTest, CoreEvent) {
  ResourceType type = Printed("", "Event");
  EXPECT_EQ(ColumnSummary(type),
            (Strings{"Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1",
                     "Message:0", "First Seen:1", "Count:1", "Name:1"}));
  Json ev = {{"metadata", Meta("qdrant-0.17c2b3a4d5e6f789", 300)},
             {"involvedObject",
              {{"kind", "Pod"},
               {"name", "qdrant-0"},
               {"namespace", "default"},
               {"fieldPath", "spec.containers{qdrant}"}}},
             {"reason", "Pulled"},
             {"message", "  Successfully pulled image \"qdrant/qdrant:latest\"\n"},
             {"source", {{"component", "kubelet"}, {"host", "stead-node"}}},
             {"firstTimestamp", Ago(300)},
             {"lastTimestamp", Ago(90)},
             {"count", 4},
             {"type", "Normal"}};
  EXPECT_EQ(Cells(type, ev),
            (Row{"90s", "Normal", "Pulled", "pod/qdrant-0", "spec.containers{qdrant}",
                 "kubelet, stead-node", "Successfully pulled image \"qdrant/qdrant:latest\"", "5m",
                 4, "qdrant-0.17c2b3a4d5e6f789"}));

  // An event written through events.k8s.io: no timestamps but eventTime, no
  // count, source from the reporting fields.
  Json v1 = {{"metadata", Meta("x", 5)},
             {"involvedObject", {{"kind", "StatefulSet"}, {"name", "qdrant"}}},
             {"reason", "SuccessfulCreate"},
             {"message", "create Pod qdrant-2 in StatefulSet qdrant successful"},
             {"eventTime", "2024-05-01T11:59:50.123456Z"},
             {"reportingComponent", "statefulset-controller"},
             {"reportingInstance", ""},
             {"type", "Normal"}};
  std::vector<Json> cells = Cells(type, v1);
  EXPECT_EQ(cells[0], "9s");
  EXPECT_EQ(cells[5], "statefulset-controller");
  EXPECT_EQ(cells[7], "9s");
  EXPECT_EQ(cells[8], 1);

  v1["series"] = {{"count", 7}, {"lastObservedTime", "2024-05-01T11:59:58.000000Z"}};
  cells = Cells(type, v1);
  EXPECT_EQ(cells[0], "2s");
  EXPECT_EQ(cells[8], 7);

  v1.erase("eventTime");
  v1.erase("series");
  v1["involvedObject"].erase("name");
  cells = Cells(type, v1);
  EXPECT_EQ(cells[0], "<unknown>");
  EXPECT_EQ(cells[3], "statefulset");
}

TEST(PrintersTest, EventsV1EventReadsTheNewFieldNames) {
  ResourceType type = Printed("events.k8s.io", "Event");
  EXPECT_EQ(ColumnSummary(type), ColumnSummary(Printed("", "Event")));
  Json ev = {{"metadata", Meta("qdrant.17c2", 300)},
             {"regarding", {{"kind", "StatefulSet"}, {"name", "qdrant"}}},
             {"reason", "SuccessfulCreate"},
             {"note", "create Pod qdrant-0 in StatefulSet qdrant successful"},
             {"deprecatedSource", {{"component", "statefulset-controller"}}},
             {"deprecatedFirstTimestamp", Ago(300)},
             {"deprecatedLastTimestamp", Ago(60)},
             {"deprecatedCount", 2},
             {"reportingController", "ignored-when-source-set"},
             {"reportingInstance", "server-1"},
             {"type", "Normal"}};
  EXPECT_EQ(Cells(type, ev),
            (Row{"60s", "Normal", "SuccessfulCreate", "statefulset/qdrant", "",
                 "statefulset-controller, server-1",
                 "create Pod qdrant-0 in StatefulSet qdrant successful", "5m", 2, "qdrant.17c2"}));
}

TEST(PrintersTest, DefaultPrinterIsNameAndCreatedAt) {
  ResourceType type = Printed("rbac.authorization.k8s.io", "Role");
  ASSERT_EQ(type.columns.size(), 2u);
  EXPECT_EQ(type.columns[0].format, "name");
  EXPECT_EQ(type.columns[1].name, "Created At");
  EXPECT_EQ(type.columns[1].type, "date");
  Json role = {{"metadata", {{"name", "reader"}, {"creationTimestamp", "2024-04-30T08:15:00Z"}}}};
  EXPECT_EQ(Cells(type, role), (Row{"reader", "2024-04-30T08:15:00Z"}));
  EXPECT_EQ(Cells(type, {{"metadata", {{"name", "new"}}}}), (Row{"new", "0001-01-01T00:00:00Z"}));

  // A core kind without a printer gets the default too.
  EXPECT_EQ(Printed("", "LimitRange").columns[1].name, "Created At");
}

TEST(PrintersTest, AgesFollowHumanDuration) {
  ResourceType type = Printed("", "Namespace");
  auto age = [&](int64_t seconds) {
    return Cells(type, {{"metadata", {{"name", "n"}, {"creationTimestamp", Ago(seconds)}}}})[2];
  };
  EXPECT_EQ(age(0), "0s");
  EXPECT_EQ(age(-1), "0s");  // one second of clock skew is tolerated
  EXPECT_EQ(age(-5), "<invalid>");
  EXPECT_EQ(age(119), "119s");
  EXPECT_EQ(age(192), "3m12s");
  EXPECT_EQ(age(4 * 3600 + 120), "4h2m");
  EXPECT_EQ(age(3 * 86400 + 5 * 3600), "3d5h");
}

}  // namespace
}  // namespace stead::api::printers
