// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  object,
  openMenu,
  openWizard,
  renderWizards,
  serviceDetails,
  setNumber,
  stubApi,
  subsets,
} from './wizards.test-support.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const handWrittenDr = object('DestinationRule', 'reviews', {
  host: 'reviews',
  subsets: subsets('v1', 'v2', 'v3'),
});

describe('ServiceWizards', () => {
  it('offers every wizard when only a hand-written DestinationRule exists', async () => {
    stubApi(serviceDetails('reviews', ['v1', 'v2', 'v3'], [], [handWrittenDr]));
    renderWizards('reviews');
    await openMenu();
    const items = await screen.findAllByRole('menuitem');
    expect(items.map((i) => [i.textContent, i.getAttribute('aria-disabled')])).toEqual([
      ['Request Routing', 'false'],
      ['Fault Injection', 'false'],
      ['Traffic Shifting', 'false'],
      ['Request Timeouts', 'false'],
      ['Circuit Breaker', 'false'],
      ['Delete Traffic Routing', 'false'],
    ]);
  });

  it('names the field when weights do not sum to 100 and keeps Apply disabled until they do', async () => {
    stubApi(serviceDetails('reviews', ['v1', 'v2', 'v3'], [], [handWrittenDr]));
    renderWizards('reviews');
    const dialog = await openWizard('Traffic Shifting');
    setNumber(dialog, 'Weight for v1', '80');
    setNumber(dialog, 'Weight for v2', '0');
    setNumber(dialog, 'Weight for v3', '10');
    const problems = within(dialog).getByRole('list', { name: 'Problems' });
    expect(problems.textContent).toBe('Weights must sum to 100 (they sum to 90)');
    expect(within(dialog).getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', true);
    setNumber(dialog, 'Weight for v1', '110');
    const v1 = within(dialog).getByRole('spinbutton', { name: 'Weight for v1' });
    expect(v1.getAttribute('aria-invalid')).toBe('true');
    // The field is described by its problem, so a screen reader reads it with the field.
    expect(document.getElementById(v1.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Weight for v1 must be a whole number from 0 to 100 (got 110)',
    );
    setNumber(dialog, 'Weight for v1', '80');
    setNumber(dialog, 'Weight for v3', '20');
    expect(within(dialog).queryByRole('list', { name: 'Problems' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', false);
  });

  it('previews both objects as they will be stored', async () => {
    stubApi(serviceDetails('reviews', ['v1', 'v3'], [], []));
    renderWizards('reviews');
    const dialog = await openWizard('Traffic Shifting');
    setNumber(dialog, 'Weight for v1', '80');
    setNumber(dialog, 'Weight for v3', '20');
    const preview = within(within(dialog).getByRole('region', { name: 'Preview' })).getByLabelText(
      'Preview YAML',
    );
    expect(preview.textContent).toBe(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
  labels:
    kiali_wizard: traffic_shifting
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews.default.svc.cluster.local
            subset: v1
          weight: 80
        - destination:
            host: reviews.default.svc.cluster.local
            subset: v3
          weight: 20
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: default
  labels:
    kiali_wizard: traffic_shifting
spec:
  host: reviews.default.svc.cluster.local
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v3
      labels:
        version: v3
`);
  });

  it('applies: updates the existing DestinationRule by merge patch, then creates the VirtualService', async () => {
    const calls = stubApi(serviceDetails('reviews', ['v1', 'v2', 'v3'], [], [handWrittenDr]));
    renderWizards('reviews');
    const dialog = await openWizard('Traffic Shifting');
    setNumber(dialog, 'Weight for v1', '80');
    setNumber(dialog, 'Weight for v2', '0');
    setNumber(dialog, 'Weight for v3', '20');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(
        /^Traffic Shifting: DestinationRule reviews updated, VirtualService reviews created\.$/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.path}${c.query}`)).toEqual([
      'PATCH /api/namespaces/default/istio/networking.istio.io/v1/DestinationRule/reviews',
      'POST /api/namespaces/default/istio/networking.istio.io/v1/VirtualService',
    ]);
    expect(writes[0]?.body).toEqual({
      metadata: { labels: { kiali_wizard: 'traffic_shifting' } },
      spec: { host: 'reviews.default.svc.cluster.local', subsets: subsets('v1', 'v2', 'v3') },
    });
    const vs = writes[1]?.body as { metadata: unknown; spec: { http: { route: { weight: number }[] }[] } };
    expect(vs.metadata).toEqual({
      name: 'reviews',
      namespace: 'default',
      labels: { kiali_wizard: 'traffic_shifting' },
    });
    expect(vs.spec.http[0]?.route.map((r) => r.weight)).toEqual([80, 0, 20]);
  });

  it('reopens an existing wizard as Update with its current values, the others disabled', async () => {
    const vs = object(
      'VirtualService',
      'reviews',
      {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews.default.svc.cluster.local', subset: 'v1' }, weight: 80 },
              { destination: { host: 'reviews.default.svc.cluster.local', subset: 'v3' }, weight: 20 },
            ],
          },
        ],
      },
      { kiali_wizard: 'traffic_shifting' },
    );
    const dr = object(
      'DestinationRule',
      'reviews',
      { host: 'reviews.default.svc.cluster.local', subsets: subsets('v1', 'v2', 'v3') },
      { kiali_wizard: 'traffic_shifting' },
    );
    const calls = stubApi(serviceDetails('reviews', ['v1', 'v2', 'v3'], [vs], [dr]));
    renderWizards('reviews');
    await openMenu();
    const menu = screen.getByRole('menu', { name: 'Actions' });
    expect(document.getElementById(menu.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'The Traffic Shifting wizard made this service',
    );
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => [i.textContent, i.getAttribute('aria-disabled')]),
    ).toEqual([
      ['Request Routing', 'true'],
      ['Fault Injection', 'true'],
      ['Update Traffic Shifting', 'false'],
      ['Request Timeouts', 'true'],
      ['Circuit Breaker', 'true'],
      ['Delete Traffic Routing', 'false'],
    ]);
    // A disabled wizard does not open.
    fireEvent.click(screen.getByRole('menuitem', { name: 'Request Routing' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Update Traffic Shifting' }));
    const dialog = await screen.findByRole('dialog', { name: 'Traffic Shifting' });
    const weight = (v: string) => within(dialog).getByRole('spinbutton', { name: `Weight for ${v}` });
    expect([weight('v1'), weight('v2'), weight('v3')].map((i) => (i as HTMLInputElement).value)).toEqual([
      '80',
      '0',
      '20',
    ]);
    setNumber(dialog, 'Weight for v1', '50');
    setNumber(dialog, 'Weight for v3', '50');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Update' }));
    await screen.findByText(/VirtualService reviews updated/);
    expect(
      calls
        .filter((c) => c.method !== 'GET')
        .map((c) => `${c.method} ${c.path.split('/').slice(-2).join('/')}`),
    ).toEqual(['PATCH DestinationRule/reviews', 'PATCH VirtualService/reviews']);
  });

  it('validates in the browser and by the server’s dry run, and shows a refused apply’s findings', async () => {
    const refusal = {
      error: 'VirtualService default/ratings was refused: 1 error',
      reason: 'unprocessable',
      findings: [
        {
          code: 'KIA1104',
          severity: 'error',
          message: 'The weight is assumed to be 100 because there is only one route destination',
          path: 'spec/http[0]/route[0]/weight',
        },
      ],
    };
    const calls = stubApi(serviceDetails('ratings', ['v1'], [], []), (call) =>
      call.method === 'POST' && call.path.endsWith('/VirtualService') && call.query === ''
        ? { status: 422, body: refusal }
        : undefined,
    );
    renderWizards('ratings');
    const dialog = await openWizard('Fault Injection');
    expect(within(dialog).getByRole('list', { name: 'Problems' }).textContent).toBe(
      'Add a delay, an abort, or both',
    );
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Add HTTP abort' }));
    expect(within(dialog).getByRole<HTMLInputElement>('spinbutton', { name: 'Abort percentage' }).value).toBe(
      '100',
    );
    setNumber(dialog, 'HTTP status', '500');
    expect(within(dialog).getByLabelText('Preview YAML').textContent).toContain(
      '      fault:\n        abort:\n          percentage:\n            value: 100\n          httpStatus: 500\n',
    );
    const validate = within(dialog).getByRole('button', { name: 'Validate' });
    await waitFor(() => {
      expect(validate).toHaveProperty('disabled', false);
    });
    fireEvent.click(validate);
    const results = await within(dialog).findByRole('region', { name: 'Validation' });
    expect(results.textContent).toContain('Checked in the browser against the mesh: no findings.');
    expect(within(results).getByRole('list', { name: 'Server dry run' }).textContent).toBe(
      'DestinationRule ratings (create): acceptedVirtualService ratings (create): accepted',
    );
    expect(calls.filter((c) => c.query === '?dryRun=true').map((c) => c.method)).toEqual(['POST', 'POST']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain(
      'VirtualService default/ratings was refused: 1 error (already done: DestinationRule ratings created)',
    );
    const row = within(within(alert).getByRole('table', { name: 'Refusal findings' })).getAllByRole('row')[1];
    expect(row?.textContent).toContain('KIA1104');
    expect(row?.textContent).toContain('The weight is assumed to be 100');
  });

  it('request routing: reopens rules in order with their matches, and moves a rule', async () => {
    const route = (subset: string) => ({
      destination: { host: 'reviews.default.svc.cluster.local', subset },
      weight: 100,
    });
    const vs = object(
      'VirtualService',
      'reviews',
      {
        hosts: ['reviews'],
        http: [
          {
            match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/api' } }],
            route: [route('v2')],
          },
          { route: [route('v1')] },
        ],
      },
      { kiali_wizard: 'request_routing' },
    );
    stubApi(serviceDetails('reviews', ['v1', 'v2'], [vs], [handWrittenDr]));
    renderWizards('reviews');
    const dialog = await openWizard('Update Request Routing');
    const value = (label: string) => within(dialog).getByLabelText<HTMLInputElement>(label).value;
    expect([
      value('Rule 1, match 1: header 1 name'),
      value('Rule 1, match 1: header 1 value'),
      value('Rule 1, match 1: URI'),
      value('Rule 1 weight for v2'),
      value('Rule 2 weight for v1'),
    ]).toEqual(['end-user', 'jason', '/api', '100', '100']);
    // The catch-all rule moved first would hide the other: the form says so and blocks applying.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move rule 2 up' }));
    expect(within(dialog).getByRole('list', { name: 'Problems' }).textContent).toBe(
      'Rule 1 needs at least one match: only the last rule may match every request',
    );
    expect(within(dialog).getByRole('button', { name: 'Update' })).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move rule 1 down' }));
    expect(within(dialog).getByLabelText('Preview YAML').textContent).toContain(
      '    - match:\n        - headers:\n            end-user:\n              exact: jason\n          uri:\n            prefix: /api\n',
    );
  });

  it('shows the browser check’s findings with their code and message', async () => {
    stubApi(serviceDetails('ratings', ['v1'], [], []));
    renderWizards('ratings');
    const dialog = await openWizard('Request Timeouts');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Add HTTP retry' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Retry on' }), {
      target: { value: 'gateway-error,bogus' },
    });
    const validate = within(dialog).getByRole('button', { name: 'Validate' });
    await waitFor(() => {
      expect(validate).toHaveProperty('disabled', false);
    });
    fireEvent.click(validate);
    const table = await within(dialog).findByRole('table', { name: 'Browser findings' });
    const cells = within(within(table).getAllByRole('row')[1] ?? table).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([
      '✖ error',
      'IST0106',
      expect.stringContaining('"bogus" is not a valid retryOn policy') as string,
      'VirtualService ratings',
      expect.stringMatching(/^line \d+: spec\/http\[0\]\/retries\/retryOn$/) as string,
    ]);
  });

  it('deletes the traffic routing after a confirmation, VirtualServices first', async () => {
    const vs = object(
      'VirtualService',
      'reviews',
      { hosts: ['reviews'] },
      { kiali_wizard: 'request_routing' },
    );
    const calls = stubApi(serviceDetails('reviews', ['v1'], [vs], [handWrittenDr]));
    renderWizards('reviews');
    await openMenu();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete Traffic Routing' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Traffic Routing' });
    expect(within(dialog).getByRole('list', { name: 'Objects to delete' }).textContent).toBe(
      'VirtualService reviewsDestinationRule reviews',
    );
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Traffic routing deleted: VirtualService reviews, DestinationRule reviews.');
    expect(
      calls.filter((c) => c.method === 'DELETE').map((c) => c.path.split('/').slice(-2).join('/')),
    ).toEqual(['VirtualService/reviews', 'DestinationRule/reviews']);
  });
});
