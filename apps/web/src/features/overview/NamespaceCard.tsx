/** One namespace on the Overview: health by kind, mTLS, config validation, traffic and links. */
import type { HealthStatus } from '@meshlens/mesh-core/health';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Area, AreaChart, ResponsiveContainer, Tooltip } from 'recharts';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { HEALTH_STATUS_CHOICES, HealthIcon, healthText } from '../../components/HealthIcon.tsx';
import { validationText } from '../../components/validation.ts';
import type { HealthCounts } from './overview.ts';
import { inboundRate, mtlsLook, totalOf } from './overview.ts';
import { inboundTrafficQuery } from './queries.ts';

function LockIcon(props: { readonly kind: 'locked' | 'open' | 'none' }) {
  if (props.kind === 'none') return null;
  return (
    <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" style={{ verticalAlign: '-2px' }}>
      <rect x="1" y="6" width="10" height="7.5" rx="1" fill="currentColor" />
      <path
        d={props.kind === 'locked' ? 'M3 6V4a3 3 0 0 1 6 0v2' : 'M3 6V4a3 3 0 0 1 6 0'}
        stroke="currentColor"
        strokeWidth="1.5"
        fill="none"
      />
    </svg>
  );
}

function HealthLine(props: { readonly label: string; readonly counts: HealthCounts | undefined }) {
  const { counts } = props;
  const shown: readonly HealthStatus[] = HEALTH_STATUS_CHOICES;
  return (
    <div className="health-line">
      <dt>{props.label}</dt>
      <dd>
        {counts === undefined ? (
          <span className="muted">…</span>
        ) : totalOf(counts) === 0 ? (
          <span className="muted">None</span>
        ) : (
          <span className="chips">
            {shown
              .filter((s) => counts[s] > 0)
              .map((s) => (
                <span key={s} className="chip" title={`${String(counts[s])} ${healthText(s)}`}>
                  {counts[s]} <HealthIcon status={s} />
                </span>
              ))}
          </span>
        )}
      </dd>
    </div>
  );
}

function Sparkline(props: { readonly namespace: string }) {
  const { durationSec, refreshMs } = useSharedState();
  const query = useQuery({
    ...inboundTrafficQuery(props.namespace, durationSec),
    refetchInterval: refreshMs || false,
  });
  if (query.isPending) return <p className="muted">Loading traffic…</p>;
  if (query.isError) return <p className="tone-failure">Traffic unavailable: {query.error.message}</p>;
  const points = inboundRate(query.data);
  const latest = points.at(-1)?.rps;
  if (points.length === 0 || points.every((p) => p.rps === 0))
    return <p className="muted">No inbound traffic</p>;
  return (
    <div aria-label={`Inbound traffic of ${props.namespace}`} role="img">
      <ResponsiveContainer width="100%" height={48}>
        <AreaChart data={points} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <Tooltip
            labelFormatter={(t) => new Date(Number(t) * 1000).toLocaleTimeString()}
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} rps` : String(v))}
            contentStyle={{ background: 'var(--bg)', borderColor: 'var(--border)' }}
          />
          <Area
            dataKey="rps"
            type="monotone"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
      <span className="muted">Inbound: {latest === undefined ? 'n/a' : `${latest.toFixed(2)} rps`}</span>
    </div>
  );
}

export interface NamespaceCardProps {
  readonly namespace: string;
  readonly isControlPlane: boolean;
  readonly apps: HealthCounts | undefined;
  readonly services: HealthCounts | undefined;
  readonly workloads: HealthCounts | undefined;
  readonly mtls: { readonly status: Parameters<typeof mtlsLook>[0]; readonly inherited: boolean } | undefined;
  readonly validation:
    { readonly errors: number; readonly warnings: number; readonly objectCount: number } | undefined;
}

export function NamespaceCard(props: NamespaceCardProps) {
  const [params] = useSearchParams();
  const ns = props.namespace;
  const to = (pathname: string) => ({ pathname, search: sharedSearch(params, { namespaces: ns }) });
  const mtls = props.mtls === undefined ? undefined : mtlsLook(props.mtls.status, props.mtls.inherited);
  const v = props.validation;
  return (
    <article className="card" aria-labelledby={`ns-${ns}`}>
      <h2 id={`ns-${ns}`}>
        {ns} {props.isControlPlane ? <span className="chip">Control plane</span> : null}
      </h2>
      <dl className="kv">
        <HealthLine label="Applications" counts={props.apps} />
        <HealthLine label="Services" counts={props.services} />
        <HealthLine label="Workloads" counts={props.workloads} />
        <div className="health-line">
          <dt>mTLS</dt>
          <dd>
            {mtls === undefined ? (
              <span className="muted">…</span>
            ) : (
              <span>
                <LockIcon kind={mtls.icon} /> {mtls.text}
              </span>
            )}
          </dd>
        </div>
        <div className="health-line">
          <dt>Istio config</dt>
          <dd>
            {v === undefined ? (
              <span className="muted">…</span>
            ) : v.objectCount === 0 ? (
              <span className="muted">No Istio config</span>
            ) : v.errors === 0 && v.warnings === 0 ? (
              <span className="tone-healthy">✔ {v.objectCount} objects valid</span>
            ) : (
              <Link to={to('/istio')} className={v.errors > 0 ? 'tone-failure' : 'tone-degraded'}>
                {validationText({
                  valid: v.errors === 0,
                  errors: v.errors,
                  warnings: v.warnings,
                  messages: [],
                })}
              </Link>
            )}
          </dd>
        </div>
      </dl>
      <Sparkline namespace={ns} />
      <nav aria-label={`Links of ${ns}`} className="chips card-links">
        <Link to={to('/graph/namespaces')}>Graph</Link>
        <Link to={to('/applications')}>Applications</Link>
        <Link to={to('/workloads')}>Workloads</Link>
        <Link to={to('/services')}>Services</Link>
        <Link to={to('/istio')}>Istio config</Link>
      </nav>
    </article>
  );
}
