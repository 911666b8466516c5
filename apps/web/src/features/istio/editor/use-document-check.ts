/**
 * The browser's validation of the editor's text: mesh-core's `DocumentValidator`, built once per
 * mesh snapshot (so its indexes serve every keystroke), the snapshot fetched and kept fresh at
 * the console's refresh interval. A new snapshot revision gives a new check, and the editor
 * re-validates with it.
 */
import { DocumentValidator } from '@meshlens/mesh-core/validation';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSharedState } from '../../../app/url.ts';
import type { DocumentCheck } from './YamlEditor.tsx';
import { EDITOR_FILE, browserFindings } from './editor-findings.ts';
import { validationSnapshotQuery } from './queries.ts';

export interface DocumentCheckState {
  /** Undefined until the snapshot is loaded. */
  readonly check: DocumentCheck | undefined;
  /** Why the snapshot cannot be had, when it cannot. */
  readonly error: unknown;
}

export function useDocumentCheck(defaultNamespace: string): DocumentCheckState {
  const { refreshMs } = useSharedState();
  const snapshot = useQuery({ ...validationSnapshotQuery(), refetchInterval: refreshMs || false });
  const data = snapshot.data;
  const check = useMemo((): DocumentCheck | undefined => {
    if (data === undefined) return undefined;
    const validator = new DocumentValidator(data);
    return (text) => browserFindings(validator.validate({ text, file: EDITOR_FILE }, { defaultNamespace }));
  }, [data, defaultNamespace]);
  return { check, error: snapshot.error };
}
