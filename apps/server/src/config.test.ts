import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './config.ts';

describe('loadServerConfig', () => {
  it('has defaults for everything', () => {
    expect(loadServerConfig({})).toMatchObject({
      dataDir: '.meshlens',
      gatewayPort: 8080,
      traceSampling: 100,
      demo: true,
    });
  });

  it('takes the environment, and flags over it', () => {
    const env = {
      MESHLENS_GATEWAY_PORT: '18080',
      PROMETHEUS_URL: 'http://prom:9090',
      MESHLENS_TRACE_EXPORT_URL: 'http://jaeger:4318/v1/traces',
      MESHLENS_DISCOVERY_PORT: '25012',
      MESHLENS_DEMO: 'false',
    };
    expect(loadServerConfig(env)).toMatchObject({
      gatewayPort: 18080,
      prometheusUrl: 'http://prom:9090',
      traceExportUrl: 'http://jaeger:4318/v1/traces',
      discoveryPort: 25012,
      demo: false,
    });
    expect(loadServerConfig(env, { gatewayPort: '28080' }).gatewayPort).toBe(28080);
  });

  it('refuses every invalid setting, naming the variable or flag it came from', () => {
    const attempt = (): unknown =>
      loadServerConfig(
        { MESHLENS_GATEWAY_PORT: 'eighty', PROMETHEUS_URL: 'prom:9090', MESHLENS_TRACE_EXPORT_URL: 'jaeger' },
        { traceSampling: '150' },
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MESHLENS_GATEWAY_PORT="eighty"/);
    expect(attempt).toThrow(/PROMETHEUS_URL="prom:9090"/);
    expect(attempt).toThrow(/--trace-sampling="150"/);
    expect(attempt).toThrow(/MESHLENS_TRACE_EXPORT_URL="jaeger"/);
  });
});
