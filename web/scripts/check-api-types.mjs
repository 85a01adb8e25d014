// Fails when src/types/openapi.gen.ts is not what docs/openapi.yaml generates today, so the
// dashboard's API types cannot drift from the API document. `npm run api:types` rewrites it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const specUrl = new URL(`file://${path.join(web, '..', 'docs', 'openapi.yaml')}`);
const generatedFile = path.join(web, 'src', 'types', 'openapi.gen.ts');

const generated = astToString(await openapiTS(specUrl));
const committed = fs.readFileSync(generatedFile, 'utf8');
const header = committed.slice(0, committed.indexOf('export'));
if (header + generated.slice(generated.indexOf('export')) !== committed) {
  console.error('src/types/openapi.gen.ts is out of date with docs/openapi.yaml: run `npm run api:types` in web/');
  process.exit(1);
}
console.log('src/types/openapi.gen.ts matches docs/openapi.yaml');
