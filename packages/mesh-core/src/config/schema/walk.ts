/**
 * The state of one validation pass: where in the resource the validator is (a stack of path
 * segments pushed and popped as it descends, so nothing is allocated on the happy path) and the
 * findings so far. A finding copies the stack and renders it as Kubernetes prints field paths:
 * `spec.http[0].route`, with map keys in brackets (`spec.selector.matchLabels[app]`).
 *
 * Findings that mean a value is malformed (wrong type, value outside its enum, missing required
 * field, over a length or count limit) are also counted: those are Kubernetes' "blocking"
 * errors, after which CEL rules over the value are not evaluated, since they would fail for the
 * wrong reason or not at all.
 */
import type { PathSegment } from '../path.ts';
import type { RuleFinding } from '../../validation/finding.ts';

export const schemaErrorPrefix = 'Schema validation error: ';

/** A map key on the path stack, told apart from a property name only when a path is printed. */
class MapKey {
  constructor(readonly key: string) {}
}

export class Walk {
  readonly findings: RuleFinding[] = [];
  /** How many findings so far were blocking ones. */
  malformed = 0;
  // One stack, one push per step: properties and indexes as themselves, map keys wrapped.
  private readonly segments: Array<PathSegment | MapKey> = [];

  enterProperty(name: string): void {
    this.segments.push(name);
  }

  enterKey(key: string): void {
    this.segments.push(new MapKey(key));
  }

  enterIndex(index: number): void {
    this.segments.push(index);
  }

  leave(): void {
    this.segments.pop();
  }

  /** Reports a problem with the current value (`what` follows the field path in the message). */
  report(what: string): void {
    this.findings.push({
      code: 'IST0106',
      path: this.segments.map((seg) => (seg instanceof MapKey ? seg.key : seg)),
      detail: `${schemaErrorPrefix}${this.fieldPath()}: ${what}`,
    });
  }

  /** Reports a blocking problem with the current value. */
  reportMalformed(what: string): void {
    this.malformed++;
    this.report(what);
  }

  /** Reports a field of the current object that the schema does not declare. */
  reportUnknown(name: string, what: string): void {
    this.enterProperty(name);
    this.report(what);
    this.leave();
  }

  /** Reports a required field the current object lacks (blocking). */
  reportMissing(name: string): void {
    this.enterProperty(name);
    this.reportMalformed(`missing required field ${JSON.stringify(name)}`);
    this.leave();
  }

  /** The current path as Kubernetes writes it; `<root>` for the resource itself. */
  fieldPath(): string {
    let out = '';
    for (const seg of this.segments) {
      if (typeof seg === 'number') out += `[${seg}]`;
      else if (seg instanceof MapKey) out += `[${seg.key}]`;
      else out += out === '' ? seg : `.${seg}`;
    }
    return out === '' ? '<root>' : out;
  }
}
