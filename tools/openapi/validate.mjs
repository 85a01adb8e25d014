#!/usr/bin/env node
// Validates a running packprod server against docs/openapi.yaml.
//
//   node validate.mjs BASE_URL ADMIN_KEY [READ_KEY] [--write] [--spec FILE]
//
// Calls every GET endpoint of the spec with a few parameter variants and an error case
// each (400/401/403/404/405), plus the error cases of the import, the delete and the
// e-mail failure queue (which write nothing), and checks each answer's status, content type, documented headers and body
// against the schema of that operation and status. With READ_KEY it also checks the
// 403s of a read key. With --write it imports one probe order, watches /api/events for
// its `order` event, and deletes it again; and queues, replays and dismisses probe
// e-mails (use it on a scratch store only).
//
// Prints PASS/FAIL per check and a closing 'N passed, N failed'; exits 1 on any failure
// (2 on bad usage or when the server cannot be reached).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { decimalMoney, decimalPlaces } from './decimal.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { spec: path.join(here, '..', '..', 'docs', 'openapi.yaml'), write: false, pos: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--write') opts.write = true;
    else if (argv[i] === '--spec') opts.spec = argv[++i];
    else opts.pos.push(argv[i]);
  }
  if (opts.pos.length < 2 || opts.pos.length > 3) {
    console.error('usage: node validate.mjs BASE_URL ADMIN_KEY [READ_KEY] [--write] [--spec FILE]');
    process.exit(2);
  }
  [opts.base, opts.key, opts.readKey] = opts.pos;
  opts.base = opts.base.replace(/\/+$/, '');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const spec = YAML.parse(fs.readFileSync(opts.spec, 'utf8'));
const SPEC_ID = 'openapi.json';
const ajv = new Ajv2020({
  strict: false,
  allErrors: true,
  validateSchema: false,
});
addFormats(ajv);

ajv.addKeyword({
  keyword: 'x-decimal-places',
  type: 'number',
  schemaType: 'number',
  errors: false,
  validate: (places, data) => decimalPlaces(data) <= places,
});
ajv.addSchema(decimalMoney(spec), SPEC_ID);

const ERROR_CODES = {
  400: 'invalid_argument', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
  405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type',
  422: 'validation_failed', 503: 'unavailable',
};

// ---------- the spec ----------

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function resolve(obj, pointer) {
  // A local $ref ('#/components/...') to the object and its JSON pointer.
  while (obj && obj.$ref) {
    pointer = obj.$ref.slice(1);
    obj = pointer.split('/').slice(1).reduce(
      (o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return [obj, pointer];
}

const validators = new Map();
function validatorAt(pointer) {
  if (!validators.has(pointer)) {
    validators.set(pointer, ajv.compile({ $ref: `${SPEC_ID}#${pointer}` }));
  }
  return validators.get(pointer);
}

function schemaErrors(pointer, value) {
  const validate = validatorAt(pointer);
  if (validate(value)) return [];
  return validate.errors.slice(0, 8).map(
    (e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
}

// The response object of an operation for a status, with its JSON pointer.
function responseSpec(method, template, status) {
  const opPointer = `/paths/${escapePointer(template)}/${method}`;
  const op = spec.paths?.[template]?.[method];
  if (!op) return [null, null, `no operation ${method.toUpperCase()} ${template} in the spec`];
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses?.[k]);
  if (!key) return [null, null, `status ${status} is not documented for ${method.toUpperCase()} ${template}`];
  const [res, pointer] = resolve(op.responses[key], `${opPointer}/responses/${key}`);
  return [res, pointer, null];
}

// ---------- HTTP ----------

async function call(method, url, { key = opts.key, headers = {}, body, raw } = {}) {
  const h = { ...headers };
  if (key) h.Authorization = `Bearer ${key}`;
  let data;
  if (body !== undefined) {
    data = JSON.stringify(body);
    h['Content-Type'] ??= 'application/json';
  } else if (raw !== undefined) {
    data = raw;
  }
  const res = await fetch(opts.base + url, { method, headers: h, body: data });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

// Parses server-sent events into objects {id, event, data}; comments and retry are skipped.
function parseSse(text) {
  const events = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const ev = {};
    const dataLines = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'id' || field === 'event') ev[field] = value;
    }
    if (dataLines.length) {
      const joined = dataLines.join('\n');
      try {
        ev.data = JSON.parse(joined);
      } catch {
        ev.data = joined;
      }
    }
    if (Object.keys(ev).length) events.push(ev);
  }
  return events;
}

// Opens /api/events; resolves with {status, headers, text} once `until(text)` holds or
// after `ms`. `during` runs once the stream's preamble has arrived.
async function readEvents({ key = opts.key, ms = 3000, until = () => false, during } = {}) {
  const ctrl = new AbortController();
  const h = key ? { Authorization: `Bearer ${key}` } : {};
  const res = await fetch(opts.base + '/api/events', { headers: h, signal: ctrl.signal });
  if (!(res.headers.get('content-type') || '').startsWith('text/event-stream')) {
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let started = false;
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const left = deadline - Date.now();
      const chunk = await Promise.race([
        reader.read(),
        new Promise((r) => setTimeout(() => r({ timeout: true }), left)),
      ]);
      if (chunk.timeout || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      if (!started && /\nid: *[0-9]+\n\n/.test(text)) {
        started = true;
        if (during) await during();
      }
      if (started && until(text)) break;
    }
  } finally {
    ctrl.abort();
  }
  return { status: res.status, headers: res.headers, text };
}

// ---------- checks ----------

let passed = 0;
let failed = 0;

function report(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`PASS ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`     ${p}`);
  }
}

// Checks one answer against the spec's response for (method, template, its status).
function checkAnswer(method, template, res, want, extra = () => []) {
  const problems = [];
  if (res.status !== want) {
    problems.push(`status ${res.status}, want ${want}: ${res.text.slice(0, 200)}`);
  }
  const [rspec, pointer, missing] = responseSpec(method, template, res.status);
  if (missing) return [...problems, missing];
  for (const [name, h] of Object.entries(rspec.headers || {})) {
    const [header, hPointer] = resolve(h, `${pointer}/headers/${escapePointer(name)}`);
    const value = res.headers.get(name);
    if (value === null) {
      if (header.required) problems.push(`header ${name} missing`);
      continue;
    }
    if (header.schema) {
      problems.push(...schemaErrors(`${hPointer}/schema`, value).map((e) => `header ${name}: ${e}`));
    }
  }
  const ctype = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  const content = rspec.content || {};
  if (!(ctype in content)) {
    problems.push(`content type '${ctype}' is not one of ${Object.keys(content).join(', ') || 'none'}`);
    return problems;
  }
  const schemaPointer = `${pointer}/content/${escapePointer(ctype)}/schema`;
  let body = res.text;
  if (ctype === 'application/json') {
    try {
      body = JSON.parse(res.text);
    } catch (e) {
      problems.push(`body is not JSON: ${e.message}`);
      return problems;
    }
  } else if (ctype === 'text/event-stream') {
    body = parseSse(res.text);
  }
  problems.push(...schemaErrors(schemaPointer, body));
  if (res.status >= 400 && ctype === 'application/json' && ERROR_CODES[res.status] &&
      body?.error?.code !== ERROR_CODES[res.status] && !(res.status === 400 && body?.error?.code === 'invalid_json')) {
    problems.push(`error code ${body?.error?.code}, want ${ERROR_CODES[res.status]}`);
  }
  if (res.status < 300 && problems.length === 0) problems.push(...extra(body));
  return problems;
}

// Semantic checks the schema cannot state.
function listChecks(query) {
  return (body) => {
    const p = [];
    const items = Array.isArray(body.data) ? body.data : body.data?.orders;
    if (items && body.meta.count !== items.length) {
      p.push(`meta.count ${body.meta.count} but ${items.length} items`);
    }
    if (items && body.meta.total < items.length) p.push(`meta.total ${body.meta.total} < ${items.length} items`);
    const limit = new URLSearchParams(query).get('limit');
    if (items && limit && items.length > Number(limit)) p.push(`${items.length} items over limit ${limit}`);
    return p.concat(asOfCheck(query)(body));
  };
}

function asOfCheck(query) {
  return (body) => {
    const asOf = new URLSearchParams(query).get('asOf');
    if (!asOf || !body.meta) return [];
    return Date.parse(body.meta.asOf) === Date.parse(asOf) ? [] : [`meta.asOf ${body.meta.asOf} is not the asked ${asOf}`];
  };
}

async function check(method, template, url, want, options = {}) {
  const name = `${method.toUpperCase()} ${url}${options.label ? ' (' + options.label + ')' : ''} -> ${want}`;
  try {
    const res = await call(method.toUpperCase(), url, options);
    // A 405 is documented under the operations the path has (there is no other place).
    const problems = checkAnswer(options.specMethod ?? method, template, res, want, options.extra);
    report(name, problems);
    return res.status < 300 && res.headers.get('content-type')?.startsWith('application/json')
      ? JSON.parse(res.text) : null;
  } catch (e) {
    report(name, [`request failed: ${e.message}`]);
    return null;
  }
}

const get = (template, url, want, options = {}) => {
  const q = url.includes('?') ? url.slice(url.indexOf('?')) : '';
  const extra = options.extra ?? (want === 200 ? listChecks(q) : undefined);
  return check('get', template, url, want, { ...options, extra });
};

// The common error cases of a read endpoint.
async function authErrors(template, url) {
  await get(template, url, 401, { key: null, label: 'no key' });
  await get(template, url, 401, { key: 'pp_not-a-key', label: 'unknown key' });
  await get(template, url, 401, { key: null, headers: { 'X-Api-Key': 'nope' }, label: 'unknown X-Api-Key' });
}

async function main() {
  try {
    await fetch(opts.base + '/healthz');
  } catch (e) {
    console.error(`cannot reach ${opts.base}: ${e.message}`);
    process.exit(2);
  }
  const enc = encodeURIComponent;
  const readKey = opts.readKey;

  // Operations.
  await get('/healthz', '/healthz', 200, { key: null });
  await check('post', '/healthz', '/healthz', 405, { key: null, raw: '', specMethod: 'get' });

  await get('/metrics', '/metrics', 200, { extra: () => [] });
  if (readKey) await get('/metrics', '/metrics', 200, { key: readKey, label: 'read key', extra: () => [] });
  await get('/metrics', '/metrics', 401, { key: null, label: 'no key' });

  for (const q of ['', '?window=1h', '?window=15m', '?window=24h']) {
    await get('/api/performance', `/api/performance${q}`, 200, { extra: () => [] });
  }
  await get('/api/performance', '/api/performance?window=bogus', 400);
  await get('/api/performance', '/api/performance?window=25h', 400);
  await authErrors('/api/performance', '/api/performance');

  // Events: the preamble (and, with --write, the probe's `order` event below).
  {
    const name = 'GET /api/events (preamble) -> 200';
    try {
      const res = await readEvents({ ms: 2000, until: (t) => /\nid: *[0-9]+\n\n/.test(t) });
      const problems = checkAnswer('get', '/api/events', res, 200);
      if (res.status === 200 && !parseSse(res.text).some((e) => e.id !== undefined)) {
        problems.push(`no id: line in the preamble: ${JSON.stringify(res.text.slice(0, 200))}`);
      }
      report(name, problems);
    } catch (e) {
      report(name, [`request failed: ${e.message}`]);
    }
  }
  await get('/api/events', '/api/events', 401, { key: null, label: 'no key' });
  await get('/api/events', '/api/events', 400, { headers: { 'Last-Event-ID': 'abc' }, label: 'bad Last-Event-ID' });

  // The key's client.
  await get('/api/client', '/api/client', 200, {
    extra: (b) => (b.data.role === 'admin' ? [] : [`role ${b.data.role} for the admin key`]) });
  if (readKey) {
    await get('/api/client', '/api/client', 200, { key: readKey, label: 'read key',
      extra: (b) => (b.data.role === 'read' ? [] : [`role ${b.data.role} for the read key`]) });
  }
  await check('post', '/api/client', '/api/client', 405, { raw: '', specMethod: 'get' });
  await authErrors('/api/client', '/api/client');

  // Alerts: the shape with none (the digest and alerts test drives real ones).
  await get('/api/alerts', '/api/alerts', 200);
  if (readKey) await get('/api/alerts', '/api/alerts', 200, { key: readKey, label: 'read key' });
  await check('post', '/api/alerts', '/api/alerts', 405, { raw: '', specMethod: 'get' });
  await authErrors('/api/alerts', '/api/alerts');

  // Orders.
  const orders = await get('/api/orders', '/api/orders?limit=5', 200);
  const order = orders?.data?.[0];
  const oid = order?.orderID ?? '00000000-0000-5000-8000-000000000000';
  const cid = order?.contactID ?? '00000000-0000-5000-8000-000000000000';
  await get('/api/orders', '/api/orders', 200);
  if (orders?.meta?.nextCursor) {
    await get('/api/orders', `/api/orders?limit=5&cursor=${enc(orders.meta.nextCursor)}`, 200);
  }
  await get('/api/orders', '/api/orders?status=completed,cancelled&limit=10', 200);
  await get('/api/orders', '/api/orders?status=PAID', 200);
  await get('/api/orders', '/api/orders?from=2020-01-01&to=2030-12-31&limit=3', 200);
  await get('/api/orders', `/api/orders?from=${enc('2020-01-01T00:00:00+11:00')}&to=${enc('2030-01-01T00:00:00Z')}&limit=3`, 200);
  await get('/api/orders', `/api/orders?contactID=${cid}`, 200);
  if (order) await get('/api/orders', `/api/orders?search=${enc(order.orderReference.slice(0, 4).toLowerCase())}&limit=3`, 200);
  await get('/api/orders', '/api/orders?search=no-such-order-anywhere', 200);
  await get('/api/orders', '/api/orders?limit=0', 400);
  await get('/api/orders', '/api/orders?limit=501', 400);
  await get('/api/orders', '/api/orders?limit=ten', 400);
  await get('/api/orders', '/api/orders?status=nope', 400);
  await get('/api/orders', '/api/orders?from=2026-13-01', 400);
  await get('/api/orders', '/api/orders?from=2026-02-01&to=2026-01-01', 400);
  await get('/api/orders', '/api/orders?cursor=%21%21', 400);
  await authErrors('/api/orders', '/api/orders');
  await check('delete', '/api/orders', '/api/orders', 405, { specMethod: 'get' });
  await get('/api/orders/{orderID}', `/api/orders/${oid}`, 200);
  await get('/api/orders/{orderID}', '/api/orders/00000000-0000-5000-8000-000000000000', 404);
  await get('/api/orders/{orderID}', '/api/orders/not-an-id', 404);
  await authErrors('/api/orders/{orderID}', `/api/orders/${oid}`);

  // Customers.
  const customers = await get('/api/customers', '/api/customers?limit=5', 200);
  const cust = customers?.data?.[0];
  await get('/api/customers', '/api/customers', 200);
  for (const sort of ['totalSpend', 'orderCount', 'lastOrderDate', 'firstOrderDate', 'name']) {
    for (const dir of ['asc', 'desc']) {
      await get('/api/customers', `/api/customers?sort=${sort}&order=${dir}&limit=7`, 200);
    }
  }
  if (customers?.meta?.nextCursor) {
    await get('/api/customers', `/api/customers?limit=5&cursor=${enc(customers.meta.nextCursor)}`, 200);
  }
  await get('/api/customers', '/api/customers?segment=VIP,Active&limit=5', 200);
  await get('/api/customers', '/api/customers?segment=Dormant', 200);
  if (cust?.name) await get('/api/customers', `/api/customers?search=${enc(cust.name.slice(0, 3).toUpperCase())}`, 200);
  await get('/api/customers', `/api/customers?asOf=${enc('2024-06-30T14:00:00Z')}&limit=5`, 200);
  await get('/api/customers', `/api/customers?asOf=${enc('2024-07-01T00:00:00+10:00')}&segment=New&limit=5`, 200);
  await get('/api/customers', '/api/customers?consistent=true&limit=5', 200);
  await get('/api/customers', '/api/customers?cache=bypass&limit=5', 200);
  await get('/api/customers', '/api/customers?segment=Foo', 400);
  await get('/api/customers', '/api/customers?sort=colour', 400);
  await get('/api/customers', '/api/customers?order=up', 400);
  await get('/api/customers', '/api/customers?asOf=yesterday', 400);
  await get('/api/customers', '/api/customers?consistent=maybe', 400);
  await get('/api/customers', '/api/customers?cache=sometimes', 400);
  await get('/api/customers', '/api/customers?cursor=abc', 400);
  await authErrors('/api/customers', '/api/customers');
  if (readKey) await get('/api/customers', '/api/customers?cache=bypass', 403, { key: readKey, label: 'read key' });
  const reorders = await get('/api/reorders', '/api/reorders?limit=5', 200);
  if (reorders?.meta?.nextCursor) {
    await get('/api/reorders', `/api/reorders?limit=5&cursor=${enc(reorders.meta.nextCursor)}`, 200);
  }
  await get('/api/reorders', '/api/reorders?status=due,overdue&limit=5', 200);
  await get('/api/reorders', '/api/reorders?status=lapsed,on-track', 200);
  await get('/api/reorders', '/api/reorders?consistent=true&limit=5', 200);
  await get('/api/reorders', '/api/reorders?cache=bypass&limit=5', 200);
  await get('/api/reorders', '/api/reorders?status=soon', 400);
  await get('/api/reorders', '/api/reorders?limit=0', 400);
  await get('/api/reorders', '/api/reorders?cursor=abc', 400);
  await authErrors('/api/reorders', '/api/reorders');
  if (readKey) await get('/api/reorders', '/api/reorders?cache=bypass', 403, { key: readKey, label: 'read key' });
  const moves = await get('/api/segments/movements', '/api/segments/movements?from=2020-01-01&to=2030-12-31', 200);
  await get('/api/segments/movements', '/api/segments/movements', 200);
  await get('/api/segments/movements', `/api/segments/movements?from=2024-01-01&to=2024-06-30&asOf=${enc('2024-07-01T00:00:00Z')}`, 200);
  const move = moves?.data?.movements?.[0];
  if (move) {
    const base = `/api/segments/movements?from=2020-01-01&to=2030-12-31&fromSegment=${move.from ?? 'none'}&toSegment=${move.to}&limit=2`;
    const page = await get('/api/segments/movements', base, 200);
    if (page?.meta?.nextCursor) await get('/api/segments/movements', `${base}&cursor=${enc(page.meta.nextCursor)}`, 200);
  }
  await get('/api/segments/movements', '/api/segments/movements?cache=bypass&from=2020-01-01&to=2030-12-31', 200);
  await get('/api/segments/movements', '/api/segments/movements?from=2025-02-30', 400);
  await get('/api/segments/movements', '/api/segments/movements?fromSegment=VIP', 400);
  await get('/api/segments/movements', '/api/segments/movements?fromSegment=VIP&toSegment=none', 400);
  await get('/api/segments/movements', '/api/segments/movements?fromSegment=VIP&toSegment=New&cursor=abc', 400);
  await authErrors('/api/segments/movements', '/api/segments/movements');
  await get('/api/reports/cohorts', '/api/reports/cohorts?from=2020-01-01&to=2030-12-31', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?from=2020-01-01&to=2030-12-31&metric=revenue&by=month', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?cache=bypass&from=2020-01-01', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?metric=units', 400);
  await get('/api/reports/cohorts', '/api/reports/cohorts?by=product', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?by=product&metric=revenue&from=2020-01-01&limit=3', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?by=product&cache=bypass&from=2020-01-01', 200);
  await get('/api/reports/cohorts', '/api/reports/cohorts?by=product&limit=201', 400);
  await get('/api/reports/cohorts', '/api/reports/cohorts?by=customer', 400);
  await get('/api/reports/cohorts', '/api/reports/cohorts?from=2025-02-01&to=2025-01-01', 400);
  await authErrors('/api/reports/cohorts', '/api/reports/cohorts');
  const accounts = await get('/api/accounts', '/api/accounts?limit=5', 200);
  if (accounts?.meta?.nextCursor) {
    await get('/api/accounts', `/api/accounts?limit=5&cursor=${enc(accounts.meta.nextCursor)}`, 200);
  }
  await get('/api/accounts', '/api/accounts?sort=name&order=asc&limit=5', 200);
  await get('/api/accounts', '/api/accounts?segment=VIP,Active&search=a&limit=5', 200);
  await get('/api/accounts', `/api/accounts?asOf=${enc('2025-01-01T00:00:00Z')}&limit=5`, 200);
  await get('/api/accounts', '/api/accounts?consistent=true&limit=5', 200);
  await get('/api/accounts', '/api/accounts?cache=bypass&limit=5', 200);
  await get('/api/accounts', '/api/accounts?sort=size', 400);
  await get('/api/accounts', '/api/accounts?cursor=abc', 400);
  await authErrors('/api/accounts', '/api/accounts');
  const acc = accounts?.data?.[0]?.accountID ?? 'none';
  await get('/api/accounts/{accountID}', `/api/accounts/${acc}`, 200, { extra: () => [] });
  await get('/api/accounts/{accountID}', `/api/accounts/${acc}?cache=bypass`, 200, { extra: () => [] });
  await get('/api/accounts/{accountID}', '/api/accounts/00000000-0000-5000-8000-000000000000', 404);
  await authErrors('/api/accounts/{accountID}', `/api/accounts/${acc}`);
  const merge = '/admin/accounts/merge';
  await check('post', merge, merge, 404, { body: { into: acc, accounts: ['nope'] } });
  await check('post', merge, merge, 400, { body: { into: acc, accounts: [acc] }, label: 'itself' });
  await check('post', merge, merge, 400, { body: { into: acc }, label: 'no accounts' });
  const split = '/admin/accounts/{accountID}/split';
  await check('post', split, '/admin/accounts/nope/split', 404, { body: {} });
  const ccid = cust?.contactID ?? cid;
  await get('/api/customers/{contactID}', `/api/customers/${ccid}`, 200);
  await get('/api/customers/{contactID}', `/api/customers/${ccid}?asOf=${enc('2025-01-01T00:00:00Z')}`, 200);
  await get('/api/customers/{contactID}', `/api/customers/${ccid}?cache=bypass`, 200);
  await get('/api/customers/{contactID}', `/api/customers/${ccid}?consistent=true`, 200);
  await get('/api/customers/{contactID}', '/api/customers/00000000-0000-5000-8000-000000000000', 404);
  await get('/api/customers/{contactID}', `/api/customers/${ccid}?asOf=noon`, 400);
  await authErrors('/api/customers/{contactID}', `/api/customers/${ccid}`);
  const basket = '/api/customers/{contactID}/basket';
  await get(basket, `/api/customers/${ccid}/basket`, 200);
  await get(basket, `/api/customers/${ccid}/basket?limit=1`, 200);
  await get(basket, `/api/customers/${ccid}/basket?limit=1000&asOf=${enc('2025-01-01T00:00:00Z')}`, 200);
  await get(basket, `/api/customers/${ccid}/basket?cache=bypass`, 200);
  await get(basket, `/api/customers/${ccid}/basket?consistent=true`, 200);
  await get(basket, '/api/customers/00000000-0000-5000-8000-000000000000/basket', 404);
  await get(basket, `/api/customers/${ccid}/basket?limit=0`, 400);
  await get(basket, `/api/customers/${ccid}/basket?limit=1001`, 400);
  await get(basket, `/api/customers/${ccid}/basket?asOf=noon`, 400);
  await authErrors(basket, `/api/customers/${ccid}/basket`);
  if (readKey) await get(basket, `/api/customers/${ccid}/basket?cache=bypass`, 403, { key: readKey, label: 'read key' });

  // Products.
  const products = await get('/api/products', '/api/products?limit=5', 200);
  const code = products?.data?.[0]?.code ?? 'NO-SUCH-CODE';
  await get('/api/products', '/api/products', 200);
  for (const sort of ['revenue', 'units', 'orders', 'customers', 'code']) {
    for (const dir of ['asc', 'desc']) {
      await get('/api/products', `/api/products?sort=${sort}&order=${dir}&limit=7`, 200);
    }
  }
  if (products?.meta?.nextCursor) {
    await get('/api/products', `/api/products?limit=5&cursor=${enc(products.meta.nextCursor)}`, 200);
  }
  await get('/api/products', `/api/products?search=${enc(code.slice(0, 3).toLowerCase())}`, 200);
  await get('/api/products', '/api/products?cache=bypass&limit=5', 200);
  await get('/api/products', '/api/products?consistent=1&limit=5', 200);
  await get('/api/products', '/api/products?sort=price', 400);
  await get('/api/products', '/api/products?limit=-1', 400);
  await authErrors('/api/products', '/api/products');
  if (readKey) await get('/api/products', '/api/products?cache=bypass', 403, { key: readKey, label: 'read key' });
  const po = await get('/api/products/{code}/orders', `/api/products/${enc(code)}/orders?limit=3`, 200);
  await get('/api/products/{code}/orders', `/api/products/${enc(code)}/orders`, 200);
  if (po?.meta?.nextCursor) {
    await get('/api/products/{code}/orders', `/api/products/${enc(code)}/orders?limit=3&cursor=${enc(po.meta.nextCursor)}`, 200);
  }
  await get('/api/products/{code}/orders', `/api/products/${enc(code)}/orders?cache=bypass&limit=3`, 200);
  await get('/api/products/{code}/orders', '/api/products/NO-SUCH-CODE-EVER/orders', 404);
  await get('/api/products/{code}/orders', `/api/products/${enc(code)}/orders?limit=0`, 400);
  await authErrors('/api/products/{code}/orders', `/api/products/${enc(code)}/orders`);

  // Reports.
  const periods = ['', '?from=2025-01-01&to=2025-03-31', `?from=${enc('2025-01-01T00:00:00Z')}&to=${enc('2025-04-01T00:00:00+11:00')}`,
    `?asOf=${enc('2025-10-05T15:30:00Z')}`];
  for (const report of ['overview', 'sales', 'products', 'statistics']) {
    const t = `/api/reports/${report}`;
    for (const q of periods) await get(t, t + q, 200, { extra: asOfCheck(q) });
    // Only statistics documents a period with one end (api.md leaves it open elsewhere).
    if (report === 'statistics') {
      for (const q of ['?from=2025-06-01', '?to=2025-06-30']) await get(t, t + q, 200, { extra: () => [] });
    }
    await get(t, `${t}?cache=bypass`, 200, { extra: () => [] });
    await get(t, `${t}?consistent=true`, 200, { extra: () => [] });
    await get(t, `${t}?from=2025-13-01`, 400);
    await get(t, `${t}?from=2025-02-01&to=2025-01-01`, 400);
    await get(t, `${t}?asOf=tomorrow`, 400);
    await authErrors(t, t);
    if (readKey) await get(t, `${t}?cache=bypass`, 403, { key: readKey, label: 'read key' });
  }
  for (const interval of ['day', 'week', 'month']) {
    await get('/api/reports/sales', `/api/reports/sales?interval=${interval}&from=2025-01-01&to=2025-03-31`, 200, { extra: () => [] });
  }
  await get('/api/reports/sales', '/api/reports/sales?interval=year', 400);
  for (const sort of ['revenue', 'units', 'orders']) {
    await get('/api/reports/products', `/api/reports/products?sort=${sort}&limit=3`, 200, { extra: () => [] });
  }
  await get('/api/reports/products', '/api/reports/products?sort=customers', 400);
  await get('/api/reports/products', '/api/reports/products?limit=501', 400);

  // Import and delete: error cases that write nothing.
  const imp = '/admin/contacts/import';
  await check('post', imp, imp, 400, { raw: '{"orderReference": ', headers: { 'Content-Type': 'application/json' }, label: 'truncated' });
  await check('post', imp, imp, 400, { raw: '[1,2]', headers: { 'Content-Type': 'application/json' }, label: 'array' });
  await check('post', imp, imp, 415, { raw: '{}', headers: { 'Content-Type': 'text/plain' } });
  await check('post', imp, imp, 422, { body: { orderReference: 'X', customer: { email: 'nope' }, total: '1.234' } });
  await check('post', imp, imp, 422, { body: { orders: [] }, label: 'empty batch' });
  const many = Array.from({ length: 1001 }, (_, i) => ({ orderReference: `P${i}`, createdAt: '2025-01-01T00:00:00Z', customer: { email: 'a@b' }, total: 1 }));
  await check('post', imp, imp, 413, { body: { orders: many }, label: '1001 orders' });
  await check('post', imp, imp, 401, { key: null, body: {} });
  await check('get', imp, imp, 405, { specMethod: 'post' });
  if (readKey) await check('post', imp, imp, 403, { key: readKey, body: {}, label: 'read key' });
  const del = '/admin/orders/{orderID}';
  await check('delete', del, '/admin/orders/00000000-0000-5000-8000-000000000000', 404);
  await check('delete', del, `/admin/orders/${oid}`, 401, { key: null });
  if (readKey) await check('delete', del, `/admin/orders/${oid}`, 403, { key: readKey, label: 'read key' });

  // The failure queue of order e-mails (errors only here; --write adds the rest).
  const fq = '/api/ingest/failures';
  await get(fq, `${fq}?limit=5`, 200);
  if (readKey) await get(fq, fq, 200, { key: readKey, label: 'read key' });
  await get(fq, `${fq}?limit=0`, 400);
  await get(fq, `${fq}?cursor=%21%21`, 400);
  await authErrors(fq, fq);
  await check('put', fq, fq, 405, { specMethod: 'get', raw: '' });
  await check('post', fq, fq, 422, { body: { message: { text: 'x' } }, label: 'no reason' });
  await check('post', fq, fq, 400, { raw: '{', headers: { 'Content-Type': 'application/json' }, label: 'not JSON' });
  await check('post', fq, fq, 415, { raw: 'x', headers: { 'Content-Type': 'text/plain' }, label: 'text' });
  if (readKey) await check('post', fq, fq, 403, { body: { reason: 'x', raw: 'x' }, key: readKey, label: 'read key' });
  await get(`${fq}/{failureID}`, `${fq}/999999999`, 404);
  await get(`${fq}/{failureID}`, `${fq}/not-an-id`, 404);
  await check('delete', `${fq}/{failureID}`, `${fq}/999999999`, 404);
  await check('post', `${fq}/{failureID}/replay`, `${fq}/999999999/replay`, 404, { raw: '' });
  if (readKey) await check('post', `${fq}/{failureID}/replay`, `${fq}/1/replay`, 403, { raw: '', key: readKey, label: 'read key' });

  // Not a route at all.
  {
    const res = await call('GET', '/api/no-such-route');
    const problems = res.status === 404 ? [] : [`status ${res.status}`];
    let body = null;
    try { body = JSON.parse(res.text); } catch { problems.push('body is not JSON'); }
    if (body) problems.push(...schemaErrors('/components/schemas/Error', body));
    if (body?.error?.code !== 'not_found') problems.push(`code ${body?.error?.code}`);
    report('GET /api/no-such-route -> 404', problems);
  }

  if (opts.write) await writeChecks();

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Imports a probe order while /api/events is open, then deletes it.
async function writeChecks() {
  const ref = `OPENAPI-PROBE-${Date.now()}`;
  const probe = {
    orderReference: ref, createdAt: '2025-10-20T21:30:00+11:00', status: 'Paid',
    customer: { email: ' Probe@Example.COM ', name: 'Probe Person' },
    items: [{ code: 'PROBE-1', quantity: 2, unitPrice: '$1.50' }, { code: 'PROBE-2', quantity: 1, lineTotal: 'AUD 3' }],
    subtotal: '6.00', shipping: 0, total: '6',
  };
  let imported = null;
  const events = await readEvents({
    ms: 5000,
    until: (t) => /\nevent: *order\n/.test(t),
    during: async () => {
      imported = await check('post', '/admin/contacts/import', '/admin/contacts/import', 200, { body: probe, label: 'probe' });
    },
  });
  if (!imported) {  // the stream did not start: import without watching it
    imported = await check('post', '/admin/contacts/import', '/admin/contacts/import', 200, { body: probe, label: 'probe' });
  }
  const problems = checkAnswer('get', '/api/events', events, 200);
  const got = parseSse(events.text);
  const orderEvent = got.find((e) => e.event === 'order');
  if (!orderEvent) problems.push(`no order event within 5 s: ${JSON.stringify(events.text.slice(0, 300))}`);
  else if (imported && !orderEvent.data?.orderIDs?.includes(imported.data.results[0].orderID)) {
    problems.push(`order event without the probe's id: ${JSON.stringify(orderEvent)}`);
  }
  report('GET /api/events (order event of an import) -> 200', problems);
  await check('post', '/admin/contacts/import', '/admin/contacts/import', 200, { body: { orders: [probe] }, label: 'same probe as a batch: unchanged',
    extra: (b) => (b.data.unchanged === 1 ? [] : [`unchanged ${b.data.unchanged}, want 1`]) });
  if (imported) {
    const id = imported.data.results[0].orderID;
    await get('/api/orders/{orderID}', `/api/orders/${id}`, 200);
    await check('delete', '/admin/orders/{orderID}', `/admin/orders/${id}`, 200);
    await check('delete', '/admin/orders/{orderID}', `/admin/orders/${id}`, 404, { label: 'again' });
  }
  await ingestChecks();
  await webhookChecks();
}

// The webhook receivers without a valid signature (the signed path is tested in
// tests/integration/test_webhooks.py, which holds the secrets).
async function webhookChecks() {
  for (const platform of ['woocommerce', 'shopify']) {
    const template = `/webhooks/${platform}/{client}`;
    await check('post', template, `/webhooks/${platform}/openapi-nobody`, 401,
      { key: null, raw: '{"id": 1}', label: 'no webhook set up' });
  }
}

// Queues a probe e-mail as n8n would, reads it, replays it (its order imports), removes
// the order; queues another and dismisses it.
async function ingestChecks() {
  const fq = '/api/ingest/failures';
  const ref = `OPENAPI-MAIL-${Date.now()}`;
  const message = {
    messageId: `<${ref}@example.com>`, from: 'counter@example.com', subject: `Order ${ref}`,
    date: '2025-10-20T10:30:00Z',
    text: `Order: ${ref}\nEmail: probe@example.com\nItem: PROBE-1 | Probe | 1 | 1.50\nTotal: 1.50\n`,
  };
  const queued = await check('post', fq, fq, 200, { body: { reason: 'probe', field: 'import', message }, label: 'parts' });
  if (!queued) return;
  const id = queued.data.failureID;
  await get(`${fq}/{failureID}`, `${fq}/${id}`, 200);
  await get(fq, fq, 200, { label: 'with the probe' });
  const replayed = await check('post', `${fq}/{failureID}/replay`, `${fq}/${id}/replay`, 200, { raw: '',
    extra: (b) => (b.data.result === 'imported' ? [] : [`result ${b.data.result}`]) });
  if (replayed?.data?.orderID) await check('delete', '/admin/orders/{orderID}', `/admin/orders/${replayed.data.orderID}`, 200, { label: 'replayed probe' });
  await check('post', fq, fq, 200, { body: { reason: 'probe', message }, label: 'already imported',
    extra: (b) => (b.data.result === 'duplicate' ? [] : [`result ${b.data.result}`]) });
  // One raw message in, as ingest-email reads it: imported, then a duplicate; a message
  // with no order is queued; the wrong content type and an empty body are refused.
  const ei = '/admin/emails/ingest';
  const rfc822 = { 'Content-Type': 'message/rfc822' };
  const mail = `Message-ID: <${ref}-raw@example.com>\r\nSubject: Order ${ref}-R\r\nDate: Mon, 20 Oct 2025 21:30:00 +1100\r\n\r\n` +
    `Order: ${ref}-R\r\nEmail: probe@example.com\r\nItem: PROBE-1 | Probe | 1 | 1.50\r\nTotal: 1.50\r\n`;
  const imported = await check('post', ei, ei + '?source=probe', 200, { raw: mail, headers: rfc822, label: 'imported',
    extra: (b) => (b.data.result === 'imported' ? [] : [`result ${b.data.result}`]) });
  await check('post', ei, ei, 200, { raw: mail, headers: rfc822, label: 'duplicate',
    extra: (b) => (b.data.result === 'duplicate' ? [] : [`result ${b.data.result}`]) });
  if (imported?.data?.orderID) await check('delete', '/admin/orders/{orderID}', `/admin/orders/${imported.data.orderID}`, 200, { label: 'raw probe' });
  const notOrder = await check('post', ei, ei, 200, { raw: `Message-ID: <${ref}-no@example.com>\r\nSubject: hello\r\n\r\nnot an order\r\n`,
    headers: rfc822, label: 'queued', extra: (b) => (b.data.result === 'failed' ? [] : [`result ${b.data.result}`]) });
  if (notOrder) await check('delete', `${fq}/{failureID}`, `${fq}/${notOrder.data.failureID}`, 200, { label: 'raw probe' });
  const parts = { ...message, messageId: `<${ref}-parts@example.com>`, text: message.text.replace(ref, `${ref}-P`) };
  const viaParts = await check('post', ei, ei, 200, { body: { source: 'n8n', message: parts }, label: 'parts',
    extra: (b) => (b.data.result === 'imported' ? [] : [`result ${b.data.result}`]) });
  if (viaParts?.data?.orderID) await check('delete', '/admin/orders/{orderID}', `/admin/orders/${viaParts.data.orderID}`, 200, { label: 'parts probe' });
  await check('post', ei, ei, 422, { body: { message: { text: 'x', date: 'yesterday' } }, label: 'bad parts' });
  await check('post', ei, ei, 415, { raw: mail, headers: { 'Content-Type': 'text/plain' }, label: 'wrong type' });
  await check('post', ei, ei, 422, { raw: '\r\n', headers: rfc822, label: 'empty' });
  await check('post', ei, ei + '?source=Bad%20Source', 400, { raw: mail, headers: rfc822, label: 'bad source' });
  if (opts.readKey) await check('post', ei, ei, 403, { raw: mail, headers: rfc822, key: opts.readKey, label: 'read key' });
  const other = await check('post', fq, fq, 200, { body: { reason: 'probe', raw: `Subject: ${ref}-2\r\n\r\nnot an order\r\n` }, label: 'raw' });
  if (other) {
    await check('delete', `${fq}/{failureID}`, `${fq}/${other.data.failureID}`, 200);
    await check('delete', `${fq}/{failureID}`, `${fq}/${other.data.failureID}`, 404, { label: 'again' });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
