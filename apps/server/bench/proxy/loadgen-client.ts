/**
 * The parent's side of the load generator: starts it pinned to its core, measures the CPU and
 * memory of the given subjects over exactly the generator's measured window (its `window-start`
 * and `window-end` lines), and returns its result.
 */
import { createInterface } from 'node:readline';
import { loadEventSchema } from './loadgen-protocol.ts';
import type { LoadConfig, LoadResult } from './loadgen-protocol.ts';
import { nodeScript, repoRoot } from './paths.ts';
import { UsageWindow } from './proc-stats.ts';
import type { Subject, WindowUsage } from './proc-stats.ts';
import type { ProcessGroup } from './processes.ts';

export interface LoadRun {
  readonly result: LoadResult;
  /** One entry per subject, then the load generator itself; and the machine's cores. */
  readonly usage: WindowUsage;
}

export interface RunLoadOptions {
  readonly group: ProcessGroup;
  readonly config: LoadConfig;
  readonly subjects: readonly Subject[];
  readonly cpu: number;
}

export async function runLoad(options: RunLoadOptions): Promise<LoadRun> {
  const { group, config } = options;
  const script = nodeScript('loadgen.ts', [JSON.stringify(config)]);
  const generator = group.start({
    name: `load generator (${config.mode})`,
    ...script,
    cpu: options.cpu,
    stdout: 'pipe',
    cwd: repoRoot,
  });
  const stdout = generator.child.stdout;
  if (!stdout) throw new Error('load generator: stdout is not piped');
  let window: UsageWindow | undefined;
  let usage: WindowUsage | undefined;
  let result: LoadResult | undefined;
  try {
    for await (const line of createInterface({ input: stdout })) {
      const event = loadEventSchema.parse(JSON.parse(line));
      switch (event.type) {
        case 'window-start':
          window = new UsageWindow(
            [...options.subjects, { label: 'load generator', pids: [generator.pid] }],
            generator.pid,
          );
          window.start();
          break;
        case 'window-end':
          usage = window?.stop();
          break;
        case 'result':
          result = event;
          break;
        case 'error':
          throw new Error(`load generator: ${event.message}`);
      }
    }
    await generator.exited;
  } finally {
    if (window && !usage) window.stop();
    await group.stop(generator);
  }
  if (!result || !usage) throw new Error(generator.describeExit());
  return { result, usage };
}
