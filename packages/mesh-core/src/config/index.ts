export * from './kinds.ts';
export * from './path.ts';
export * from './resource.ts';
export * from './parse.ts';
export * from './kube.ts';
export type * from './istio-types.gen.ts';
export { validateStructure } from './schema/index.ts';
export { validateSemantics } from './semantic/index.ts';
export * from './templates.ts';
