/** Objects and kinds as callers name them, checked into keys. */
import { istioKinds, kubeKinds } from '@meshlens/mesh-core/config';
import { ConfigStoreError } from './errors.ts';
import { isClusterScoped, isResourceKind } from './object-key.ts';
import type { ObjectKey } from './object-key.ts';
import type { ObjectName } from './types.ts';

export const storedKinds = [...istioKinds, ...kubeKinds].join(', ');

export function kindOf(kind: string): ObjectKey['kind'] {
  if (!isResourceKind(kind)) {
    throw new ConfigStoreError(
      'input',
      `unknown kind ${JSON.stringify(kind)}; the config store keeps ${storedKinds}`,
    );
  }
  return kind;
}

export function keyOfName(object: ObjectName): ObjectKey {
  const kind = kindOf(object.kind);
  return { kind, namespace: isClusterScoped(kind) ? '' : object.namespace, name: object.name };
}
