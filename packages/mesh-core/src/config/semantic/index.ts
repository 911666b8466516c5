import type { IstioResource } from '../resource.ts';
import type { RuleFinding } from '../../validation/finding.ts';

/**
 * Istio's admission checks per resource (weights, durations, regexes, retryOn, …), run on a
 * resource that passed structural validation. Placeholder until the checks land.
 */
export function validateSemantics(_resource: IstioResource): RuleFinding[] {
  return [];
}
