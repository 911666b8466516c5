/**
 * The namespaces to graph (the shared `namespaces` URL state), as a drop-down of checkboxes like
 * Kiali's namespace selector; the list comes from `GET /api/namespaces`.
 */
import { useQuery } from '@tanstack/react-query';
import { useSharedState } from '../../app/url.ts';
import { namespacesQueryOptions } from './queries.ts';

export function NamespaceSelect() {
  const { namespaces, setNamespaces } = useSharedState();
  const query = useQuery(namespacesQueryOptions());
  const available = query.data?.map((n) => n.name) ?? [];
  // A namespace in the URL the server does not know is still shown, so it can be unchecked.
  const all = [...new Set([...available, ...namespaces])].sort();
  const toggle = (name: string, on: boolean) => {
    setNamespaces(on ? [...namespaces, name] : namespaces.filter((n) => n !== name));
  };
  return (
    <details className="graph-dropdown namespace-select">
      <summary>
        Namespaces: {namespaces.length === 0 ? <em>none selected</em> : namespaces.join(', ')}
      </summary>
      <fieldset className="graph-dropdown-body">
        <legend>Namespaces</legend>
        {query.isPending ? <p>Loading namespaces…</p> : null}
        {query.isError ? <p role="alert">Namespaces cannot be listed: {query.error.message}</p> : null}
        {all.map((name) => (
          <label key={name} className="graph-check">
            <input
              type="checkbox"
              checked={namespaces.includes(name)}
              onChange={(e) => {
                toggle(name, e.target.checked);
              }}
            />
            {name}
          </label>
        ))}
        <div className="graph-dropdown-actions">
          <button
            type="button"
            onClick={() => {
              setNamespaces(available);
            }}
          >
            Select all
          </button>
          <button
            type="button"
            onClick={() => {
              setNamespaces([]);
            }}
          >
            Clear
          </button>
        </div>
      </fieldset>
    </details>
  );
}
