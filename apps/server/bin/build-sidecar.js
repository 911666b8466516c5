// Builds the sidecar's single-file bundle (dist/sidecar.mjs) with esbuild when it is missing or
// older than any source it is made from. A sidecar process runs from the bundle with plain
// `node`: a TypeScript loader would cost every proxy in the mesh tens of MB and a slower start.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = join(serverDir, '..', '..');

/**
 * Node flags every sidecar process starts with (heap sizing is fixed when a process starts, so
 * the launcher passes them: the platform, tests, benchmarks). None today: smaller young
 * generations (`--max-semi-space-size=1` or `4`) cut RSS at 1,000 rps by 10-20 MB but cost
 * 0.02-0.04 vCPU and doubled p99 in `npm run bench:proxy`, so V8's defaults stay.
 */
/** @type {readonly string[]} */
export const sidecarNodeFlags = Object.freeze([]);

/** Where the bundle is written. */
export const sidecarBundle = join(serverDir, 'dist', 'sidecar.mjs');

/** @param {string} dir @returns {number} newest mtime (ms) of the .ts files under dir */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** @returns {boolean} whether the bundle is missing or older than its sources */
export function sidecarBundleStale() {
  if (!existsSync(sidecarBundle)) return true;
  const built = statSync(sidecarBundle).mtimeMs;
  const sources = Math.max(
    newest(join(serverDir, 'src')),
    newest(join(repoDir, 'packages', 'mesh-core', 'src')),
    statSync(join(repoDir, 'package-lock.json')).mtimeMs,
  );
  return sources > built;
}

/**
 * Builds the bundle if it is stale.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<string>} the bundle's path
 */
export async function ensureSidecarBundle(options = {}) {
  if (!options.force && !sidecarBundleStale()) return sidecarBundle;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(serverDir, 'src', 'mesh', 'sidecar', 'main.ts')],
    outfile: sidecarBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __meshlensRequire } from 'node:module'; const require = __meshlensRequire(import.meta.url);",
    },
  });
  // Written aside and renamed into place, so a process starting meanwhile never reads half a file.
  mkdirSync(join(serverDir, 'dist'), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  options.log?.(`built ${sidecarBundle}`);
  return sidecarBundle;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureSidecarBundle({
    force: process.argv.includes('--force'),
    log: (l) => {
      console.log(l);
    },
  });
}
