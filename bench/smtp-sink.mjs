// An SMTP server in a process of its own for the benchmarks: accepts everything, counts messages,
// and prints the count on every change (at most every 100 ms) as `count <n>` lines.
import { SMTPServer } from 'smtp-server';

let count = 0;
let reported = -1;
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, size: 0, maxClients: 1000,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => { count++; callback(); });
  },
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.server.address().port}`));
setInterval(() => {
  if (count !== reported) {
    reported = count;
    console.log(`count ${count}`);
  }
}, 100);
process.on('message', (m) => { if (m === 'reset') { count = 0; reported = -1; } });
