/**
 * Runs the cross-resource rules over a mesh snapshot. Every rule is a per-object check, so the
 * whole mesh costs one pass over its objects, and an editor keystroke costs the checks of the
 * edited objects only, against a context that shares every index the edit leaves untouched.
 */
import type { ServiceInfo } from '../config/kube.ts';
import type { IstioResource, Resource } from '../config/resource.ts';
import { objectRef } from '../config/resource.ts';
import type { Finding, RuleFinding } from './finding.ts';
import { makeFinding } from './finding.ts';
import type { MeshSnapshot } from './context.ts';
import { ValidationContext } from './context.ts';
import type { Rule } from './rule.ts';
import { isSuppressed } from './suppression.ts';
import { meshRules } from './rules/index.ts';

export class MeshValidator {
  private readonly context: ValidationContext;
  private readonly rules: readonly Rule[];

  constructor(snapshot: MeshSnapshot, rules: readonly Rule[] = meshRules) {
    this.context = ValidationContext.fromSnapshot(snapshot);
    this.rules = rules;
  }

  /** Findings of every object in the snapshot. */
  validateAll(): Finding[] {
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      if (rule.kind === 'Service') {
        for (const service of this.context.registry.services) {
          findings.push(...serviceFindings(service, rule.check(service, this.context)));
        }
      } else {
        for (const resource of this.context.resourcesOf(rule.kind)) {
          findings.push(...resourceFindings(resource, runRule(rule, resource, this.context)));
        }
      }
    }
    return sortFindings(findings);
  }

  /**
   * Findings of `resources` (the documents being edited) as if they replaced their namesakes
   * in the snapshot.
   */
  validateEdited(resources: readonly IstioResource[]): Finding[] {
    const ctx = this.context.withReplaced(resources);
    const findings: Finding[] = [];
    for (const resource of resources) {
      for (const rule of this.rules) {
        if (rule.kind !== resource.kind) continue;
        findings.push(...resourceFindings(resource, runRule(rule, resource, ctx)));
      }
    }
    return sortFindings(findings);
  }
}

function runRule(rule: Rule, resource: IstioResource, ctx: ValidationContext): readonly RuleFinding[] {
  // The rule list is keyed by kind, and the caller matched rule.kind to resource.kind.
  return (rule.check as (r: IstioResource, c: ValidationContext) => readonly RuleFinding[])(resource, ctx);
}

export function resourceFindings(resource: Resource, found: readonly RuleFinding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of found) {
    if (isSuppressed(resource.metadata.annotations, f.code)) continue;
    out.push(
      makeFinding({
        code: f.code,
        path: f.path,
        ...(f.detail !== undefined ? { detail: f.detail } : {}),
        ...(f.severity !== undefined ? { severity: f.severity } : {}),
        object: objectRef(resource),
        ...(resource.source ? { source: resource.source.locate(f.path) } : {}),
      }),
    );
  }
  return out;
}

function serviceFindings(service: ServiceInfo, found: readonly RuleFinding[]): Finding[] {
  if (service.resource) return resourceFindings(service.resource, found);
  const object = { kind: 'Service', apiVersion: 'v1', name: service.name, namespace: service.namespace };
  return found
    .filter((f) => !isSuppressed(service.annotations, f.code))
    .map((f) =>
      makeFinding({
        code: f.code,
        path: f.path,
        object,
        ...(f.detail !== undefined ? { detail: f.detail } : {}),
        ...(f.severity !== undefined ? { severity: f.severity } : {}),
      }),
    );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.source?.file ?? '').localeCompare(b.source?.file ?? '') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
