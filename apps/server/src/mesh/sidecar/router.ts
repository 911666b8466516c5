/**
 * The router filter's upstream work for one request, with Envoy's semantics: the route's timeout
 * over the whole exchange, tries against the cluster's circuit breakers, each try's outcome told
 * to outlier detection, and retries by the route's policy to endpoints not tried before, after a
 * jittered back-off. Failures end in the local reply Envoy sends, from telemetry's one table.
 *
 * - Route timeout: 504 `upstream request timeout`, UT; once the response has begun, the
 *   downstream stream is reset instead (still UT).
 * - Overflow of a circuit breaker: 503 `…reset reason: overflow`, UO, `x-envoy-overloaded: true`;
 *   never retried and never counted by outlier detection.
 * - Retries exhausted: the last response passes through, or the last failure is answered with
 *   `…retried and the latest reset reason: …`; either way URX.
 * - No endpoint left (all ejected): 503 `no healthy upstream`, UH.
 */
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { localReply } from '@meshlens/mesh-core/telemetry';
import type { Exchange } from './exchange.ts';
import type { EndpointRuntime } from './load-balancer.ts';
import { sendLocalReply } from './local-replies.ts';
import { RequestBody } from './request-body.ts';
import { backoffMs, retriableFailure, retriableResponse, retriableTimeout } from './retry-policy.ts';
import type { CompiledRetryPolicy } from './retry-policy.ts';
import { resetReply, upstreamFailure } from './upstream.ts';
import { bodyless, connectTimeout, passResponse } from './upstream-try.ts';
import type { ForwardPlan, Try } from './upstream-try.ts';

export type { ForwardPlan } from './upstream-try.ts';

const noHealthyUpstream = localReply({ reason: 'no_healthy_upstream' });
const timeoutReply = localReply({ reason: 'upstream_request_timeout' });
const overflowReply = localReply({ reason: 'upstream_reset_before_headers', resetReason: 'overflow' });
const overloaded: OutgoingHttpHeaders = Object.freeze({ 'x-envoy-overloaded': 'true' });
const invalidHeader = localReply({ reason: 'bad_request', codecDetails: 'http1.invalid_characters' });

export class UpstreamCall {
  #attempt = 0;
  #tried: Set<string> | undefined;
  #current: Try | undefined;
  #body: RequestBody | undefined;
  #globalTimer: NodeJS.Timeout | undefined;
  #backoffTimer: NodeJS.Timeout | undefined;
  /** Response headers sent downstream, or a local reply written: no more retries. */
  #committed = false;
  #done = false;
  #startedAt = 0;

  constructor(
    private readonly x: Exchange,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly headers: OutgoingHttpHeaders,
    private readonly plan: ForwardPlan,
  ) {}

  /** The request body, shared with mirrors; undefined for a request without one. */
  get body(): RequestBody | undefined {
    return this.#body;
  }

  start(): void {
    const { plan, headers } = this;
    this.#startedAt = performance.now();
    if (!bodyless(this.req, headers))
      this.#body = new RequestBody(this.req, (n) => (this.x.requestBytes += n));
    const expected =
      plan.retry && plan.retry.perTryTimeoutMs > 0 ? plan.retry.perTryTimeoutMs : plan.timeoutMs;
    if (expected > 0) headers['x-envoy-expected-rq-timeout-ms'] = String(expected);
    if (plan.timeoutMs > 0)
      this.#globalTimer = setTimeout(() => {
        this.#onGlobalTimeout();
      }, plan.timeoutMs);
    // The client went away before the answer was complete: Envoy resets the upstream stream (DC).
    // Prepended: the exchange reports itself on this same event and must see the flag. Not when the
    // proxy itself reset the client's stream (UC after the upstream reset, UT after a timeout).
    this.res.prependListener('close', () => {
      if (!this.res.writableFinished && !this.x.flags.includes('UC') && !this.x.flags.includes('UT')) {
        this.x.addFlag('DC');
        if (this.x.details === undefined) this.x.details = 'downstream_remote_disconnect';
      }
      this.#abandonCurrent();
      this.#end();
    });
    this.#startTry();
  }

  #startTry(): void {
    const { x, plan } = this;
    this.#attempt++;
    let host: string;
    let port: number;
    let endpoint: EndpointRuntime | undefined;
    if (plan.passthrough) {
      ({ host, port } = plan.passthrough);
    } else {
      endpoint = plan.cluster.pick(plan.hash, this.#tried, plan.retry?.hostSelectionRetryMaxAttempts ?? 0);
      if (!endpoint) {
        this.#reply(noHealthyUpstream, undefined);
        return;
      }
      ({ host, port } = endpoint);
      x.upstreamHost = endpoint.address;
      if (
        x.binding.role !== 'inbound' &&
        (x.destinationKey === '' || x.destinationKey.startsWith('endpoint:'))
      ) {
        // Until the response brings the server's own metadata, the endpoint's is the best known.
        const e = endpoint.endpoint;
        x.destination = {
          name: `${e.workload}-${e.replica}`,
          namespace: e.namespace,
          workloadName: e.workload,
          clusterId: x.runtime.identity.metadata.clusterId,
          serviceAccount: '',
          labels: e.labels,
        };
        x.destinationKey = `endpoint:${e.namespace}/${e.workload}`;
      }
    }
    const resilience = plan.cluster.resilience;
    if (!resilience.breakers.admitRequest()) {
      this.#reply(overflowReply, overloaded);
      return;
    }
    // Istio's outbound and gateway virtual hosts set include_request_attempt_count; its inbound
    // ones do not, so the application sees the client's count.
    if (x.binding.role !== 'inbound') this.headers['x-envoy-attempt-count'] = String(this.#attempt);
    this.#send(host, port, endpoint, this.#attempt > 1);
  }

  #send(
    host: string,
    port: number,
    endpoint: EndpointRuntime | undefined,
    isRetry: boolean,
    resent = false,
  ): void {
    const { x, plan } = this;
    let upReq: ClientRequest;
    try {
      upReq = request({
        host,
        port,
        method: x.method,
        path: x.path,
        headers: this.headers,
        agent: plan.cluster.resilience.agent,
        setHost: false,
      });
    } catch (e) {
      // Node refuses a header it cannot write (e.g. a control character a route's `set` produced).
      plan.cluster.resilience.breakers.releaseRequest();
      if (isRetry) plan.cluster.resilience.breakers.releaseRetry();
      x.runtime.log.debug('router', `cannot send upstream request: ${(e as Error).message}`);
      this.#reply(invalidHeader, undefined);
      return;
    }
    if (endpoint) {
      endpoint.active++;
      endpoint.total++;
    }
    const t: Try = {
      upReq,
      endpoint,
      address: endpoint?.address ?? `${host}:${port}`,
      isRetry,
      abandoned: false,
      released: false,
      timer: undefined,
      resent,
    };
    this.#current = t;
    const perTry = plan.retry?.perTryTimeoutMs ?? 0;
    if (perTry > 0)
      t.timer = setTimeout(() => {
        this.#onPerTryTimeout(t);
      }, perTry);
    upReq.on('socket', (socket: Socket) => {
      if (x.upstreamLocalAddress === undefined && socket.localPort !== undefined)
        x.upstreamLocalAddress = `${socket.localAddress ?? ''}:${socket.localPort}`;
      if (socket.connecting) connectTimeout(plan.cluster, upReq, socket);
    });
    upReq.on('response', (up) => {
      this.#onResponse(t, up);
    });
    upReq.on('error', (err: NodeJS.ErrnoException) => {
      this.#onTryError(t, err);
    });
    const body = this.#body;
    if (!body) upReq.end();
    else body.attach(upReq, true);
  }

  /** Ends a try's claim on the cluster and endpoint, once. */
  #release(t: Try, error: boolean): void {
    if (t.released) return;
    t.released = true;
    if (t.timer !== undefined) clearTimeout(t.timer);
    const breakers = this.plan.cluster.resilience.breakers;
    breakers.releaseRequest();
    if (t.isRetry) breakers.releaseRetry();
    if (t.endpoint) {
      t.endpoint.active--;
      if (error) t.endpoint.errors++;
    }
  }

  #abandonCurrent(): void {
    const t = this.#current;
    if (t && !t.abandoned) {
      t.abandoned = true;
      this.#release(t, false);
      t.upReq.destroy();
    }
  }

  #onResponse(t: Try, up: IncomingMessage): void {
    if (t.abandoned) {
      up.resume();
      return;
    }
    if (t.timer !== undefined) clearTimeout(t.timer);
    const { x, plan } = this;
    const status = up.statusCode ?? 502;
    plan.cluster.resilience.outlier?.report(t.address, status);
    const retry = plan.retry;
    if (retry && retriableResponse(retry, status, up.headers)) {
      if (this.#canRetry(retry)) {
        // The answer is thrown away; reading it to its end returns the connection to the pool.
        t.abandoned = true;
        up.on('end', () => {
          this.#release(t, false);
        });
        up.on('error', () => {
          this.#release(t, true);
        });
        up.resume();
        this.#scheduleRetry(t, retry);
        return;
      }
    } else if (t.isRetry) plan.cluster.resilience.count('upstream_rq_retry_success');
    this.#committed = true;
    x.upstreamServiceTimeMs = Math.round(performance.now() - this.#startedAt);
    passResponse(x, this.res, up, plan, (failed) => {
      this.#release(t, failed);
      this.#end();
    });
  }

  #onTryError(t: Try, err: NodeJS.ErrnoException): void {
    if (t.abandoned) return;
    const { x, plan } = this;
    if (!t.resent && t.upReq.reusedSocket && err.code === 'ECONNRESET' && (this.#body?.replayable ?? true)) {
      // The keep-alive connection was closed by the upstream just as it was reused: sent once more
      // on a fresh connection, keeping the try's place in the cluster's limits.
      this.#body?.detach(t.upReq);
      t.abandoned = true;
      t.released = true;
      if (t.timer !== undefined) clearTimeout(t.timer);
      if (t.endpoint) t.endpoint.active--;
      this.#send(
        t.endpoint?.host ?? t.address.slice(0, t.address.lastIndexOf(':')),
        Number(t.address.slice(t.address.lastIndexOf(':') + 1)),
        t.endpoint,
        t.isRetry,
        true,
      );
      return;
    }
    this.#body?.detach(t.upReq);
    t.abandoned = true;
    this.#release(t, true);
    const failure = upstreamFailure(err);
    const connectFailure =
      failure.reason === 'remote connection failure' ||
      failure.reason === 'local connection failure' ||
      failure.reason === 'connection timeout';
    if (connectFailure) x.runtime.proxyMetrics.countUpstreamConnectFailure(x.upstreamCluster ?? '');
    plan.cluster.resilience.outlier?.report(t.address, connectFailure ? 'connect-failure' : 'reset');
    x.runtime.log.debug('upstream', `${x.upstreamCluster ?? ''} ${t.address}: ${err.message}`);
    const retry = plan.retry;
    if (retry && retriableFailure(retry, connectFailure) && this.#canRetry(retry)) {
      this.#scheduleRetry(t, retry);
      return;
    }
    x.transportFailureReason = failure.transportFailureReason;
    this.#reply(resetReply(failure.reason, failure.transportFailureReason, this.#attempt > 1), undefined);
  }

  #onPerTryTimeout(t: Try): void {
    if (t.abandoned) return;
    t.timer = undefined;
    const { plan } = this;
    this.#body?.detach(t.upReq);
    t.abandoned = true;
    this.#release(t, true);
    t.upReq.destroy();
    plan.cluster.resilience.count('upstream_rq_per_try_timeout');
    plan.cluster.resilience.outlier?.report(t.address, 'timeout');
    const retry = plan.retry;
    if (retry && retriableTimeout(retry) && this.#canRetry(retry)) {
      this.#scheduleRetry(t, retry);
      return;
    }
    this.#reply(timeoutReply, undefined);
  }

  #onGlobalTimeout(): void {
    this.#globalTimer = undefined;
    if (this.#done) return;
    const { x, plan } = this;
    plan.cluster.resilience.count('upstream_rq_timeout');
    const t = this.#current;
    if (t && !t.abandoned) plan.cluster.resilience.outlier?.report(t.address, 'timeout');
    if (this.#committed) {
      // The response has begun: Envoy can only reset the stream.
      x.addFlag('UT');
      x.details = 'response_timeout';
      this.#abandonCurrent();
      this.#end();
      this.res.destroy();
      return;
    }
    this.#abandonCurrent();
    this.#reply(timeoutReply, undefined);
  }

  /**
   * Whether another try may start: retries left (else URX), the body still replayable, and the
   * cluster's retry budget open (else UO: Envoy's retry overflow).
   */
  #canRetry(retry: CompiledRetryPolicy): boolean {
    const resilience = this.plan.cluster.resilience;
    if (this.#done) return false;
    if (this.#attempt > retry.retries) {
      if (retry.retries > 0) {
        this.x.addFlag('URX');
        resilience.count('upstream_rq_retry_limit_exceeded');
      }
      return false;
    }
    if (this.#body && !this.#body.replayable) return false;
    if (!resilience.breakers.admitRetry()) {
      this.x.addFlag('UO');
      resilience.count('upstream_rq_retry_overflow');
      return false;
    }
    return true;
  }

  #scheduleRetry(t: Try, retry: CompiledRetryPolicy): void {
    this.plan.cluster.resilience.count('upstream_rq_retry');
    (this.#tried ??= new Set()).add(t.address);
    this.#current = undefined;
    this.#backoffTimer = setTimeout(
      () => {
        this.#backoffTimer = undefined;
        if (this.#done) {
          this.plan.cluster.resilience.breakers.releaseRetry();
          return;
        }
        this.#startTry();
      },
      backoffMs(retry, this.#attempt),
    );
  }

  #reply(reply: Parameters<typeof sendLocalReply>[2], extra: OutgoingHttpHeaders | undefined): void {
    if (this.#done) return;
    this.#committed = true;
    this.#end();
    const cors = this.plan.responseHeadersToAdd;
    sendLocalReply(this.x, this.res, reply, cors ? { ...extra, ...cors } : extra);
  }

  /** Clears the call's timers; a retry not yet started gives back its budget. */
  #end(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#globalTimer !== undefined) clearTimeout(this.#globalTimer);
    if (this.#backoffTimer !== undefined) {
      clearTimeout(this.#backoffTimer);
      this.plan.cluster.resilience.breakers.releaseRetry();
    }
  }
}
