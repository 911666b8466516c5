export * from './config/index.ts';
export * from './validation/index.ts';
