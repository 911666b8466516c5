/**
 * Kiali lowers a few checks in context: KIA0203 is only info when no VirtualService routes to
 * the subset, KIA0209 is only info when another subset of the rule matches workloads. The
 * finding then carries Kiali's severity instead of the catalogue's.
 */
import type { Severity } from '../../catalogue.ts';
import { catalogue } from '../../catalogue.ts';
import type { RuleFinding } from '../../finding.ts';

export function atKialiSeverity(finding: RuleFinding, severity: Severity): RuleFinding[] {
  return [catalogue[finding.code].severity === severity ? finding : { ...finding, severity }];
}
