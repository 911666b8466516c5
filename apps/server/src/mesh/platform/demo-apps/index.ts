/** The Bookinfo demo apps: what the local platform and the tests use of them. */
export { BOOKINFO_PORT, DEMO_APPS, DEMO_APP_VERSIONS, UPSTREAM_SERVICES } from './apps.ts';
export type { DemoAppName, UpstreamService } from './apps.ts';
export { demoAppForImage, describeImage } from './images.ts';
export type { DemoAppImage, ImageDescription } from './images.ts';
export { startDemoApp } from './server.ts';
export type { DemoAppOptions, RunningDemoApp } from './server.ts';
export { demoAppArgs, spawnDemoApp } from './process.ts';
export type { DemoAppProcess, SpawnDemoAppOptions } from './process.ts';
export type { HostPort } from './upstream.ts';
