/**
 * KIA1106: more than one VirtualService for the same host, bound to the same gateway. Istio
 * merges them only for gateways, in no guaranteed order, and sidecars take one of them
 * (kiali/kiali `business/checkers/virtualservices/single_host_checker.go`).
 *
 * As Kiali keys it: each host is read with GetHost in the VirtualService's namespace and grouped
 * by (gateway as written, or "no gateway"; host namespace; host service). Two VirtualServices in
 * one group clash. A namespace wildcard (`*`, `*.ns.svc.<domain>`) clashes with every other
 * service of its namespace in the same gateway group, and then all of that group's
 * VirtualServices are reported (Kiali does so even when one VirtualService holds both hosts).
 * External hosts are compared as written. Only VirtualServices that some namespace sees
 * together clash (exportTo, see `visibility.ts`). Path: `spec/hosts`.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import { getHost } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { contextIndex } from './context-index.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilitiesOverlap } from './visibility.ts';

interface Entry {
  readonly vs: IstioResource<'VirtualService'>;
  readonly visibility: Visibility;
}

interface HostKey {
  readonly group: string;
  readonly service: string;
}

interface SingleHostIndex {
  /** group (gateway + namespace) → service → VirtualServices. */
  readonly groups: ReadonlyMap<string, ReadonlyMap<string, readonly Entry[]>>;
}

const noGateway = 'no-gateway';

function hostKeys(vs: IstioResource<'VirtualService'>, ctx: ValidationContext): HostKey[] {
  const gateways = vs.spec.gateways && vs.spec.gateways.length > 0 ? vs.spec.gateways : [noGateway];
  const keys: HostKey[] = [];
  for (const raw of vs.spec.hosts ?? []) {
    const host = getHost(raw, vs.metadata.namespace, ctx);
    const namespace = host.internal ? (host.namespace ?? '') : '';
    const service = host.internal ? (host.wildcard ? '*' : (host.service ?? raw)) : raw;
    for (const gateway of gateways) keys.push({ group: `${gateway}\u0000${namespace}`, service });
  }
  return keys;
}

function buildSingleHostIndex(
  items: readonly IstioResource<'VirtualService'>[],
  ctx: ValidationContext,
): SingleHostIndex {
  const groups = new Map<string, Map<string, Entry[]>>();
  for (const vs of items) {
    const entry = { vs, visibility: exportVisibility(vs.spec.exportTo, vs.metadata.namespace, ctx) };
    for (const key of hostKeys(vs, ctx)) {
      let services = groups.get(key.group);
      if (!services) {
        services = new Map();
        groups.set(key.group, services);
      }
      const list = services.get(key.service) ?? [];
      if (!list.some((e) => e.vs === vs)) list.push(entry);
      services.set(key.service, list);
    }
  }
  return { groups };
}

export const virtualServiceSingleHostRule = defineRule({
  id: 'virtualservice/single-host',
  kind: 'VirtualService',
  check(vs, ctx) {
    const index = contextIndex(ctx, 'VirtualService', buildSingleHostIndex);
    const visibility = exportVisibility(vs.spec.exportTo, vs.metadata.namespace, ctx);
    const seenWith = (entries: readonly Entry[] | undefined, includeSelf: boolean): boolean =>
      (entries ?? []).some((e) =>
        e.vs === vs ? includeSelf : visibilitiesOverlap(visibility, e.visibility),
      );
    for (const key of hostKeys(vs, ctx)) {
      const services = index.groups.get(key.group);
      if (!services) continue;
      if (seenWith(services.get(key.service), false)) return [{ code: 'KIA1106', path: ['spec', 'hosts'] }];
      if (key.service === '*') {
        for (const [service, entries] of services) {
          if (service !== '*' && seenWith(entries, true))
            return [{ code: 'KIA1106', path: ['spec', 'hosts'] }];
        }
      } else if (seenWith(services.get('*'), true)) {
        return [{ code: 'KIA1106', path: ['spec', 'hosts'] }];
      }
    }
    return [];
  },
});
