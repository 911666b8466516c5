/** Kiali's in/out rate tables: requests per second with the success and error split, TCP bytes. */
import type { RequestRates } from './summary-data.ts';
import { errorRate, percentError } from './summary-data.ts';
import { bytesPerSec, percent, rps } from './format.ts';

export interface RateRow {
  readonly label: string;
  readonly rates: RequestRates;
}

export function RequestRateTable(props: { readonly title: string; readonly rows: readonly RateRow[] }) {
  return (
    <table className="data-table side-table" aria-label={props.title}>
      <caption>{props.title}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Total</th>
          <th scope="col">% Success</th>
          <th scope="col">% Error</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{rps(r.rates.total)}</td>
            <td>{r.rates.total > 0 ? percent(100 - percentError(r.rates)) : '—'}</td>
            <td className={errorRate(r.rates) > 0 ? 'tone-failure' : undefined}>
              {r.rates.total > 0 ? percent(percentError(r.rates)) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The HTTP responses that were not 2xx, by class (Kiali's `httpIn3xx`, `httpIn4xx`, …). */
export function HttpClassTable(props: { readonly title: string; readonly rows: readonly RateRow[] }) {
  const rows = props.rows.filter((r) => r.rates.r3xx + r.rates.r4xx + r.rates.r5xx + r.rates.noResponse > 0);
  if (rows.length === 0) return null;
  return (
    <table className="data-table side-table" aria-label={props.title}>
      <caption>{props.title}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">3xx</th>
          <th scope="col">4xx</th>
          <th scope="col">5xx</th>
          <th scope="col">No response</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{rps(r.rates.r3xx)}</td>
            <td>{rps(r.rates.r4xx)}</td>
            <td>{rps(r.rates.r5xx)}</td>
            <td>{rps(r.rates.noResponse)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TcpRateTable(props: { readonly rows: readonly { label: string; bytes: number }[] }) {
  return (
    <table className="data-table side-table" aria-label="TCP bytes per second">
      <caption>TCP (bytes per second)</caption>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{bytesPerSec(r.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
