/**
 * Rollouts on the local platform, as `kubectl apply` of a changed Deployment does them on
 * Kubernetes: a changed pod template replaces the replica (new pod, new process, new env), and an
 * apply that changes nothing restarts nothing. Real processes: a control plane, the sidecars and
 * an app that answers with the environment it was started with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../control-plane/config-store/index.ts';
import { startControlPlane } from '../control-plane/control-plane.ts';
import type { RunningControlPlane } from '../control-plane/control-plane.ts';
import { freePort } from '../sidecar/testing/processes.ts';
import { LocalPlatform } from './local-platform.ts';
import { podTemplateHash } from './pod-template.ts';
import type { Instance } from './local-platform.ts';

/** An app that answers every request with its GREETING and its pid. */
const ECHO_APP = `require('node:http').createServer((q, s) => s.end(JSON.stringify({ greeting: process.env.GREETING, pid: process.pid }))).listen(Number(process.env.PORT), '127.0.0.1')`;

const deployment = (options: { greeting: string; replicas?: number }): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: echo-v1, namespace: default, labels: { app: echo, version: v1 } }
spec:
  replicas: ${options.replicas ?? 1}
  selector: { matchLabels: { app: echo, version: v1 } }
  template:
    metadata: { labels: { app: echo, version: v1 } }
    spec:
      containers:
        - name: echo
          image: example.com/echo:1
          command: [${JSON.stringify(process.execPath)}, '-e', ${JSON.stringify(ECHO_APP)}]
          env: [{ name: GREETING, value: ${JSON.stringify(options.greeting)} }]
          ports: [{ containerPort: 9080 }]
`;

describe('LocalPlatform rollout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-rollout-'));
  let store: ConfigStore;
  let platform: LocalPlatform;
  let cp: RunningControlPlane | undefined;

  const apply = async (text: string): Promise<void> => {
    const result = store.applyText(text, 'echo.yaml');
    if (result.status === 'refused') throw new Error(`refused: ${JSON.stringify(result.findings)}`);
    // The control plane reconciles on the store's change too; reconciles run one after another,
    // so once this one resolves every replica runs the applied template.
    await platform.reconcile(store.snapshot().registry);
  };

  const replica = (n: number): Instance => {
    const i = platform.instance('default', 'echo-v1', n);
    if (!i) throw new Error(`no replica ${n}`);
    return i;
  };

  /** The replica's app's answer; a replica started for the first time may take a moment to listen. */
  const ask = async (i: Instance): Promise<{ greeting: string; pid: number }> => {
    const port = i.appPorts.get(9080);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port ?? 0}/`);
        return (await r.json()) as { greeting: string; pid: number };
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const until = async (what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    store = ConfigStore.open(dir);
    const cpPort = await freePort();
    platform = new LocalPlatform({
      controlPlaneUrl: `http://127.0.0.1:${cpPort}`,
      traceSampling: 0,
      gatewayPortOffset: 0,
      rolloutDrainMs: 200,
      onChange: () => cp?.push.meshChanged(),
    });
    cp = await startControlPlane({
      store,
      platform,
      followRegistry: (registry) => platform.reconcile(registry),
      host: '127.0.0.1',
      port: cpPort,
    });
    await apply(deployment({ greeting: 'hello' }));
  }, 60_000);

  afterAll(async () => {
    await platform.stop();
    await cp?.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts nothing when the applied Deployment is unchanged', async () => {
    const before = replica(0);
    const { pid } = await ask(before);
    await apply(deployment({ greeting: 'hello' }));
    expect(replica(0)).toBe(before);
    expect((await ask(replica(0))).pid).toBe(pid);
    expect(before.app?.restarts).toBe(0);
  });

  it('restarts nothing when only the replica count changes', async () => {
    const first = replica(0);
    await apply(deployment({ greeting: 'hello', replicas: 2 }));
    expect(replica(0)).toBe(first);
    expect(platform.instance('default', 'echo-v1', 1)?.pod).toBe('echo-v1-1');
    await apply(deployment({ greeting: 'hello', replicas: 1 }));
    expect(platform.instances().map((i) => i.pod)).toEqual(['echo-v1-0']);
  }, 30_000);

  it('replaces the replica when the env changes: a new pod whose app sees the new env, then the old stops', async () => {
    const old = replica(0);
    expect(old.pod).toBe('echo-v1-0');
    expect((await ask(old)).greeting).toBe('hello');
    await apply(deployment({ greeting: 'bonjour' }));
    const next = replica(0);
    expect(next).not.toBe(old);
    expect(next.pod).toMatch(/^echo-v1-[0-9a-f]{10}-0$/);
    const answer = await ask(next);
    expect(answer.greeting).toBe('bonjour');
    expect(answer.pid).not.toBe(old.app?.pid);
    // Surge first: the old replica drains, then stops.
    await until(
      'the old replica stopped',
      () => old.app?.state === 'stopped' && old.sidecar.state === 'stopped',
    );
    expect(platform.instances().map((i) => i.pod)).toEqual([next.pod]);
  }, 60_000);

  it('hashes the pod template, not the replica count', () => {
    const w = store.snapshot().registry.workloads.find((x) => x.name === 'echo-v1');
    if (!w) throw new Error('no echo-v1');
    expect(podTemplateHash({ ...w, replicas: 5 })).toBe(podTemplateHash(w));
    expect(podTemplateHash({ ...w, labels: { ...w.labels, extra: 'x' } })).not.toBe(podTemplateHash(w));
  });
});
