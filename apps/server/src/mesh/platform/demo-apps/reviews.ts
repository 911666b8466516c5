/**
 * Bookinfo's reviews service, after LibertyRestEndpoint.java (samples/bookinfo/src/reviews in
 * istio/istio), built as Istio builds its three images:
 * - v1: ratings disabled, so reviews carry no `rating`;
 * - v2: calls ratings, black stars;
 * - v3: calls ratings, red stars.
 * With ratings enabled, a failed ratings call (no answer, a status other than 200, or no rating for
 * a reviewer) gives that review `"rating": {"error": "Ratings service is currently unavailable"}`
 * and the reviews still answer 200. The ratings timeout is Istio's hard-coded one: 10 s for black
 * stars, 2.5 s otherwise. `id` is a string and `clustername` the text `null` when not set, as the
 * Java code writes them.
 */
import type { DemoAppHandler, DemoRequest, DemoResponse } from './handler.ts';
import { jsonResponse, notFound } from './handler.ts';
import { REVIEWS_FORWARDED_HEADERS, pickHeaders } from './headers.ts';
import { callUpstream, parseJson } from './upstream.ts';
import type { UpstreamRoutes } from './upstream.ts';

const RATINGS_UNAVAILABLE = 'Ratings service is currently unavailable';
const REVIEWS = [
  {
    reviewer: 'Reviewer1',
    text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
  },
  {
    reviewer: 'Reviewer2',
    text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
  },
] as const;

export interface ReviewsOptions {
  readonly version: string;
  readonly routes: UpstreamRoutes;
  /** `HOSTNAME` in Istio's pods: shown on the page as "Reviews served by". */
  readonly podName: string;
  /** `CLUSTER_NAME`; unset is written as the text `null`. */
  readonly clusterName?: string | undefined;
}

interface Flavour {
  readonly ratingsEnabled: boolean;
  readonly starColor: string;
}

function flavour(version: string): Flavour {
  switch (version) {
    case 'v2':
      return { ratingsEnabled: true, starColor: 'black' };
    case 'v3':
      return { ratingsEnabled: true, starColor: 'red' };
    default:
      return { ratingsEnabled: false, starColor: 'black' };
  }
}

/** JAX-RS `@PathParam int`: what `Integer.parseInt` accepts, else the route does not match (404). */
function javaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : undefined;
}

/** A reviewer's stars from the ratings answer, or -1 (LibertyRestEndpoint's "no rating"). */
function stars(ratings: unknown, reviewer: string): number {
  if (typeof ratings !== 'object' || ratings === null || !('ratings' in ratings)) return -1;
  const byReviewer: unknown = ratings.ratings;
  if (typeof byReviewer !== 'object' || byReviewer === null || !(reviewer in byReviewer)) return -1;
  const value: unknown = (byReviewer as Record<string, unknown>)[reviewer];
  return typeof value === 'number' && Number.isInteger(value) ? value : -1;
}

export function createReviews(options: ReviewsOptions): DemoAppHandler {
  const { ratingsEnabled, starColor } = flavour(options.version);
  const ratingsTimeoutMs = starColor === 'black' ? 10_000 : 2_500;

  const fetchRatings = async (productId: string, request: DemoRequest): Promise<unknown> => {
    const result = await callUpstream(options.routes, {
      service: 'ratings',
      path: `/ratings/${productId}`,
      headers: { ...pickHeaders(request.headers, REVIEWS_FORWARDED_HEADERS), accept: 'application/json' },
      timeoutMs: ratingsTimeoutMs,
    });
    return result.ok && result.status === 200 ? parseJson(result.body) : undefined;
  };

  return {
    async handle(request: DemoRequest): Promise<DemoResponse> {
      if (request.method === 'GET' && request.path === '/health') {
        return jsonResponse(200, { status: 'Reviews is healthy' });
      }
      const route = /^\/reviews\/([^/]+)$/.exec(request.path);
      const productId = route && request.method === 'GET' ? javaInt(route[1] ?? '') : undefined;
      if (productId === undefined) return notFound();
      const id = String(productId);
      const ratings = ratingsEnabled ? await fetchRatings(id, request) : undefined;
      return jsonResponse(200, {
        id,
        podname: options.podName,
        clustername: options.clusterName ?? 'null',
        reviews: REVIEWS.map((review) => {
          if (!ratingsEnabled) return { ...review };
          const count = stars(ratings, review.reviewer);
          return {
            ...review,
            rating: count === -1 ? { error: RATINGS_UNAVAILABLE } : { stars: count, color: starColor },
          };
        }),
      });
    },
  };
}
