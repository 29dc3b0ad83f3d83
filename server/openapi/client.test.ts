import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, generateClientTypes } from './generate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The web app's API types are generated from the routes' schemas and committed: a route whose
// schema changed without `npm run gen:client` would let the web app compile against an old contract.
it('the committed web API types match the routes (run `npm run gen:client` when this fails)', async () => {
  const committed = fs.readFileSync(path.join(root, CLIENT_TYPES_FILE), 'utf8');
  const fresh = await generateClientTypes();
  if (fresh !== committed) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = b.findIndex((line, i) => line !== a[i]);
    throw new Error(`${CLIENT_TYPES_FILE} is out of date from line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}. Run npm run gen:client and commit the result.`);
  }
  expect(fresh).toContain('"/api/my/orders/{id}"');
}, 120_000);
