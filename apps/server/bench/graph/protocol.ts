/** Messages between the graph benchmark and its console child process (`console-child.ts`). */
import { z } from 'zod';

export const childSetupSchema = z.object({
  namespaces: z.number().int().positive(),
  workloads: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  startedSec: z.number().int(),
  prometheusUrl: z.string(),
});
export type ChildSetup = z.infer<typeof childSetupSchema>;

export type ChildRequest =
  | { readonly type: 'stats' }
  /** `params`: the graph request's query parameters, `queryTime` included. */
  | { readonly type: 'profile'; readonly params: Readonly<Record<string, string>>; readonly repeat: number };

export interface QuerySpan {
  readonly startMs: number;
  readonly endMs: number;
  readonly query: string;
}

export type ChildReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'stats'; readonly memory: NodeJS.MemoryUsage; readonly spans: readonly QuerySpan[] }
  | {
      readonly type: 'profile';
      readonly buildMs: readonly number[];
      readonly jsonMs: readonly number[];
      readonly jsonBytes: number;
    }
  | { readonly type: 'error'; readonly message: string };
