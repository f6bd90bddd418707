import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends plain-text messages; one per installation, built from SMTP_URL and MAIL_FROM. */
export interface Mailer {
  readonly from: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A nodemailer SMTP transport, or null when the installation has no mail server (messages are then only previewed). */
export function createMailer(smtpUrl: string | undefined, from: string | undefined): Mailer | null {
  if (!smtpUrl || !from) return null;
  // Timeouts well under a request's minute, so a dead mail server fails a send instead of hanging it.
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    from,
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
    close: () => transport.close(),
  };
}
