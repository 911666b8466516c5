/** The template renderer the expectation tests rely on, on the constructs Istio's files use. */
import { describe, expect, it } from 'vitest';
import { istioExpectation, renderTemplate } from './istio-expectations.test-support.ts';

describe('renderTemplate', () => {
  it('substitutes values and follows if / else if / else with Go whitespace trims', () => {
    const t =
      'a: {{ .Vars.N }}\n{{- if .Vars.X }}\nb: x\n{{- else if .Vars.Y }}\nb: y\n{{- else }}\nb: none\n{{- end }}\n';
    expect(renderTemplate(t, { vars: { N: '3', X: '1' } })).toBe('a: 3\nb: x\n');
    expect(renderTemplate(t, { vars: { N: '3', Y: '1' } })).toBe('a: 3\nb: y\n');
    expect(renderTemplate(t, { vars: { N: '3' } })).toBe('a: 3\nb: none\n');
  });

  it('compares with eq and ne', () => {
    const t = '{{ if eq .Vars.A "true" }}yes{{ else }}no{{ end }}/{{ if ne .Vars.B "" }}set{{ end }}';
    expect(renderTemplate(t, { vars: { A: 'true', B: 'v' } })).toBe('yes/set');
    expect(renderTemplate(t, { vars: {} })).toBe('no/');
  });

  it("reads Istio's client_request_total expectation", () => {
    const m = istioExpectation('client_request_total.yaml.tmpl', { vars: { RequestCount: '7' } });
    expect(m.name).toBe('istio_requests_total');
    expect(m.samples[0]?.value).toBe(7);
    expect(m.samples[0]?.labels).toMatchObject({
      reporter: 'source',
      request_protocol: 'http',
      grpc_response_status: '',
    });
  });
});
