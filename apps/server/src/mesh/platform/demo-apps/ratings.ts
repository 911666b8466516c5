/**
 * Bookinfo's ratings service, after samples/bookinfo/src/ratings/ratings.js in istio/istio: in-memory
 * ratings (`{id, ratings: {Reviewer1: 5, Reviewer2: 4}}`), a POST that replaces a product's ratings,
 * and the misbehaving versions Istio publishes for resilience demos:
 * - `v-faulty`: half of the GETs answer 503 `{"error": "Service unavailable"}`;
 * - `v-delayed`: half of the GETs answer after 7 s;
 * - `v-unavailable`: GETs answer 503 for 60 s, then normally for 60 s, and so on;
 * - `v-unhealthy`: the same every 15 minutes, with `/health` answering 500 meanwhile.
 * ratings.js uses httpdispatcher: `/ratings/<anything>` reaches the handler and the product id is
 * `parseInt` of the last path segment, so the same is done here.
 */
import type { DemoAppHandler, DemoRequest, DemoResponse } from './handler.ts';
import { jsonResponse, notFound } from './handler.ts';

const DELAY_MS = 7000;
const UNAVAILABLE_TOGGLE_MS = 60_000;
const UNHEALTHY_TOGGLE_MS = 15 * 60_000;
const RATINGS_ROUTE = /^\/ratings\/[0-9]*/;

interface Ratings {
  readonly id: number;
  readonly ratings: unknown;
}

export interface RatingsOptions {
  readonly version: string;
  /** Decides v-faulty's and v-delayed's coin tosses; `Math.random` by default. */
  readonly random?: () => number;
}

export function createRatings(options: RatingsOptions): DemoAppHandler {
  const random = options.random ?? Math.random;
  const userAdded = new Map<number, Ratings>();
  /** Delayed answers still waiting, each with the way to end it now. */
  const delayed = new Map<NodeJS.Timeout, () => void>();
  const state = { unavailable: false, healthy: true };

  let toggle: NodeJS.Timeout | undefined;
  if (options.version === 'v-unavailable') {
    toggle = setInterval(() => {
      state.unavailable = !state.unavailable;
    }, UNAVAILABLE_TOGGLE_MS);
  } else if (options.version === 'v-unhealthy') {
    toggle = setInterval(() => {
      state.healthy = !state.healthy;
      state.unavailable = !state.unavailable;
    }, UNHEALTHY_TOGGLE_MS);
  }
  toggle?.unref();

  const local = (id: number): Ratings => userAdded.get(id) ?? { id, ratings: { Reviewer1: 5, Reviewer2: 4 } };
  const unavailable = (): DemoResponse => jsonResponse(503, { error: 'Service unavailable' });

  const get = (id: number): Promise<DemoResponse> => {
    switch (options.version) {
      case 'v-faulty':
        return Promise.resolve(random() <= 0.5 ? unavailable() : jsonResponse(200, local(id)));
      case 'v-delayed':
        if (random() > 0.5) return Promise.resolve(jsonResponse(200, local(id)));
        return new Promise((resolve) => {
          const answer = (): void => {
            delayed.delete(timer);
            resolve(jsonResponse(200, local(id)));
          };
          const timer = setTimeout(answer, DELAY_MS);
          delayed.set(timer, answer);
        });
      case 'v-unavailable':
      case 'v-unhealthy':
        return Promise.resolve(state.unavailable ? unavailable() : jsonResponse(200, local(id)));
      default:
        return Promise.resolve(jsonResponse(200, local(id)));
    }
  };

  const post = (id: number, body: string): DemoResponse => {
    let ratings: unknown;
    try {
      ratings = JSON.parse(body) as unknown;
    } catch {
      return jsonResponse(400, { error: 'please provide valid ratings JSON' });
    }
    userAdded.set(id, { id, ratings });
    return jsonResponse(200, local(id));
  };

  return {
    handle(request: DemoRequest): Promise<DemoResponse> {
      if (request.method === 'GET' && request.path === '/health') {
        return Promise.resolve(
          state.healthy
            ? jsonResponse(200, { status: 'Ratings is healthy' })
            : jsonResponse(500, { status: 'Ratings is not healthy' }),
        );
      }
      if (!RATINGS_ROUTE.test(request.url) || (request.method !== 'GET' && request.method !== 'POST')) {
        return Promise.resolve(notFound());
      }
      const id = parseInt(request.url.split('/').pop() ?? '', 10);
      if (Number.isNaN(id))
        return Promise.resolve(jsonResponse(400, { error: 'please provide numeric product ID' }));
      return request.method === 'GET' ? get(id) : Promise.resolve(post(id, request.body));
    },
    close() {
      if (toggle !== undefined) clearInterval(toggle);
      for (const [timer, answer] of delayed) {
        clearTimeout(timer);
        answer();
      }
    },
  };
}
