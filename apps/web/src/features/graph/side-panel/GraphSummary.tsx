/**
 * Kiali's graph summary, shown when nothing is selected: the namespaces, what the graph holds,
 * and per namespace the traffic its nodes receive — HTTP requests per second with % success and
 * % error, gRPC when there is any, TCP bytes per second — then the whole graph's.
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { bytesPerSec, percent, rps } from './format.ts';
import { namespaceTotals, percentError, topologyCounts } from './summary-data.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function GraphSummary(props: { readonly graph: GraphJson; readonly namespaces: readonly string[] }) {
  const counts = topologyCounts(props.graph);
  const totals = namespaceTotals(props.graph, props.namespaces);
  const hasGrpc = totals.some((t) => t.grpc.total > 0);
  const topology = [
    counts.apps > 0
      ? `${plural(counts.apps, 'app')}${counts.versions > 0 ? ` (${plural(counts.versions, 'version')})` : ''}`
      : '',
    counts.services > 0 ? plural(counts.services, 'service') : '',
    counts.workloads > 0 ? plural(counts.workloads, 'workload') : '',
    plural(counts.edges, 'edge'),
  ].filter((s) => s !== '');
  return (
    <>
      <header className="side-header">
        <p className="side-kind">Current graph</p>
        <h2>{props.namespaces.length === 0 ? 'No namespace selected' : props.namespaces.join(', ')}</h2>
        <ul className="side-topology" aria-label="Graph contents">
          {topology.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </header>
      <section aria-labelledby="side-panel-totals" className="side-section">
        <h3 id="side-panel-totals">Traffic by namespace</h3>
        <table className="data-table side-table" aria-label="Namespace traffic">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col">HTTP rps</th>
              <th scope="col">% Success</th>
              <th scope="col">% Error</th>
              {hasGrpc ? <th scope="col">gRPC rps</th> : null}
              {hasGrpc ? <th scope="col">gRPC % Error</th> : null}
              <th scope="col">TCP</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((t) => (
              <tr
                key={t.namespace ?? '(all)'}
                className={t.namespace === undefined ? 'side-total-row' : undefined}
              >
                <th scope="row">{t.namespace ?? 'All'}</th>
                <td>{rps(t.http.total)}</td>
                <td>{t.http.total > 0 ? percent(100 - percentError(t.http)) : '—'}</td>
                <td className={percentError(t.http) > 0 ? 'tone-failure' : undefined}>
                  {t.http.total > 0 ? percent(percentError(t.http)) : '—'}
                </td>
                {hasGrpc ? <td>{rps(t.grpc.total)}</td> : null}
                {hasGrpc ? <td>{t.grpc.total > 0 ? percent(percentError(t.grpc)) : '—'}</td> : null}
                <td>{bytesPerSec(t.tcp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted side-note">
          Rates are of requests received by each namespace&apos;s nodes over the graph&apos;s period.
        </p>
      </section>
    </>
  );
}
