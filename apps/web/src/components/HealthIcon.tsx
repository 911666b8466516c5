/**
 * A health status as Kiali shows it: an icon in the status colour and the status in words (the
 * words matter: colour alone is not enough for everyone, and tests and screen readers read them).
 */
import type { HealthStatus } from '@meshlens/mesh-core/health';
import './console-ui.css';

/** Kiali's wording (`HEALTH_STATUS_NAMES` in mesh-core): `NA` reads "No health information". */
const LOOK: Readonly<
  Record<HealthStatus, { readonly glyph: string; readonly text: string; readonly tone: string }>
> = {
  Healthy: { glyph: '✔', text: 'Healthy', tone: 'healthy' },
  Degraded: { glyph: '⚠', text: 'Degraded', tone: 'degraded' },
  Failure: { glyph: '✖', text: 'Failure', tone: 'failure' },
  'Not Ready': { glyph: '◌', text: 'Not Ready', tone: 'idle' },
  NA: { glyph: '–', text: 'No health information', tone: 'idle' },
};

/** Every status, in Kiali's filter order (the record above makes sure none is missing). */
export const HEALTH_STATUS_CHOICES = Object.keys(LOOK) as readonly HealthStatus[];

export function isHealthStatus(s: string): s is HealthStatus {
  return Object.hasOwn(LOOK, s);
}

export function healthText(status: HealthStatus): string {
  return LOOK[status].text;
}

export function HealthIcon(props: { readonly status: HealthStatus; readonly hideText?: boolean }) {
  const look = LOOK[props.status];
  return (
    <span className={`health tone-${look.tone}`} title={look.text}>
      <span className="health-glyph" aria-hidden="true">
        {look.glyph}
      </span>
      {props.hideText === true ? (
        <span className="visually-hidden">{look.text}</span>
      ) : (
        <span>{look.text}</span>
      )}
    </span>
  );
}
