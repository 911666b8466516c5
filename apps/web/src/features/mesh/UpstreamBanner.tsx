/**
 * The shell's banner for backends that are down: polls the mesh status every 15 s and names each
 * part that is not Healthy (Prometheus, the trace store, the control plane) with its URL and
 * error. Nothing when all are healthy; a status that cannot be read is the page's business.
 */
import { useQuery } from '@tanstack/react-query';
import '../../components/console-ui.css';
import { downComponents } from './components.ts';
import { MESH_STATUS_POLL_MS, meshStatusQuery } from './queries.ts';

export function UpstreamBanner() {
  const query = useQuery({ ...meshStatusQuery(), refetchInterval: MESH_STATUS_POLL_MS });
  if (query.data === undefined) return null;
  const down = downComponents(query.data);
  if (down.length === 0) return null;
  return (
    <div className="banner" role="alert">
      {down.map((d) => (
        <p key={d.component} className="banner-line">
          {d.message}
        </p>
      ))}
    </div>
  );
}
