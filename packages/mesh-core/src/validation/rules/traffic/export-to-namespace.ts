/**
 * KIA0005: a VirtualService, DestinationRule or ServiceEntry is exported to a namespace that
 * does not exist (or that Meshlens cannot see), so the export has no effect there and is likely
 * a typo (kiali/kiali `business/checkers/common/export_to_namespace_checker.go`). `.` and `*`
 * are always fine; any other value must name a namespace of the mesh. Path: `spec/exportTo[i]`.
 */
import type { IstioKind } from '../../../config/kinds.ts';
import type { RuleFinding } from '../../finding.ts';
import type { ValidationContext } from '../../context.ts';
import { namespaceNames } from '../../hosts.ts';
import type { Rule } from '../../rule.ts';
import { defineRule } from '../../rule.ts';

function unknownNamespaces(exportTo: readonly string[] | undefined, ctx: ValidationContext): RuleFinding[] {
  const known = namespaceNames(ctx);
  const findings: RuleFinding[] = [];
  (exportTo ?? []).forEach((target, i) => {
    if (target !== '.' && target !== '*' && !known.has(target))
      findings.push({ code: 'KIA0005', path: ['spec', 'exportTo', i] });
  });
  return findings;
}

type ExportedKind = Extract<IstioKind, 'VirtualService' | 'DestinationRule' | 'ServiceEntry'>;

const exportToRule = (kind: ExportedKind): Rule =>
  defineRule({
    id: `${kind.toLowerCase()}/export-to-namespace`,
    kind,
    check: (resource, ctx) => unknownNamespaces(resource.spec.exportTo, ctx),
  });

export const exportToNamespaceRules: readonly Rule[] = [
  exportToRule('VirtualService'),
  exportToRule('DestinationRule'),
  exportToRule('ServiceEntry'),
];
