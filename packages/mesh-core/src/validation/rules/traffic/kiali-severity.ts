/**
 * Kiali lowers a few checks in context: KIA0203 is only info when no VirtualService routes to
 * the subset, KIA0209 is only info when another subset of the rule matches workloads. A
 * RuleFinding carries no severity of its own (the catalogue's applies), so such a finding is
 * reported only when Kiali's severity is the catalogue's; the lowered ones are left out rather
 * than shown louder than Kiali shows them (an error would block applying the config).
 */
import type { Severity } from '../../catalogue.ts';
import { catalogue } from '../../catalogue.ts';
import type { RuleFinding } from '../../finding.ts';

export function atKialiSeverity(finding: RuleFinding, severity: Severity): RuleFinding[] {
  return catalogue[finding.code].severity === severity ? [finding] : [];
}
