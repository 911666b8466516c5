export * from './snapshot.ts';
export { SnapshotParser, snapshotJson } from './snapshot-parser.ts';
export type { SnapshotCheck } from './snapshot-parser.ts';
export { compileSnapshot, catchAllRouteTable } from './compile.ts';
export type { CompileInput, ProxyIdentity } from './compile.ts';
export { compileRoutes, routeRequest } from './match.ts';
export type {
  CompiledRouteTable,
  CompiledRoutes,
  HeaderOps,
  RoutingReplyReason,
  RouteRequest,
  RouteResult,
} from './match.ts';
/** RE2 (Envoy's regex engine), for the proxy's own matchers outside routing (CORS origins). */
export { compileRe2 } from '../config/semantic/index.ts';
