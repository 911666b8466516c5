/**
 * The subset of OpenAPI v3 (with Kubernetes' `x-kubernetes-*` extensions) that Istio's CRD
 * schemas use. `crd-schemas.gen.ts` holds Istio's schemas in this shape, descriptions removed.
 */
export interface CelValidation {
  readonly rule: string;
  readonly message?: string;
}

export interface CrdSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: string;
  readonly properties?: Readonly<Record<string, CrdSchema>>;
  readonly additionalProperties?: CrdSchema | boolean;
  readonly items?: CrdSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly oneOf?: readonly CrdSchema[];
  readonly anyOf?: readonly CrdSchema[];
  readonly allOf?: readonly CrdSchema[];
  readonly not?: CrdSchema;
  readonly nullable?: boolean;
  readonly maximum?: number;
  readonly minimum?: number;
  /** OpenAPI v3.0 form: a flag making `minimum`/`maximum` exclusive. */
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly pattern?: string;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly CelValidation[];
}
