/** Kiali's fault injection form: an HTTP delay and an HTTP abort, each turned on by its switch. */
import type { FaultInjectionModel, WizardIssue } from '@meshlens/mesh-core/wizards';
import { DEFAULT_ABORT, DEFAULT_DELAY } from '@meshlens/mesh-core/wizards';
import { useState } from 'react';
import { NumberField, TextField, ToggleSection, issueAt } from './fields.tsx';

export function FaultInjectionForm(props: {
  readonly model: FaultInjectionModel;
  readonly onChange: (model: FaultInjectionModel) => void;
  readonly issues: readonly WizardIssue[];
}) {
  const { model, issues } = props;
  // What a section held when it was turned off, so turning it back on restores it.
  const [delay, setDelay] = useState(model.delay ?? DEFAULT_DELAY);
  const [abort, setAbort] = useState(model.abort ?? DEFAULT_ABORT);
  const change = (next: { delay: typeof delay | undefined; abort: typeof abort | undefined }) => {
    props.onChange({
      kind: model.kind,
      weights: model.weights,
      ...(next.delay ? { delay: next.delay } : {}),
      ...(next.abort ? { abort: next.abort } : {}),
    });
  };
  const editDelay = (d: typeof delay) => {
    setDelay(d);
    change({ delay: d, abort: model.abort });
  };
  const editAbort = (a: typeof abort) => {
    setAbort(a);
    change({ delay: model.delay, abort: a });
  };
  return (
    <div className="wizard-form">
      <ToggleSection
        label="Add HTTP delay"
        on={model.delay !== undefined}
        onToggle={(on) => {
          change({ delay: on ? delay : undefined, abort: model.abort });
        }}
      >
        <NumberField
          label="Delay percentage"
          value={delay.percentage}
          min={0}
          max={100}
          step={0.1}
          suffix="%"
          problem={issueAt(issues, 'delay.percentage')}
          onChange={(percentage) => {
            editDelay({ ...delay, percentage });
          }}
        />
        <TextField
          label="Fixed delay"
          value={delay.fixedDelay}
          placeholder="5s"
          problem={issueAt(issues, 'delay.fixedDelay')}
          onChange={(fixedDelay) => {
            editDelay({ ...delay, fixedDelay });
          }}
        />
      </ToggleSection>
      <ToggleSection
        label="Add HTTP abort"
        on={model.abort !== undefined}
        onToggle={(on) => {
          change({ delay: model.delay, abort: on ? abort : undefined });
        }}
      >
        <NumberField
          label="Abort percentage"
          value={abort.percentage}
          min={0}
          max={100}
          step={0.1}
          suffix="%"
          problem={issueAt(issues, 'abort.percentage')}
          onChange={(percentage) => {
            editAbort({ ...abort, percentage });
          }}
        />
        <NumberField
          label="HTTP status"
          value={abort.httpStatus}
          min={200}
          max={599}
          problem={issueAt(issues, 'abort.httpStatus')}
          onChange={(httpStatus) => {
            editAbort({ ...abort, httpStatus });
          }}
        />
      </ToggleSection>
    </div>
  );
}
