/**
 * Kiali's edge summary: source → destination, protocol, rates with the success/error split,
 * the response codes with their Envoy flags and hosts, response time, throughput, mTLS and the
 * principals on both sides.
 */
import type { GraphEdgeData, GraphJson, GraphNodeData } from '@meshlens/mesh-core/graph';
import { HealthIcon } from '../../../components/HealthIcon.tsx';
import { RequestRateTable, TcpRateTable } from './RateTables.tsx';
import { bytesPerSec, NODE_TYPE_TITLES, nodeTitle, percent } from './format.ts';
import { describeFlags, edgeRates, edgeTcpRate, responseRows } from './summary-data.ts';

const PROTOCOL_TITLES: Readonly<Record<string, string>> = { http: 'HTTP', grpc: 'gRPC', tcp: 'TCP' };

function End(props: {
  readonly label: string;
  readonly node: GraphNodeData | undefined;
  readonly id: string;
}) {
  const n = props.node;
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        {n === undefined ? (
          props.id
        ) : (
          <>
            {nodeTitle(n)}{' '}
            <span className="muted">
              ({NODE_TYPE_TITLES[n.nodeType].toLowerCase()}, {n.namespace})
            </span>
          </>
        )}
      </dd>
    </>
  );
}

function ResponseCodes(props: { readonly edge: GraphEdgeData }) {
  const rows = responseRows(props.edge);
  if (rows.length === 0) return null;
  return (
    <table className="data-table side-table" aria-label="Response codes">
      <caption>Response codes</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Flags</th>
          <th scope="col">Hosts</th>
          <th scope="col">% Req</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.code}-${r.flag}`}>
            <td className={/^[45]|^-$/.test(r.code) ? 'tone-failure' : undefined}>
              {r.code === '-' ? '- (no response)' : r.code}
            </td>
            <td>{describeFlags(r.flag)}</td>
            <td className="side-hosts">{r.hosts.join(', ')}</td>
            <td>{percent(r.percent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EdgeSummary(props: { readonly edge: GraphEdgeData; readonly graph: GraphJson }) {
  const { edge } = props;
  const nodeById = (id: string) => props.graph.elements.nodes.find((n) => n.data.id === id)?.data;
  const name = (id: string) => {
    const n = nodeById(id);
    return n === undefined ? id : nodeTitle(n);
  };
  const protocol = edge.traffic.protocol ?? '';
  const title = PROTOCOL_TITLES[protocol] ?? protocol;
  const mtls = Number(edge.isMTLS ?? '0');
  const rt = Number(edge.responseTime);
  const throughput = Number(edge.throughput);
  return (
    <>
      <header className="side-header">
        <p className="side-kind">Edge{title === '' ? '' : ` (${title})`}</p>
        <h2>
          {name(edge.source)} → {name(edge.target)}
        </h2>
        <dl className="kv">
          <End label="Source" node={nodeById(edge.source)} id={edge.source} />
          <End label="Destination" node={nodeById(edge.target)} id={edge.target} />
          <dt>Protocol</dt>
          <dd>{title === '' ? '—' : title}</dd>
          {edge.healthStatus === undefined ? null : (
            <>
              <dt>Health</dt>
              <dd>
                <HealthIcon status={edge.healthStatus} />
              </dd>
            </>
          )}
          <dt>Response time</dt>
          <dd>{Number.isFinite(rt) && edge.responseTime !== undefined ? `${rt.toFixed(0)} ms` : '—'}</dd>
          {Number.isFinite(throughput) && edge.throughput !== undefined ? (
            <>
              <dt>Throughput</dt>
              <dd>{bytesPerSec(throughput)}</dd>
            </>
          ) : null}
          <dt>mTLS</dt>
          <dd>{mtls > 0 ? `${percent(mtls)} of requests` : 'Not used'}</dd>
          {edge.sourcePrincipal === undefined ? null : (
            <>
              <dt>Source principal</dt>
              <dd className="side-principal">{edge.sourcePrincipal}</dd>
            </>
          )}
          {edge.destPrincipal === undefined ? null : (
            <>
              <dt>Destination principal</dt>
              <dd className="side-principal">{edge.destPrincipal}</dd>
            </>
          )}
        </dl>
      </header>
      <section aria-labelledby="side-panel-edge-traffic" className="side-section">
        <h3 id="side-panel-edge-traffic">Traffic</h3>
        {protocol === 'http' || protocol === 'grpc' ? (
          <RequestRateTable
            title={`${title} requests per second`}
            rows={[{ label: 'Rate', rates: edgeRates(edge, protocol) }]}
          />
        ) : null}
        {protocol === 'tcp' ? <TcpRateTable rows={[{ label: 'Rate', bytes: edgeTcpRate(edge) }]} /> : null}
        <ResponseCodes edge={edge} />
      </section>
    </>
  );
}
