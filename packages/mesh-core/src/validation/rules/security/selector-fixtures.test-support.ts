/** YAML builders for the selector rules' tests: one object of each selector-bearing kind. */
export type SelectorTestKind =
  'AuthorizationPolicy' | 'PeerAuthentication' | 'RequestAuthentication' | 'Sidecar';

export function selectorObject(options: {
  kind: SelectorTestKind;
  name: string;
  namespace: string;
  labels?: Readonly<Record<string, string>>;
}): string {
  const { kind, name, namespace, labels } = options;
  const entries = Object.entries(labels ?? {});
  const labelYaml = entries.map(([k, v]) => `      ${k}: ${v}`).join('\n');
  const selector =
    labels === undefined
      ? ''
      : kind === 'Sidecar'
        ? `  workloadSelector:\n    labels:${entries.length === 0 ? ' {}' : `\n${labelYaml}`}\n`
        : `  selector:\n    matchLabels:${entries.length === 0 ? ' {}' : `\n${labelYaml}`}\n`;
  const body: Record<SelectorTestKind, string> = {
    AuthorizationPolicy: '  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["DELETE"]\n',
    PeerAuthentication: '  mtls:\n    mode: STRICT\n',
    RequestAuthentication: '  jwtRules:\n  - issuer: issuer.example.com\n',
    Sidecar: '  egress:\n  - hosts: ["./*"]\n',
  };
  const group = kind === 'Sidecar' ? 'networking' : 'security';
  return `apiVersion: ${group}.istio.io/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${selector}${body[kind]}---
`;
}
