// Writes parse-order-email.js into the Code node of order-email-workflow.json (built from
// order-email-workflow.template.json). Run after editing either: `node sync-workflow.js`.
// workflow.test.js fails when the two are out of step.
const fs = require('node:fs');
const path = require('node:path');

function build() {
  const wf = JSON.parse(fs.readFileSync(path.join(__dirname, 'order-email-workflow.template.json'), 'utf8'));
  const code = fs.readFileSync(path.join(__dirname, 'parse-order-email.js'), 'utf8');
  wf.nodes.find((n) => n.type === 'n8n-nodes-base.code').parameters.jsCode = code;
  return JSON.stringify(wf, null, 2) + '\n';
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, 'order-email-workflow.json'), build());
} else {
  module.exports = { build };
}
