// The n8n Code node's parser against the fixture e-mails (tests/fixtures/email): each is
// MIME-decoded by mailparser, as n8n's IMAP trigger does, and must give the order (or the
// failure) written beside it, exactly as packprod's own parser does.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { simpleParser } = require('./mailparser.js');
const { parseOrderEmail, fromN8n, htmlToText, normaliseLines } = require('./parse-order-email.js');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'email');
const names = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();

// What n8n's IMAP trigger hands the Code node: mailparser's fields, JSON-serialised.
async function n8nItem(file) {
  const parsed = await simpleParser(fs.readFileSync(path.join(FIXTURES, file)));
  const json = JSON.parse(JSON.stringify({
    from: parsed.from, subject: parsed.subject, date: parsed.date,
    messageId: parsed.messageId, text: parsed.text, html: parsed.html,
  }));
  return json;
}

test('at least 30 fixtures', () => {
  assert.ok(names.length >= 30, `${names.length} fixtures`);
});

for (const name of names) {
  test(name, async () => {
    const want = JSON.parse(fs.readFileSync(path.join(FIXTURES, name.replace(/\.eml$/, '.json')), 'utf8'));
    const mail = fromN8n(await n8nItem(name));
    let got = parseOrderEmail(mail, { rules: [] });
    if (want.failure && want.failure.stage === 'parse') {
      assert.equal(got.ok, false);
      assert.equal(got.field, want.failure.field);
      assert.ok(got.reason.includes(want.failure.reason), got.reason);
      if (!want.rules) return;
      got = parseOrderEmail(mail, want.rules);
    }
    assert.equal(got.ok, true, got.reason);
    assert.equal(got.template, want.template);
    assert.deepEqual(got.order, want.order);
  });
}

test('HTML to text: blocks, cells, entities, dropped head', () => {
  const lines = normaliseLines(htmlToText(
    '<html><head><title>x</title><style>p{}</style></head><body><p>A&nbsp;&amp; B</p>' +
    '<table><tr><td>one</td><td> &#36;1.00 </td></tr></table><!-- hidden -->x&unknown;</body>'));
  assert.deepEqual(lines, ['A & B', 'one\t$1.00', 'x&unknown;']);
});
