/**
 * Server-side TLS settings (Gateway servers, Sidecar ingress listeners): Istio's
 * `validateTLSOptions`. Each mode needs its own certificate source (a credential, a
 * certificate/key pair, or `tlsCertificates`), and only one source may be given.
 */
import type { GatewaySpec } from '../istio-types.gen.ts';
import type { Path } from '../path.ts';
import type { Report } from './report.ts';

export type ServerTls = NonNullable<NonNullable<GatewaySpec['servers']>[number]['tls']>;

// BoringSSL's cipher names (Istio's security.ValidCipherSuites).
const cipherSuites: ReadonlySet<string> = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
]);
const alphanumeric = /^[A-Za-z0-9]/;

function isValidCipherSuite(cs: string): boolean {
  // Expressions with operators (`-AES128`, `+…`, `!…`) are passed to BoringSSL as written.
  return cs === '' || cs === 'ALL' || !alphanumeric.test(cs) || cipherSuites.has(cs);
}

export function checkServerTls(report: Report, path: Path, tls: ServerTls): void {
  if (
    (tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') &&
    (tls.cipherSuites ?? []).length === 0
  ) {
    report.fieldWarning(
      [...path, 'minProtocolVersion'],
      'below TLSV1_2 requires setting compatible cipherSuites, as the defaults no longer include any',
    );
  }
  const seen = new Set<string>();
  (tls.cipherSuites ?? []).forEach((cs, i) => {
    const at = [...path, 'cipherSuites', i];
    if (!isValidCipherSuite(cs))
      report.fieldWarning(at, `${JSON.stringify(cs)} is not a valid cipher suite and will be ignored`);
    else if (seen.has(cs)) report.fieldWarning(at, `repeats ${JSON.stringify(cs)}, which will be ignored`);
    else seen.add(cs);
  });

  const mode = tls.mode ?? 'PASSTHROUGH';
  const certs = tls.tlsCertificates ?? [];
  const credentialNames = tls.credentialNames ?? [];
  if (mode === 'ISTIO_MUTUAL') {
    // The workload certificate is used: any other source is a mistake.
    const forbidden = [
      ['serverCertificate', tls.serverCertificate],
      ['privateKey', tls.privateKey],
      ['caCertificates', tls.caCertificates],
      ['credentialName', tls.credentialName],
    ] as const;
    for (const [field, value] of forbidden)
      if (value) report.field([...path, field], 'cannot be set with mode ISTIO_MUTUAL');
    if (certs.length > 0) report.field([...path, 'tlsCertificates'], 'cannot be set with mode ISTIO_MUTUAL');
    if (credentialNames.length > 0)
      report.field([...path, 'credentialNames'], 'cannot be set with mode ISTIO_MUTUAL');
    return;
  }
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    if (
      tls.caCrl ||
      tls.serverCertificate ||
      tls.privateKey ||
      tls.caCertificates ||
      certs.length > 0 ||
      tls.credentialName ||
      credentialNames.length > 0
    ) {
      report.fieldWarning([...path, 'mode'], `${mode} does not use certificates, they will be ignored`);
    }
  }
  const sources =
    (tls.serverCertificate && tls.privateKey ? 1 : 0) +
    (tls.credentialName ? 1 : 0) +
    (credentialNames.length > 0 ? 1 : 0) +
    (certs.length > 0 ? 1 : 0);
  if (sources > 1)
    report.field(
      path,
      'can set only one of credentialName, credentialNames, serverCertificate/privateKey or tlsCertificates',
    );

  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  // Credentials fetched by name (SDS) carry the key, certificate and CA themselves.
  if (terminating && (tls.credentialName || credentialNames.length > 0)) return;
  if (terminating) {
    const label = mode === 'SIMPLE' ? 'SIMPLE' : 'MUTUAL';
    if (mode !== 'SIMPLE' && !tls.caCertificates)
      report.field([...path, 'caCertificates'], `is required for ${mode} TLS (or set credentialName)`);
    if (certs.length > 2)
      report.fieldWarning(
        [...path, 'tlsCertificates'],
        `${label} TLS can support up to 2 server certificates`,
      );
    if (certs.length > 0) {
      certs.forEach((c, i) => {
        if (!c.serverCertificate)
          report.field([...path, 'tlsCertificates', i, 'serverCertificate'], `is required for ${mode} TLS`);
        if (!c.privateKey)
          report.field([...path, 'tlsCertificates', i, 'privateKey'], `is required for ${mode} TLS`);
      });
    } else {
      if (!tls.serverCertificate)
        report.field([...path, 'serverCertificate'], `is required for ${mode} TLS (or set credentialName)`);
      if (!tls.privateKey)
        report.field([...path, 'privateKey'], `is required for ${mode} TLS (or set credentialName)`);
    }
  }
  if (tls.caCrl) {
    if (tls.credentialName)
      report.field([...path, 'caCrl'], 'is not supported with credentialName: put the CRL in the credential');
    if (mode === 'SIMPLE') report.field([...path, 'caCrl'], 'is not supported with SIMPLE TLS');
  }
}
