export * from './snapshot.ts';
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
