/**
 * AssertJ assertions for received mail, the SMTP dialogue and the event log. Start at
 * {@link dev.smtptestkit.assertj.SmtpAssertions}; for soft assertions use
 * {@link dev.smtptestkit.assertj.SmtpSoftAssertions}.
 */
package dev.smtptestkit.assertj;
