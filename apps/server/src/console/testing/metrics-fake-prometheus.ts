/**
 * An in-memory `PrometheusApi` answering range queries, for the metrics service's and routes'
 * tests: each query is answered by a function of its PromQL text (no answer: an empty matrix, or
 * the error it returns), every call is recorded with its range, and the most calls ever in
 * flight at once is kept, so tests can see that the queries ran in parallel over one range.
 */
import type {
  Matrix,
  MatrixResult,
  PrometheusApi,
  RangeQueryOptions,
} from '../../adapters/prometheus/client/index.ts';

export type RangeAnswer = Matrix | Error | undefined;

export class FakeRangePrometheus implements Pick<PrometheusApi, 'url' | 'queryRange'> {
  readonly url = 'http://fake-prometheus.invalid';
  readonly calls: Array<{ readonly query: string } & RangeQueryOptions> = [];
  maxInFlight = 0;
  #inFlight = 0;

  constructor(private readonly answer: (query: string) => RangeAnswer = () => undefined) {}

  async queryRange(query: string, options: RangeQueryOptions): Promise<MatrixResult> {
    this.calls.push({ query, ...options });
    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      // Answer on a later turn, as a server would, so concurrent calls overlap.
      await new Promise((resolve) => setImmediate(resolve));
      const answer = this.answer(query);
      if (answer instanceof Error) throw answer;
      return { result: answer ?? [], warnings: [], ...options };
    } finally {
      this.#inFlight -= 1;
    }
  }
}
