/**
 * The "Validation" list under the editor: counts, then every finding with its severity, code,
 * message and line:column; the position is a button that moves the editor's cursor there.
 * Findings of a refused save are marked "from the server".
 */
import type { EditorFinding } from './editor-findings.ts';
import { countFindings, countsText, sortEditorFindings } from './editor-findings.ts';
import './editor.css';

const GLYPH = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export function FindingsList(props: {
  readonly findings: readonly EditorFinding[];
  /** False while the browser has not validated yet (the mesh snapshot is loading). */
  readonly validated: boolean;
  /** Absent: positions are shown as text (the findings are not of the editor's text). */
  readonly onGoTo?: (finding: EditorFinding) => void;
  readonly label?: string;
}) {
  const label = props.label ?? 'Validation';
  const findings = sortEditorFindings(props.findings);
  const counts = countFindings(findings);
  return (
    <section className="findings" aria-label={label}>
      <h2 className="findings-title">
        {label}{' '}
        <span className="findings-counts" aria-live="polite">
          {props.validated || findings.length > 0
            ? countsText(counts)
            : 'Loading the mesh to validate against…'}
        </span>
      </h2>
      {findings.length === 0 ? null : (
        <table className="data-table findings-table" aria-label={`${label} findings`}>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Code</th>
              <th scope="col">Message</th>
              <th scope="col">Line</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f, i) => {
              const at = `${f.line}:${f.column}`;
              return (
                <tr key={`${String(i)}-${f.code}-${at}`} className={`finding finding-${f.severity}`}>
                  <td>
                    <span className={`finding-severity tone-${f.severity}`}>
                      <span aria-hidden="true">{GLYPH[f.severity]}</span> {f.severity}
                    </span>
                  </td>
                  <td>
                    <code>{f.code}</code>
                  </td>
                  <td>
                    {f.message}
                    {f.origin === 'server' ? (
                      <span className="chip finding-origin">from the server</span>
                    ) : null}
                  </td>
                  <td>
                    {props.onGoTo === undefined ? (
                      at
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Go to line ${f.line}, column ${f.column}`}
                        onClick={() => props.onGoTo?.(f)}
                      >
                        {at}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
