/**
 * Istio's fault injection (Envoy's fault filter with the route's `fault`), on the client's proxy
 * before the request is routed upstream: a delay holds the request for `fixedDelay` (flag DI) and
 * lets it go on; an abort answers it with the configured status and `fault filter abort` (flag
 * FI). Each applies to its own share of requests; with both, the delay comes first.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Fault } from '@meshlens/mesh-core/routing';
import { localReply } from '@meshlens/mesh-core/telemetry';
import type { LocalReply } from '@meshlens/mesh-core/telemetry';
import type { Exchange } from './exchange.ts';
import { sendLocalReply } from './local-replies.ts';

const aborts = new Map<number, LocalReply>();

function abortReply(status: number): LocalReply {
  let reply = aborts.get(status);
  if (reply === undefined) {
    reply = localReply({ reason: 'fault_abort', status });
    aborts.set(status, reply);
  }
  return reply;
}

function selected(percent: number, random: () => number): boolean {
  return percent >= 100 || random() * 100 < percent;
}

/**
 * Applies `fault` to the request (an abort's reply carries `replyHeaders`); `proceed` runs when the request goes on (at once, or after the
 * delay), and not at all when the fault answered it or the client left while it was held.
 */
export function injectFault(
  x: Exchange,
  res: ServerResponse,
  fault: Fault,
  replyHeaders: OutgoingHttpHeaders | undefined,
  proceed: () => void,
  random: () => number = Math.random,
): void {
  const abort = fault.abort && selected(fault.abort.percent, random) ? fault.abort : undefined;
  const finish = (): void => {
    if (abort) {
      sendLocalReply(x, res, abortReply(abort.httpStatus), replyHeaders);
      return;
    }
    proceed();
  };
  const delay = fault.delay;
  if (!delay || delay.fixedDelayMs <= 0 || !selected(delay.percent, random)) {
    finish();
    return;
  }
  x.addFlag('DI');
  const timer = setTimeout(() => {
    res.off('close', cancel);
    if (!res.destroyed) finish();
  }, delay.fixedDelayMs);
  // Prepended: the exchange reports itself on this same event and must see the flag.
  const cancel = (): void => {
    clearTimeout(timer);
    x.addFlag('DC');
    x.details ??= 'downstream_remote_disconnect';
  };
  res.prependOnceListener('close', cancel);
}
