import { parseCookies } from './dashboard-access.js';

describe('parseCookies', () => {
  it('reads name=value pairs, trimming spaces, unquoting and percent-decoding values', () => {
    const cookies = parseCookies(' a=1;b = two ; c="quoted"; d=x%2By%3D ');
    expect([...cookies]).toEqual([['a', '1'], ['b', 'two'], ['c', 'quoted'], ['d', 'x+y=']]);
  });

  it('keeps the first of a repeated name and skips what is not a pair or not decodable', () => {
    const cookies = parseCookies('t=first; t=second; junk; =nameless; bad=%zz; ok=');
    expect([...cookies]).toEqual([['t', 'first'], ['ok', '']]);
  });

  it('reads no header as no cookies', () => {
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('').size).toBe(0);
  });
});
