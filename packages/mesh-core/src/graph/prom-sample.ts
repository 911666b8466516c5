/**
 * One element of a Prometheus instant vector as the server's Prometheus adapter hands it over:
 * the series labels (the metric name under `__name__` when Prometheus keeps it) and the value,
 * already parsed from Prometheus' string form. Prometheus omits labels whose value is empty.
 */
export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}
