/**
 * One wizard's dialog, as Kiali's ServiceWizard: the form (read back from the service's objects
 * when updating), the problems of the form, the YAML preview of both objects as they will be
 * stored, Validate (the browser's mesh check and the server's dry run) and Apply / Update.
 * Everything Istio-shaped (building, reading, merging, checking) is mesh-core's.
 */
import type { ExistingManifests, WizardKind, WizardModel, WizardTarget } from '@meshlens/mesh-core/wizards';
import {
  WIZARD_TITLES,
  buildWizard,
  defaultModel,
  manifestsYaml,
  readWizard,
  validateWizard,
  wizardWrites,
} from '@meshlens/mesh-core/wizards';
import type { ExistingRouting } from '@meshlens/mesh-core/wizards';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { CheckResults, FindingsTable } from './CheckResults.tsx';
import { Modal } from './Modal.tsx';
import { WizardForm } from './WizardForm.tsx';
import { validationSnapshotQuery } from '../istio/index.ts';
import { refreshAfterWrite } from './queries.ts';
import type { CheckResult } from './wizard-check.ts';
import { ApplyError, applyWrites, browserCheck, serverCheck } from './wizard-check.ts';

export interface WizardDialogProps {
  readonly kind: WizardKind;
  readonly mode: 'create' | 'update';
  /** Namespace, service, versions (the mesh's cluster domain is added here). */
  readonly target: WizardTarget;
  /** The service's routing objects the wizard reads (update) and replaces. */
  readonly existing: ExistingRouting & ExistingManifests;
  readonly onClose: () => void;
  /** After a successful apply, with what was written. */
  readonly onApplied: (summary: string) => void;
}

export function WizardDialog(props: WizardDialogProps) {
  const { kind, mode, existing } = props;
  const title = WIZARD_TITLES[kind];
  const client = useQueryClient();
  const snapshot = useQuery(validationSnapshotQuery());
  const clusterDomain = snapshot.data?.options?.clusterDomain;
  const target = useMemo<WizardTarget>(
    () => ({ ...props.target, ...(clusterDomain === undefined ? {} : { clusterDomain }) }),
    [props.target, clusterDomain],
  );
  const [model, setModel] = useState<WizardModel>(() =>
    mode === 'update' ? readWizard(kind, existing, props.target) : defaultModel(kind, props.target),
  );
  const issues = useMemo(() => validateWizard(model), [model]);
  const writes = useMemo(() => {
    const names = {
      ...(existing.virtualService ? { virtualService: existing.virtualService.metadata.name } : {}),
      ...(existing.destinationRule ? { destinationRule: existing.destinationRule.metadata.name } : {}),
    };
    return wizardWrites(buildWizard(model, target, { names }), existing, kind);
  }, [model, target, existing, kind]);
  const yaml = useMemo(() => manifestsYaml(writes.map((w) => w.result)), [writes]);
  const [check, setCheck] = useState<CheckResult | undefined>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | undefined>();

  const validate = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      // Without the mesh snapshot (an older server), the server's dry run still checks.
      const browser =
        snapshot.data === undefined ? undefined : browserCheck(snapshot.data, yaml, target.namespace);
      const server = await serverCheck(target.namespace, writes);
      setCheck({ yaml, ...(browser === undefined ? {} : { browser }), server });
    } catch (e) {
      setCheckError(e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  const apply = useMutation({
    mutationFn: () => applyWrites(target.namespace, writes),
    onSuccess: async (done) => {
      await refreshAfterWrite(client, target.namespace, target.service);
      props.onApplied(`${title}: ${done.join(', ')}.`);
    },
    // A partial apply changed the mesh too: the page must show it.
    onError: () => refreshAfterWrite(client, target.namespace, target.service),
  });
  const failure = apply.error instanceof ApplyError ? apply.error : undefined;
  const blocked = issues.length > 0;
  const applyLabel = mode === 'update' ? 'Update' : 'Apply';

  return (
    <Modal
      label={title}
      heading={`${mode === 'update' ? 'Update' : 'Create'} ${title}`}
      onClose={props.onClose}
      wide
    >
      <p className="muted">
        Service {target.service} in {target.namespace}
        {existing.destinationRule && mode === 'create'
          ? ` — DestinationRule ${existing.destinationRule.metadata.name} exists and will be updated`
          : ''}
      </p>
      <WizardForm model={model} onChange={setModel} issues={issues} versions={target.versions} />
      {blocked ? (
        <div role="alert" className="wizard-problems">
          <p>Fix {issues.length === 1 ? 'this problem' : `these ${String(issues.length)} problems`} first:</p>
          <ul aria-label="Problems">
            {issues.map((i) => (
              <li key={`${i.field}-${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="wizard-preview" aria-label="Preview">
        <h3>Preview</h3>
        <pre tabIndex={0} aria-label="Preview YAML">
          {yaml}
        </pre>
      </section>
      {snapshot.isError ? (
        <p className="muted">
          The mesh to validate against could not be loaded ({snapshot.error.message}): Validate runs the
          server&apos;s dry run only.
        </p>
      ) : null}
      {check ? <CheckResults result={check} stale={check.yaml !== yaml} /> : null}
      {checkError === undefined ? null : (
        <p role="alert" className="field-problem">
          Validation failed: {checkError}
        </p>
      )}
      {apply.isError ? (
        <div role="alert" className="error-box">
          <h2>{`${applyLabel} failed`}</h2>
          <p>
            {apply.error.message}
            {failure && failure.done.length > 0 ? ` (already done: ${failure.done.join(', ')})` : ''}
          </p>
          {failure ? <FindingsTable rows={failure.rows} label="Refusal findings" /> : null}
        </div>
      ) : null}
      <div className="wizard-buttons">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          disabled={blocked || checking || snapshot.isPending}
          title={snapshot.isPending ? 'Loading the mesh to validate against…' : undefined}
          onClick={() => void validate()}
        >
          {checking ? 'Validating…' : 'Validate'}
        </button>
        <button
          type="button"
          className="primary"
          disabled={blocked || apply.isPending}
          onClick={() => {
            apply.mutate();
          }}
        >
          {applyLabel}
        </button>
      </div>
    </Modal>
  );
}
