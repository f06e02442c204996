import { encodeRequestLine } from './raw-utf8-urls.js';

const text = (b: Buffer) => b.toString('latin1');

describe('encodeRequestLine', () => {
  it('percent-encodes the UTF-8 bytes of the request line only', () => {
    const chunk = Buffer.from('GET /api/x?filename=成果報告.pdf HTTP/1.1\r\nX-Name: 成果\r\n\r\n', 'utf8');
    const encoded = encodeRequestLine(chunk);
    expect(text(encoded).split('\r\n')[0]).toBe(`GET /api/x?filename=${encodeURIComponent('成果報告')}.pdf HTTP/1.1`);
    expect(encoded.subarray(encoded.indexOf('\r\n')).equals(chunk.subarray(chunk.indexOf('\r\n')))).toBe(true);
  });

  it('leaves everything else as it is: ASCII lines, an incomplete line, what is not a request line', () => {
    for (const chunk of [
      Buffer.from('GET /api/x?q=%E6%99%B6 HTTP/1.1\r\n\r\n'),
      Buffer.from('GET /api/x?q=晶片', 'utf8'),
      Buffer.from('晶片 晶片\r\n', 'utf8'),
      Buffer.from('GET /a b HTTP/1.1\r\n', 'utf8'),
    ]) {
      expect(encodeRequestLine(chunk)).toBe(chunk);
    }
  });
});
