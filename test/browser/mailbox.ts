// The mail the browser run's SMTP server received (test/browser/global-setup.ts saves each message in
// GUANKAO_BROWSER_MAIL_DIR), read back for a test: "the email arrives at a real SMTP server".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import PostalMime from 'postal-mime';

export interface BrowserMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

function mailDir(): string {
  const dir = process.env.GUANKAO_BROWSER_MAIL_DIR;
  if (!dir) throw new Error('GUANKAO_BROWSER_MAIL_DIR is not set: run through test/browser/playwright.config.ts');
  return dir;
}

/** Every message received so far, oldest first. */
export async function receivedMail(): Promise<BrowserMail[]> {
  const dir = mailDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await PostalMime.parse(readFileSync(path.join(dir, file)));
      return {
        to: (parsed.to ?? []).map((a) => ('address' in a && a.address ? a.address.toLowerCase() : '')),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: parsed.html ?? '',
      };
    }),
  );
}

/** Waits (polling, no fixed sleep) for a message to `to` whose subject or text matches, and returns it. */
export async function waitForMail(to: string, matches: (mail: BrowserMail) => boolean = () => true, timeout = 30_000): Promise<BrowserMail> {
  let found: BrowserMail | undefined;
  await expect
    .poll(async () => {
      found = (await receivedMail()).find((m) => m.to.includes(to.toLowerCase()) && matches(m));
      return Boolean(found);
    }, { timeout, message: `an email to ${to}` })
    .toBe(true);
  return found!;
}
