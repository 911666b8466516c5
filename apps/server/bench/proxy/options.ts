/** Command-line options of `npm run bench:proxy`; the defaults are the specification. */
import { parseArgs } from 'node:util';

export const scenarioIds = [
  'direct',
  'sidecars',
  'sidecars-resilience',
  'sidecars-trace-all',
  'nginx',
] as const;
export type ScenarioId = (typeof scenarioIds)[number];

export interface BenchOptions {
  readonly rate: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly saturationSeconds: number;
  readonly rounds: number;
  readonly scenarios: readonly ScenarioId[];
  readonly json: string | undefined;
  readonly cpuProfileDir: string | undefined;
  readonly quietWaitSeconds: number;
  readonly retries: number;
}

export const usage = `Usage: npm run bench:proxy -- [options]

Latency, saturation and cost of the Meshlens sidecar hop against direct and an nginx chain.

  --duration <s>      measured window at the fixed rate, per run (default 30; the spec asks >= 30)
  --warmup <s>        warm-up before each window (default 5)
  --saturation <s>    closed-loop saturation window per run, 0 to skip (default 10)
  --rounds <n>        rounds of the alternated scenarios (default 2)
  --rate <rps>        fixed request rate (default 1000)
  --connections <n>   keep-alive connections of the load generator (default 16)
  --scenarios <list>  comma-separated, run in this order each round
                      (default ${scenarioIds.join(',')})
  --quiet-wait <s>    before each run, wait up to this long for other work on the machine to
                      stop (default 30; 0 to start at once)
  --retries <n>       run a scenario again when other work disturbed it, up to n times (default 1)
  --json <file>       also write every figure as JSON
  --cpu-prof <dir>    run the sidecars under node --cpu-prof and summarise where their CPU goes
                      (profiling slows them: use for a separate run, not for the figures)
  -h, --help          this text

Quick check: npm run bench:proxy -- --duration 5 --warmup 2 --saturation 3 --rounds 1`;

function numberOption(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || !check(n))
    throw new Error(`--${name}: invalid value ${JSON.stringify(raw)}`);
  return n;
}

function isScenarioId(value: string): value is ScenarioId {
  return (scenarioIds as readonly string[]).includes(value);
}

/** Parsed options, or null when help was asked for. Throws naming the bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      saturation: { type: 'string' },
      rounds: { type: 'string' },
      rate: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      json: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'quiet-wait': { type: 'string' },
      retries: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const scenarios = (values.scenarios ?? scenarioIds.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of scenarios)
    if (!isScenarioId(s))
      throw new Error(`--scenarios: unknown scenario "${s}" (known: ${scenarioIds.join(', ')})`);
  if (scenarios.length === 0) throw new Error('--scenarios: name at least one scenario');
  const positive = (n: number): boolean => n > 0;
  return {
    rate: numberOption(values, 'rate', 1000, positive),
    connections: numberOption(values, 'connections', 16, (n) => Number.isInteger(n) && n > 0),
    warmupSeconds: numberOption(values, 'warmup', 5, (n) => n >= 0),
    durationSeconds: numberOption(values, 'duration', 30, positive),
    saturationSeconds: numberOption(values, 'saturation', 10, (n) => n >= 0),
    rounds: numberOption(values, 'rounds', 2, (n) => Number.isInteger(n) && n > 0),
    scenarios: scenarios.filter(isScenarioId),
    json: values.json,
    cpuProfileDir: values['cpu-prof'],
    quietWaitSeconds: numberOption(values, 'quiet-wait', 30, (n) => n >= 0),
    retries: numberOption(values, 'retries', 1, (n) => Number.isInteger(n) && n >= 0),
  };
}
