/**
 * The graph as the console API sends it: Kiali's cytoscape JSON (kiali graph/config/cytoscape/
 * cytoscape.go), as schemas the console parses responses with; the types are inferred.
 *
 * Rates, percentages, response times, throughput and mTLS percentages are strings, formatted as
 * Kiali formats them. `healthData` is always present (null for nodes without health).
 */
import { z } from 'zod';
import { HEALTH_STATUSES } from '../health/status.ts';
import { BOX_BY, GRAPH_TYPES, NODE_TYPES } from './model.ts';

const stringMap = z.record(z.string(), z.string());

export const responseDetailSchema = z.object({ flags: stringMap.optional(), hosts: stringMap.optional() });

export const protocolTrafficSchema = z.object({
  protocol: z.string().optional(),
  rates: stringMap.optional(),
  responses: z.record(z.string(), responseDetailSchema).optional(),
});

export const serviceNameSchema = z.object({ cluster: z.string(), namespace: z.string(), name: z.string() });

const gatewayInfoSchema = z.object({ hostnames: z.array(z.string()).optional() });

export const graphNodeDataSchema = z.object({
  id: z.string(),
  parent: z.string().optional(),
  nodeType: z.enum(NODE_TYPES),
  cluster: z.string(),
  namespace: z.string(),
  workload: z.string().optional(),
  app: z.string().optional(),
  version: z.string().optional(),
  service: z.string().optional(),
  aggregate: z.string().optional(),
  destServices: z.array(serviceNameSchema).optional(),
  labels: stringMap.optional(),
  traffic: z.array(protocolTrafficSchema).optional(),
  healthData: z.unknown(),
  healthStatus: z.enum(HEALTH_STATUSES).optional(),
  hasCB: z.boolean().optional(),
  hasFaultInjection: z.boolean().optional(),
  hasHealthConfig: stringMap.optional(),
  hasMirroring: z.boolean().optional(),
  hasRequestRouting: z.boolean().optional(),
  hasRequestTimeout: z.boolean().optional(),
  hasTCPTrafficShifting: z.boolean().optional(),
  hasTrafficShifting: z.boolean().optional(),
  hasVS: z.object({ hostnames: z.array(z.string()).optional() }).optional(),
  isBox: z.enum(BOX_BY).optional(),
  isDead: z.boolean().optional(),
  isGateway: z
    .object({
      ingressInfo: gatewayInfoSchema.optional(),
      egressInfo: gatewayInfoSchema.optional(),
      gatewayAPIInfo: gatewayInfoSchema.optional(),
    })
    .optional(),
  isIdle: z.boolean().optional(),
  isInaccessible: z.boolean().optional(),
  isOutOfMesh: z.boolean().optional(),
  isOutside: z.boolean().optional(),
  isRoot: z.boolean().optional(),
});

export const graphEdgeDataSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  destPrincipal: z.string().optional(),
  healthStatus: z.enum(HEALTH_STATUSES).optional(),
  isMTLS: z.string().optional(),
  responseTime: z.string().optional(),
  sourcePrincipal: z.string().optional(),
  throughput: z.string().optional(),
  traffic: protocolTrafficSchema,
});

export const graphJsonSchema = z.object({
  timestamp: z.number(),
  duration: z.number(),
  graphType: z.enum(GRAPH_TYPES),
  elements: z.object({
    nodes: z.array(z.object({ data: graphNodeDataSchema })),
    edges: z.array(z.object({ data: graphEdgeDataSchema })),
  }),
});

export type ProtocolTraffic = z.infer<typeof protocolTrafficSchema>;
export type GraphNodeData = z.infer<typeof graphNodeDataSchema>;
export type GraphEdgeData = z.infer<typeof graphEdgeDataSchema>;
export type GraphJson = z.infer<typeof graphJsonSchema>;
