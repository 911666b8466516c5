/** Findings of the Validate step or of a refused Apply: a table of severity, code, message, object, where. */
import type { CheckResult, CheckRow } from './wizard-check.ts';

const GLYPH: Readonly<Record<string, string>> = { error: '✖', warning: '⚠' };

export function FindingsTable(props: { readonly rows: readonly CheckRow[]; readonly label: string }) {
  if (props.rows.length === 0) return null;
  return (
    <table className="data-table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Code</th>
          <th scope="col">Message</th>
          <th scope="col">Object</th>
          <th scope="col">Where</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => (
          <tr key={`${String(i)}-${r.code}`}>
            <td
              className={`tone-${r.severity === 'error' ? 'failure' : r.severity === 'warning' ? 'degraded' : 'idle'}`}
            >
              <span aria-hidden="true">{GLYPH[r.severity] ?? 'ℹ'}</span> {r.severity}
            </td>
            <td>{r.code}</td>
            <td>{r.message}</td>
            <td>{r.object}</td>
            <td>{r.where}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const summary = (rows: readonly CheckRow[]): string => {
  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.filter((r) => r.severity === 'warning').length;
  if (errors === 0 && warnings === 0) return rows.length === 0 ? 'no findings' : 'no errors or warnings';
  return `${String(errors)} error${errors === 1 ? '' : 's'}, ${String(warnings)} warning${warnings === 1 ? '' : 's'}`;
};

export function CheckResults(props: { readonly result: CheckResult; readonly stale: boolean }) {
  const { result } = props;
  return (
    <section className="wizard-check" aria-label="Validation">
      <h3>Validation</h3>
      {props.stale ? <p className="muted">The form changed since: validate again.</p> : null}
      {result.browser === undefined ? (
        <p>Not checked in the browser: the mesh snapshot could not be loaded.</p>
      ) : (
        <>
          <p>Checked in the browser against the mesh: {summary(result.browser)}.</p>
          <FindingsTable rows={result.browser} label="Browser findings" />
        </>
      )}
      <h4>Server dry run</h4>
      <ul className="plain-list" aria-label="Server dry run">
        {result.server.map((s) => (
          <li key={s.object}>
            {s.object} ({s.operation}):{' '}
            {s.outcome === 'accepted' ? (
              <span className="tone-healthy">accepted</span>
            ) : (
              <span className="tone-failure">
                {s.outcome}
                {s.message === undefined ? '' : ` — ${s.message}`}
              </span>
            )}
            {s.outcome === 'accepted' && s.rows.length > 0 ? ` with ${summary(s.rows)}` : null}
            {s.pendingSubsets > 0
              ? ` (${String(s.pendingSubsets)} “subset not found” left out: the DestinationRule, applied first, defines those subsets)`
              : null}
          </li>
        ))}
      </ul>
      <FindingsTable rows={result.server.flatMap((s) => s.rows)} label="Server findings" />
    </section>
  );
}
