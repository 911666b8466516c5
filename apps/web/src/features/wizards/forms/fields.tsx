/**
 * The wizards' labelled inputs. A field whose form check fails is marked invalid and described
 * by the check's message, shown under it, so a screen reader reads the problem with the field.
 */
import type { WizardIssue } from '@meshlens/mesh-core/wizards';
import type { ReactNode } from 'react';
import { useId } from 'react';

export function issueAt(issues: readonly WizardIssue[], field: string): string | undefined {
  return issues.find((i) => i.field === field)?.message;
}

function Problem(props: { readonly id: string; readonly message: string | undefined }) {
  return props.message === undefined ? null : (
    <span id={props.id} className="field-problem">
      {props.message}
    </span>
  );
}

/** A number input; an empty field reads as NaN (required) or undefined (optional). */
export function NumberField(props: {
  readonly label: string;
  readonly value: number | undefined;
  readonly onChange: (value: number) => void;
  readonly problem?: string | undefined;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly suffix?: ReactNode;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  const value = props.value === undefined || Number.isNaN(props.value) ? '' : props.value;
  return (
    <span className="field">
      <label htmlFor={id}>{props.label}</label>
      <span className="field-input">
        <input
          id={id}
          type="number"
          value={value}
          min={props.min}
          max={props.max}
          step={props.step ?? 1}
          aria-invalid={props.problem !== undefined}
          aria-describedby={props.problem === undefined ? undefined : problemId}
          onChange={(e) => {
            props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value));
          }}
        />
        {props.suffix}
      </span>
      <Problem id={problemId} message={props.problem} />
    </span>
  );
}

export function TextField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly problem?: string | undefined;
  readonly placeholder?: string;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <span className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem !== undefined}
        aria-describedby={props.problem === undefined ? undefined : problemId}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
      />
      <Problem id={problemId} message={props.problem} />
    </span>
  );
}

export function SelectField<T extends string>(props: {
  readonly label: string;
  readonly value: T;
  readonly options: readonly (readonly [T, string])[];
  readonly onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <span className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => {
          const chosen = props.options.find(([v]) => v === e.target.value);
          if (chosen) props.onChange(chosen[0]);
        }}
      >
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}

/** A section the user turns on or off (Kiali's switches: "Add HTTP Delay"). */
export function ToggleSection(props: {
  readonly label: string;
  readonly on: boolean;
  readonly onToggle: (on: boolean) => void;
  readonly children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className="wizard-section">
      <legend>
        <input
          id={id}
          type="checkbox"
          checked={props.on}
          onChange={(e) => {
            props.onToggle(e.target.checked);
          }}
        />
        <label htmlFor={id}>{props.label}</label>
      </legend>
      {props.on ? <div className="wizard-fields">{props.children}</div> : null}
    </fieldset>
  );
}
