import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from './errors.js';

/** How long a connection may stay silent before its first request line (Node's own headersTimeout default). */
const FIRST_LINE_TIMEOUT_MS = 60_000;
const MAX_REQUEST_LINE = 16 * 1024;
const LF = 0x0a;

/**
 * Percent-encodes the bytes ≥ 0x80 of an HTTP request line, so that `GET /api/x?q=晶片 HTTP/1.1`
 * sent raw (curl, scripts) reaches the router as `?q=%E6%99%B6%E7%89%87` and is decoded as UTF-8.
 * Returns the chunk unchanged when its first line has no such byte or does not look like a request line.
 */
export function encodeRequestLine(chunk: Buffer): Buffer {
  const eol = chunk.indexOf(LF);
  if (eol <= 0 || eol > MAX_REQUEST_LINE) return chunk;
  const line = chunk.subarray(0, eol);
  // [^ ] and not \S: read as latin1, UTF-8 bytes include 0x85 and 0xA0, which \s matches.
  if (!line.some((b) => b >= 0x80) || !/^[A-Z]+ [^ \r\n]+ HTTP\/1\.[01]\r?$/.test(line.toString('latin1'))) return chunk;
  let text = '';
  for (const b of line) text += b >= 0x80 ? `%${b.toString(16).toUpperCase()}` : String.fromCharCode(b);
  return Buffer.concat([Buffer.from(text, 'latin1'), chunk.subarray(eol)]);
}

/**
 * Node's HTTP parser (llhttp, strict) refuses any byte ≥ 0x80 in the request target with
 * HPE_INVALID_URL, and no option relaxes it (nodejs/llhttp#259). So the first request line of each
 * connection is percent-encoded before the parser sees it (one look at the first chunk; the socket
 * then goes to Node untouched, natively consumed as before). A raw UTF-8 URL later on a kept-alive
 * connection (no client we know of does that without encoding) and every other malformed request
 * still get a 400, but in the documented error body with a request id instead of Fastify's bare one.
 */
export function acceptRawUtf8Urls(server: Server): void {
  const connectionListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const handOver = () => {
      for (const listener of connectionListeners) listener.call(server, socket);
    };
    const silent = setTimeout(() => socket.destroy(), FIRST_LINE_TIMEOUT_MS);
    // Until Node's HTTP server has the socket, an error (a reset before the first byte) is ours to handle, or it would crash the process.
    const early = () => socket.destroy();
    socket.on('error', early);
    socket.once('close', () => clearTimeout(silent));
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(silent);
      socket.removeListener('error', early);
      socket.pause();
      socket.unshift(encodeRequestLine(chunk));
      handOver();
      socket.resume();
    });
  });

  const fastifyHandlers = server.listeners('clientError') as ((error: Error, socket: Socket) => void)[];
  server.removeAllListeners('clientError');
  server.on('clientError', (error: Error & { code?: string; reason?: string }, socket: Socket) => {
    if (!error.code?.startsWith('HPE_') || error.code === 'HPE_HEADER_OVERFLOW' || socket.destroyed) {
      for (const handler of fastifyHandlers) handler.call(server, error, socket);
      return;
    }
    const requestId = randomUUID();
    const body: ErrorBody = {
      error: {
        code: 'VALIDATION_FAILED', status: 400,
        message: `The request could not be read (${error.reason ?? error.code}): percent-encode the URL and check the headers`,
        requestId,
      },
    };
    const text = JSON.stringify(body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
          `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy();
  });
}
