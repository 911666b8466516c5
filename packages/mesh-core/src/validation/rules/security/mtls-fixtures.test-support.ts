/** YAML builders for the mTLS rules' tests: PeerAuthentications and DestinationRules. */
export function peerAuthentication(options: {
  name: string;
  namespace: string;
  mode?: string;
  app?: string;
}): string {
  const selector = options.app ? `  selector:\n    matchLabels:\n      app: ${options.app}\n` : '';
  const mtls = options.mode === undefined ? '' : `  mtls:\n    mode: ${options.mode}\n`;
  const spec = selector + mtls === '' ? 'spec: {}\n' : `spec:\n${selector}${mtls}`;
  return `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${options.name}
  namespace: ${options.namespace}
${spec}---
`;
}

export function destinationRule(options: {
  name: string;
  namespace: string;
  host: string;
  mode?: string;
  trafficPolicy?: string;
  exportTo?: string;
}): string {
  const policy =
    options.trafficPolicy ??
    (options.mode === undefined ? '' : `  trafficPolicy:\n    tls:\n      mode: ${options.mode}\n`);
  const exportTo = options.exportTo === undefined ? '' : `  exportTo: ${options.exportTo}\n`;
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${options.name}
  namespace: ${options.namespace}
spec:
  host: "${options.host}"
${exportTo}${policy}---
`;
}

/** A MUTUAL DestinationRule: Istio admits MUTUAL only with client credentials. */
export function mutual(host: string): string {
  return destinationRule({
    name: 'mutual',
    namespace: 'istio-system',
    host,
    trafficPolicy:
      '  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      credentialName: client-credential\n',
  });
}
