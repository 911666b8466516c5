/**
 * The frame of every detail page: where it is (namespace, list, name), the tabs, and the
 * object's loading and error states (a page whose object cannot be read shows only why).
 */
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { sharedSearch } from '../../app/url.ts';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import '../../components/console-ui.css';
import { DetailTabs } from './DetailTabs.tsx';
import type { DetailTab } from './url.ts';

export interface DetailPageProps {
  /** "Applications", and its list's path. */
  readonly listLabel: string;
  readonly listPath: string;
  /** "application", for the loading and error messages. */
  readonly what: string;
  readonly namespace: string;
  readonly name: string;
  readonly isPending: boolean;
  readonly error: unknown;
  readonly tabs: readonly DetailTab[];
  readonly render: (tab: DetailTab) => ReactNode;
  /** Beside the title: the service page's "Actions" menu (the traffic wizards). */
  readonly actions?: ReactNode;
}

export function DetailPage(props: DetailPageProps) {
  const [params] = useSearchParams();
  return (
    <section aria-labelledby="detail-title">
      <nav aria-label="Breadcrumb" className="muted">
        <Link
          to={{ pathname: props.listPath, search: sharedSearch(params, { namespaces: props.namespace }) }}
        >
          {props.listLabel}
        </Link>{' '}
        › Namespace: {props.namespace} › {props.name}
      </nav>
      <div className="detail-heading">
        <h1 id="detail-title" className="page-title">
          {props.name}{' '}
          <span className="page-subtitle">
            {props.what} in {props.namespace}
          </span>
        </h1>
        {props.actions}
      </div>
      {props.isPending ? (
        <LoadingState what={props.what} />
      ) : props.error !== null && props.error !== undefined ? (
        <ErrorState error={props.error} what={props.what} />
      ) : (
        <DetailTabs tabs={props.tabs} render={props.render} />
      )}
    </section>
  );
}

/** A definition list of the object's properties. */
export function Properties(props: { readonly items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <section className="card" aria-labelledby="properties-title">
      <h2 id="properties-title">Properties</h2>
      <dl className="kv">
        {props.items.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function LabelChips(props: { readonly labels: Readonly<Record<string, string>> }) {
  const entries = Object.entries(props.labels);
  if (entries.length === 0) return <span className="muted">None</span>;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip">
          {k}={v}
        </span>
      ))}
    </span>
  );
}
