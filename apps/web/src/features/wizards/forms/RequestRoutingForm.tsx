/**
 * Kiali's request routing form: rules in order (the first whose match holds takes the request),
 * each with its matches — a match is headers, URI and method conditions that must all hold —
 * and the weights of the versions it routes to. Rules move up and down; a rule without matches
 * takes every request, so it belongs last.
 */
import type {
  MatchModel,
  RequestRoutingModel,
  RoutingRuleModel,
  StringMatchModel,
  StringMatchOp,
  WizardIssue,
} from '@meshlens/mesh-core/wizards';
import { defaultWeights } from '@meshlens/mesh-core/wizards';
import { SelectField, TextField, issueAt } from './fields.tsx';
import { WeightsFields } from './WeightsFields.tsx';

const OPS: readonly (readonly [StringMatchOp, string])[] = [
  ['exact', 'exact'],
  ['prefix', 'prefix'],
  ['regex', 'regex'],
];
type OptionalOp = StringMatchOp | 'none';
const OPTIONAL_OPS: readonly (readonly [OptionalOp, string])[] = [['none', 'any'], ...OPS];

const replaceAt = <T,>(list: readonly T[], i: number, item: T): T[] =>
  list.map((x, j) => (j === i ? item : x));
const removeAt = <T,>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i);
const move = <T,>(list: readonly T[], i: number, to: number): T[] => {
  const out = [...list];
  const [item] = out.splice(i, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
};

/** A URI or method condition: "any" leaves it out of the match. */
function OptionalCondition(props: {
  readonly label: string;
  readonly value: StringMatchModel | undefined;
  readonly onChange: (value: StringMatchModel | undefined) => void;
  readonly problem: string | undefined;
}) {
  const current = props.value;
  const op: OptionalOp = current?.op ?? 'none';
  return (
    <div className="match-row">
      <SelectField
        label={`${props.label} match`}
        value={op}
        options={OPTIONAL_OPS}
        onChange={(next) => {
          props.onChange(next === 'none' ? undefined : { op: next, value: current?.value ?? '' });
        }}
      />
      {current ? (
        <TextField
          label={props.label}
          value={current.value}
          problem={props.problem}
          onChange={(value) => {
            props.onChange({ op: current.op, value });
          }}
        />
      ) : null}
    </div>
  );
}

function MatchEditor(props: {
  readonly match: MatchModel;
  readonly onChange: (match: MatchModel) => void;
  readonly onRemove: () => void;
  readonly label: string;
  readonly field: string;
  readonly issues: readonly WizardIssue[];
}) {
  const { match, label, field, issues } = props;
  const setHeader = (k: number, h: MatchModel['headers'][number]) => {
    props.onChange({ ...match, headers: replaceAt(match.headers, k, h) });
  };
  const without = (key: 'uri' | 'method', value: StringMatchModel | undefined): MatchModel => {
    const { [key]: _drop, ...rest } = match;
    return value === undefined ? rest : { ...rest, [key]: value };
  };
  const noCondition = issueAt(issues, field);
  return (
    <fieldset className="wizard-match">
      <legend>{label}</legend>
      {noCondition === undefined ? null : <p className="field-problem">{noCondition}</p>}
      {match.headers.map((h, k) => (
        <div key={k} className="match-row">
          <TextField
            label={`${label}: header ${k + 1} name`}
            value={h.name}
            placeholder="end-user"
            problem={issueAt(issues, `${field}.headers[${k}].name`)}
            onChange={(name) => {
              setHeader(k, { ...h, name });
            }}
          />
          <SelectField
            label={`${label}: header ${k + 1} match`}
            value={h.op}
            options={OPS}
            onChange={(op) => {
              setHeader(k, { ...h, op });
            }}
          />
          <TextField
            label={`${label}: header ${k + 1} value`}
            value={h.value}
            problem={issueAt(issues, `${field}.headers[${k}].value`)}
            onChange={(value) => {
              setHeader(k, { ...h, value });
            }}
          />
          <button
            type="button"
            onClick={() => {
              props.onChange({ ...match, headers: removeAt(match.headers, k) });
            }}
          >
            Remove header {k + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          props.onChange({ ...match, headers: [...match.headers, { name: '', op: 'exact', value: '' }] });
        }}
      >
        Add header
      </button>
      <OptionalCondition
        label={`${label}: URI`}
        value={match.uri}
        problem={issueAt(issues, `${field}.uri.value`)}
        onChange={(uri) => {
          props.onChange(without('uri', uri));
        }}
      />
      <OptionalCondition
        label={`${label}: method`}
        value={match.method}
        problem={issueAt(issues, `${field}.method.value`)}
        onChange={(method) => {
          props.onChange(without('method', method));
        }}
      />
      <button type="button" onClick={props.onRemove}>
        Remove {label.toLowerCase()}
      </button>
    </fieldset>
  );
}

export function RequestRoutingForm(props: {
  readonly model: RequestRoutingModel;
  readonly onChange: (model: RequestRoutingModel) => void;
  readonly issues: readonly WizardIssue[];
  readonly versions: readonly string[];
}) {
  const { model, issues } = props;
  const setRules = (rules: RoutingRuleModel[]) => {
    props.onChange({ kind: model.kind, rules });
  };
  const setRule = (i: number, rule: RoutingRuleModel) => {
    setRules(replaceAt(model.rules, i, rule));
  };
  const rulesProblem = issueAt(issues, 'rules');
  return (
    <div className="wizard-form">
      {rulesProblem === undefined ? null : <p className="field-problem">{rulesProblem}</p>}
      <ol className="wizard-rules" aria-label="Rules">
        {model.rules.map((rule, i) => {
          const label = `Rule ${i + 1}`;
          const field = `rules[${i}]`;
          const matchesProblem = issueAt(issues, `${field}.matches`);
          return (
            <li key={i}>
              <fieldset className="wizard-section">
                <legend>{label}</legend>
                {rule.matches.length === 0 ? (
                  <p className={matchesProblem === undefined ? 'muted' : 'field-problem'}>
                    {matchesProblem ?? 'Matches every request.'}
                  </p>
                ) : null}
                {rule.matches.map((m, j) => (
                  <MatchEditor
                    key={j}
                    match={m}
                    label={`${label}, match ${j + 1}`}
                    field={`${field}.matches[${j}]`}
                    issues={issues}
                    onChange={(next) => {
                      setRule(i, { ...rule, matches: replaceAt(rule.matches, j, next) });
                    }}
                    onRemove={() => {
                      setRule(i, { ...rule, matches: removeAt(rule.matches, j) });
                    }}
                  />
                ))}
                <button
                  type="button"
                  onClick={() => {
                    setRule(i, {
                      ...rule,
                      matches: [...rule.matches, { headers: [{ name: '', op: 'exact', value: '' }] }],
                    });
                  }}
                >
                  Add match to {label.toLowerCase()}
                </button>
                <WeightsFields
                  legend={`${label} routes`}
                  weights={rule.routes}
                  field={`${field}.routes`}
                  labelPrefix={`${label} `}
                  issues={issues}
                  onChange={(routes) => {
                    setRule(i, { ...rule, routes });
                  }}
                />
                <div className="rule-actions">
                  <button
                    type="button"
                    disabled={i === 0}
                    onClick={() => {
                      setRules(move(model.rules, i, i - 1));
                    }}
                  >
                    Move {label.toLowerCase()} up
                  </button>
                  <button
                    type="button"
                    disabled={i === model.rules.length - 1}
                    onClick={() => {
                      setRules(move(model.rules, i, i + 1));
                    }}
                  >
                    Move {label.toLowerCase()} down
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      setRules(removeAt(model.rules, i));
                    }}
                  >
                    Remove {label.toLowerCase()}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => {
          setRules([
            {
              matches: [{ headers: [{ name: '', op: 'exact', value: '' }] }],
              routes: defaultWeights(props.versions),
            },
            ...model.rules,
          ]);
        }}
      >
        Add rule
      </button>
    </div>
  );
}
