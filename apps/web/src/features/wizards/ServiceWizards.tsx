/**
 * The service page's wizards (Kiali's ServiceWizardDropdown): an "Actions" menu of the five
 * wizards and "Delete Traffic Routing", each enabled as the service's routing allows (only the
 * wizard that owns it, to update it), and the dialog of the chosen one. After a write, a status
 * line says what changed.
 */
import type { WizardKind, WizardTarget } from '@meshlens/mesh-core/wizards';
import {
  VERSION_LABEL,
  WIZARD_KINDS,
  WIZARD_TITLES,
  existingRoutingOf,
  isWizardKind,
  routingOwnership,
  wizardAvailability,
} from '@meshlens/mesh-core/wizards';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { MenuAction } from './ActionsMenu.tsx';
import { ActionsMenu } from './ActionsMenu.tsx';
import type { RoutingObjectRef } from './DeleteRoutingDialog.tsx';
import { DeleteRoutingDialog } from './DeleteRoutingDialog.tsx';
import { WizardDialog } from './WizardDialog.tsx';
import { serviceDetailsQuery } from '../details/index.ts';
import './wizards.css';

const DELETE = 'delete_traffic_routing';
type Open = { readonly kind: WizardKind } | { readonly kind: typeof DELETE } | undefined;

export function ServiceWizards(props: { readonly namespace: string; readonly service: string }) {
  const { namespace, service } = props;
  const details = useQuery(serviceDetailsQuery(namespace, service));
  const [open, setOpen] = useState<Open>();
  const [status, setStatus] = useState<string | undefined>();
  const d = details.data;

  const ownership = useMemo(
    () => (d === undefined ? undefined : routingOwnership(d.virtualServices, d.destinationRules)),
    [d],
  );
  const target = useMemo<WizardTarget>(() => {
    const versions = new Set<string>();
    for (const w of d?.workloads ?? []) {
      const v = w.labels[VERSION_LABEL];
      if (v !== undefined) versions.add(v);
    }
    return { namespace, service, versions: [...versions] };
  }, [d, namespace, service]);

  const routingObjects = useMemo(
    (): RoutingObjectRef[] => [
      ...(d?.virtualServices ?? []).map((o): RoutingObjectRef => ({
        kind: 'VirtualService',
        name: o.metadata.name,
      })),
      ...(d?.destinationRules ?? []).map((o): RoutingObjectRef => ({
        kind: 'DestinationRule',
        name: o.metadata.name,
      })),
    ],
    [d],
  );

  const actions: MenuAction[] = useMemo(() => {
    if (ownership === undefined) return [];
    const wizards = WIZARD_KINDS.map((kind) => {
      const a = wizardAvailability(kind, ownership);
      return {
        key: kind,
        label: a.mode === 'update' ? `Update ${WIZARD_TITLES[kind]}` : WIZARD_TITLES[kind],
        disabled: !a.enabled,
        ...(a.reason === undefined ? {} : { reason: a.reason }),
      };
    });
    const none = routingObjects.length === 0;
    return [
      ...wizards,
      {
        key: DELETE,
        label: 'Delete Traffic Routing',
        disabled: none,
        separated: true,
        ...(none ? { reason: 'The service has no traffic routing' } : {}),
      },
    ];
  }, [ownership, routingObjects]);

  const select = (key: string) => {
    setStatus(undefined);
    if (key === DELETE) setOpen({ kind: DELETE });
    else if (isWizardKind(key)) setOpen({ kind: key });
  };
  const done = (summary: string) => {
    setOpen(undefined);
    setStatus(summary);
  };

  return (
    <div className="service-wizards">
      {details.isError ? (
        <span className="field-problem">Actions unavailable: {details.error.message}</span>
      ) : (
        <ActionsMenu
          actions={actions}
          disabled={d === undefined}
          {...(ownership?.blockedBy !== undefined
            ? { note: ownership.blockedBy }
            : ownership?.owner !== undefined
              ? {
                  note: `The ${WIZARD_TITLES[ownership.owner]} wizard made this service's traffic routing: update it, or delete the traffic routing to use another wizard.`,
                }
              : {})}
          onSelect={select}
          onOpen={() => void details.refetch()}
        />
      )}
      <p role="status" className="wizard-status">
        {status ?? ''}
      </p>
      {open !== undefined && open.kind !== DELETE && ownership !== undefined ? (
        <WizardDialog
          kind={open.kind}
          mode={wizardAvailability(open.kind, ownership).mode}
          target={target}
          existing={existingRoutingOf(ownership)}
          onClose={() => {
            setOpen(undefined);
          }}
          onApplied={done}
        />
      ) : null}
      {open?.kind === DELETE ? (
        <DeleteRoutingDialog
          namespace={namespace}
          service={service}
          objects={routingObjects}
          onClose={() => {
            setOpen(undefined);
          }}
          onDeleted={done}
        />
      ) : null}
    </div>
  );
}
