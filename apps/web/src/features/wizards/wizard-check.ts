/**
 * The Validate and Apply steps of a wizard, apart from the UI. Validate runs mesh-core's
 * `DocumentValidator` on the preview (both objects, as they will be stored) against the mesh
 * snapshot, then the server's dry run of each write. Apply sends the writes for real. Writes go
 * DestinationRule first, so the subsets exist before a route names them (make before break).
 * Every finding, from either side, becomes one row: severity, code, message, object and where.
 */
import { errorBodySchema } from '@meshlens/mesh-core/api/errors';
import type { FindingWire, IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import type { MeshSnapshot } from '@meshlens/mesh-core/validation';
import { DocumentValidator } from '@meshlens/mesh-core/validation';
import type { WizardWrite } from '@meshlens/mesh-core/wizards';
import { isPendingSubsetFinding } from '@meshlens/mesh-core/wizards';
import { ApiError } from '../../api/http.ts';
import { sendWizardWrite } from './queries.ts';

export interface CheckRow {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  /** `VirtualService reviews`. */
  readonly object: string;
  /** `spec/http[0]/route[0]` or `line 12`. */
  readonly where: string;
}

export interface ServerCheck {
  readonly object: string;
  readonly operation: WizardWrite['operation'];
  readonly outcome: 'accepted' | 'refused' | 'failed';
  readonly message?: string;
  readonly rows: readonly CheckRow[];
  /** "Subset not found" findings left out: the subsets are the DestinationRule write's, applied first. */
  readonly pendingSubsets: number;
}

export interface CheckResult {
  /** The preview the checks were of: a result goes stale when the preview changes. */
  readonly yaml: string;
  /** Absent when the mesh snapshot could not be loaded. */
  readonly browser?: readonly CheckRow[];
  readonly server: readonly ServerCheck[];
}

export const PREVIEW_FILE = 'wizard.yaml';

const objectName = (o: { kind: string; name: string } | undefined, fallback: string) =>
  o === undefined ? fallback : `${o.kind} ${o.name}`;

export function applyOrder(writes: readonly WizardWrite[]): WizardWrite[] {
  return [...writes].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'DestinationRule' ? -1 : 1));
}

/** The browser's check of the preview, as the editor runs it on every keystroke. */
export function browserCheck(snapshot: MeshSnapshot, yaml: string, namespace: string): CheckRow[] {
  return new DocumentValidator(snapshot)
    .validate({ file: PREVIEW_FILE, text: yaml }, { defaultNamespace: namespace })
    .map((f) => ({
      severity: f.severity,
      code: f.code,
      message: f.message,
      object: objectName(f.object, 'Preview'),
      where: f.source ? `line ${String(f.source.line)}: ${f.path}` : f.path,
    }));
}

function wireRows(findings: readonly FindingWire[], object: string): CheckRow[] {
  return findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    message: f.message,
    object: objectName(f.object, object),
    where: f.path,
  }));
}

function detailsRows(details: IstioConfigDetails, object: string): CheckRow[] {
  return (details.validation?.checks ?? []).map((c) => ({
    severity: c.severity,
    code: c.code,
    message: c.message,
    object,
    where: c.path,
  }));
}

/** The server's findings of a refused write, if it was refused (422, or a 400 with findings). */
export function refusalOf(error: unknown): { message: string; findings: readonly FindingWire[] } {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError)) return { message, findings: [] };
  const body = errorBodySchema.safeParse(error.details.body);
  return { message, findings: body.success ? (body.data.findings ?? []) : [] };
}

/** Each write's dry run, in apply order; one refusal does not stop the others being checked. */
export async function serverCheck(namespace: string, writes: readonly WizardWrite[]): Promise<ServerCheck[]> {
  const out: ServerCheck[] = [];
  for (const write of applyOrder(writes)) {
    const object = `${write.kind} ${write.name}`;
    // The dry run checks each object against the mesh as it is now, without the writes before it.
    const split = (rows: CheckRow[]) => {
      const kept = rows.filter((r) => !isPendingSubsetFinding({ code: r.code, path: r.where }, writes));
      return { rows: kept, pendingSubsets: rows.length - kept.length };
    };
    try {
      const details = await sendWizardWrite(namespace, write, { dryRun: true });
      out.push({
        object,
        operation: write.operation,
        outcome: 'accepted',
        ...split(detailsRows(details, object)),
      });
    } catch (e) {
      const { message, findings } = refusalOf(e);
      out.push({
        object,
        operation: write.operation,
        outcome: findings.length > 0 ? 'refused' : 'failed',
        message,
        ...split(wireRows(findings, object)),
      });
    }
  }
  return out;
}

export class ApplyError extends Error {
  override readonly name = 'ApplyError';
  constructor(
    message: string,
    /** What was written before the failure. */
    readonly done: readonly string[],
    readonly rows: readonly CheckRow[],
  ) {
    super(message);
  }
}

/** Sends the writes in order; stops at the first failure, saying what was already written. */
export async function applyWrites(namespace: string, writes: readonly WizardWrite[]): Promise<string[]> {
  const done: string[] = [];
  for (const write of applyOrder(writes)) {
    const object = `${write.kind} ${write.name}`;
    try {
      await sendWizardWrite(namespace, write, { dryRun: false });
    } catch (e) {
      const { message, findings } = refusalOf(e);
      throw new ApplyError(message, done, wireRows(findings, object));
    }
    done.push(`${object} ${write.operation === 'create' ? 'created' : 'updated'}`);
  }
  return done;
}
