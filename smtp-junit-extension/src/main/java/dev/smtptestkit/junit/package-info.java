/**
 * The JUnit Jupiter extension: {@link dev.smtptestkit.junit.SmtpServer} on a test class or method,
 * or {@link dev.smtptestkit.junit.SmtpServerExtension#builder()} in a static
 * {@code @RegisterExtension} field. Works on JUnit 5.14 and 6.x.
 */
package dev.smtptestkit.junit;
