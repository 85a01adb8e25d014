// A real packprod shop for browser tests: a fresh SQLite file in a temp dir, a client,
// keys made with the CLI, demo orders imported with `packprod import`, and
// `packprod serve` on a free loopback port serving the built dashboard.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export class Shop {
  /** @param {{bin: string, web: string, client?: string, timezone?: string}} o */
  constructor(o) {
    this.bin = o.bin;
    this.web = o.web;
    this.client = o.client ?? 'e2e';
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'packprod-e2e-'));
    this.db = 'sqlite:' + path.join(this.tmp, 'shop.db');
    this.cli('clients', 'create', '--client', this.client, '--timezone', o.timezone ?? 'Australia/Sydney');
    this.adminKey = this.lastLine(this.cli('keys', 'create', '--client', this.client, '--role', 'admin'));
    this.readKey = this.lastLine(this.cli('keys', 'create', '--client', this.client, '--role', 'read'));
  }

  lastLine(text) {
    return text.trim().split('\n').pop().trim();
  }

  cli(...args) {
    const p = spawnSync(this.bin, [...args, '--db', this.db], { encoding: 'utf8', timeout: 600_000 });
    if (p.status !== 0) throw new Error(`packprod ${args.join(' ')} -> ${p.status}: ${p.stderr}`);
    return p.stdout;
  }

  /** Generates and imports a deterministic demo shop. */
  importDemo({ orders, customers = 0, seed = 11 }) {
    const file = path.join(this.tmp, 'demo.jsonl');
    const extra = customers ? ['--customers', String(customers)] : [];
    this.cli('demo-data', '--orders', String(orders), ...extra, '--seed', String(seed), '--out', file);
    this.cli('import', file, '--client', this.client);
    fs.rmSync(file);
  }

  async start() {
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    const log = fs.openSync(path.join(this.tmp, 'serve.log'), 'a');
    this.proc = spawn(
      this.bin,
      ['serve', '--db', this.db, '--port', String(this.port), '--web', this.web],
      { stdio: ['ignore', log, log] },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) break;
      try {
        const r = await fetch(this.url + '/healthz');
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('packprod serve did not start; log: ' + this.log());
  }

  /** Waits until the views have applied every change (the stream's backlog is 0). */
  async waitViews(timeoutMs = 600_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { stream } = (await this.api('GET', '/api/performance?window=1m')).data;
      if (stream.backlog === 0 && stream.lastAppliedSeq >= stream.headSeq) return;
      if (Date.now() > deadline) throw new Error(`views still ${stream.backlog} changes behind`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  log() {
    try {
      return fs.readFileSync(path.join(this.tmp, 'serve.log'), 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  /** An API call with the admin key; returns the parsed body (throws on non-2xx). */
  async api(method, pathAndQuery, body) {
    const r = await fetch(this.url + pathAndQuery, {
      method,
      headers: { Authorization: `Bearer ${this.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const doc = await r.json();
    if (!r.ok) throw new Error(`${method} ${pathAndQuery} -> ${r.status}: ${JSON.stringify(doc)}`);
    return doc;
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** Debian's chromium, headless; --no-sandbox because CI runs as root. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no browser at ${executablePath} (set CHROMIUM)`);
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
