export * from './catalogue.ts';
export * from './finding.ts';
export * from './context.ts';
export * from './rule.ts';
export * from './suppression.ts';
export { MeshValidator } from './validate.ts';
export * from './analyze.ts';
export * from './mesh-config.ts';
