import type { Client } from './harness';

/** The parts of the app's OpenAPI document (GET /docs/json) that the route-sweeping tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
}
export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
export interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export type Paths = Record<string, Record<string, Operation>>;

/** Every path and method the app documents. */
export const openApiPaths = async (c: Client): Promise<Paths> => (await c.get('/docs/json')).json().paths;
