import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With the angle brackets, e.g. <notification-…@guankao>: the same notification always has the same one. */
  messageId: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** The reply of an SMTP server that refused a message, as nodemailer reports it. */
interface SmtpError extends Error {
  responseCode?: number;
  /** nodemailer's reading of the reply class: true for a 5xx refusal (except 503). */
  permanent?: boolean;
}

/** A refusal that sending the same message again would get again (5xx). */
export function isPermanentSmtpError(error: unknown): boolean {
  const e = error as SmtpError;
  if (typeof e?.permanent === 'boolean') return e.permanent;
  return typeof e?.responseCode === 'number' && e.responseCode >= 500;
}

/**
 * Sends email over one pooled SMTP transport per process: up to SMTP_POOL_SIZE connections kept
 * open and reused, so a burst of reminders does not pay a TCP and SMTP handshake per message.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.transport = nodemailer.createTransport(
      {
        pool: true,
        url: config.mail.SMTP_URL,
        maxConnections: config.mail.SMTP_POOL_SIZE,
        maxMessages: 500,
        // A server that does not answer must not hold a send job (and its ledger row lock) for minutes.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
        dnsTimeout: 10_000,
      },
      { from: config.mail.MAIL_FROM },
    );
  }

  /** Resolves once the server accepted the message (its 250 after DATA); rejects with the server's reply otherwise. */
  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      headers: email.headers,
      attachments: email.attachments,
      // Chinese text: base64 is smaller than quoted-printable here, and cheaper to encode.
      textEncoding: 'base64',
    });
  }

  onApplicationShutdown(): void {
    // Runs after the job runner stopped its workers, so no send is in flight any more.
    this.transport.close();
  }
}
