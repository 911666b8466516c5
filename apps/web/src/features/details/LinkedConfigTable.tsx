/** The Istio config that applies to the object, each with its validation. */
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../app/url.ts';
import type { Column } from '../../components/SortableTable.tsx';
import { SortableTable } from '../../components/SortableTable.tsx';
import { ValidationBadge } from '../../components/ValidationBadge.tsx';
import type { LinkedConfig } from '../../components/inventory-rows.ts';

export function LinkedConfigTable(props: {
  readonly linked: readonly LinkedConfig[];
  readonly loading?: boolean;
}) {
  const [search] = useSearchParams();
  const columns: readonly Column<LinkedConfig>[] = [
    { key: 'type', label: 'Type', render: (l) => l.ref.objectGVK.Kind },
    {
      key: 'name',
      label: 'Name',
      render: (l) => (
        <Link
          to={{
            pathname: '/istio',
            search: sharedSearch(search, {
              namespaces: l.ref.namespace,
              name: l.ref.name,
              type: l.ref.objectGVK.Kind,
            }),
          }}
        >
          {l.ref.namespace}/{l.ref.name}
        </Link>
      ),
    },
    {
      key: 'validation',
      label: 'Validation',
      render: (l) =>
        l.validation === undefined ? (
          <span className="muted">{props.loading === true ? 'Loading…' : 'Not validated'}</span>
        ) : (
          <ValidationBadge validation={l.validation} showMessages />
        ),
    },
  ];
  return (
    <section className="card" aria-labelledby="istio-config-title">
      <h2 id="istio-config-title">Istio Config</h2>
      {props.linked.length === 0 ? (
        <p className="muted">No Istio config applies to it.</p>
      ) : (
        <SortableTable
          label="Istio config"
          columns={columns}
          rows={props.linked}
          rowKey={(l) => `${l.ref.objectGVK.Kind}/${l.ref.namespace}/${l.ref.name}`}
        />
      )}
    </section>
  );
}
