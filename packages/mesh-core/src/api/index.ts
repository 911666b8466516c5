/**
 * The console API's request and response schemas, shared by the server and the web console,
 * and the endpoint descriptions the OpenAPI document is generated from.
 */
export * from './endpoint.ts';
