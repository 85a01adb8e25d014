import { applyPatch } from '@/lib/url-state';

describe('applyPatch', () => {
  it('sets, joins lists and removes empty values, keeping the rest', () => {
    const next = applyPatch(new URLSearchParams('search=acme&cursor=abc&limit=100'), {
      status: ['paid', 'shipped'],
      search: '',
      cursor: null,
    });
    expect(next.toString()).toBe('limit=100&status=paid%2Cshipped');
  });
});
