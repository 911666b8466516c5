/**
 * Why a write (save, create, rollback) failed, as the editor acts on it: refused with findings
 * (422, or a 400 whose body could not be read), a conflict (409: someone else wrote first, or the
 * object exists), or anything else, each with the server's message.
 */
import type { FindingWire } from '@meshlens/mesh-core/api/istio-config';
import { errorBodySchema } from '@meshlens/mesh-core/api/errors';
import { ApiError } from '../../../api/http.ts';

export const WRITE_FAILURES = ['refused', 'conflict', 'other'] as const;
export type WriteFailureKind = (typeof WRITE_FAILURES)[number];

export interface WriteFailure {
  readonly kind: WriteFailureKind;
  readonly message: string;
  readonly findings: readonly FindingWire[];
}

export function writeFailureOf(error: unknown): WriteFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError)) return { kind: 'other', message, findings: [] };
  const body = errorBodySchema.safeParse(error.details.body);
  const findings = body.success ? (body.data.findings ?? []) : [];
  if (error.status === 409) return { kind: 'conflict', message, findings };
  if (findings.length > 0) return { kind: 'refused', message, findings };
  return { kind: 'other', message, findings };
}
