import { SseParser } from '@/lib/sse';

describe('SseParser', () => {
  it('parses the server\'s events, comments and the resume id', () => {
    const p = new SseParser();
    const events = p.push(
      ': connected\nretry: 2000\n\nid: 7\nevent: order\ndata: {"seq":1}\n\nid: 8\n\n',
    );
    expect(events).toEqual([{ id: '7', type: 'order', data: '{"seq":1}' }]);
    expect(p.lastEventId).toBe('8');
    expect(p.retryMs).toBe(2000);
  });

  it('joins multi-line data and defaults the type to message', () => {
    const p = new SseParser();
    expect(p.push('data: a\ndata: b\n\n')).toEqual([{ id: null, type: 'message', data: 'a\nb' }]);
  });

  it('handles events split across chunks, also inside a CRLF', () => {
    const p = new SseParser();
    expect(p.push('id: 1\r\nevent: met')).toEqual([]);
    expect(p.push('rics\r\ndata: {"seq":5}\r')).toEqual([]);
    expect(p.push('\n\r\n')).toEqual([{ id: '1', type: 'metrics', data: '{"seq":5}' }]);
  });

  it('ignores blocks without data and unknown fields', () => {
    const p = new SseParser();
    expect(p.push('event: x\nfoo: bar\n\n: heartbeat\n\n')).toEqual([]);
  });
});
