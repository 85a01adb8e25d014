// End-to-end test of the dashboard: a real `packprod serve` with demo data, Debian's
// chromium (headless) through playwright-core. Signs in (a wrong key first), visits every
// page, filters, sorts, opens an order, a customer and a product, compares the figures
// shown with the API's, exports a filtered CSV, imports an order during the test and
// waits for it to appear without a reload, checks a phone-sized screen, signs out; then,
// with an admin key, dismisses a failed order e-mail on the E-mails page and sees the
// navigation's count drop. A screenshot of every page goes to the output folder.
//
// Usage: node dashboard.test.mjs PACKPROD_BIN OUTPUT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { a11yViolations } from './lib/a11y.mjs';
import { Shop, launchChromium } from './lib/shop.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(process.argv[2] ?? process.env.PACKPROD_BIN ?? '');
const out = path.resolve(process.argv[3] ?? path.join(here, 'output'));
const web = path.resolve(process.env.PACKPROD_WEB ?? path.join(here, '..', '..', 'web', 'dist'));
if (!fs.existsSync(bin)) throw new Error(`usage: node dashboard.test.mjs PACKPROD_BIN OUTPUT_DIR (no ${bin})`);
if (!fs.existsSync(path.join(web, 'index.html'))) {
  throw new Error(`the dashboard is not built (${web}/index.html): run \`make build\``);
}
fs.mkdirSync(out, { recursive: true });

const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

const shop = new Shop({ bin, web });
shop.cli('clients', 'create', '--client', shop.client, '--name', 'E2E Packaging Co');
shop.importDemo({ orders: 3000, seed: 11 });
await shop.start();
await shop.waitViews();
log(`server on ${shop.url}, views current`);
// One order e-mail in the failure queue (as an n8n workflow queues one it could not import).
const badMail = await shop.api('POST', '/api/ingest/failures', {
  reason: 'Total: "twenty" is not an amount',
  field: 'total',
  raw: 'From: counter@example.com\r\nSubject: Order E2E-MAIL-1\r\nMessage-ID: <e2e-mail-1@example.com>\r\n\r\n' +
    'Order: E2E-MAIL-1\r\nEmail: <b>mail.e2e@example.com</b>\r\nTotal: twenty\r\n',
});
assert.equal(badMail.data.result, 'failed');

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(15_000);
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  // The wrong-key attempt is answered 401 on purpose; the browser logs that load.
  if (m.type() === 'error' && !/401 \(Unauthorized\)/.test(m.text())) problems.push(`console: ${m.text()}`);
});

// Each page shown is also checked with axe-core: no serious or critical violation.
const a11y = [];
const shot = async (name) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  for (const v of await a11yViolations(page)) a11y.push(`${name}: ${v}`);
  log(`screenshot ${name}.png`);
};
// The same formatting as the page (Intl in the browser), for comparing figures.
const money = (v) => page.evaluate((x) => new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' }).format(x), v);
const int = (v) => page.evaluate((x) => new Intl.NumberFormat('en-AU').format(x), v);
const text = (sel) => page.locator(sel).first().innerText();
const firstCell = (table, col = 1) => text(`[data-testid="${table}"] tbody tr:first-child td:nth-child(${col})`);
const pagerTotal = async () => (await text('.pager-range')).split(' of ')[1];

let failed = false;
try {
  // Sign-in: a deep link without a key goes to sign-in, then back to the link.
  await page.goto(shop.url + '/customers?sort=orderCount');
  await page.waitForURL(/\/sign-in\?next=/);
  await shot('sign-in');
  await page.getByLabel('API key').fill('pp_not_a_real_key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
  log('wrong key refused with a message');
  await page.getByLabel('API key').fill(shop.readKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/customers\?sort=orderCount$/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('packprod.apiKey')), shop.readKey);
  log('signed in with a read key; back at the deep link');
  // The header: the shop's name (GET /api/client) and the failed e-mails' count.
  await page.locator('[data-testid="shop-name"]', { hasText: 'E2E Packaging Co' }).waitFor();
  assert.equal(await text('[data-testid="nav-count-emails"]'), '1');
  log('header shows the shop name and 1 failed e-mail');
  // The header's alerts (GET /api/alerts): none on this shop.
  await page.locator('[data-testid="alerts"]').getByRole('button', { name: 'No alerts' }).waitFor();
  log('header shows no alerts');

  // Customers, sorted by orders (from the URL), then a segment filter.
  await page.locator('[data-testid="customers-table"] tbody tr').first().waitFor();
  const byOrders = await shop.api('GET', '/api/customers?sort=orderCount&limit=50');
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Orders▼');
  const firstName = byOrders.data[0].name || byOrders.data[0].email;
  assert.equal((await firstCell('customers-table')).split('\n')[0], firstName);
  assert.equal(await pagerTotal(), await int(byOrders.meta.total));
  await page.getByRole('button', { name: 'VIP' }).click();
  await page.waitForURL(/segment=VIP/);
  const vip = await shop.api('GET', '/api/customers?sort=orderCount&segment=VIP&limit=50');
  await page.waitForFunction((t) => document.querySelector('.pager-range')?.textContent?.endsWith(`of ${t}`), await int(vip.meta.total));
  for (const badge of await page.locator('[data-testid="customers-table"] tbody .badge').allInnerTexts()) assert.equal(badge, 'VIP');
  log(`customers: sort and VIP filter match the API (${vip.meta.total} VIP)`);
  await shot('customers');

  // A customer page: figures against the API.
  const cust = vip.data[0];
  await page.locator('[data-testid="customers-table"] tbody tr:first-child a').first().click();
  await page.waitForURL(new RegExp(`/customers/${cust.contactID}$`));
  await page.locator('[data-testid="customer-total-spend"]').waitFor();
  assert.equal(await text('[data-testid="customer-total-spend"] .stat-value'), await money(cust.totalSpend));
  assert.equal(await text('[data-testid="customer-order-count"] .stat-value'), await int(cust.orderCount));
  await page.locator('[data-testid="customer-orders"] tbody tr').first().waitFor();
  const custOrders = await shop.api('GET', `/api/orders?contactID=${cust.contactID}&limit=20`);
  assert.equal(await firstCell('customer-orders'), custOrders.data[0].orderReference);
  // The usual basket comes from its own endpoint: its rows in the API's order.
  const basket = await shop.api('GET', `/api/customers/${cust.contactID}/basket?limit=1000`);
  assert.ok(basket.data.length > 0, 'a VIP customer has a usual basket');
  await page.locator('[data-testid="customer-usual-basket"] tbody tr').first().waitFor();
  const basketCodes = await page.locator('[data-testid="customer-usual-basket"] tbody tr td:first-child a').allInnerTexts();
  assert.deepEqual(basketCodes, basket.data.map((p) => p.code));
  log('customer page matches the API');
  await shot('customer');
  await page.getByRole('link', { name: '← Customers' }).click();
  await page.waitForURL(/\/customers\?sort=orderCount&segment=VIP$/);
  await page.locator('[data-testid="customers-table"] tbody tr').first().waitFor();
  log('back link returns to the filtered list');

  // Orders: newest first; a status filter; an order's detail.
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  await page.locator('[data-testid="orders-table"] tbody tr').first().waitFor();
  const orders = await shop.api('GET', '/api/orders?limit=50');
  assert.equal(await firstCell('orders-table'), orders.data[0].orderReference);
  assert.equal(await pagerTotal(), await int(orders.meta.total));
  await page.getByRole('button', { name: 'cancelled' }).click();
  await page.waitForURL(/status=cancelled/);
  const cancelled = await shop.api('GET', '/api/orders?status=cancelled&limit=50');
  await page.waitForFunction((t) => document.querySelector('.pager-range')?.textContent?.endsWith(`of ${t}`), await int(cancelled.meta.total));
  assert.equal(await firstCell('orders-table'), cancelled.data[0].orderReference);
  log(`orders: status filter matches the API (${cancelled.meta.total} cancelled)`);
  await shot('orders-filtered');
  // CSV export of the filtered rows: every page of them, not only the one on screen.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'orders.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
  assert.equal(csv[0].split(',').slice(0, 4).join(','), 'orderID,orderReference,createdAt,status');
  assert.equal(csv.length - 1, cancelled.meta.total);
  assert.ok(csv.slice(1).every((line) => line.split(',')[3] === 'cancelled'), 'only cancelled orders in the CSV');
  assert.equal(csv[1].split(',')[1], cancelled.data[0].orderReference);
  log(`CSV export: ${csv.length - 1} rows, all cancelled`);
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.waitForURL(/cursor=/);
  await page.waitForFunction(() => document.querySelector('.pager-range')?.textContent?.startsWith('51–'));
  await page.getByRole('button', { name: '← Previous' }).click();
  await page.waitForFunction(() => document.querySelector('.pager-range')?.textContent?.startsWith('1–'));
  const ord = cancelled.data[0];
  await page.getByRole('link', { name: ord.orderReference, exact: true }).click();
  await page.locator('[data-testid="order-total"]').waitFor();
  const full = await shop.api('GET', `/api/orders/${ord.orderID}`);
  assert.equal(await text('[data-testid="order-total"]'), await money(full.data.total));
  assert.equal(await page.locator('[data-testid="order-items"] tbody tr').count(), Math.max(1, full.data.items.length));
  log('order detail matches the API');
  await shot('order');

  // Products and a product page.
  await page.getByRole('link', { name: 'Products', exact: true }).click();
  await page.locator('[data-testid="products-table"] tbody tr').first().waitFor();
  const products = await shop.api('GET', '/api/products?limit=50');
  const prod = products.data[0];
  assert.equal(await firstCell('products-table'), prod.code);
  await shot('products');
  await page.getByRole('link', { name: prod.code, exact: true }).click();
  await page.locator('[data-testid="product-revenue"]').waitFor();
  assert.equal(await text('[data-testid="product-revenue"] .stat-value'), await money(prod.revenue));
  assert.equal(await text('[data-testid="product-units"] .stat-value'), await int(prod.units));
  assert.equal(await text('[data-testid="product-orders"] .stat-value'), await int(prod.orders));
  await page.locator('[data-testid="product-orders-table"] tbody tr').first().waitFor();
  log('product page matches the API');
  await shot('product');

  // Reports: the default 30 days; KPIs and the sales totals against the API.
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.locator('[data-testid="kpi-revenue"]').waitFor();
  const overview = await shop.api('GET', '/api/reports/overview');
  assert.equal(await text('[data-testid="kpi-revenue"] .stat-value'), await money(overview.data.revenue));
  assert.equal(await text('[data-testid="kpi-orders"] .stat-value'), await int(overview.data.orders));
  await page.locator('[data-testid="sales-chart"] canvas').waitFor();
  await page.locator('[data-testid="chart-hour"] canvas').waitFor();
  await page.getByRole('combobox', { name: /^Period/ }).selectOption('90d');
  await page.waitForURL(/range=90d/);
  const to = overview.data.period.to;
  const from90 = new Date(Date.parse(to + 'T00:00:00Z') - 89 * 86_400_000).toISOString().slice(0, 10);
  const sales90 = await shop.api('GET', `/api/reports/sales?from=${from90}&to=${to}&interval=week`);
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="sales-totals"]')?.textContent?.startsWith(`${t} orders`),
    await int(sales90.data.totals.orders),
  );
  log('reports match the API (30 and 90 days)');
  // Segment movements of the 90 days: the table's counts as the API's, one transition's
  // contacts on a click.
  const moves90 = await shop.api('GET', `/api/segments/movements?from=${from90}&to=${to}`);
  await page.locator('[data-testid="movements-table"]').waitFor();
  if (moves90.data.movements.length > 0) {
    const m = moves90.data.movements[0];
    assert.equal(await firstCell('movements-table', 3), await int(m.contacts));
    await page.locator('[data-testid="movements-table"] tbody tr:first-child button').click();
    await page.locator('[data-testid="movement-contacts"] tbody tr').first().waitFor();
  }
  log(`segment movements: ${moves90.data.movements.length} transitions in 90 days`);
  await shot('reports');

  // Cohorts: the heat map's rows as the API's cohorts, and the revenue view.
  await page.getByRole('link', { name: 'Cohorts', exact: true }).click();
  await page.locator('[data-testid="cohorts-table"]').waitFor();
  const shopInfo = await shop.api('GET', '/api/client');
  const [ty, tm] = shopInfo.data.today.split('-').map(Number);
  const start = new Date(Date.UTC(ty, tm - 12, 1)).toISOString().slice(0, 10);
  const cohorts = await shop.api('GET', `/api/reports/cohorts?from=${start}&to=${shopInfo.data.today}`);
  assert.equal(await page.locator('[data-testid="cohorts-table"] tbody th').count(), cohorts.data.cohorts.length);
  if (cohorts.data.cohorts.length > 0) {
    assert.equal(await text('[data-testid="cohorts-table"] tbody tr:first-child th'), cohorts.data.cohorts[0].cohort);
  }
  await shot('cohorts');
  await page.getByRole('button', { name: 'Revenue', exact: true }).click();
  await page.waitForURL(/metric=revenue/);
  log(`cohorts: ${cohorts.data.cohorts.length} cohorts match the API`);
  // By first product: each product cohort a row, labelled by code and name.
  await page.getByRole('button', { name: 'By first product', exact: true }).click();
  await page.waitForURL(/by=product/);
  const byProduct = await shop.api('GET', `/api/reports/cohorts?by=product&metric=revenue&from=${start}&to=${shopInfo.data.today}`);
  await page.locator('[data-testid="cohorts-table"] thead th').filter({ hasText: 'First product' }).waitFor();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="cohorts-table"] tbody th').length === n,
    byProduct.data.cohorts.length,
  );
  if (byProduct.data.cohorts.length > 0) {
    const c = byProduct.data.cohorts[0];
    assert.equal(await text('[data-testid="cohorts-table"] tbody tr:first-child th'), c.name ? `${c.cohort} · ${c.name}` : c.cohort);
  }
  await shot('cohorts-by-product');
  log(`cohorts by first product: ${byProduct.data.cohorts.length} cohorts match the API`);

  // Performance.
  await page.getByRole('link', { name: 'Performance', exact: true }).click();
  await page.locator('[data-testid="routes-table"] tbody tr').first().waitFor();
  assert.match(await text('[data-testid="routes-table"]'), /\/api\/orders/);
  await shot('performance');

  // Live: an order imported now shows in the open Orders page without a reload.
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  await page.locator('[data-testid="orders-table"] tbody tr').first().waitFor();
  await page.locator('[data-testid="freshness"][data-status="live"]').waitFor();
  await page.evaluate(() => {
    window.__noReload = true;
  });
  const ref = `E2E-LIVE-${Date.now()}`;
  await shop.api('POST', '/admin/contacts/import', {
    orderReference: ref,
    createdAt: new Date().toISOString(),
    status: 'paid',
    customer: { email: 'live.e2e@example.com', name: 'Live Test' },
    items: [{ code: 'E2E-LIVE', name: 'Live test item', quantity: 2, unitPrice: 10 }],
    total: '20.00',
  });
  await page.locator('[data-testid="orders-table"] tbody tr', { hasText: ref }).waitFor({ timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__noReload), true);
  assert.equal(await page.locator('[data-testid="orders-table"] tbody tr[data-new]').count(), 1, 'the new row is highlighted');
  log('imported order appeared live, without a reload');
  await shot('orders-live');
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByLabel('Search').fill('live.e2e@example.com');
  await page.locator('[data-testid="customers-table"] tbody tr', { hasText: 'Live Test' }).waitFor();
  await shot('customers-live');

  // Reorders: the nav entry, the rows in the API's order (value at risk), a status chip,
  // and a row opening its customer.
  await page.getByRole('link', { name: 'Reorders', exact: true }).click();
  await page.locator('[data-testid="reorders-table"] tbody tr').first().waitFor();
  const reorders = await shop.api('GET', '/api/reorders?limit=50');
  assert.ok(reorders.data.length > 0, 'the demo shop has contacts with a reorder cadence');
  const due = reorders.data[0];
  assert.equal(await firstCell('reorders-table'), due.name ?? due.email);
  await shot('reorders');
  await page.getByRole('button', { name: due.status, exact: true }).click();
  await page.waitForURL(new RegExp(`status=${due.status}`));
  await page.locator('[data-testid="reorders-table"] tbody tr').first().waitFor();
  assert.equal(await firstCell('reorders-table'), due.name ?? due.email);
  await page.getByRole('link', { name: due.name ?? due.email, exact: true }).first().click();
  await page.waitForURL(new RegExp(`/customers/${encodeURIComponent(due.contactID)}`));
  log('reorders: list by value at risk, status chip, row opens the customer');

  // Accounts: the nav entry, the rows in the API's order (spend), a row opening the
  // account with its figures and contacts, a contact opening the customer.
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.locator('[data-testid="accounts-table"] tbody tr').first().waitFor();
  const accounts = await shop.api('GET', '/api/accounts?limit=50');
  assert.ok(accounts.data.length > 0, 'the demo shop has accounts');
  const top = accounts.data[0];
  assert.ok((await firstCell('accounts-table')).startsWith(top.name), 'first account by spend');
  await shot('accounts');
  await page.getByRole('link', { name: top.name, exact: true }).first().click();
  await page.waitForURL(new RegExp(`/accounts/${encodeURIComponent(top.accountID)}`));
  await page.locator('[data-testid="account-contacts"] tbody tr').first().waitFor();
  assert.equal(await text('[data-testid="account-total-spend"] .stat-value'), await money(Number(top.totalSpend)));
  await shot('account');
  log('accounts: list by spend, row opens the account with its contacts');

  // Keyboard: the first Tab reaches the skip link; sorting works from the keyboard.
  await page.goto(shop.url + '/products');
  await page.locator('[data-testid="products-table"] tbody tr').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.getByRole('button', { name: /^Units/ }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/sort=units/);
  log('keyboard: skip link and sortable headers');

  // A phone-sized screen: nothing wider than the screen but the tables' own scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, url, ready] of [
    ['phone-customers', '/customers', '[data-testid="customers-table"] tbody tr'],
    ['phone-reports', '/reports', '[data-testid="kpi-revenue"]'],
  ]) {
    await page.goto(shop.url + url);
    await page.locator(ready).first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${url} is ${width}px wide on a 390px screen`);
    await shot(name);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Time to the first customer rows on a fresh load (reported, never asserted).
  await page.goto(shop.url + '/customers');
  await page.waitForFunction(() => performance.getEntriesByName('customers:first-rows').length > 0);
  const ms = await page.evaluate(() => performance.getEntriesByName('customers:first-rows')[0].startTime);
  log(`customers: first rows rendered ${ms.toFixed(0)} ms after navigation start`);

  // E-mails with the read key: the queue and the raw message, but no Replay or Dismiss.
  await page.getByRole('link', { name: /^E-mails/ }).click();
  await page.locator('[data-testid="failures-table"] tbody tr', { hasText: 'Order E2E-MAIL-1' }).waitFor();
  const row = await page.locator('[data-testid="failures-table"] tbody tr').first().innerText();
  for (const want of ['counter@example.com', 'Total: "twenty" is not an amount', 'total']) assert.ok(row.includes(want), `${want} in ${row}`);
  await page.locator('[data-testid="failures-table"] tbody tr:first-child a').first().click();
  await page.waitForURL(new RegExp(`/emails/${badMail.data.failureID}$`));
  await page.locator('[data-testid="raw-message"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Dismiss' }).count(), 0, 'no Dismiss for a read key');
  log('e-mails: a read key sees the queue without Replay or Dismiss');

  // Sign out.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('packprod.apiKey')), null);
  log('signed out');

  // E-mails with an admin key: the raw message as text, Dismiss after a confirmation,
  // and the count in the navigation drops.
  await page.goto(shop.url + '/emails');
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('API key').fill(shop.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/emails$/);
  await page.locator('[data-testid="failures-table"] tbody tr').first().waitFor();
  assert.equal(await text('[data-testid="nav-count-emails"]'), '1');
  await shot('emails');
  await page.locator('[data-testid="failures-table"] tbody tr:first-child a').first().click();
  const raw = page.locator('[data-testid="raw-message"]');
  await raw.waitFor();
  assert.ok((await raw.innerText()).includes('Email: <b>mail.e2e@example.com</b>'), 'the raw message as text');
  assert.equal(await raw.locator('b').count(), 0, 'no markup from the message');
  await shot('email');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, dismiss' }).click();
  await page.locator('[data-testid="failure-outcome"]', { hasText: 'Dismissed' }).waitFor();
  await page.locator('[data-testid="nav-count-emails"]').waitFor({ state: 'detached' });
  const left = await shop.api('GET', '/api/ingest/failures');
  assert.equal(left.meta.total, 0);
  await shot('email-dismissed');
  log('e-mails: dismissed with an admin key; the count dropped to none');

  assert.deepEqual(problems, [], 'errors in the browser');
  assert.deepEqual(a11y, [], 'serious or critical accessibility violations (axe-core)');
} catch (e) {
  failed = true;
  console.error('FAIL', e);
  try {
    await page.screenshot({ path: path.join(out, 'failure.png'), fullPage: true });
    console.error('page at failure:', page.url(), '(failure.png)');
  } catch {
    // the page may be gone
  }
  console.error('server log tail:\n' + shop.log());
} finally {
  await browser.close();
  await shop.stop();
}
log(failed ? 'FAILED' : `passed; screenshots in ${out}`);
process.exit(failed ? 1 : 0);
