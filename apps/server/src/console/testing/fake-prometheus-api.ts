/**
 * An in-memory `PrometheusApi` for the console's unit tests: instant queries are answered by a
 * function of the PromQL text (no answer: an empty vector, or the error it returns), every call
 * is recorded with its time, and the most calls ever in flight at once is kept, so tests can see
 * that a plan ran in parallel at the query time.
 */
import type { PromSample } from '@meshlens/mesh-core/graph';
import type {
  InstantQueryOptions,
  PrometheusApi,
  VectorResult,
} from '../../adapters/prometheus/client/index.ts';

export type FakeAnswer = readonly PromSample[] | Error | undefined;

export class FakePrometheusApi implements Pick<PrometheusApi, 'url' | 'queryVector'> {
  readonly url = 'http://fake-prometheus.invalid';
  readonly calls: Array<{ readonly query: string; readonly timeSeconds: number | undefined }> = [];
  maxInFlight = 0;
  #inFlight = 0;

  constructor(private readonly answer: (query: string) => FakeAnswer = () => undefined) {}

  async queryVector(query: string, options: InstantQueryOptions = {}): Promise<VectorResult> {
    this.calls.push({ query, timeSeconds: options.timeSeconds });
    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      // Answer on a later turn, as a server would, so concurrent calls overlap.
      await new Promise((resolve) => setImmediate(resolve));
      const answer = this.answer(query);
      if (answer instanceof Error) throw answer;
      const timeSeconds = options.timeSeconds ?? 0;
      return {
        result: (answer ?? []).map((s) => ({ metric: s.metric, value: [timeSeconds, s.value] as const })),
        timeSeconds,
        warnings: [],
      };
    } finally {
      this.#inFlight -= 1;
    }
  }
}
