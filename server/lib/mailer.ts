import type { Transporter } from 'nodemailer';

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
  // nodemailer (≈ 2 MB of heap) loads with the first message, not with every server that never sends one.
  let transport: Promise<Transporter> | undefined;
  return {
    from,
    async send({ to, subject, text }) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        // Timeouts well under a request's minute, so a dead mail server fails a send instead of hanging it.
        nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 }),
      );
      await (await transport).sendMail({ from, to, subject, text });
    },
    close: () => void transport?.then((opened) => opened.close()),
  };
}
