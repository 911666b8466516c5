/**
 * A validation as an icon and words; its messages are in the title (a tooltip) and, when asked,
 * listed below so they can be read without a mouse.
 */
import type { ValidationSummary } from './validation.ts';
import { validationText } from './validation.ts';
import './console-ui.css';

export function validationTone(v: ValidationSummary): 'healthy' | 'degraded' | 'failure' {
  if (v.errors > 0 || !v.valid) return 'failure';
  return v.warnings > 0 ? 'degraded' : 'healthy';
}

const GLYPH = { healthy: '✔', degraded: '⚠', failure: '✖' } as const;

export function ValidationBadge(props: {
  readonly validation: ValidationSummary;
  readonly showMessages?: boolean;
}) {
  const v = props.validation;
  const tone = validationTone(v);
  return (
    <span className="validation">
      <span className={`health tone-${tone}`} title={v.messages.join('\n')}>
        <span className="health-glyph" aria-hidden="true">
          {GLYPH[tone]}
        </span>
        <span>{validationText(v)}</span>
      </span>
      {props.showMessages === true && v.messages.length > 0 ? (
        <ul className="validation-messages">
          {v.messages.map((m, i) => (
            // Messages repeat (one per subset): the index keeps keys unique.
            <li key={`${String(i)}-${m}`}>{m}</li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
