/**
 * smtp-testkit: an embeddable SMTP receiver for tests. Start with {@link dev.smtptestkit.SmtpReceiver},
 * read what arrived from its {@link dev.smtptestkit.Mailbox}.
 */
package dev.smtptestkit;
