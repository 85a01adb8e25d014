// mailparser (the MIME parser n8n's IMAP trigger uses), with a clear message when the
// npm packages of this folder are missing.
try {
  module.exports = require('mailparser');
} catch (e) {
  throw new Error('deploy/n8n needs its npm packages: run scripts/install-deps (or `npm ci` in deploy/n8n)');
}
