/**
 * A table whose sortable column headers are buttons (click to sort, click again to reverse) and
 * say their order with `aria-sort`, as Kiali's lists do. The sort itself is the caller's: lists
 * keep it in the URL.
 */
import type { ReactNode } from 'react';
import './console-ui.css';

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface SortState {
  readonly key: string;
  readonly direction: SortDirection;
}

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  readonly sortable?: boolean;
  readonly render: (row: Row) => ReactNode;
}

export function SortableTable<Row>(props: {
  readonly label: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly sort?: SortState | undefined;
  readonly onSort?: (sort: SortState) => void;
}) {
  const { sort, onSort } = props;
  return (
    <table className="data-table" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => {
            const active = sort?.key === c.key;
            const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
            return (
              <th key={c.key} scope="col" {...(ariaSort === undefined ? {} : { 'aria-sort': ariaSort })}>
                {c.sortable === true && onSort !== undefined ? (
                  <button
                    type="button"
                    onClick={() => {
                      onSort({
                        key: c.key,
                        direction: active && sort.direction === 'asc' ? 'desc' : 'asc',
                      });
                    }}
                  >
                    {c.label}
                    <span aria-hidden="true">{active ? (sort.direction === 'asc' ? '▲' : '▼') : '⇅'}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)}>
            {props.columns.map((c) => (
              <td key={c.key}>{c.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
