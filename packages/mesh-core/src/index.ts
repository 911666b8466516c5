export * from './config/index.ts';
export * from './validation/index.ts';
export * from './routing/index.ts';
export * from './telemetry/index.ts';
