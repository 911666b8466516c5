import { catalogue } from '@meshlens/mesh-core/validation';

/** The console's shell. Features (graph, services, traces, Istio config) arrive in later issues. */
export function App() {
  const checks = Object.keys(catalogue).filter((code) => code.startsWith('KIA')).length;
  return (
    <main>
      <h1>Meshlens</h1>
      <p>
        Service mesh observability console. This build validates Istio configuration with {checks} Kiali
        checks.
      </p>
    </main>
  );
}
