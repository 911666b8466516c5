/**
 * KIA0209: a subset without labels selects every endpoint of the host, which is rarely what a
 * named version is meant to be (kiali/kiali `business/checkers/destinationrules/
 * no_dest_checker.go`). Checked only when the host exists. Path: `spec/subsets[i]`.
 *
 * Kiali lowers it to info when another subset of the rule has labels that match endpoints; the
 * info level cannot be carried by a finding yet, so those are left out (`kiali-severity.ts`).
 */
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';
import {
  destinationRuleHost,
  destinationRuleHostExists,
  subsetLabelsMatch,
} from './destination-rule-host.ts';
import { atKialiSeverity } from './kiali-severity.ts';

const hasLabels = (
  labels: Readonly<Record<string, string>> | undefined,
): labels is Readonly<Record<string, string>> => labels !== undefined && Object.keys(labels).length > 0;

export const destinationRuleSubsetNoLabelsRule = defineRule({
  id: 'destinationrule/subset-no-labels',
  kind: 'DestinationRule',
  check(dr, ctx) {
    const subsets = dr.spec.subsets ?? [];
    if (!subsets.some((s) => !hasLabels(s.labels)) || !destinationRuleHostExists(dr, ctx)) return [];
    const host = destinationRuleHost(dr, ctx);
    const otherMatches = subsets.some((s) => hasLabels(s.labels) && subsetLabelsMatch(host, s.labels, ctx));
    const findings: RuleFinding[] = [];
    subsets.forEach((subset, i) => {
      if (hasLabels(subset.labels)) return;
      findings.push(
        ...atKialiSeverity(
          { code: 'KIA0209', path: ['spec', 'subsets', i] },
          otherMatches ? 'unknown' : 'warning',
        ),
      );
    });
    return findings;
  },
});
