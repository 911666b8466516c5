/**
 * The console's inventory pages (Kiali's namespaces, apps, workloads and services lists and
 * details, mTLS status, Istio config references and object validations), computed from a plain
 * `InventoryMesh`, with the wire schemas the server answers with.
 */
export * from './model.ts';
export * from './wire.ts';
export * from './mtls.ts';
export * from './references.ts';
export * from './validations.ts';
export * from './pods.ts';
export * from './service-json.ts';
export * from './namespaces.ts';
export * from './workloads.ts';
export * from './services.ts';
export * from './apps.ts';
