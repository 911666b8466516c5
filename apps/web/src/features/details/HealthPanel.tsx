/** The object's health and why: the overall status, then each check behind it. */
import { HealthIcon } from '../../components/HealthIcon.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import type { HealthInput } from './health-reasons.ts';
import { healthReasons } from './health-reasons.ts';

export function HealthPanel(props: {
  readonly isPending: boolean;
  readonly error: unknown;
  readonly data: HealthInput | undefined;
}) {
  const { data } = props;
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      {props.error !== null && props.error !== undefined ? (
        <ErrorState error={props.error} what="health" />
      ) : props.isPending || data === undefined ? (
        <LoadingState what="health" />
      ) : (
        <>
          <p>
            <HealthIcon status={data.status?.status ?? 'NA'} />
          </p>
          <ul aria-label="Health checks" className="plain-list">
            {healthReasons(data).map((r) => (
              <li key={r.text}>
                <HealthIcon status={r.status} hideText /> {r.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
