/**
 * A VirtualService of about `lines` lines for the editor benchmark: Bookinfo's `reviews` routed
 * by a header per user to its three subsets, one http route per user, then a default route, so
 * that every cross-resource check of a route (hosts, subsets, gateways) runs on every route.
 */
const SUBSETS = ['v1', 'v2', 'v3'] as const;

export const LONG_VS_NAME = 'reviews-by-user';

export function longVirtualService(options: { readonly lines: number; readonly namespace: string }): string {
  const head = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${LONG_VS_NAME}
  namespace: ${options.namespace}
spec:
  hosts:
    - reviews
  http:
`;
  const tail = `    - name: default
      route:
        - destination:
            host: reviews
            subset: v1
`;
  const route = (i: number): string => `    - name: user-${i}
      match:
        - headers:
            end-user:
              exact: user-${i}
      route:
        - destination:
            host: reviews
            subset: ${SUBSETS[i % SUBSETS.length] ?? 'v1'}
          weight: 100
      timeout: 5s
`;
  const count = (text: string): number => text.split('\n').length - 1;
  let body = '';
  for (let i = 0; count(head + body + tail) + count(route(i)) <= options.lines; i++) body += route(i);
  return head + body + tail;
}
