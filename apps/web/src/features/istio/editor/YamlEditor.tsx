/**
 * CodeMirror 6 with YAML and live validation. The EditorView is created once per mount; the
 * props it reads later (the check, the server's findings, the callbacks) are kept in refs, and a
 * change of the check or of the server's findings re-runs the lint at once.
 *
 * The lint source runs the browser's check (mesh-core's `DocumentValidator`) on the whole text
 * `LINT_DELAY_MS` after the last change, adds the findings of the last refused save, and hands
 * them both to CodeMirror (underline, gutter marker, tooltip) and to `onFindings` (the list).
 * Each lint run is announced with a `meshlens-lint` window event (`LintTiming`), which the
 * editor benchmark reads.
 */
import { yaml } from '@codemirror/lang-yaml';
import type { Diagnostic } from '@codemirror/lint';
import { forceLinting, lintGutter, linter, setDiagnosticsEffect } from '@codemirror/lint';
import { EditorSelection, EditorState, StateEffect } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { RefObject } from 'react';
import { useEffect, useRef } from 'react';
import type { EditorFinding } from './editor-findings.ts';
import { findingRange, findingText } from './editor-findings.ts';

/** Short enough to feel live, long enough not to validate every key of a fast typist. */
export const LINT_DELAY_MS = 100;

/** Detail of the `meshlens-lint` event: `performance.now()` times of one lint run. */
export interface LintTiming {
  /** The lint source started (LINT_DELAY_MS after the last change). */
  readonly startedAt: number;
  /** The check returned. */
  readonly checkedAt: number;
  /** The diagnostics were in the editor's state. */
  readonly appliedAt: number;
  readonly findings: number;
  readonly length: number;
  readonly lines: number;
}
export const LINT_EVENT = 'meshlens-lint';

export interface YamlEditorHandle {
  getText(): string;
  /** Replaces the whole text (a reload), keeping the cursor's line where it can. */
  setText(text: string): void;
  /** Moves the cursor to a 1-based line and column and focuses the editor. */
  moveTo(line: number, column: number): void;
}

export type DocumentCheck = (text: string) => EditorFinding[];

/** Asks the linter to run again though the text did not change (a new check, the server's findings). */
const recheck = StateEffect.define();
const asksRecheck = (u: { transactions: readonly { effects: readonly StateEffect<unknown>[] }[] }): boolean =>
  u.transactions.some((t) => t.effects.some((e) => e.is(recheck)));

export interface YamlEditorProps {
  /** The accessible name of the editing area. */
  readonly label: string;
  /** The text when the editor is created; later changes go through the handle. */
  readonly initialText: string;
  /** The browser's validation; undefined while the mesh snapshot loads. */
  readonly check: DocumentCheck | undefined;
  /** Findings of the last refused save, shown until the text changes. */
  readonly serverFindings: readonly EditorFinding[];
  readonly onChange: (text: string) => void;
  readonly onFindings: (findings: readonly EditorFinding[]) => void;
  readonly handle: RefObject<YamlEditorHandle | null>;
}

function diagnosticOf(f: EditorFinding, state: EditorState): Diagnostic {
  const range = findingRange(f, state.doc);
  return {
    ...range,
    severity: f.severity,
    message: findingText(f),
    ...(f.origin === 'server' ? { source: 'from the server' } : {}),
  };
}

export function YamlEditor(props: YamlEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // Set by the lint source, read when its diagnostics land in the state.
  const pending = useRef<{ startedAt: number; checkedAt: number; findings: number } | null>(null);

  useEffect(() => {
    const host = parent.current;
    if (host === null) return;
    const source = (v: EditorView): Diagnostic[] => {
      const startedAt = performance.now();
      const text = v.state.doc.toString();
      const { check, serverFindings, onFindings } = latest.current;
      const findings = [...(check?.(text) ?? []), ...serverFindings];
      pending.current = { startedAt, checkedAt: performance.now(), findings: findings.length };
      onFindings(findings);
      return findings.map((f) => diagnosticOf(f, v.state));
    };
    const created = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: latest.current.initialText,
        extensions: [
          basicSetup,
          yaml(),
          linter(source, { delay: LINT_DELAY_MS, needsRefresh: asksRecheck }),
          lintGutter(),
          EditorView.contentAttributes.of({ 'aria-label': latest.current.label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
            const run = pending.current;
            if (
              run !== null &&
              update.transactions.some((t) => t.effects.some((e) => e.is(setDiagnosticsEffect)))
            ) {
              pending.current = null;
              const detail: LintTiming = {
                ...run,
                appliedAt: performance.now(),
                length: update.state.doc.length,
                lines: update.state.doc.lines,
              };
              window.dispatchEvent(new CustomEvent(LINT_EVENT, { detail }));
            }
          }),
        ],
      }),
    });
    view.current = created;
    props.handle.current = {
      getText: () => created.state.doc.toString(),
      setText: (text) => {
        const line = created.state.doc.lineAt(created.state.selection.main.head).number;
        created.dispatch({ changes: { from: 0, to: created.state.doc.length, insert: text } });
        const target = created.state.doc.line(Math.min(line, created.state.doc.lines));
        created.dispatch({ selection: EditorSelection.cursor(target.from) });
      },
      moveTo: (line, column) => {
        const to = findingRange({ line, column }, created.state.doc).from;
        created.dispatch({ selection: EditorSelection.cursor(to), scrollIntoView: true });
        created.focus();
      },
    };
    return () => {
      props.handle.current = null;
      view.current = null;
      created.destroy();
    };
    // Created once per mount: later props are read through `latest`.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    // Schedules a lint run, then runs it at once rather than after the typing delay.
    v.dispatch({ effects: recheck.of(null) });
    forceLinting(v);
  }, [props.check, props.serverFindings]);

  return <div className="yaml-editor" ref={parent} />;
}
