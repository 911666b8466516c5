/**
 * What a page shows while its data loads and when it cannot be had: the server's own message
 * (`ApiError`), and for a 503 which backend is down, since that is what the user must fix.
 */
import { ApiError } from '../api/http.ts';
import './console-ui.css';

export function LoadingState(props: { readonly what: string }) {
  return (
    <p className="state-box" role="status">
      Loading {props.what}…
    </p>
  );
}

/** The backend a 503's message names (`Prometheus at http://… is unreachable: …`). */
export function unavailableBackend(message: string): string | undefined {
  const m = /^(.+?) at (\S+) is unreachable/.exec(message);
  return m?.[1];
}

export function errorTitle(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    if (error.status === 503) {
      const backend = unavailableBackend(error.message);
      return backend === undefined ? `Cannot load ${what}: a backend is unavailable` : `${backend} is down`;
    }
    if (error.reason === 'network') return 'The Meshlens server cannot be reached';
    if (error.status === 404) return `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} not found`;
  }
  return `Cannot load ${what}`;
}

export function ErrorState(props: { readonly error: unknown; readonly what: string }) {
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <section className="error-box" role="alert">
      <h2>{errorTitle(props.error, props.what)}</h2>
      <p>{message}</p>
    </section>
  );
}
