// Order e-mail parser for the n8n Code node of order-email-workflow.json (the workflow
// embeds this file). It reads the message n8n's IMAP trigger hands over (already MIME
// decoded: subject, from, date, messageId, text, html) and returns the order in the shape
// of packprod's POST /admin/contacts/import, or why it could not.
//
// It implements the same rules as packprod's own parser (src/email: body_text.cc,
// templates.cc, woocommerce.cc, shopify.cc, plain.cc); both are tested against the same
// fixture e-mails (tests/fixtures/email). Keep them in step.
//
// Plain JavaScript without modules, so that it runs as is inside n8n.

const ENTITIES = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '\u2019',
  lsquo: '\u2018', rdquo: '\u201D', ldquo: '\u201C', ndash: '\u2013', mdash: '\u2014',
  times: '\u00D7', middot: '\u00B7', hellip: '\u2026', dollar: '$', copy: '\u00A9',
  reg: '\u00AE', trade: '\u2122', euro: '\u20AC', pound: '\u00A3', bull: '\u2022',
  laquo: '\u00AB', raquo: '\u00BB',
};
const BLOCK = new Set(['br', 'p', 'div', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'address', 'center', 'blockquote']);

// Decodes the character reference at html[i] === '&': [text, length] or null.
function decodeEntity(html, i) {
  const semi = html.indexOf(';', i);
  if (semi < 0 || semi - i > 12 || semi === i + 1) return null;
  const name = html.slice(i + 1, semi);
  if (name[0] === '#') {
    const hex = name.length > 1 && (name[1] === 'x' || name[1] === 'X');
    const digits = name.slice(hex ? 2 : 1);
    if (!digits || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
    const cp = parseInt(digits, hex ? 16 : 10);
    if (cp > 0x10ffff) return null;
    return [cp === 0xa0 ? ' ' : String.fromCodePoint(cp), semi - i + 1];
  }
  return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? [ENTITIES[name], semi - i + 1] : null;
}

// HTML to text: see src/email/body_text.h for the rules.
function htmlToText(html) {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const e = html.indexOf('-->', i + 4);
        i = e < 0 ? html.length : e + 3;
        continue;
      }
      const e = html.indexOf('>', i);
      if (e < 0) break;
      let p = i + 1;
      const closing = p < e && html[p] === '/';
      if (closing) p++;
      let name = '';
      while (p < e && /[A-Za-z0-9]/.test(html[p])) name += html[p++].toLowerCase();
      i = e + 1;
      if (!closing && ['head', 'style', 'script', 'title'].includes(name)) {
        const end = html.toLowerCase().indexOf('</' + name, i);
        if (end < 0) break;
        const gt = html.indexOf('>', end);
        i = gt < 0 ? html.length : gt + 1;
        continue;
      }
      if (BLOCK.has(name)) out += '\n';
      else if (closing && (name === 'td' || name === 'th')) out += '\t';
      continue;
    }
    if (c === '&') {
      const d = decodeEntity(html, i);
      if (d) {
        out += d[0];
        i += d[1];
        continue;
      }
    }
    out += c === '\r' || c === '\n' || c === '\t' ? ' ' : c;
    i++;
  }
  return out;
}

// Lines of cells: white space (also U+00A0) collapsed and trimmed, empty cells and lines dropped.
function normaliseLines(text) {
  const lines = [];
  for (const raw of text.split('\n')) {
    const cells = raw.split('\t')
      .map((cell) => cell.replace(/[ \r\f\v\u00a0]+/g, ' ').trim())
      .filter((cell) => cell.length > 0);
    if (cells.length) lines.push(cells.join('\t'));
  }
  return lines;
}

function bodyLines(mail) {
  if (mail.html) return normaliseLines(htmlToText(mail.html));
  return normaliseLines(mail.text || '');
}

// ---- helpers (src/email/template_util.h)
const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const icontains = (hay, needle) => lower(hay).includes(lower(needle));
const istartsWith = (s, prefix) => lower(s.slice(0, prefix.length)) === lower(prefix);
const trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

function splitKeyValue(line) {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > 30) return null;
  const rawKey = line.slice(0, colon);
  if (!/^[A-Za-z -]+$/.test(rawKey)) return null;
  const key = lower(rawKey).replace(/ +/g, ' ').trim();
  if (!key) return null;
  return { key, value: trim(line.slice(colon + 1).replace(/\t/g, ' ')) };
}

const MONEY = /((?:[A-Z]{3} ?|[A-Z]{1,2}(?=\$))?\$? ?[0-9][0-9,]*(?:\.[0-9]+)?)(?: ([A-Z]{3})(?![A-Za-z]))?/;

// [amount, currency code after it or ''] or null.
function moneyToken(s) {
  const m = MONEY.exec(s || '');
  return m ? [m[1], m[2] || ''] : null;
}

function isMoneyLine(s) {
  const t = moneyToken(s);
  if (!t) return false;
  return trim(s) === (t[1] ? t[0] + ' ' + t[1] : t[0]);
}

function quantity(s) {
  const t = trim(s);
  return /^[0-9]{1,9}$/.test(t) ? parseInt(t, 10) : t;
}

function setIf(obj, key, value) {
  if (value) obj[key] = value;
}

function headerDate(mail) {
  if (!mail.date) return '';
  const d = new Date(mail.date);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().replace('.000Z', 'Z');
}

function splitSku(s) {
  const m = /^(.*?) ?\(#([^)]+)\)$/.exec(s);
  return m ? [trim(m[1]), trim(m[2])] : [trim(s), ''];
}

function search(s, re, group = 1) {
  const m = re.exec(s);
  return m ? trim(m[group]) : '';
}

// ---- plain "Field: value" (docs/email-format.md)
const PLAIN_FIELDS = {
  order: 'orderReference', 'order reference': 'orderReference', 'order number': 'orderReference',
  'order ref': 'orderReference', reference: 'orderReference', date: 'createdAt',
  'order date': 'createdAt', status: 'status', currency: 'currency', email: 'email',
  'e-mail': 'email', name: 'name', customer: 'name', company: 'company', phone: 'phone',
  item: 'item', subtotal: 'subtotal', shipping: 'shipping', delivery: 'shipping',
  freight: 'shipping', gst: 'tax', tax: 'tax', total: 'total',
};
const plainField = (key) => (Object.prototype.hasOwnProperty.call(PLAIN_FIELDS, key) ? PLAIN_FIELDS[key] : null);

function looksPlain(lines) {
  let email = false;
  let order = false;
  for (const l of lines) {
    const kv = splitKeyValue(l);
    const f = kv && plainField(kv.key);
    if (!f) continue;
    email = email || f === 'email';
    order = order || f === 'total' || f === 'item';
  }
  return email && order;
}

function readPlain(mail, lines) {
  const order = {};
  const customer = {};
  const items = [];
  for (const l of lines) {
    const kv = splitKeyValue(l);
    if (!kv || !kv.value) continue;
    const f = plainField(kv.key);
    if (!f) continue;
    if (f === 'item') {
      const p = kv.value.split('|').map(trim);
      const item = {};
      setIf(item, 'code', p[0]);
      if (p.length > 1) setIf(item, 'name', p[1]);
      if (p.length > 2 && p[2]) item.quantity = quantity(p[2]);
      if (p.length > 3) setIf(item, 'unitPrice', p[3]);
      if (p.length > 4) setIf(item, 'lineTotal', p[4]);
      items.push(item);
      continue;
    }
    const target = ['email', 'name', 'company', 'phone'].includes(f) ? customer : order;
    if (!(f in target)) target[f] = kv.value;
  }
  if (!('createdAt' in order)) setIf(order, 'createdAt', headerDate(mail));
  if (Object.keys(customer).length) order.customer = customer;
  if (items.length) order.items = items;
  return order;
}

// ---- WooCommerce "New order" / "Cancelled order"
// One product: "Name (#SKU)", quantity, price (the line total). null for the header row.
function wooItem(nameSku, qty, price) {
  if (lower(nameSku) === 'product') return null;
  const [name, code] = splitSku(nameSku);
  const item = {};
  setIf(item, 'code', code);
  setIf(item, 'name', name);
  item.quantity = quantity(qty);
  const money = moneyToken(price);
  if (money) item.lineTotal = money[0];
  return item;
}

function readWooCommerce(mail, lines) {
  const order = {};
  const customer = {};
  const items = [];
  let ref = '';
  let name = '';
  let cancelled = icontains(mail.subject || '', 'has been cancelled');
  let inItems = false;
  // The product cell's first line when item meta (variation options) split its row: the
  // quantity and price then follow on a line of two cells.
  let pending = '';
  for (const l of lines) {
    if (!ref) ref = search(l, /\[Order #([^\]]+)\]/);
    if (!name) name = search(l, /received the following order from (.+):$/);
    if (!name) name = search(l, /belonging to (.+) has been cancelled/);
    cancelled = cancelled || icontains(l, 'has been cancelled');
    const kv = splitKeyValue(l);
    if (l.startsWith('[Order #')) {
      inItems = true;
      continue;
    }
    if (kv && kv.key === 'subtotal') inItems = false;
    if (inItems) {
      const cells = l.split('\t');
      const m = /^(.+) × ([^ ]+) = (.+)$/.exec(l);
      let item = null;
      if (cells.length === 3) {
        item = wooItem(...cells);
        pending = '';
      } else if (cells.length === 2 && pending) {
        item = wooItem(pending, ...cells);
        pending = '';
      } else if (m) {
        item = wooItem(m[1], m[2], m[3]);
        pending = '';
      } else if (!pending && cells.length === 1) {
        pending = l;
      }
      if (item) items.push(item);
      continue;
    }
    if (!kv) continue;
    const field = { subtotal: 'subtotal', shipping: 'shipping', gst: 'tax', tax: 'tax', total: 'total' }[kv.key];
    if (!field || field in order) continue;
    const money = moneyToken(kv.value);
    if (money) order[field] = money[0];
    else if (field === 'shipping' && icontains(kv.value, 'free')) order[field] = '0.00';
    if (field === 'total' && !('tax' in order)) {
      const incl = moneyToken(search(kv.value, /includes (.+) GST/));
      if (incl) order.tax = incl[0];
    }
  }
  if (!ref) ref = search(mail.subject || '', /Order #([A-Za-z0-9_/-]+)/);
  const block = [];
  let inBlock = false;
  for (const l of lines) {
    if (!inBlock) {
      inBlock = lower(l) === 'billing address';
      continue;
    }
    if (lower(l) === 'shipping address' || istartsWith(l, 'congratulations') ||
        icontains(l, 'built with') || l.startsWith('=') || block.length >= 10) break;
    block.push(l);
  }
  const address = [];
  for (const l of block) {
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(l)) {
      if (!('email' in customer)) customer.email = l;
    } else if (/^\+?[0-9 ()-]{8,}$/.test(l)) {
      if (!('phone' in customer)) customer.phone = l;
    } else {
      address.push(l);
    }
  }
  if (!name && address.length) [name] = address;
  setIf(customer, 'name', name);
  if (address.length >= 5 && !/[0-9]/.test(address[1])) customer.company = address[1];
  setIf(order, 'orderReference', ref);
  setIf(order, 'createdAt', headerDate(mail));
  order.status = cancelled ? 'cancelled' : 'processing';
  if (Object.keys(customer).length) order.customer = customer;
  if (items.length) order.items = items;
  return order;
}

// ---- Shopify staff order notification
function labelled(lines, i, label) {
  const kv = splitKeyValue(lines[i]);
  if (kv && kv.key === label && kv.value) return kv.value;
  if (lower(lines[i]) === label && i + 1 < lines.length) return lines[i + 1];
  return '';
}

function readShopify(mail, lines) {
  const order = {};
  const customer = {};
  const items = [];
  let ref = '';
  let name = '';
  let cancelled = false;
  let inItems = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let m;
    if (!ref && (m = /Order #([^ ]+) placed by (.+)$/.exec(l))) {
      [, ref] = m;
      name = trim(m[2]);
    }
    if (!ref && (m = /Order #([^ ]+) was cancelled/.exec(l))) {
      [, ref] = m;
      cancelled = true;
    }
    if (!name && (m = /^(.+) cancelled order #/.exec(l))) name = trim(m[1]);
    if (lower(l) === 'order summary') {
      inItems = true;
      continue;
    }
    if (istartsWith(l, 'subtotal')) inItems = false;
    if (inItems) {
      if ((m = /^(.+) × ([^ ]+)$/.exec(l))) {
        items.push({ name: trim(m[1]), quantity: quantity(m[2]) });
      } else if (items.length) {
        const item = items[items.length - 1];
        const kv = splitKeyValue(l);
        if (kv && kv.key === 'sku') setIf(item, 'code', kv.value);
        else if (isMoneyLine(l) && !('lineTotal' in item)) [item.lineTotal] = moneyToken(l);
      }
      continue;
    }
    for (const key of ['subtotal', 'shipping', 'total']) {
      const v = labelled(lines, i, key);
      if (!v || key in order) continue;
      const money = moneyToken(v);
      if (money) {
        [order[key]] = money;
        if (money[1] && key === 'total') [, order.currency] = money;
      }
    }
    if (!('tax' in order)) {
      const tax = moneyToken(search(l, /Including (.+) in taxes/));
      if (tax) [order.tax] = tax;
    }
    if (!('email' in customer)) setIf(customer, 'email', labelled(lines, i, 'email'));
    if (!('phone' in customer)) setIf(customer, 'phone', labelled(lines, i, 'phone'));
  }
  if (!ref) ref = search(mail.subject || '', /Order #([A-Za-z0-9_/-]+)/);
  cancelled = cancelled || icontains(mail.subject || '', 'was cancelled');
  setIf(customer, 'name', name);
  setIf(order, 'orderReference', ref);
  setIf(order, 'createdAt', headerDate(mail));
  order.status = cancelled ? 'cancelled' : 'processing';
  if (Object.keys(customer).length) order.customer = customer;
  if (items.length) order.items = items;
  return order;
}

// ---- template choice and the entry point (src/email/templates.cc)
const TEMPLATES = { woocommerce: readWooCommerce, shopify: readShopify, plain: readPlain };

function chooseTemplate(mail, rules, lines) {
  for (const r of (rules && rules.rules) || []) {
    if (r.from && !icontains(mail.from || '', r.from)) continue;
    if (r.subject && !icontains(mail.subject || '', r.subject)) continue;
    return r.template;
  }
  if (lines.some((l) => icontains(l, 'woocommerce'))) return 'woocommerce';
  if (lines.some((l) => icontains(l, 'shopify'))) return 'shopify';
  if (looksPlain(lines)) return 'plain';
  return '';
}

// mail: {from (address), subject, date, messageId, text, html}; rules: {rules: [...]}.
// Returns {ok: true, template, order} or {ok: false, field, reason}.
function parseOrderEmail(mail, rules) {
  const lines = bodyLines(mail);
  if (!lines.length) return { ok: false, field: 'body', reason: 'no text or HTML part with any text' };
  const t = chooseTemplate(mail, rules, lines);
  if (!TEMPLATES[t]) {
    return {
      ok: false,
      field: 'template',
      reason: `no template matches this message (from ${mail.from || ''}, subject "${mail.subject || ''}"); add a rule naming its template`,
    };
  }
  const order = TEMPLATES[t](mail, lines);
  order.source = 'email';
  return { ok: true, template: t, order };
}

// The message as n8n's IMAP trigger gives it (mailparser's fields) in parseOrderEmail's shape.
function fromN8n(json) {
  const from = json.from && typeof json.from === 'object'
    ? ((json.from.value && json.from.value[0]) || {}) : { address: json.from || '' };
  return {
    from: from.address || '',
    fromName: from.name || '',
    subject: json.subject || '',
    date: json.date || '',
    messageId: json.messageId || '',
    text: typeof json.text === 'string' ? json.text : '',
    html: typeof json.html === 'string' ? json.html : '',
  };
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = { htmlToText, normaliseLines, parseOrderEmail, fromN8n };
}

// Inside n8n's Code node ("Run Once for All Items"): one output item per message.
// RULES may be set in the workflow, e.g. {rules: [{from: 'orders@shop.com.au', template: 'woocommerce'}]}.
if (typeof $input !== 'undefined') {
  const RULES = { rules: [] };
  return $input.all().map((item) => {
    const mail = fromN8n(item.json);
    const r = parseOrderEmail(mail, RULES);
    const message = { ...mail, date: headerDate(mail) || undefined };
    return { json: r.ok ? { ok: true, template: r.template, order: r.order, message }
                        : { ok: false, field: r.field, reason: r.reason, message } };
  });
}
