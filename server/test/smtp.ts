import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '../config';

/** A message as the mail server received it: the envelope's recipients and the parsed headers and text. */
export interface ReceivedMail {
  recipients: string[];
  from: string;
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  /** The settings that send through this server (SMTP_URL with its credentials, MAIL_FROM). */
  config: Pick<AppConfig, 'smtpUrl' | 'mailFrom'>;
  received: ReceivedMail[];
  /** Resolves once `count` messages have arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const USER = 'muko';
const PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server inside the test, demanding a login, so tests assert on what actually arrived. `delayMs` holds
 * each message before accepting it, to make concurrent senders overlap.
 */
export async function startTestSmtpServer(options: { delayMs?: number } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    // Plain text on the loopback interface: no certificate to trust, credentials still checked.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(async (mail) => {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        received.push({
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          from: mail.from?.text ?? '',
          subject: mail.subject ?? '',
          text: mail.text ?? '',
        });
        waiters.forEach((wake) => wake());
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    config: { smtpUrl: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`, mailFrom: 'МУКО <muko@example.ru>' },
    received,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return false;
          clearTimeout(timer);
          resolve(received);
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`${received.length} of ${count} messages arrived`)), timeoutMs);
        if (!check()) waiters.push(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
