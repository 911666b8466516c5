// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentHealth, meshStatus } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { UpstreamBanner } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const page = [
  {
    path: '/',
    element: (
      <>
        <UpstreamBanner />
        <p>page</p>
      </>
    ),
  },
];

describe('UpstreamBanner', () => {
  it('names an unreachable Prometheus with its URL and error', async () => {
    mockApi({
      '/api/mesh/status': {
        body: meshStatus({
          prometheus: componentHealth(
            'prometheus',
            'http://127.0.0.1:9090',
            'Unreachable',
            'Prometheus at http://127.0.0.1:9090 is unreachable: connect ECONNREFUSED',
          ),
        }),
      },
    });
    renderRoute(page, '/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Prometheus at http://127.0.0.1:9090 is unreachable: connect ECONNREFUSED',
    );
  });

  it('words the message itself when the error does not name the URL', async () => {
    mockApi({
      '/api/mesh/status': {
        body: meshStatus({
          traceStore: componentHealth('jaeger', 'http://127.0.0.1:16686', 'Unreachable', 'timeout after 2s'),
        }),
      },
    });
    renderRoute(page, '/');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The trace store at http://127.0.0.1:16686 is unreachable: timeout after 2s',
    );
  });

  it('shows nothing when every part is healthy', async () => {
    const calls = mockApi({ '/api/mesh/status': { body: meshStatus() } });
    renderRoute(page, '/');
    await screen.findByText('page');
    await vi.waitFor(() => {
      expect(calls.length).toBe(1);
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
