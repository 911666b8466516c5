import { describe, expect, it } from 'vitest';
import { RequestHealthAccumulator, healthResponseCode, totalRequestRate } from './requests.ts';

const sample = (reporter: string, code: string, value: number) => ({
  metric: { reporter, request_protocol: 'http', response_code: code },
  value,
});

describe('RequestHealthAccumulator', () => {
  it('combines both proxies’ reports of inbound requests without counting them twice', () => {
    const acc = new RequestHealthAccumulator();
    acc.addInbound(sample('source', '200', 9));
    acc.addInbound(sample('destination', '200', 8.9));
    acc.addInbound(sample('source', '503', 1));
    acc.addInbound(sample('destination', '500', 0.3));
    acc.addInbound(sample('destination', '503', 1.5));
    expect(acc.build().inbound).toEqual({ http: { '200': 9, '503': 1.5, '500': 0.3 } });
  });

  it('counts outbound requests from the client’s reports only', () => {
    const acc = new RequestHealthAccumulator();
    acc.addOutbound(sample('source', '200', 4));
    acc.addOutbound(sample('destination', '200', 4));
    const built = acc.build({ 'health.kiali.io/rate': '5XX,1,2,http,.*' });
    expect(built).toEqual({
      inbound: {},
      outbound: { http: { '200': 4 } },
      healthAnnotations: { 'health.kiali.io/rate': '5XX,1,2,http,.*' },
    });
    expect(totalRequestRate(built)).toBe(4);
  });
});

describe('healthResponseCode', () => {
  it.each([
    [{ request_protocol: 'http', response_code: '200' }, '200'],
    [{ request_protocol: 'http', response_code: '0' }, '-'],
    [{ request_protocol: 'grpc', response_code: '200', grpc_response_status: '14' }, '14'],
    [{ request_protocol: 'grpc', response_code: '200' }, '200'],
    [{ request_protocol: 'grpc', response_code: '0', grpc_response_status: '14' }, '-'],
  ])('%j counts as %s', (labels, code) => {
    expect(healthResponseCode(labels)).toBe(code);
  });
});
