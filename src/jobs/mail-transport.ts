// Ferry's emails leave through the configured SMTP server (nodemailer), with the TLS the admin chose.
import type { Config } from '../config/schema.js';
import type { MailMessage } from '../domain/mail-messages.js';

export type SendMail = (message: MailMessage) => Promise<void>;

export type SmtpOptions = Pick<
  Config,
  'SmtpHost' | 'SmtpPort' | 'SmtpUser' | 'SmtpPassword' | 'SmtpFrom' | 'SmtpTls' | 'SmtpInsecureSkipVerify'
>;

/** nodemailer is loaded only by a server that sends emails. */
export async function smtpSender(options: SmtpOptions): Promise<{ send: SendMail; close(): void }> {
  const nodemailer = (await import('nodemailer')).default;
  const transport = nodemailer.createTransport({
    host: options.SmtpHost,
    port: options.SmtpPort,
    secure: options.SmtpTls === 'tls',
    // starttls: the upgrade is required, never silently skipped; none: not even tried.
    requireTLS: options.SmtpTls === 'starttls',
    ignoreTLS: options.SmtpTls === 'none',
    auth: options.SmtpUser ? { user: options.SmtpUser, pass: options.SmtpPassword } : undefined,
    tls: { rejectUnauthorized: !options.SmtpInsecureSkipVerify },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (message) => {
      await transport.sendMail({ from: options.SmtpFrom, ...message });
    },
    close: () => transport.close(),
  };
}
