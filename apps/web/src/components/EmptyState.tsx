import type { ReactNode } from 'react';

/** What a page shows when it has nothing to show: what happened, and what to do about it. */
export function EmptyState(props: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children === undefined ? null : <div className="empty-state-body">{props.children}</div>}
    </section>
  );
}
