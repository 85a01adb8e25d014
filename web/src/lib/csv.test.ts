import { csvCell, toCsv } from '@/lib/csv';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Acme Corp')).toBe('Acme Corp');
    expect(csvCell(1234.5)).toBe('1234.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('Smith, John')).toBe('"Smith, John"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
  it('defuses spreadsheet formulas but keeps negative numbers as text', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('+61 2 9999')).toBe("'+61 2 9999");
    expect(csvCell('-12.5')).toBe('-12.5');
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per row', () => {
    const rows = [
      { id: 'a', n: 1 },
      { id: 'b, c', n: 2 },
    ];
    const csv = toCsv(rows, [
      { header: 'id', value: (r) => r.id },
      { header: 'n', value: (r) => r.n },
    ]);
    expect(csv).toBe('id,n\r\na,1\r\n"b, c",2\r\n');
  });
});
