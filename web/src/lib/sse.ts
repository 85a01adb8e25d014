// Server-sent events over fetch(), so the API key travels in the Authorization header
// (EventSource cannot send headers). SseParser is the pure part: text chunks in, events out.

export interface SseEvent {
  id: string | null;
  type: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private id: string | null = null;
  /** The last id seen (the stream's resume position), also from id-only blocks. */
  lastEventId: string | null = null;
  /** A `retry:` value in ms, when the server sent one. */
  retryMs: number | null = null;

  /** Feeds a chunk of the stream; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sepLen = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      // A lone '\r' at the end of a chunk may be the start of "\r\n": wait for more.
      if (sepLen === 1 && this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(nl + sepLen);
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }

  private dispatch(): SseEvent | null {
    if (this.id !== null) this.lastEventId = this.id;
    const ev: SseEvent | null = this.data.length
      ? { id: this.id, type: this.type || 'message', data: this.data.join('\n') }
      : null;
    this.data = [];
    this.type = '';
    this.id = null;
    return ev;
  }
}

export interface SseOptions {
  headers: Record<string, string>;
  onOpen: () => void;
  onEvent: (ev: SseEvent) => void;
  /** Called when the stream drops; `status` is the HTTP status when it was refused. */
  onError: (status: number | null) => void;
}

/**
 * Reads `url` as an event stream until `signal` aborts, reconnecting after drops (with the
 * last event id, so nothing is missed) unless the server answers 401/403/404.
 */
export async function readEventStream(
  url: string,
  signal: AbortSignal,
  opts: SseOptions,
): Promise<void> {
  let lastId: string | null = null;
  let retryMs = 2000;
  while (!signal.aborted) {
    let status: number | null = null;
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...opts.headers };
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const res = await fetch(url, { headers, signal, cache: 'no-store' });
      status = res.status;
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      opts.onOpen();
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const ev of parser.push(value)) opts.onEvent(ev);
        if (parser.lastEventId !== null) lastId = parser.lastEventId;
        if (parser.retryMs !== null) retryMs = parser.retryMs;
      }
      status = null;
    } catch {
      if (signal.aborted) return;
    }
    opts.onError(status);
    if (status === 401 || status === 403 || status === 404) return;
    await new Promise((r) => setTimeout(r, retryMs));
  }
}
