/**
 * What the browser benchmarks (`bench:ui`, `bench:trace-view`, `bench:editor`) share: printing,
 * their integer options, Debian's Chromium launched as the e2e suite launches it, and the
 * closing table of figures.
 */
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';

export const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** `--name`'s value as a positive integer; otherwise says why and exits with status 2. */
export function positiveOption(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    say(`--${name} must be a positive integer, got ${text}`);
    process.exit(2);
  }
  return n;
}

/** Headless Debian Chromium (`/usr/bin/chromium`, installed by scripts/setup.sh), never a download. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Rows of four cells (what, figure, target, verdict), columns padded to their widest cell. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  say();
  for (const r of rows)
    say(
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}
