import { describe, expect, it } from 'vitest';
import { LogTail } from '../../process/log-tail.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import type { LogInstance } from './log-source.ts';
import { localLogSource } from './log-source.ts';

/** A process's two tails, with lines written at a fixed time. */
function output(stdout: string, stderr = ''): { stdout: LogTail; stderr: LogTail } {
  const p = { stdout: new LogTail(10, { nowMs: () => 5 }), stderr: new LogTail(10, { nowMs: () => 7 }) };
  p.stdout.write(stdout);
  p.stderr.write(stderr);
  return p;
}

const reviews: LogInstance = {
  namespace: 'default',
  workload: 'reviews-v1',
  pod: 'reviews-v1-0',
  sidecar: output('[access line]\n', 'sidecar up\n'),
  app: { spec: { name: 'default/reviews-v1-0/reviews', command: 'node', args: [] }, ...output('started\n') },
};
const gateway: LogInstance = {
  namespace: 'istio-system',
  workload: 'istio-ingressgateway',
  pod: 'istio-ingressgateway-0',
  sidecar: output('gw\n'),
  app: undefined,
};

describe('localLogSource', () => {
  it('gives a pod its app container, named as in its Deployment, and istio-proxy', () => {
    const source = localLogSource({ platform: { instances: () => [reviews, gateway] } });
    const [pod] = source.pods('default');
    expect(pod?.containers.map((c) => [c.name, c.proxy])).toEqual([
      ['reviews', false],
      ['istio-proxy', true],
    ]);
    expect(pod?.containers[1]?.lines()).toEqual([
      { text: '[access line]', receivedMs: 5, stream: 'stdout' },
      { text: 'sidecar up', receivedMs: 7, stream: 'stderr' },
    ]);
    expect(source.pods('istio-system')[0]?.containers.map((c) => c.name)).toEqual(['istio-proxy']);
  });

  it('knows the mesh’s namespaces and workloads that run no pod', async () => {
    const mesh = await bookinfoMeshState();
    const bare = localLogSource({ platform: { instances: () => [reviews] } });
    expect(await bare.namespaces()).toEqual(['default']);
    expect(await bare.workloads('default')).toEqual(['reviews-v1']);

    const source = localLogSource({
      platform: { instances: () => [reviews] },
      mesh: { read: () => Promise.resolve(mesh) },
    });
    expect(await source.namespaces()).toContain('default');
    expect(await source.workloads('default')).toEqual(
      expect.arrayContaining(['details-v1', 'ratings-v1', 'reviews-v1']),
    );
    expect(source.pods('default').map((p) => p.pod)).toEqual(['reviews-v1-0']);
  });
});
