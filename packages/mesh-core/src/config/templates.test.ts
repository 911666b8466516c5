/**
 * Every kind's template, as the user gets it from "Create": it reads as one object of that kind
 * with the name and namespace asked for, passes Istio's structural and admission checks, and
 * against a mesh shows at most the warnings listed here (placeholders never raise an error);
 * given a real host and app (a service page's), it fits Bookinfo without any finding.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeManifests, checkIstioResource, DocumentValidator } from '../validation/analyze.ts';
import type { Finding } from '../validation/finding.ts';
import { istioKinds } from './kinds.ts';
import type { IstioKind } from './kinds.ts';
import { parseManifests } from './parse.ts';
import { istioConfigTemplate, PLACEHOLDER_HOST, templateApiVersion } from './templates.ts';

const istio = fileURLToPath(new URL('../../../../third_party/istio/', import.meta.url));
const bookinfo = analyzeManifests(
  [
    {
      file: 'bookinfo.yaml',
      text: readFileSync(`${istio}bookinfo/platform/bookinfo.yaml`, 'utf8'),
    },
  ],
  { defaultNamespace: 'bookinfo' },
).snapshot;
const emptyMesh = {
  resources: [],
  registry: { namespaces: [], services: [], workloads: [], serviceAccounts: [] },
};

const shown = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.severity} ${f.code} ${f.path} line ${f.source?.line ?? '?'}`);

/** What a template shows in Bookinfo's namespace before its placeholders are replaced. */
const placeholderFindings: Readonly<Record<IstioKind, readonly string[]>> = {
  VirtualService: [],
  DestinationRule: [],
  Gateway: ['warning KIA0302 spec/selector line 9'],
  ServiceEntry: [],
  Sidecar: [],
  WorkloadEntry: [],
  WorkloadGroup: [],
  EnvoyFilter: [],
  PeerAuthentication: [],
  RequestAuthentication: ['warning KIA0004 spec/selector/matchLabels line 9'],
  AuthorizationPolicy: ['warning KIA0004 spec/selector/matchLabels line 9'],
};

describe('istioConfigTemplate', () => {
  it.each(istioKinds)('%s: one valid object with the name and namespace asked for', (kind) => {
    const text = istioConfigTemplate(kind, { namespace: 'bookinfo', name: 'my-object' });
    const parsed = parseManifests(text, { file: 'template.yaml' });
    expect(parsed.findings).toEqual([]);
    expect(parsed.resources).toHaveLength(1);
    const [resource] = parsed.resources;
    if (!resource) throw new Error('no resource');
    expect(resource).toMatchObject({
      kind,
      apiVersion: templateApiVersion(kind),
      metadata: { name: 'my-object', namespace: 'bookinfo' },
    });
    const checked = checkIstioResource(resource);
    expect(shown(checked.findings)).toEqual([]);
    expect(checked.valid?.spec).toBeDefined();
  });

  it.each(istioKinds)('%s: in a mesh, placeholders raise warnings at most', (kind) => {
    const text = istioConfigTemplate(kind, { namespace: 'bookinfo', name: 'my-object' });
    const found = new DocumentValidator(bookinfo).validate({ text, file: 'template.yaml' });
    expect(shown(found)).toEqual(placeholderFindings[kind]);
    const inEmptyMesh = new DocumentValidator(emptyMesh).validate({ text, file: 'template.yaml' });
    expect(inEmptyMesh.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it.each(istioKinds)('%s: with a real host and app, fits Bookinfo without findings', (kind) => {
    const text = istioConfigTemplate(kind, {
      namespace: 'bookinfo',
      name: 'reviews',
      host: 'reviews',
      app: 'reviews',
    });
    expect(text).not.toContain(PLACEHOLDER_HOST);
    const found = new DocumentValidator(bookinfo).validate({ text, file: 'template.yaml' });
    // The Gateway selects Istio's ingress gateway, which Bookinfo's platform manifest lacks.
    expect(shown(found)).toEqual(kind === 'Gateway' ? placeholderFindings.Gateway : []);
  });

  it('marks what the user must replace, and quotes names YAML would misread', () => {
    const text = istioConfigTemplate('VirtualService', { namespace: 'on', name: '123' });
    expect(text).toContain('# Replace: the Service’s host');
    expect(text).toContain('namespace: "on"');
    const [resource] = parseManifests(text, { file: 't.yaml' }).resources;
    expect(resource?.metadata).toMatchObject({ name: '123', namespace: 'on' });
  });
});
