import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from './document';

/** Where the web app's generated API types live (committed; CI fails when they are stale). */
export const CLIENT_TYPES_FILE = 'web/src/lib/api-schema.ts';

const HEADER = `/**
 * Generated from the server's OpenAPI document by \`npm run gen:client\` (openapi-typescript).
 * Do not edit: change the route's zod schema and run the command again.
 */
`;

/** The TypeScript types of every path, operation and schema the API documents. */
export async function generateClientTypes(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
