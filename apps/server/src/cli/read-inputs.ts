/**
 * Reads the inputs of `meshlens analyze`: files, directories (walked recursively for .yaml,
 * .yml and .json files, in name order) and `-` for stdin. Sizes are checked before reading, so
 * a huge file costs nothing; bytes that are not text are refused. Either failure means the
 * input "could not be read" (exit 2), as opposed to findings in input that was read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestInput } from '@meshlens/mesh-core/validation';
import { decodeManifestBytes } from '@meshlens/mesh-core/config';

const manifestExtensions = ['.yaml', '.yml', '.json'];

export interface ReadInputsResult {
  readonly inputs: ManifestInput[];
  /** One line per input that could not be read. */
  readonly errors: string[];
}

export interface ReadInputsOptions {
  readonly paths: readonly string[];
  readonly maxBytes: number;
  readonly stdin: () => Promise<Buffer>;
}

export async function readInputs(options: ReadInputsOptions): Promise<ReadInputsResult> {
  const inputs: ManifestInput[] = [];
  const errors: string[] = [];
  const addBytes = (file: string, bytes: Uint8Array): void => {
    const decoded = decodeManifestBytes(bytes, file);
    if (decoded.ok) inputs.push({ file, text: decoded.text });
    else errors.push(decoded.finding.message);
  };
  for (const path of options.paths) {
    if (path === '-') {
      const bytes = await options.stdin();
      if (bytes.length > options.maxBytes) errors.push(tooBig('stdin', bytes.length, options.maxBytes));
      else addBytes('-', bytes);
      continue;
    }
    let files: string[];
    try {
      files = await expand(path);
    } catch (error) {
      errors.push(`${path}: ${describeFsError(error)}`);
      continue;
    }
    for (const file of files) {
      try {
        const info = await stat(file);
        if (info.size > options.maxBytes) {
          errors.push(tooBig(file, info.size, options.maxBytes));
          continue;
        }
        addBytes(file, await readFile(file));
      } catch (error) {
        errors.push(`${file}: ${describeFsError(error)}`);
      }
    }
  }
  return { inputs, errors };
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await expand(full)));
    else if (manifestExtensions.some((ext) => entry.name.endsWith(ext))) out.push(full);
  }
  return out;
}

function tooBig(file: string, size: number, max: number): string {
  return `${file}: ${size} bytes is over the limit of ${max} bytes (--max-bytes)`;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
