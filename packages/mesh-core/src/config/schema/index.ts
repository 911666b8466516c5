import type { Resource } from '../resource.ts';
import type { RuleFinding } from '../../validation/finding.ts';

/**
 * Structural validation of an Istio resource against Istio's CRD schema for its
 * group/version/kind: unknown fields, wrong types, bad enum values, CEL rules.
 * Placeholder until the schema validator lands.
 */
export function validateStructure(_resource: Resource): RuleFinding[] {
  return [];
}
