/**
 * A node's health and why: the status the graph computed, then each check behind it — request
 * errors per direction, available replicas and proxy sync per workload — with the checks that
 * are not healthy called out as the cause.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { healthStatusPriority } from '@meshlens/mesh-core/health';
import { HealthIcon } from '../../../components/HealthIcon.tsx';
import { nodeHealthReasons } from './health-reasons.ts';

export function NodeHealth(props: { readonly node: GraphNodeData }) {
  const status = props.node.healthStatus;
  if (status === undefined) return null;
  const reasons = nodeHealthReasons(props.node);
  const causes = reasons.filter((r) => healthStatusPriority(r.status) >= healthStatusPriority('Degraded'));
  return (
    <section aria-labelledby="side-panel-health" className="side-section">
      <h3 id="side-panel-health">Health</h3>
      <p className="side-health-status">
        <HealthIcon status={status} />
      </p>
      {causes.length > 0 ? (
        <p className="side-health-cause">
          {status} because of: {[...new Set(causes.map((c) => c.topic.toLowerCase()))].join(', ')}
        </p>
      ) : null}
      {reasons.length === 0 ? null : (
        <ul className="side-health-reasons" aria-label="Health checks">
          {reasons.map((r) => (
            <li key={`${r.topic}-${r.text}`}>
              <HealthIcon status={r.status} hideText />
              <span>
                {r.topic}: {r.text}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
