// Accessibility check of the page as it is now, with axe-core (the rules of WCAG 2.1 A and
// AA and axe's best practices). Evaluated through the browser's debugging protocol, so the
// dashboard's Content-Security-Policy stays in force for the page's own scripts.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations on `page`, one line each (rule, impact, where). */
export async function a11yViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      count: v.nodes.length,
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.count}x): ${v.help} — ${v.targets.join(' | ')}`);
}
