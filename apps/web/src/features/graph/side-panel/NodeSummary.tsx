/** Kiali's node summary: who the node is, where it leads, its health, traffic, metrics and traces. */
import type { GraphJson, GraphNodeData } from '@meshlens/mesh-core/graph';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../../app/url.ts';
import { nodeDetailLinks, nodeGraphPath } from './links.ts';
import { NodeCharts } from './NodeCharts.tsx';
import { NodeHealth } from './NodeHealth.tsx';
import { NodeTraces } from './NodeTraces.tsx';
import { HttpClassTable, RequestRateTable, TcpRateTable } from './RateTables.tsx';
import { NODE_TYPE_TITLES, nodeTitle } from './format.ts';
import { nodeTraffic } from './summary-data.ts';

function badges(node: GraphNodeData): string[] {
  const out: string[] = [];
  if (node.isRoot === true) out.push('Traffic source');
  if (node.isOutside === true) out.push('Outside requested namespaces');
  if (node.isOutOfMesh === true) out.push('Missing sidecar');
  if (node.isIdle === true) out.push('Idle');
  if (node.isDead === true) out.push('Dead (no pods)');
  if (node.isInaccessible === true) out.push('Inaccessible');
  if (node.hasVS !== undefined) out.push('Virtual service');
  if (node.hasCB === true) out.push('Circuit breaker');
  if (node.hasFaultInjection === true) out.push('Fault injection');
  if (node.hasTrafficShifting === true || node.hasTCPTrafficShifting === true) out.push('Traffic shifting');
  if (node.hasRequestRouting === true) out.push('Request routing');
  if (node.hasRequestTimeout === true) out.push('Request timeout');
  if (node.hasMirroring === true) out.push('Mirroring');
  if (node.isGateway !== undefined) out.push('Gateway');
  return out;
}

function NodeLinks(props: { readonly node: GraphNodeData; readonly graphType: string }) {
  const [params] = useSearchParams();
  const search = sharedSearch(params);
  const links = nodeDetailLinks(props.node);
  const graphPath = nodeGraphPath(props.node, props.graphType);
  if (links.length === 0 && graphPath === undefined) return null;
  return (
    <nav aria-label="Node links" className="side-links">
      <ul>
        {links.map((l) => (
          <li key={`${l.kind}-${l.name}`}>
            <span className="muted">{l.kind}:</span> <Link to={`${l.path}${search}`}>{l.name}</Link>
          </li>
        ))}
        {graphPath === undefined ? null : (
          <li>
            <Link to={`${graphPath}${search}`}>Show node graph</Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

function NodeTrafficTables(props: { readonly node: GraphNodeData; readonly graph: GraphJson }) {
  const t = nodeTraffic(props.node, props.graph);
  const hideIn = props.node.isRoot === true;
  const rows = (inRates: typeof t.httpIn, outRates: typeof t.httpOut) => [
    ...(hideIn ? [] : [{ label: 'In', rates: inRates }]),
    { label: 'Out', rates: outRates },
  ];
  const hasHttp = t.httpIn.total + t.httpOut.total > 0;
  const hasGrpc = t.grpcIn.total + t.grpcOut.total > 0;
  const hasTcp = t.tcpIn + t.tcpOut > 0;
  return (
    <section aria-labelledby="side-panel-traffic" className="side-section">
      <h3 id="side-panel-traffic">Traffic</h3>
      {hasHttp ? (
        <>
          <RequestRateTable title="HTTP requests per second" rows={rows(t.httpIn, t.httpOut)} />
          <HttpClassTable
            title="HTTP responses by class (requests per second)"
            rows={rows(t.httpIn, t.httpOut)}
          />
        </>
      ) : null}
      {hasGrpc ? (
        <RequestRateTable title="gRPC requests per second" rows={rows(t.grpcIn, t.grpcOut)} />
      ) : null}
      {hasTcp ? (
        <TcpRateTable
          rows={[...(hideIn ? [] : [{ label: 'In', bytes: t.tcpIn }]), { label: 'Out', bytes: t.tcpOut }]}
        />
      ) : null}
      {!hasHttp && !hasGrpc && !hasTcp ? <p className="muted">No traffic logged.</p> : null}
    </section>
  );
}

export function NodeSummary(props: {
  readonly node: GraphNodeData;
  readonly graph: GraphJson;
  readonly graphType: string;
  readonly durationSec: number;
}) {
  const { node } = props;
  const tags = badges(node);
  return (
    <>
      <header className="side-header">
        <p className="side-kind">{NODE_TYPE_TITLES[node.nodeType]}</p>
        <h2>{nodeTitle(node)}</h2>
        <p className="muted">
          Namespace: {node.namespace}
          {node.cluster !== '' && node.cluster !== 'unknown' ? ` · Cluster: ${node.cluster}` : ''}
        </p>
        {tags.length === 0 ? null : (
          <ul className="chips" aria-label="Node properties">
            {tags.map((t) => (
              <li key={t} className="chip">
                {t}
              </li>
            ))}
          </ul>
        )}
        <NodeLinks node={node} graphType={props.graphType} />
      </header>
      <NodeHealth node={node} />
      <NodeTrafficTables node={node} graph={props.graph} />
      <NodeCharts node={node} durationSec={props.durationSec} />
      <NodeTraces node={node} durationSec={props.durationSec} />
    </>
  );
}
