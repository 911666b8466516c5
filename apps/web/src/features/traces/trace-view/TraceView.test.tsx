// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TraceView } from './TraceView.tsx';
import { bookinfoTrace, stubViewport, ui01 } from './trace-view.test-support.ts';

let undoViewport: () => void = () => undefined;
beforeEach(() => {
  undoViewport = stubViewport();
});
afterEach(() => {
  cleanup();
  undoViewport();
});

const inRouter = (node: ReactNode) => render(<MemoryRouter>{node}</MemoryRouter>);
const timeline = () => screen.getByRole('table', { name: 'Trace timeline' });
/** The timeline's span rows as "service operation" texts (the header row left out). */
const rowNames = () =>
  within(timeline())
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getByRole('button', { pressed: false }).textContent.replace(/^! /, ''));

describe('TraceView', () => {
  it('summarises the trace and lists every span with its service and operation', () => {
    inRouter(<TraceView trace={bookinfoTrace()} />);
    const summary = screen.getByRole('region', { name: 'Trace summary' });
    expect(within(summary).getByRole('heading', { level: 1 }).textContent).toBe(
      'istio-ingressgateway.bookinfo: GET /productpage',
    );
    expect(summary.textContent).toContain('abc123');
    expect(summary.textContent).toMatch(/Duration10ms/);
    expect(summary.textContent).toMatch(/Services5/);
    expect(summary.textContent).toMatch(/Depth4/);
    expect(summary.textContent).toMatch(/Total spans5/);
    expect(within(summary).getByRole('list', { name: 'Services' }).textContent).toContain(
      'ratings.bookinfo (1)',
    );
    expect(rowNames()).toEqual([
      'istio-ingressgateway.bookinfo GET /productpage',
      'productpage.bookinfo GET /productpage',
      'details.bookinfo GET /details/0',
      'reviews.bookinfo GET /reviews/0',
      'ratings.bookinfo GET /ratings/0',
    ]);
  });

  it('links to the graph of the namespaces the spans carry, with the trace', () => {
    inRouter(<TraceView trace={bookinfoTrace()} />);
    expect(screen.getByRole('link', { name: 'Show on graph' }).getAttribute('href')).toBe(
      '/graph/namespaces?namespaces=bookinfo%2Cistio-system&trace=abc123',
    );
  });

  it('collapses a span’s children and expands them again, one span or all', () => {
    inRouter(<TraceView trace={bookinfoTrace()} />);
    const toggle = screen.getByRole('button', { name: /^Collapse reviews\.bookinfo GET \/reviews\/0/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(rowNames()).not.toContain('ratings.bookinfo GET /ratings/0');
    expect(rowNames()).toHaveLength(4);
    fireEvent.click(screen.getByRole('button', { name: /^Expand reviews\.bookinfo/ }));
    expect(rowNames()).toContain('ratings.bookinfo GET /ratings/0');

    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(rowNames()).toEqual(['istio-ingressgateway.bookinfo GET /productpage']);
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(rowNames()).toHaveLength(5);
  });

  it('shows a span’s tags, process, logs and references when its row is clicked', () => {
    inRouter(<TraceView trace={bookinfoTrace()} />);
    expect(screen.queryByRole('region', { name: 'Span details' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /^(Error )?ratings\.bookinfo GET \/ratings\/0$/ }));
    const detail = screen.getByRole('region', { name: 'Span details' });
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('GET /ratings/0 (error)');
    const tags = within(detail).getByRole('table', { name: 'Tags' });
    expect(within(tags).getByRole('rowheader', { name: 'http.url' }).nextElementSibling?.textContent).toBe(
      'http://x/ratings/0',
    );
    expect(within(detail).getByRole('table', { name: 'Process tags' }).textContent).toContain('ratings-v1-0');
    expect(within(detail).getByRole('table', { name: /^Log fields at 4\.5ms/ }).textContent).toContain(
      'upstream reset',
    );
    // The parent reference selects the parent.
    fireEvent.click(within(detail).getByRole('button', { name: /reviews\.bookinfo GET \/reviews\/0/ }));
    expect(
      within(screen.getByRole('region', { name: 'Span details' })).getByRole('heading', { level: 2 })
        .textContent,
    ).toBe('GET /reviews/0');
    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('region', { name: 'Span details' })).toBeNull();
  });

  it('marks error spans and the critical path, which can be hidden', () => {
    inRouter(<TraceView trace={bookinfoTrace()} />);
    const row = (name: RegExp) =>
      within(timeline())
        .getAllByRole('row')
        .find((r) => name.test(r.textContent)) ?? timeline();
    expect(within(row(/ratings\.bookinfo/)).getByRole('img', { name: 'Error' })).toBeTruthy();
    expect(within(row(/details\.bookinfo/)).queryByRole('img', { name: 'Error' })).toBeNull();
    // details ends after reviews starts: reviews, not details, is what productpage waited on.
    expect(row(/ratings\.bookinfo/).textContent).toContain('on the critical path');
    expect(row(/istio-ingressgateway/).textContent).toContain('on the critical path');
    expect(row(/details\.bookinfo/).textContent).not.toContain('on the critical path');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Critical path' }));
    expect(timeline().textContent).not.toContain('on the critical path');
  });

  it('renders Jaeger’s ui_01 payload with its duplicate id, its warnings and its error span', () => {
    inRouter(<TraceView trace={ui01} />);
    expect(rowNames()).toEqual([
      'service-x test-general-conversion',
      'service-y some-operation',
      'service-y reference-test',
      'service-y preserveParentID-test',
      'service-x some-operation',
    ]);
    const warnings = screen.getByRole('region', { name: 'Trace warnings' });
    expect(warnings.textContent).toContain('some trace warning');
    expect(warnings.textContent).toContain('3 spans have warnings');
    fireEvent.click(screen.getByRole('button', { name: /^(Error )?service-x some-operation$/ }));
    const detail = screen.getByRole('region', { name: 'Span details' });
    expect(detail.textContent).toContain('2_1 (sent as 2)');
    expect(within(detail).getByRole('region', { name: 'Span warnings' }).textContent).toMatch(
      /Duplicate span ID 2/,
    );
    expect(within(detail).getByRole('table', { name: 'Tags' }).textContent).toContain('peer.service');
  });

  it('shows a 5,000-span trace as a window of rows, not all of them', () => {
    const big = bookinfoTrace('big');
    const first = big.spans[0];
    if (first === undefined) throw new Error('no span');
    const spans = Array.from({ length: 5000 }, (_, i) => ({
      ...first,
      spanID: `s${i}`,
      operationName: `op ${i}`,
      references: i === 0 ? [] : [{ refType: 'CHILD_OF' as const, traceID: 'big', spanID: 's0' }],
      startTime: first.startTime + i,
      duration: i === 0 ? 10_000 : 5,
    }));
    inRouter(<TraceView trace={{ ...big, spans }} />);
    expect(timeline().getAttribute('aria-rowcount')).toBe('5001');
    const shown = rowNames();
    expect(shown[0]).toBe('istio-ingressgateway.bookinfo op 0');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(100);
  });
});
