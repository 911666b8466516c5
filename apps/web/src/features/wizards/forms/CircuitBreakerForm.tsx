/**
 * The circuit breaker: the DestinationRule's connection pool (TCP connections, HTTP pending and
 * per-connection requests) and outlier detection (ejecting hosts after consecutive 5xx errors),
 * each turned on by its switch. An emptied field is left out of the policy (Istio's default).
 */
import type {
  CircuitBreakerModel,
  ConnectionPoolModel,
  OutlierDetectionModel,
  WizardIssue,
} from '@meshlens/mesh-core/wizards';
import { DEFAULT_CONNECTION_POOL, DEFAULT_OUTLIER_DETECTION } from '@meshlens/mesh-core/wizards';
import { useState } from 'react';
import { NumberField, TextField, ToggleSection, issueAt } from './fields.tsx';

const POOL_FIELDS: readonly (readonly [keyof ConnectionPoolModel, string])[] = [
  ['maxConnections', 'Max connections (TCP)'],
  ['http1MaxPendingRequests', 'HTTP/1.1 max pending requests'],
  ['http2MaxRequests', 'HTTP/2 max requests'],
  ['maxRequestsPerConnection', 'Max requests per connection'],
  ['maxRetries', 'Max retries'],
];

function withValue<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): T {
  const { [key]: _drop, ...rest } = o;
  return (value === undefined ? rest : { ...rest, [key]: value }) as T;
}

export function CircuitBreakerForm(props: {
  readonly model: CircuitBreakerModel;
  readonly onChange: (model: CircuitBreakerModel) => void;
  readonly issues: readonly WizardIssue[];
}) {
  const { model, issues } = props;
  const [pool, setPool] = useState<ConnectionPoolModel>(model.connectionPool ?? DEFAULT_CONNECTION_POOL);
  const [outlier, setOutlier] = useState<OutlierDetectionModel>(
    model.outlierDetection ?? DEFAULT_OUTLIER_DETECTION,
  );
  const change = (p: ConnectionPoolModel | undefined, o: OutlierDetectionModel | undefined) => {
    props.onChange({
      kind: 'circuit_breaker',
      ...(p ? { connectionPool: p } : {}),
      ...(o ? { outlierDetection: o } : {}),
    });
  };
  const editPool = (p: ConnectionPoolModel) => {
    setPool(p);
    change(p, model.outlierDetection);
  };
  const editOutlier = (o: OutlierDetectionModel) => {
    setOutlier(o);
    change(model.connectionPool, o);
  };
  const numberOrUnset = (v: number) => (Number.isNaN(v) ? undefined : v);
  const textOrUnset = (v: string) => (v === '' ? undefined : v);
  return (
    <div className="wizard-form">
      <ToggleSection
        label="Add connection pool"
        on={model.connectionPool !== undefined}
        onToggle={(on) => {
          change(on ? pool : undefined, model.outlierDetection);
        }}
      >
        {POOL_FIELDS.map(([key, label]) => (
          <NumberField
            key={key}
            label={label}
            value={pool[key]}
            min={1}
            problem={issueAt(issues, `connectionPool.${key}`)}
            onChange={(v) => {
              editPool(withValue(pool, key, numberOrUnset(v)));
            }}
          />
        ))}
      </ToggleSection>
      <ToggleSection
        label="Add outlier detection"
        on={model.outlierDetection !== undefined}
        onToggle={(on) => {
          change(model.connectionPool, on ? outlier : undefined);
        }}
      >
        <NumberField
          label="Consecutive 5xx errors"
          value={outlier.consecutive5xxErrors}
          min={0}
          problem={issueAt(issues, 'outlierDetection.consecutive5xxErrors')}
          onChange={(v) => {
            editOutlier(withValue(outlier, 'consecutive5xxErrors', numberOrUnset(v)));
          }}
        />
        <TextField
          label="Interval"
          value={outlier.interval ?? ''}
          placeholder="10s"
          problem={issueAt(issues, 'outlierDetection.interval')}
          onChange={(v) => {
            editOutlier(withValue(outlier, 'interval', textOrUnset(v)));
          }}
        />
        <TextField
          label="Base ejection time"
          value={outlier.baseEjectionTime ?? ''}
          placeholder="30s"
          problem={issueAt(issues, 'outlierDetection.baseEjectionTime')}
          onChange={(v) => {
            editOutlier(withValue(outlier, 'baseEjectionTime', textOrUnset(v)));
          }}
        />
        <NumberField
          label="Max ejection percent"
          value={outlier.maxEjectionPercent}
          min={0}
          max={100}
          suffix="%"
          problem={issueAt(issues, 'outlierDetection.maxEjectionPercent')}
          onChange={(v) => {
            editOutlier(withValue(outlier, 'maxEjectionPercent', numberOrUnset(v)));
          }}
        />
      </ToggleSection>
    </div>
  );
}
