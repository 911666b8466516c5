/**
 * Kiali's "Delete Traffic Routing": confirms, then deletes every VirtualService and
 * DestinationRule of the service, VirtualServices first so no route names a vanished subset.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RoutingKind } from '@meshlens/mesh-core/wizards';
import { Modal } from './Modal.tsx';
import { deleteRoutingObject, refreshAfterWrite } from './queries.ts';

export interface RoutingObjectRef {
  readonly kind: RoutingKind;
  readonly name: string;
}

export function DeleteRoutingDialog(props: {
  readonly namespace: string;
  readonly service: string;
  readonly objects: readonly RoutingObjectRef[];
  readonly onClose: () => void;
  readonly onDeleted: (summary: string) => void;
}) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: async () => {
      const ordered = [...props.objects].sort((a, b) =>
        a.kind === b.kind ? 0 : a.kind === 'VirtualService' ? -1 : 1,
      );
      for (const o of ordered) await deleteRoutingObject(o.kind, props.namespace, o.name);
    },
    onSettled: () => refreshAfterWrite(client, props.namespace, props.service),
    onSuccess: () => {
      props.onDeleted(
        `Traffic routing deleted: ${props.objects.map((o) => `${o.kind} ${o.name}`).join(', ')}.`,
      );
    },
  });
  return (
    <Modal label="Delete Traffic Routing" heading="Delete Traffic Routing" onClose={props.onClose}>
      <p>
        This deletes the traffic routing of service {props.service}; its traffic goes back to every version
        evenly.
      </p>
      <ul aria-label="Objects to delete">
        {props.objects.map((o) => (
          <li key={`${o.kind}/${o.name}`}>
            {o.kind} {o.name}
          </li>
        ))}
      </ul>
      {remove.isError ? (
        <p role="alert" className="field-problem">
          Delete failed: {remove.error.message}
        </p>
      ) : null}
      <div className="wizard-buttons">
        <button type="button" onClick={props.onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            remove.mutate();
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
