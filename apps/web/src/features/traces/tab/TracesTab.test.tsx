// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { mockApi, renderRoute, stubResizeObserver } from '../../../components/test-support.tsx';
import { TracesTab } from './TracesTab.tsx';

const PATH = '/api/namespaces/default/workloads/reviews-v2/traces';

const trace: JaegerTrace = {
  traceID: 'abc1234def',
  spans: [
    {
      traceID: 'abc1234def',
      spanID: 's1',
      operationName: 'reviews.default.svc.cluster.local:9080/*',
      references: [],
      startTime: 1_767_225_600_000_000,
      duration: 25_000,
      tags: [{ key: 'error', type: 'string', value: 'true' }],
      logs: [],
      processID: 'p1',
      warnings: null,
    },
  ],
  processes: { p1: { serviceName: 'reviews.default', tags: [] } },
  warnings: null,
};

const routes = [
  {
    path: '/namespaces/:ns/workloads/:w',
    element: <TracesTab namespace="default" kind="workloads" name="reviews-v2" />,
  },
];

beforeEach(stubResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('TracesTab', () => {
  it("lists the object's traces over the shared duration, with errors marked", async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_767_225_600_000);
    const calls = mockApi({
      [PATH]: { body: { data: [trace], errors: null, tracingServiceName: 'reviews.default' } },
    });
    renderRoute(routes, '/namespaces/default/workloads/reviews-v2?duration=600');

    const table = await screen.findByRole('table', { name: 'Traces' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByRole('link').getAttribute('href')).toBe('/tracing/traces/abc1234def');
    expect(within(row).getByText('25ms')).toBeTruthy();
    expect(within(row).getAllByRole('cell')[2]?.textContent).toBe('1');
    expect(calls[0]?.searchParams.get('startMicros')).toBe(String((1_767_225_600_000 - 600_000) * 1000));
    expect(calls[0]?.searchParams.get('limit')).toBe('20');
  });

  it('asks for error traces only, with the tags typed, and says when there are none', async () => {
    const calls = mockApi({
      [PATH]: { body: { data: [], errors: null, tracingServiceName: 'reviews.default' } },
    });
    const view = renderRoute(routes, '/namespaces/default/workloads/reviews-v2');
    await screen.findByRole('region', { name: 'No traces' });

    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'http.method=GET' } });
    fireEvent.blur(screen.getByLabelText('Tags'));
    fireEvent.click(screen.getByLabelText('Errors only'));

    await waitFor(() => {
      expect(calls.at(-1)?.searchParams.get('tags')).toBe('{"http.method":"GET","error":"true"}');
    });
    expect(view.search().get('tracesErrors')).toBe('true');
    expect(screen.getByRole('region', { name: 'No traces' }).textContent).toContain(
      'No error traces of reviews-v2',
    );
  });

  it('names a tags value it cannot read and sends nothing', async () => {
    const calls = mockApi({
      [PATH]: { body: { data: [], errors: null, tracingServiceName: 'reviews.default' } },
    });
    renderRoute(routes, '/namespaces/default/workloads/reviews-v2?tracesTags=%3Dx');

    expect((await screen.findByRole('alert')).textContent).toContain('Tags: a tag at character 1 has no key');
    expect(calls).toHaveLength(0);
  });
});
