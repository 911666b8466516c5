/** Vitest global setup: the sidecar bundle that proxy tests spawn is built from current sources. */
import { ensureSidecarBundle } from '../../../../bin/build-sidecar.js';

export async function setup(): Promise<void> {
  await ensureSidecarBundle();
}
