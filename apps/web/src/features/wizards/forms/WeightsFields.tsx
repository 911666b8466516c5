/**
 * The weights of a route, one whole percentage per version ("Weight for v1"), with a bar of each
 * share and the total; "Distribute evenly" resets them to Kiali's even split.
 */
import type { VersionWeight, WizardIssue } from '@meshlens/mesh-core/wizards';
import { defaultWeights } from '@meshlens/mesh-core/wizards';
import { NumberField, issueAt } from './fields.tsx';

export function WeightsFields(props: {
  readonly weights: readonly VersionWeight[];
  readonly onChange: (weights: VersionWeight[]) => void;
  readonly issues: readonly WizardIssue[];
  /** The issues' field of these weights: `weights`, `rules[0].routes`. */
  readonly field: string;
  /** Before "weight for v1" in labels: `Rule 1 ` for a routing rule. */
  readonly labelPrefix?: string;
  readonly legend?: string;
}) {
  const prefix = props.labelPrefix ?? '';
  const total = props.weights.reduce((sum, w) => sum + (Number.isNaN(w.weight) ? 0 : w.weight), 0);
  const sumProblem = issueAt(props.issues, props.field);
  const set = (version: string, weight: number) => {
    props.onChange(props.weights.map((w) => (w.version === version ? { version, weight } : w)));
  };
  return (
    <fieldset className="wizard-section">
      <legend>{props.legend ?? 'Weights'}</legend>
      {props.weights.length === 0 ? (
        <p className="field-problem">
          No workload of this service has a version label: there is nothing to route to.
        </p>
      ) : null}
      <div className="weights">
        {props.weights.map((w) => (
          <div key={w.version} className="weight-row">
            <NumberField
              label={`${prefix}${prefix === '' ? 'Weight' : 'weight'} for ${w.version}`}
              value={w.weight}
              min={0}
              max={100}
              onChange={(v) => {
                set(w.version, v);
              }}
              problem={issueAt(props.issues, `${props.field}.${w.version}`)}
              suffix="%"
            />
            <span className="weight-bar" aria-hidden="true">
              <span style={{ width: `${String(Math.max(0, Math.min(100, w.weight || 0)))}%` }} />
            </span>
          </div>
        ))}
      </div>
      <p className="weights-total">
        <span className={sumProblem === undefined ? 'muted' : 'field-problem'}>
          Total {total}%{sumProblem === undefined ? '' : ` — ${sumProblem}`}
        </span>{' '}
        <button
          type="button"
          onClick={() => {
            props.onChange(defaultWeights(props.weights.map((w) => w.version)));
          }}
          disabled={props.weights.length === 0}
        >
          Distribute evenly
        </button>
      </p>
    </fieldset>
  );
}
