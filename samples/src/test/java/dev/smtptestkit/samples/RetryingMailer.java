package dev.smtptestkit.samples;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/** The code under test of the retry samples: sends a message, trying again after a failure. */
final class RetryingMailer {

    private RetryingMailer() {
    }

    /**
     * Sends {@code message}, at most {@code maxAttempts} times.
     *
     * @return the attempt that succeeded, 1 for the first
     * @throws MessagingException the last failure, when every attempt failed
     */
    static int sendWithRetries(MimeMessage message, int maxAttempts) throws MessagingException {
        for (int attempt = 1; ; attempt++) {
            try {
                Transport.send(message);
                return attempt;
            } catch (MessagingException e) {
                if (attempt == maxAttempts) {
                    throw e;
                }
            }
        }
    }
}
