import { escapeText, foldLine, renderCalendar } from './ics.js';

describe('iCalendar writing (RFC 5545)', () => {
  it('folds at 75 octets without splitting a UTF-8 character, continuation lines starting with a space', () => {
    const line = `SUMMARY:${'查核點到期'.repeat(10)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('escapes backslash, semicolon, comma and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('writes CRLF lines, all-day DATE events ending the day after, and a UTC DTSTAMP', () => {
    const ics = renderCalendar({
      name: '管考', description: 'd', stamp: new Date('2026-12-02T04:00:00.123Z'),
      events: [{ uid: 'milestone-1@guankao', start: '2026-12-31', summary: '115/12/31 查核點到期：x' }],
    });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101');
    expect(ics).toContain('DTSTAMP:20261202T040000Z');
  });
});
