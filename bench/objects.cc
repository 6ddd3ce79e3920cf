#include "objects.h"

namespace stead::bench {

std::string PodJson(const std::string& ns, const std::string& name) {
  std::string s;
  s.reserve(2304);
  s += R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")";
  s += name;
  s += R"(","namespace":")";
  s += ns;
  s +=
      R"(","labels":{"app.kubernetes.io/name":"web-frontend","app.kubernetes.io/instance":"web-frontend-prod","app.kubernetes.io/version":"1.27.3","app.kubernetes.io/component":"frontend","pod-template-hash":"5d8f7c9b6d"},)"
      R"("annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9102",)"
      R"("kubectl.kubernetes.io/default-container":"web","checksum/config":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},)"
      R"("spec":{"containers":[{"name":"web","image":"registry.example.com/team/web-frontend:1.27.3",)"
      R"("imagePullPolicy":"IfNotPresent","command":["/usr/local/bin/web"],)"
      R"("args":["--port=8080","--metrics-port=9102","--log-level=info","--cache-size-mb=256"],)"
      R"("ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9102,"protocol":"TCP"}],)"
      R"("env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},)"
      R"({"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},)"
      R"({"name":"POD_IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},)"
      R"({"name":"UPSTREAM_URL","value":"http://api.backend.svc.cluster.local:8080"},)"
      R"({"name":"FEATURE_FLAGS","value":"new-checkout,search-v2,recommendations"}],)"
      R"("resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}},)"
      R"("readinessProbe":{"httpGet":{"path":"/readyz","port":"http"},"initialDelaySeconds":5,"periodSeconds":10,"failureThreshold":3},)"
      R"("livenessProbe":{"httpGet":{"path":"/livez","port":"http"},"initialDelaySeconds":15,"periodSeconds":20},)"
      R"("volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true},{"name":"cache","mountPath":"/var/cache/web"}]},)"
      R"({"name":"log-shipper","image":"registry.example.com/platform/log-shipper:3.4.1",)"
      R"("args":["--input=/var/log/web","--output=tcp://logs.platform.svc.cluster.local:5170"],)"
      R"("resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"memory":"128Mi"}},)"
      R"("volumeMounts":[{"name":"cache","mountPath":"/var/log/web","subPath":"logs"}]}],)"
      R"("volumes":[{"name":"config","configMap":{"name":"web-frontend-config"}},{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}}],)"
      R"("nodeSelector":{"kubernetes.io/os":"linux"},)"
      R"("tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],)"
      R"("affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,)"
      R"("podAffinityTerm":{"labelSelector":{"matchLabels":{"app.kubernetes.io/name":"web-frontend"}},"topologyKey":"kubernetes.io/hostname"}}]}},)"
      R"("terminationGracePeriodSeconds":30,"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"fsGroup":10001}}})";
  return s;
}

std::string ConfigMapJson(const std::string& ns, const std::string& name) {
  std::string s = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")";
  s += name;
  s += R"(","namespace":")";
  s += ns;
  s +=
      R"(","labels":{"app":"bench"}},"data":{"log-level":"info","upstream":"http://api.backend.svc.cluster.local:8080","feature-flags":"new-checkout,search-v2"}})";
  return s;
}

std::string NamespaceJson(const std::string& name) {
  return R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + name + R"("}})";
}

}  // namespace stead::bench
