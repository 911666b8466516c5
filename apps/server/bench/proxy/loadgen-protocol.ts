/**
 * What the parent tells the load generator process (one JSON argument) and what it reports back
 * (JSON lines on stdout: `window-start`, `window-end`, then one `result`).
 */
import { z } from 'zod';

export const loadModes = ['open', 'closed'] as const;

export const loadConfigSchema = z.object({
  /** `open`: a fixed request rate, whatever the responses do. `closed`: each connection sends
   * its next request as soon as the previous one has ended (saturation). */
  mode: z.enum(loadModes),
  host: z.string(),
  port: z.number().int(),
  /** Value of the Host header. */
  authority: z.string(),
  connections: z.number().int().positive(),
  /** Requests per second (open mode). */
  rate: z.number().positive(),
  warmupSeconds: z.number().min(0),
  durationSeconds: z.number().positive(),
  /** Expected body size, to count responses that are not the app's. */
  expectBodyBytes: z.number().int(),
});

export type LoadConfig = z.infer<typeof loadConfigSchema>;

export const loadResultSchema = z.object({
  type: z.literal('result'),
  mode: z.enum(loadModes),
  windowSeconds: z.number(),
  /** Requests due in the measured window (open) or sent in it (closed). */
  scheduled: z.number(),
  completed: z.number(),
  achievedRps: z.number(),
  /** Responses that were not 2xx, or whose body was not the expected size. */
  badResponses: z.number(),
  /** Example status of a bad response, for the message. */
  badStatus: z.number().optional(),
  /** Requests lost to a failed connection. */
  connectionErrors: z.number(),
  /** Requests dropped because the backlog was full, or not finished when draining ended. */
  dropped: z.number(),
  /** Latency in µs from the intended send time (open) or actual send time (closed). */
  latencyUs: z.object({
    p50: z.number(),
    p90: z.number(),
    p99: z.number(),
    p999: z.number(),
    max: z.number(),
    count: z.number(),
  }),
  /** HdrHistogram of latencyUs, compressed base64, to merge across rounds. */
  histogram: z.string(),
  /** The generator's own timing: how late it noticed a due send (µs), and its deepest backlog. */
  scheduleLagUs: z.object({ p99: z.number(), max: z.number() }),
  maxBacklog: z.number(),
});

export type LoadResult = z.infer<typeof loadResultSchema>;

export const loadEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('window-start') }),
  z.object({ type: z.literal('window-end') }),
  loadResultSchema,
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type LoadEvent = z.infer<typeof loadEventSchema>;
