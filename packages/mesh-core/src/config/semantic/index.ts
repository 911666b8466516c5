/**
 * Istio's admission-time semantic checks, per resource: what its validating webhook
 * (`pkg/config/validation`) refuses or warns about once a resource has passed its CRD schema —
 * host syntax, weights, durations, RE2 regexes, retry policies, TLS modes, selectors, and so
 * on. Each kind has its own module; this one dispatches. Checks read the typed spec only, need
 * no other resource, and allocate little, since the editor runs them on every keystroke.
 */
import type { IstioKind } from '../kinds.ts';
import type { IstioResource } from '../resource.ts';
import type { RuleFinding } from '../../validation/finding.ts';
import { crdSchemas } from '../schema/crd-schemas.gen.ts';
import { validateAuthorizationPolicy } from './authorization-policy.ts';
import { validateDestinationRule } from './destination-rule.ts';
import { validateGateway } from './gateway.ts';
import { validatePeerAuthentication } from './peer-authentication.ts';
import { Report } from './report.ts';
import { validateRequestAuthentication } from './request-authentication.ts';
import { validateServiceEntry } from './service-entry.ts';
import { validateSidecar } from './sidecar.ts';
import { validateVirtualService } from './virtual-service.ts';
import { validateWorkloadEntry } from './workload-entry.ts';
import { validateWorkloadGroup } from './workload-group.ts';

type Validator<K extends IstioKind> = (resource: IstioResource<K>, report: Report) => void;

const validators: { readonly [K in IstioKind]?: Validator<K> } = {
  VirtualService: validateVirtualService,
  DestinationRule: validateDestinationRule,
  Gateway: validateGateway,
  ServiceEntry: validateServiceEntry,
  Sidecar: validateSidecar,
  WorkloadEntry: validateWorkloadEntry,
  WorkloadGroup: validateWorkloadGroup,
  AuthorizationPolicy: validateAuthorizationPolicy,
  PeerAuthentication: validatePeerAuthentication,
  RequestAuthentication: validateRequestAuthentication,
  // EnvoyFilter patches raw Envoy config: Istio checks it against Envoy's own protos, which
  // Meshlens does not carry; its schema checks are all it gets here.
};

const dryRunAnnotation = 'istio.io/dry-run';

// Required fields at the top of a spec. The CRD schema checks them only when a spec is written:
// a resource without any spec reaches these checks with none of them, and Istio refuses it.
const requiredSpecFields: { readonly [K in IstioKind]?: string } = {
  DestinationRule: 'host',
  ServiceEntry: 'hosts',
  WorkloadGroup: 'template',
};

/**
 * The admission findings of one resource that passed structural validation: `IST0106` errors
 * (Istio would refuse it) and `ML0006` warnings (Istio would accept it, and say why not to).
 */
export function validateSemantics(resource: IstioResource): RuleFinding[] {
  const report = new Report(crdSchemas[`${resource.apiVersion}/${resource.kind}`]);
  // Only AuthorizationPolicy can be dry-run; its own module checks the value.
  if (
    resource.kind !== 'AuthorizationPolicy' &&
    resource.metadata.annotations[dryRunAnnotation] !== undefined
  ) {
    report.field(
      ['metadata', 'annotations', dryRunAnnotation],
      `is not supported on ${resource.kind}: remove the annotation`,
    );
  }
  const spec: unknown = resource.spec;
  const required = requiredSpecFields[resource.kind];
  if (required !== undefined && (typeof spec !== 'object' || spec === null || !(required in spec))) {
    report.field(['spec', required], 'is required');
    return report.findings;
  }
  const validate = validators[resource.kind] as Validator<IstioKind> | undefined;
  validate?.({ ...resource, spec: spec ?? {} }, report);
  return report.findings;
}

export { compileRe2 } from './regex.ts';
