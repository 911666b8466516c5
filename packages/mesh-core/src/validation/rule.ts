import type { IstioKind } from '../config/kinds.ts';
import type { ServiceInfo } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import type { ValidationContext } from './context.ts';
import type { RuleFinding } from './finding.ts';

/** A cross-resource check on one kind of Istio object, run once per object. */
export interface IstioRule<K extends IstioKind = IstioKind> {
  /** Stable name, e.g. `virtualservice/no-host`. */
  readonly id: string;
  readonly kind: K;
  check(resource: IstioResource<K>, ctx: ValidationContext): readonly RuleFinding[];
}

/** A check on a Kubernetes Service of the registry (port names, deployments behind it). */
export interface ServiceRule {
  readonly id: string;
  readonly kind: 'Service';
  check(service: ServiceInfo, ctx: ValidationContext): readonly RuleFinding[];
}

export type Rule = { [K in IstioKind]: IstioRule<K> }[IstioKind] | ServiceRule;

export function defineRule<K extends IstioKind>(rule: IstioRule<K>): Rule {
  return rule as unknown as Rule;
}

export function defineServiceRule(rule: Omit<ServiceRule, 'kind'>): Rule {
  return { ...rule, kind: 'Service' };
}
