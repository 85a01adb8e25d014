#!/usr/bin/env node
// Validates one JSON document (stdin) against a schema of docs/openapi.yaml.
//
//   node check-schema.mjs SCHEMA_NAME < body.json      e.g. AlertsResponse
//
// Prints the problems and exits 1 when it does not match, 0 when it does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
if (!name) {
  console.error('usage: node check-schema.mjs SCHEMA_NAME < body.json');
  process.exit(2);
}
const spec = YAML.parse(fs.readFileSync(path.join(here, '..', '..', 'docs', 'openapi.yaml'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(spec, 'openapi.json');
const validate = ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
const body = JSON.parse(fs.readFileSync(0, 'utf8'));
if (!validate(body)) {
  for (const e of validate.errors) console.log(`${e.instancePath || '/'} ${e.message}`);
  process.exit(1);
}
console.log('ok');
