/**
 * The Istio Config list (`/istio`), an object's details with the validating editor and its
 * history (Kiali's `/namespaces/:namespace/istio/:group/:version/:kind/:object`), create from a
 * template (`/istio/new/:group/:version/:kind`), and the queries and paths other features use.
 */

export { istioConfigQuery, validationSummaryQuery } from './queries.ts';
export { istioNewPagePath, istioObjectPagePath } from './editor/url.ts';
export { validationSnapshotQuery } from './editor/queries.ts';
export { routes } from './routes.ts';
