// order-email-workflow.json: its Code node is parse-order-email.js as is, its nodes are
// wired as documented, and, run as n8n runs it (the Code node's script over the IMAP
// trigger's items, then the HTTP bodies its expressions build), it imports every fixture
// order into a real packprod server and queues the broken ones, which packprod's own
// parser can replay. The server part needs PACKPROD_BIN (set by CTest).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, execFileSync } = require('node:child_process');
const { simpleParser } = require('./mailparser.js');
const { build } = require('./sync-workflow.js');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'email');
const names = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();
const expected = Object.fromEntries(names.map((n) => [n, JSON.parse(fs.readFileSync(path.join(FIXTURES, n.replace(/\.eml$/, '.json')), 'utf8'))]));
const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, 'order-email-workflow.json'), 'utf8'));
const node = (name) => workflow.nodes.find((n) => n.name === name);

// An n8n expression "={{ ... }}" as a function of $json and $ (other nodes' items).
function expression(text) {
  assert.ok(text.startsWith('={{') && text.endsWith('}}'), text);
  return new Function('$json', '$', `return (${text.slice(3, -2)});`);
}

// The Code node's script run as n8n runs it: $input.all() is the trigger's items.
async function runCodeNode(files) {
  const items = [];
  for (const f of files) {
    const p = await simpleParser(fs.readFileSync(path.join(FIXTURES, f)));
    items.push({ json: JSON.parse(JSON.stringify({ from: p.from, subject: p.subject, date: p.date, messageId: p.messageId, text: p.text, html: p.html })) });
  }
  const script = new Function('$input', node('Parse order e-mail').parameters.jsCode);
  return script({ all: () => items });
}

test('the Code node is parse-order-email.js (run `node sync-workflow.js` after editing)', () => {
  assert.equal(fs.readFileSync(path.join(__dirname, 'order-email-workflow.json'), 'utf8'), build());
});

test('nodes and wiring: IMAP trigger, parse, import with retries, failures to the queue', () => {
  assert.equal(node('Order e-mails').type, 'n8n-nodes-base.emailReadImap');
  const imp = node('Import order');
  assert.ok(imp.parameters.url.endsWith('/admin/contacts/import'));
  assert.equal(imp.parameters.genericAuthType, 'httpHeaderAuth');
  assert.ok(imp.credentials.httpHeaderAuth, 'the admin key comes from a credential');
  assert.ok(imp.retryOnFail && imp.maxTries >= 3);
  assert.equal(imp.onError, 'continueErrorOutput');
  for (const q of ['Queue unreadable e-mail', 'Queue rejected order']) {
    assert.ok(node(q).parameters.url.endsWith('/api/ingest/failures'));
    assert.ok(node(q).credentials.httpHeaderAuth && node(q).retryOnFail);
  }
  const c = workflow.connections;
  assert.equal(c['Order e-mails'].main[0][0].node, 'Parse order e-mail');
  assert.equal(c['Parse order e-mail'].main[0][0].node, 'Parsed?');
  assert.equal(c['Parsed?'].main[0][0].node, 'Import order');
  assert.equal(c['Parsed?'].main[1][0].node, 'Queue unreadable e-mail');
  assert.equal(c['Import order'].main[1][0].node, 'Queue rejected order');
  assert.ok(!JSON.stringify(workflow).match(/Bearer |X-Api-Key/i), 'no key in the workflow');
});

test('the Code node gives every fixture its expected order or failure', async () => {
  const out = await runCodeNode(names);
  assert.equal(out.length, names.length);
  names.forEach((n, i) => {
    const want = expected[n];
    const got = out[i].json;
    if (want.failure && want.failure.stage === 'parse') {
      assert.equal(got.ok, false, n);
      assert.equal(got.field, want.failure.field, n);
    } else {
      assert.equal(got.ok, true, n);
      assert.deepEqual(got.order, want.order, n);
    }
    assert.ok(got.message.text || got.message.html || want.failure, n);
  });
});

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('against a real packprod: orders imported, broken ones queued and replayable', { skip: !process.env.PACKPROD_BIN && 'PACKPROD_BIN not set' }, async (t) => {
  const bin = process.env.PACKPROD_BIN;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'packprod-n8n-'));
  const db = `sqlite:${path.join(tmp, 'shop.db')}`;
  const key = execFileSync(bin, ['keys', 'create', '--client', 'shop', '--role', 'admin', '--db', db]).toString().trim().split('\n').pop();
  const port = await freePort();
  const server = spawn(bin, ['serve', '--db', db, '--port', String(port), '--no-stream'], { stdio: 'ignore' });
  t.after(() => {
    server.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, url, body) => {
    const r = await fetch(base + url, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body });
    return { status: r.status, doc: await r.json() };
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch (e) { /* not up yet */ }
    assert.ok(i < 200, 'server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const parse = node('Parse order e-mail');
  const imported = [];
  const queued = [];
  for (const item of await runCodeNode(names)) {
    const $ = (name) => ({ item: { json: item.json } , name: assert.equal(name, parse.name) });
    if (item.json.ok) {
      const body = expression(node('Import order').parameters.jsonBody)(item.json, $);
      const r = await call('POST', '/admin/contacts/import', body);
      if (r.status === 200) {
        imported.push(item.json.order.orderReference);
        continue;
      }
      const json = { error: { message: r.doc.error.message } };
      const q = await call('POST', '/api/ingest/failures', expression(node('Queue rejected order').parameters.jsonBody)(json, $));
      assert.equal(q.status, 200, JSON.stringify(q.doc));
      queued.push(q.doc.data.failureID);
    } else {
      const q = await call('POST', '/api/ingest/failures', expression(node('Queue unreadable e-mail').parameters.jsonBody)(item.json, $));
      assert.equal(q.status, 200, JSON.stringify(q.doc));
      queued.push(q.doc.data.failureID);
    }
  }
  const good = names.filter((n) => !expected[n].failure);
  assert.deepEqual(imported.sort(), good.map((n) => expected[n].order.orderReference).sort());
  const broken = names.filter((n) => expected[n].failure);
  assert.equal(queued.length, broken.length);
  const list = await call('GET', '/api/ingest/failures?limit=100');
  assert.equal(list.doc.meta.total, broken.length);
  assert.ok(list.doc.data.every((f) => f.source === 'n8n'));
  // After a rules fix, packprod's own parser reads the queued message n8n could not.
  const rules = expected['woo-no-footer-needs-rule.eml'].rules;
  execFileSync(bin, ['emails', 'rules', '--client', 'shop', '--set', JSON.stringify(rules), '--db', db]);
  const f = list.doc.data.find((x) => x.subject.includes('#10254'));
  const r = await call('POST', `/api/ingest/failures/${f.id}/replay`);
  assert.equal(r.doc.data.result, 'imported', JSON.stringify(r.doc));
});
