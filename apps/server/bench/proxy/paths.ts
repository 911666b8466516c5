/** Where things are, and how to run one of this directory's scripts as its own Node process. */
import { fileURLToPath } from 'node:url';

export const repoRoot: string = fileURLToPath(new URL('../../../../', import.meta.url));

/** `node --import tsx <this directory>/<script>`: command and arguments, run from `repoRoot`. */
export function nodeScript(
  script: string,
  args: readonly string[] = [],
): { command: string; args: string[] } {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  return { command: process.execPath, args: ['--import', 'tsx', path, ...args] };
}
