// Drives stead with the official JavaScript client: create, list with a
// label selector, watch, delete. Prints "N passed, N failed".
import * as k8s from '@kubernetes/client-node';

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);
const ns = 'default';
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok   - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name} ${detail}`);
  }
}

async function main() {
  // Watch configmaps labelled app=demo before creating them.
  const seen = [];
  const watch = new k8s.Watch(kc);
  const req = await watch.watch(`/api/v1/namespaces/${ns}/configmaps`,
    {labelSelector: 'app=demo'},
    (type, obj) => seen.push(`${type} ${obj.metadata.name}`),
    (err) => { if (err && err.name !== 'AbortError') console.log('watch ended:', err.message); });

  for (const [name, app] of [['cm-a', 'demo'], ['cm-b', 'demo'], ['cm-c', 'other']]) {
    const created = await core.createNamespacedConfigMap({
      namespace: ns,
      body: {metadata: {name, labels: {app}}, data: {key: name}},
    });
    check(`create ${name}`, created.metadata.name === name && created.metadata.uid);
  }
  const list = await core.listNamespacedConfigMap({namespace: ns, labelSelector: 'app=demo'});
  const names = list.items.map((i) => i.metadata.name).sort();
  check('list with label selector', JSON.stringify(names) === '["cm-a","cm-b"]', JSON.stringify(names));
  check('list has a resourceVersion', !!list.metadata.resourceVersion);

  const sts = await apps.createNamespacedStatefulSet({
    namespace: ns,
    body: {
      metadata: {name: 'web'},
      spec: {
        serviceName: 'web',
        replicas: 2,
        selector: {matchLabels: {app: 'web'}},
        template: {metadata: {labels: {app: 'web'}},
          spec: {containers: [{name: 'nginx', image: 'nginx:1.27'}]}},
      },
    },
  });
  check('create statefulset with defaults', sts.spec.podManagementPolicy === 'OrderedReady' &&
    sts.spec.updateStrategy.type === 'RollingUpdate');
  const got = await apps.readNamespacedStatefulSet({name: 'web', namespace: ns});
  check('read statefulset', got.spec.replicas === 2);

  await core.deleteNamespacedConfigMap({name: 'cm-a', namespace: ns});
  await apps.deleteNamespacedStatefulSet({name: 'web', namespace: ns});
  try {
    await core.readNamespacedConfigMap({name: 'cm-a', namespace: ns});
    check('deleted object is gone', false);
  } catch (e) {
    check('deleted object is gone (404)', e.code === 404, String(e.code));
  }

  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && seen.length < 3) await new Promise((r) => setTimeout(r, 50));
  check('watch saw adds and the delete in order',
    JSON.stringify(seen) === '["ADDED cm-a","ADDED cm-b","DELETED cm-a"]', JSON.stringify(seen));
  req.abort();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log('FAIL - unexpected error', e.body || e.message || e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
