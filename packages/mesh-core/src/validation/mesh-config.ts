/**
 * Reads the MeshConfig settings validation depends on from an Istio MeshConfig document (the
 * file `istioctl analyze --meshConfigFile` takes, i.e. the `mesh` key of the `istio` ConfigMap):
 * `rootNamespace`, `enableAutoMtls` and `outboundTrafficPolicy.mode`. Other MeshConfig fields
 * are accepted and ignored; a wrong value in a field that is read is refused with its place.
 */
import { parseDocument } from 'yaml';
import { LineCounter } from 'yaml';
import { z } from 'zod';
import type { MeshOptions } from './context.ts';

const meshConfigSchema = z.object({
  rootNamespace: z.string().min(1).optional(),
  enableAutoMtls: z.boolean().optional(),
  outboundTrafficPolicy: z.object({ mode: z.enum(['ALLOW_ANY', 'REGISTRY_ONLY']).optional() }).optional(),
});

export type MeshConfigResult =
  | { readonly ok: true; readonly options: Partial<MeshOptions> }
  | { readonly ok: false; readonly error: string };

export function readMeshConfig(text: string, file: string): MeshConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const p = lineCounter.linePos(syntax.pos[0]);
    return {
      ok: false,
      error: `${file}:${p.line}:${p.col}: YAML syntax error: ${syntax.message.split('\n')[0] ?? ''}`,
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = meshConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p) => typeof p === 'string' || typeof p === 'number');
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const p = lineCounter.linePos(node?.range?.[0] ?? 0);
    return {
      ok: false,
      error: `${file}:${p.line}:${p.col}: ${path.join('.') || 'MeshConfig'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const config = parsed.data;
  return {
    ok: true,
    options: {
      ...(config.rootNamespace !== undefined ? { rootNamespace: config.rootNamespace } : {}),
      ...(config.enableAutoMtls !== undefined ? { autoMtls: config.enableAutoMtls } : {}),
      ...(config.outboundTrafficPolicy?.mode !== undefined
        ? { outboundTrafficPolicy: config.outboundTrafficPolicy.mode }
        : {}),
    },
  };
}
