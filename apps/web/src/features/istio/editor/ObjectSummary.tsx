/**
 * What the details answer says about a config object besides its YAML: the server's validation
 * of the stored version, and the objects, services and workloads it refers to (Kiali's
 * "References"), each a link to its page.
 */
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../../app/url.ts';
import { ValidationBadge } from '../../../components/ValidationBadge.tsx';
import { summarizeValidation } from '../../../components/validation.ts';
import { serviceDetailPath, workloadDetailPath } from '../../details/index.ts';
import { istioObjectPagePath } from './url.ts';

export function ObjectSummary(props: { readonly details: IstioConfigDetails }) {
  const [params] = useSearchParams();
  const search = sharedSearch(params);
  const { validation, references, resource } = props.details;
  const refs = references ?? { objectReferences: [], serviceReferences: [], workloadReferences: [] };
  const none =
    refs.objectReferences.length + refs.serviceReferences.length + refs.workloadReferences.length === 0;
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="config-overview-title">
        <h2 id="config-overview-title">Overview</h2>
        <dl className="kv">
          <dt>Server validation</dt>
          <dd>
            {validation === null ? (
              <span className="muted">Not validated</span>
            ) : (
              <ValidationBadge validation={summarizeValidation(validation)} showMessages />
            )}
          </dd>
          <dt>Resource version</dt>
          <dd>{resource.metadata.resourceVersion ?? '—'}</dd>
          <dt>Created</dt>
          <dd>{resource.metadata.creationTimestamp ?? '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="config-references-title">
        <h2 id="config-references-title">References</h2>
        {none ? (
          <p className="muted">No references.</p>
        ) : (
          <ul className="plain-list" aria-label="References">
            {refs.serviceReferences.map((s) => (
              <li key={`svc-${s.namespace}-${s.name}`}>
                Service{' '}
                <Link to={`${serviceDetailPath(s.namespace, s.name)}${search}`}>
                  {s.namespace}/{s.name}
                </Link>
              </li>
            ))}
            {refs.workloadReferences.map((w) => (
              <li key={`wl-${w.namespace}-${w.name}`}>
                Workload{' '}
                <Link to={`${workloadDetailPath(w.namespace, w.name)}${search}`}>
                  {w.namespace}/{w.name}
                </Link>
              </li>
            ))}
            {refs.objectReferences.map((o) => (
              <li key={`obj-${o.objectGVK.Kind}-${o.namespace}-${o.name}`}>
                {o.objectGVK.Kind}{' '}
                <Link
                  to={`${istioObjectPagePath({
                    namespace: o.namespace,
                    group: o.objectGVK.Group,
                    version: o.objectGVK.Version,
                    kind: o.objectGVK.Kind,
                    name: o.name,
                  })}${search}`}
                >
                  {o.namespace}/{o.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
