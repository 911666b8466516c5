/**
 * `meshlens analyze <files or dirs…|->`: validates Istio configuration offline, like
 * `istioctl analyze` on files. Kubernetes manifests given alongside feed the registry so host,
 * subset and selector checks work. Exit 0: no errors; 1: errors found; 2: input unreadable.
 */
import { readFile } from 'node:fs/promises';
import { analyzeManifests, readMeshConfig } from '@meshlens/mesh-core/validation';
import type { MeshOptions } from '@meshlens/mesh-core/validation';
import { defaultParseLimits } from '@meshlens/mesh-core/config';
import { countFindings, formatFinding } from './format-findings.ts';
import { readInputs } from './read-inputs.ts';

export const outputFormats = ['text', 'json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface AnalyzeCommandOptions {
  readonly paths: readonly string[];
  readonly output: OutputFormat;
  readonly namespace: string;
  readonly maxBytes: number;
  /** An Istio MeshConfig file (`istioctl analyze --meshConfigFile`). */
  readonly meshConfig?: string;
  readonly stdin: () => Promise<Buffer>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const exitCodes = { ok: 0, findings: 1, unreadable: 2 } as const;

export async function runAnalyze(options: AnalyzeCommandOptions): Promise<number> {
  const { inputs, errors } = await readInputs({
    paths: options.paths,
    maxBytes: options.maxBytes,
    stdin: options.stdin,
  });
  let mesh: Partial<MeshOptions> = {};
  if (options.meshConfig !== undefined) {
    const read = await readMeshConfigFile(options.meshConfig);
    if (read.ok) mesh = read.options;
    else errors.push(read.error);
  }
  if (errors.length > 0) {
    for (const e of errors) options.err(`Error: ${e}`);
    return exitCodes.unreadable;
  }
  const result = analyzeManifests(inputs, {
    defaultNamespace: options.namespace,
    limits: { maxBytes: options.maxBytes },
    mesh,
  });
  const counts = countFindings(result.findings);
  if (options.output === 'json') {
    options.out(
      JSON.stringify(
        {
          findings: result.findings,
          summary: {
            files: inputs.length,
            resources: result.resourceCount,
            skipped: result.skipped,
            ...counts,
          },
        },
        null,
        2,
      ),
    );
  } else {
    for (const f of result.findings) options.out(formatFinding(f));
    const what = `${result.resourceCount} resources in ${inputs.length} file${inputs.length === 1 ? '' : 's'}`;
    options.err(
      result.findings.length === 0
        ? `✔ No validation issues found when analyzing ${what}.`
        : `Analyzed ${what}: ${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} info.`,
    );
  }
  return counts.errors > 0 ? exitCodes.findings : exitCodes.ok;
}

export const defaultMaxBytes = defaultParseLimits.maxBytes;

async function readMeshConfigFile(
  file: string,
): Promise<{ ok: true; options: Partial<MeshOptions> } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      error: `--mesh-config ${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}`,
    };
  }
  const read = readMeshConfig(text, file);
  return read.ok ? read : { ok: false, error: `--mesh-config ${read.error}` };
}
