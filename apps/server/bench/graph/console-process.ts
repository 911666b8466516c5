/**
 * Starts the benchmark's console child (`console-child.ts`) with an IPC channel, and talks to it:
 * one request at a time, each answer awaited with a timeout. Stopped by its handle (disconnect,
 * then SIGKILL by pid if it has not exited within 5 s).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest, ChildSetup } from './protocol.ts';

const CHILD = fileURLToPath(new URL('./console-child.ts', import.meta.url));

export interface ConsoleProcess {
  readonly url: string;
  readonly pid: number;
  ask<T extends ChildReply['type']>(
    request: ChildRequest,
    expect: T,
    timeoutMs: number,
  ): Promise<Extract<ChildReply, { type: T }>>;
  stop(): Promise<void>;
}

function nextReply(child: ChildProcess, timeoutMs: number): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the console child answered nothing within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: ChildReply): void => {
      cleanup();
      resolve(m);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the console child exited (code ${code})`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startConsoleProcess(setup: ChildSetup): Promise<ConsoleProcess> {
  const child = fork(CHILD, [JSON.stringify(setup)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = await nextReply(child, 60_000);
    if (ready.type !== 'ready') throw new Error(`the console child said ${JSON.stringify(ready)}`);
    return {
      url: ready.url,
      pid: child.pid ?? -1,
      async ask(request, expect, timeoutMs) {
        const reply = nextReply(child, timeoutMs);
        child.send(request);
        const answer = await reply;
        if (answer.type !== expect)
          throw new Error(`the console child said ${JSON.stringify(answer).slice(0, 300)}`);
        return answer as Extract<ChildReply, { type: typeof expect }>;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
