/**
 * Which container images name a built-in demo app: Istio's Bookinfo images
 * (`docker.io/istio/examples-bookinfo-<app>-<version>:<tag>`, also published as
 * `registry.istio.io/release/…`, and pushed to any hub by samples/bookinfo/src/docker-bake.hcl),
 * recognised by their repository's last path segment whatever the registry, namespace, tag or digest.
 */
import { DEMO_APPS, isDemoAppVersion } from './apps.ts';
import type { DemoAppName } from './apps.ts';

export interface DemoAppImage {
  readonly app: DemoAppName;
  readonly version: string;
}

export type ImageDescription =
  | ({ readonly kind: 'demo' } & DemoAppImage)
  /** One of Bookinfo's images that Meshlens cannot run in-house, and why. */
  | { readonly kind: 'unsupported'; readonly reason: string };

const PREFIX = 'examples-bookinfo-';

/** Bookinfo images that need something a local demo does not have. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  mongodb: 'examples-bookinfo-mongodb is a MongoDB database (TCP), not an HTTP demo app',
  mysqldb: 'examples-bookinfo-mysqldb is a MySQL database (TCP), not an HTTP demo app',
  'ratings-v2': 'ratings v2 reads its ratings from MongoDB or MySQL, which the demo does not run',
  'ratings-v2-mysql': 'ratings v2 (MySQL) reads its ratings from MySQL, which the demo does not run',
  'ratings-v2-mysql-vm':
    'ratings v2 (MySQL on a VM) reads its ratings from MySQL, which the demo does not run',
  'details-v2': 'details v2 fetches the book from www.googleapis.com, which the demo does not reach',
};

/** The repository name of an image reference, without registry, namespace, tag or digest. */
function repositoryName(image: string): string {
  const withoutDigest = image.trim().split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const name = withoutDigest.slice(lastSlash + 1);
  const colon = name.indexOf(':');
  return (colon === -1 ? name : name.slice(0, colon)).toLowerCase();
}

/** What an image is to Meshlens: a demo app it runs, a Bookinfo image it cannot run, or neither. */
export function describeImage(image: string): ImageDescription | undefined {
  const name = repositoryName(image);
  if (!name.startsWith(PREFIX)) return undefined;
  const rest = name.slice(PREFIX.length);
  const unsupported = UNSUPPORTED[rest];
  if (unsupported !== undefined) return { kind: 'unsupported', reason: unsupported };
  for (const app of DEMO_APPS) {
    if (!rest.startsWith(`${app}-`)) continue;
    const version = rest.slice(app.length + 1);
    if (isDemoAppVersion(app, version)) return { kind: 'demo', app, version };
    return { kind: 'unsupported', reason: `Bookinfo's ${app} has no version "${version}" the demo can run` };
  }
  return { kind: 'unsupported', reason: `${name} is not one of Bookinfo's apps` };
}

/** The built-in demo app an image names, if it names one. */
export function demoAppForImage(image: string): DemoAppImage | undefined {
  const description = describeImage(image);
  return description?.kind === 'demo' ? { app: description.app, version: description.version } : undefined;
}
