/**
 * KIA1004: a `namespace/dnsName` host of a Sidecar's `egress[].hosts` matches nothing the sidecar
 * could reach, so that part of its egress listener config imports nothing.
 *
 * Kiali (`business/checkers/sidecars/egress_listener_checker.go`): a dnsName of `*` (under any
 * namespace part: `*`, `~`, `.` or a name) is always fine. Otherwise the dnsName is parsed as
 * Kiali parses hosts — a short name belongs to the Sidecar's namespace, `a.b.svc.<domain>` is an
 * FQDN, anything else is kept whole (the namespace part of the host is not used for the lookup)
 * — and is known when it is a wildcard FQDN of the Sidecar's own namespace, the suffix of a
 * ServiceEntry host exported to that namespace, or a Kubernetes Service exported to it
 * (`name.ns`, `name.ns.svc` or the FQDN).
 */
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';
import { hasServiceEntrySuffix, isKubeServiceHost, kialiHostName, parseKialiHost } from './registry-hosts.ts';

export const sidecarEgressHostRule = defineRule({
  id: 'sidecar/egress-host-not-found',
  kind: 'Sidecar',
  check(sidecar, ctx) {
    const namespace = sidecar.metadata.namespace;
    const findings: RuleFinding[] = [];
    (sidecar.spec.egress ?? []).forEach((listener, e) => {
      listener.hosts.forEach((entry, h) => {
        const dnsName = entry.split('/')[1];
        if (dnsName === undefined || dnsName === '*') return;
        const host = parseKialiHost(dnsName, namespace, ctx);
        if (host.service.startsWith('*') && host.namespace === namespace) return;
        const name = kialiHostName(host);
        if (hasServiceEntrySuffix(name, namespace, ctx) || isKubeServiceHost(name, namespace, ctx)) return;
        findings.push({ code: 'KIA1004', path: ['spec', 'egress', e, 'hosts', h] });
      });
    });
    return findings;
  },
});
