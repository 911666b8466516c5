/**
 * Health as the console API sends it (Kiali's JSON, kiali models/health.go), as schemas the
 * console parses responses with; the types are inferred from them.
 *
 * `GET /api/clusters/health?namespaces=a,b&type=app|service|workload&rateInterval=10m` answers
 * `{ "namespaceAppHealth": { "<ns>": { "<app>": { workloadStatuses, requests, status } } } }`
 * (or `namespaceServiceHealth` / `namespaceWorkloadHealth` for the other types).
 */
import { z } from 'zod';
import { HEALTH_STATUSES } from './status.ts';

const rates = z.record(z.string(), z.record(z.string(), z.number()));

export const requestHealthSchema = z.object({
  inbound: rates,
  outbound: rates,
  healthAnnotations: z.record(z.string(), z.string()),
});

export const workloadStatusSchema = z.object({
  name: z.string(),
  desiredReplicas: z.number(),
  currentReplicas: z.number(),
  availableReplicas: z.number(),
  syncedProxies: z.number(),
});

export const calculatedHealthSchema = z.object({
  status: z.enum(HEALTH_STATUSES),
  errorRatio: z.number().optional(),
  totalRequestRate: z.number(),
});

export const appHealthSchema = z.object({
  workloadStatuses: z.array(workloadStatusSchema),
  requests: requestHealthSchema,
  status: calculatedHealthSchema.optional(),
});

export const workloadHealthSchema = z.object({
  workloadStatus: workloadStatusSchema.nullable(),
  requests: requestHealthSchema,
  status: calculatedHealthSchema.optional(),
});

export const serviceHealthSchema = z.object({
  requests: requestHealthSchema,
  status: calculatedHealthSchema.optional(),
});

export const clustersHealthSchema = z.object({
  namespaceAppHealth: z.record(z.string(), z.record(z.string(), appHealthSchema)).optional(),
  namespaceServiceHealth: z.record(z.string(), z.record(z.string(), serviceHealthSchema)).optional(),
  namespaceWorkloadHealth: z.record(z.string(), z.record(z.string(), workloadHealthSchema)).optional(),
});

export type ClustersHealthJson = z.infer<typeof clustersHealthSchema>;
