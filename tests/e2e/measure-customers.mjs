// Measures, in the browser, the time to first render of the Customers page: from
// navigation start to the first customer rows on screen (the `customers:first-rows`
// performance mark), over a fresh shop with many customers. Not a test: it prints numbers.
//
// Usage: node measure-customers.mjs PACKPROD_BIN [CUSTOMERS=100000] [ORDERS=2*CUSTOMERS] [RUNS=7]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Shop, launchChromium } from './lib/shop.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(process.argv[2] ?? '');
const customers = Number(process.argv[3] ?? 100_000);
const orders = Number(process.argv[4] ?? customers * 2);
const runs = Number(process.argv[5] ?? 7);
const web = path.resolve(process.env.PACKPROD_WEB ?? path.join(here, '..', '..', 'web', 'dist'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const shop = new Shop({ bin, web });
let t = Date.now();
shop.importDemo({ orders, customers, seed: 5 });
console.log(`imported ${orders} demo orders in ${((Date.now() - t) / 1000).toFixed(1)} s`);
await shop.start();
t = Date.now();
await shop.waitViews();
console.log(`views applied every change ${((Date.now() - t) / 1000).toFixed(1)} s after the server started`);
const browser = await launchChromium();
try {
  const total = (await shop.api('GET', '/api/customers?limit=1')).meta.total;
  console.log(`customers in the shop: ${total}`);
  for (const [label, url] of [
    ['default sort (total spend)', '/customers'],
    ['sorted by name', '/customers?sort=name&order=asc'],
    ['searched "smith"', '/customers?search=smith'],
  ]) {
    const cold = [];
    const warm = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript((key) => sessionStorage.setItem('packprod.apiKey', key), shop.readKey);
      const page = await context.newPage();
      for (const into of [cold, warm]) {
        await page.goto(shop.url + url);
        await page.waitForFunction(() => performance.getEntriesByName('customers:first-rows').length > 0, null, {
          timeout: 60_000,
        });
        into.push(await page.evaluate(() => performance.getEntriesByName('customers:first-rows')[0].startTime));
      }
      await context.close();
    }
    console.log(
      `${label}: first rows at median ${median(cold).toFixed(0)} ms (cold cache), ` +
        `${median(warm).toFixed(0)} ms (warm cache) after navigation start; ${runs} runs each`,
    );
  }
} finally {
  await browser.close();
  await shop.stop();
}
