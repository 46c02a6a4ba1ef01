/**
 * The client side of SMTP behind {@code dev.smtptestkit.SmtpSender}: reply reading, capabilities,
 * dot-stuffing, SASL responses, deadlines and the dialogue itself. Internal: no compatibility promise.
 */
package dev.smtptestkit.internal.client;
