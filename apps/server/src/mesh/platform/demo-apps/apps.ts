/**
 * The demo apps Meshlens runs itself: Istio's Bookinfo services, rewritten in TypeScript with the
 * behaviour of Istio's originals (samples/bookinfo/src in istio/istio), one app per service and
 * the versions of Istio's published images.
 */
export const DEMO_APPS = ['productpage', 'details', 'reviews', 'ratings'] as const;
export type DemoAppName = (typeof DEMO_APPS)[number];

/**
 * The versions each app can run as, named as Istio's images name them
 * (`examples-bookinfo-<app>-<version>`, samples/bookinfo/src/docker-bake.hcl). The first is the default.
 */
export const DEMO_APP_VERSIONS = {
  productpage: ['v1', 'v-flooding'],
  details: ['v1'],
  reviews: ['v1', 'v2', 'v3'],
  ratings: ['v1', 'v-faulty', 'v-delayed', 'v-unavailable', 'v-unhealthy'],
} as const satisfies Record<DemoAppName, readonly string[]>;

export type DemoAppVersion<A extends DemoAppName = DemoAppName> = (typeof DEMO_APP_VERSIONS)[A][number];

/** The services the apps call, each on Bookinfo's port. */
export const UPSTREAM_SERVICES = ['details', 'reviews', 'ratings'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

/** Every Bookinfo service listens on 9080, and calls the others on it. */
export const BOOKINFO_PORT = 9080;

export function isDemoAppName(value: string): value is DemoAppName {
  return (DEMO_APPS as readonly string[]).includes(value);
}

export function isDemoAppVersion(app: DemoAppName, version: string): boolean {
  return (DEMO_APP_VERSIONS[app] as readonly string[]).includes(version);
}

export function defaultVersion(app: DemoAppName): string {
  return DEMO_APP_VERSIONS[app][0];
}
