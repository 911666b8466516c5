/** Kiali's request timeouts form: a route timeout and a retry policy, each turned on by its switch. */
import type { RequestTimeoutsModel, RetriesModel, WizardIssue } from '@meshlens/mesh-core/wizards';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT } from '@meshlens/mesh-core/wizards';
import { useState } from 'react';
import { NumberField, TextField, ToggleSection, issueAt } from './fields.tsx';

export function RequestTimeoutsForm(props: {
  readonly model: RequestTimeoutsModel;
  readonly onChange: (model: RequestTimeoutsModel) => void;
  readonly issues: readonly WizardIssue[];
}) {
  const { model, issues } = props;
  const [timeout, setTimeoutValue] = useState(model.timeout ?? DEFAULT_TIMEOUT);
  const [retries, setRetries] = useState<RetriesModel>(model.retries ?? DEFAULT_RETRIES);
  const change = (next: { timeout: string | undefined; retries: RetriesModel | undefined }) => {
    props.onChange({
      kind: model.kind,
      weights: model.weights,
      ...(next.timeout !== undefined ? { timeout: next.timeout } : {}),
      ...(next.retries ? { retries: next.retries } : {}),
    });
  };
  const editRetries = (r: RetriesModel) => {
    setRetries(r);
    change({ timeout: model.timeout, retries: r });
  };
  // An emptied optional text field leaves the setting out, as Istio's default.
  const optional = (key: 'perTryTimeout' | 'retryOn', value: string): RetriesModel => {
    const { [key]: _drop, ...others } = retries;
    return value === '' ? others : { ...others, [key]: value };
  };
  return (
    <div className="wizard-form">
      <ToggleSection
        label="Add HTTP timeout"
        on={model.timeout !== undefined}
        onToggle={(on) => {
          change({ timeout: on ? timeout : undefined, retries: model.retries });
        }}
      >
        <TextField
          label="Timeout"
          value={timeout}
          placeholder="2s"
          problem={issueAt(issues, 'timeout')}
          onChange={(t) => {
            setTimeoutValue(t);
            change({ timeout: t, retries: model.retries });
          }}
        />
      </ToggleSection>
      <ToggleSection
        label="Add HTTP retry"
        on={model.retries !== undefined}
        onToggle={(on) => {
          change({ timeout: model.timeout, retries: on ? retries : undefined });
        }}
      >
        <NumberField
          label="Attempts"
          value={retries.attempts}
          min={1}
          problem={issueAt(issues, 'retries.attempts')}
          onChange={(attempts) => {
            editRetries({ ...retries, attempts });
          }}
        />
        <TextField
          label="Per try timeout"
          value={retries.perTryTimeout ?? ''}
          placeholder="2s"
          problem={issueAt(issues, 'retries.perTryTimeout')}
          onChange={(v) => {
            editRetries(optional('perTryTimeout', v));
          }}
        />
        <TextField
          label="Retry on"
          value={retries.retryOn ?? ''}
          placeholder="gateway-error,connect-failure,refused-stream"
          problem={issueAt(issues, 'retries.retryOn')}
          onChange={(v) => {
            editRetries(optional('retryOn', v));
          }}
        />
      </ToggleSection>
    </div>
  );
}
