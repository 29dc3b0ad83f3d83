import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_TYPES_FILE, generateClientTypes } from './generate';

// `npm run gen:client`: rewrites the web app's API types from the routes' schemas.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, CLIENT_TYPES_FILE);
const text = await generateClientTypes();
fs.writeFileSync(out, text);
console.log(`wrote ${CLIENT_TYPES_FILE} (${text.length} characters)`);
