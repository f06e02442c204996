import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string | null; mimeType: string; content: Buffer }[];
  raw: Buffer;
}

/**
 * A real SMTP server on a free loopback port: mail arrives over TCP through the whole SMTP
 * conversation and is parsed back (MIME, encodings) for the tests to read.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer;
  private failures: { remaining: number; code: number; message: string } = { remaining: 0, code: 451, message: '' };
  private listeners: (() => void)[] = [];
  private responseDelayMs = 0;
  private recipientDelayMs = 0;
  /** RCPT TO commands seen so far: a send has started once its recipient is named. */
  recipientsSeen = 0;
  /** Sessions between MAIL FROM and the answer to DATA (or their close): sends under way. */
  private readonly transactions = new Set<string>();
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, session, callback) => {
        this.transactions.add(session.id);
        callback();
      },
      onClose: (session) => this.transactions.delete(session.id),
      onRcptTo: (_address, _session, callback) => {
        this.recipientsSeen++;
        if (this.recipientDelayMs > 0) setTimeout(() => callback(), this.recipientDelayMs);
        else callback();
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address))
          .then(() => callback())
          .catch((e: Error & { responseCode?: number }) => callback(e))
          .finally(() => this.transactions.delete(session.id));
      },
    });
    this.server.on('error', () => undefined);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` messages are refused after DATA with a temporary (4xx) or permanent (5xx) error. */
  failNext(count: number, code = 451, message = 'Temporary local problem, try again'): void {
    this.failures = { remaining: count, code, message };
  }

  /** Holds every answer to DATA this long (a slow mail server, to catch jobs in flight). */
  delayResponses(ms: number): void {
    this.responseDelayMs = ms;
  }

  /** Holds every answer to RCPT TO this long: a send caught there has not transferred its message yet. */
  delayRecipients(ms: number): void {
    this.recipientDelayMs = ms;
  }

  /** How many sends are under way: they have named a sender and not yet had DATA answered. */
  get sendsUnderWay(): number {
    return this.transactions.size;
  }

  /** Calls `listener` with every message that arrives from now on. */
  onMessage(listener: (mail: ReceivedMail) => void): void {
    this.listeners.push(() => listener(this.received[this.received.length - 1]));
  }

  clear(): void {
    this.received.length = 0;
  }

  /** Resolves once at least `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${this.received.length}`));
      }, timeoutMs);
      const check = () => {
        if (this.received.length < count) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(this.received);
      };
      this.listeners.push(check);
    });
  }

  private async receive(stream: SMTPServerDataStream, from: string, to: string[]): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (this.responseDelayMs > 0) await new Promise((r) => setTimeout(r, this.responseDelayMs));
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      throw Object.assign(new Error(this.failures.message), { responseCode: this.failures.code });
    }
    const raw = Buffer.concat(chunks);
    const parsed = await PostalMime.parse(raw);
    this.received.push({
      from,
      to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html ?? '',
      messageId: parsed.messageId ?? '',
      headers: Object.fromEntries(parsed.headers.map((h) => [h.key, h.value])),
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename,
        mimeType: a.mimeType,
        content: Buffer.from(a.content as ArrayBuffer),
      })),
      raw,
    });
    for (const listener of [...this.listeners]) listener();
  }
}
