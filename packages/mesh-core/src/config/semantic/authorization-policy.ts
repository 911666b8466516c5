/**
 * AuthorizationPolicy admission checks (Istio's `ValidateAuthorizationPolicy`): how the policy
 * attaches, action and provider consistency, policies that can never trigger, and each rule's
 * sources, operations and conditions (see `authz-rules.ts`).
 */
import type { IstioResource } from '../resource.ts';
import { checkRule, type RuleContext } from './authz-rules.ts';
import { checkPolicyTargets, checkWorkloadSelector } from './common.ts';
import type { Report } from './report.ts';

const dryRunAnnotation = 'istio.io/dry-run';
const goBools: ReadonlySet<string> = new Set([
  '1',
  't',
  'T',
  'TRUE',
  'true',
  'True',
  '0',
  'f',
  'F',
  'FALSE',
  'false',
  'False',
]);

export function validateAuthorizationPolicy(
  resource: IstioResource<'AuthorizationPolicy'>,
  report: Report,
): void {
  const spec = resource.spec;
  const action = spec.action ?? 'ALLOW';
  checkPolicyTargets(report, spec);
  if (spec.selector)
    checkWorkloadSelector(report, ['spec', 'selector', 'matchLabels'], spec.selector.matchLabels);
  checkDryRun(report, resource, action);

  // An empty list of rules reaches Istio as no rules at all.
  const rules = spec.rules ?? [];
  const noRules = rules.length === 0;
  const meaningless = (what: string): string =>
    `${what} action without rules is meaningless as it will never be triggered: add an empty rule {} to trigger it for every request`;
  if (action === 'CUSTOM') {
    if (noRules) report.field(['spec', 'rules'], meaningless('a CUSTOM'));
    else if (!spec.provider?.name)
      report.field(['spec', 'provider', 'name'], 'must not be empty with action CUSTOM');
  }
  if (spec.provider && action !== 'CUSTOM')
    report.field(['spec', 'provider'], `must only be set with action CUSTOM (action is ${action})`);
  if (action === 'DENY' && noRules) report.field(['spec', 'rules'], meaningless('a DENY'));
  // Istio accepts an AUDIT policy without rules, but like DENY it can then never match.
  if (action === 'AUDIT' && noRules) report.fieldWarning(['spec', 'rules'], meaningless('an AUDIT'));

  const ctx: RuleContext = { action };
  rules.forEach((rule, i) => {
    checkRule(report, ['spec', 'rules', i], rule, ctx);
  });
}

/** `istio.io/dry-run` is a boolean, and only ALLOW and DENY policies can be dry-run. */
function checkDryRun(report: Report, resource: IstioResource<'AuthorizationPolicy'>, action: string): void {
  const value = resource.metadata.annotations[dryRunAnnotation];
  if (value === undefined) return;
  const at = ['metadata', 'annotations', dryRunAnnotation];
  if (action !== 'ALLOW' && action !== 'DENY')
    report.field(at, `only supports action ALLOW or DENY, found action ${action}`);
  else if (!goBools.has(value))
    report.field(at, `has an invalid value ${JSON.stringify(value)}: use "true" or "false"`);
}
