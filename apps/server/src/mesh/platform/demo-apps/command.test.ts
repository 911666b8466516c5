import { describe, expect, it } from 'vitest';
import { parseDemoAppCommand } from './command.ts';

describe('parseDemoAppCommand', () => {
  it('reads the app, its version and the environment Bookinfo containers are given', () => {
    const parsed = parseDemoAppCommand(['reviews', '--version', 'v3'], {
      PORT: '9081',
      HTTP_PROXY: 'http://127.0.0.1:15001',
      SERVICES_RATINGS: '[::1]:9090',
      HOSTNAME: 'reviews-v3-5d9f',
    });
    expect(parsed).toEqual({
      ok: true,
      options: {
        app: 'reviews',
        version: 'v3',
        host: undefined,
        port: 9081,
        proxy: { host: '127.0.0.1', port: 15001 },
        services: { ratings: { host: '::1', port: 9090 } },
        podName: 'reviews-v3-5d9f',
        clusterName: undefined,
      },
    });
  });

  it('reports every invalid argument and variable by name', () => {
    const parsed = parseDemoAppCommand(['reviews', '--version=v9', '--colour', 'red'], {
      PORT: 'ninety',
      HTTP_PROXY: 'https://proxy:443',
      SERVICES_DETAILS: 'details',
    });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'unknown argument "--colour"',
        'reviews has no version "v9": use one of v1, v2, v3',
        'PORT="ninety" is not a port number (0-65535)',
        'HTTP_PROXY="https://proxy:443" is not an http://host:port URL',
        'SERVICES_DETAILS="details" is not host:port',
      ],
    });
  });

  it('refuses an unknown app', () => {
    expect(parseDemoAppCommand(['mongodb'], {})).toEqual({
      ok: false,
      errors: ['unknown app "mongodb": use one of productpage, details, reviews, ratings'],
    });
  });
});
