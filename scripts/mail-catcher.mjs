// A development SMTP catcher for `npm run up` when no Mailpit runs: accepts every message on
// 127.0.0.1:1025 (or MAIL_CATCHER_PORT), keeps it as var/mail/<time>-<n>.eml and prints one line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.MAIL_CATCHER_PORT ?? 1025);
const dir = join(process.cwd(), 'var', 'mail');
mkdirSync(dir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++count}.eml`);
      writeFileSync(file, raw);
      const subject = /^Subject: (.*)$/im.exec(raw.toString('utf8'))?.[1] ?? '';
      console.log(`mail: to ${session.envelope.rcptTo.map((r) => r.address).join(', ')} · ${subject} · ${file}`);
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`Mail catcher on smtp://127.0.0.1:${port}; messages in ${dir}`));
