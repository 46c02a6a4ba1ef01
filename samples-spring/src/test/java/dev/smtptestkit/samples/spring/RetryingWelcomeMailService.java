package dev.smtptestkit.samples.spring;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailSendException;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.FixedBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * The code under test of the Spring Retry sample: {@link WelcomeMailService} inside a
 * {@link RetryTemplate} that tries again only when the server's refusal was transient (a 4xx
 * reply, RFC 5321 4.2.1) or no reply came at all, never after a permanent one (5xx), where a retry
 * would only repeat the refusal.
 */
public class RetryingWelcomeMailService {

    private final WelcomeMailService welcomeMail;
    private final RetryTemplate retry;

    /**
     * @param welcomeMail the service whose sending is retried
     * @param maxAttempts how many times to try in all
     */
    public RetryingWelcomeMailService(WelcomeMailService welcomeMail, int maxAttempts) {
        this.welcomeMail = welcomeMail;
        this.retry = new RetryTemplate();
        retry.setRetryPolicy(new TransientOnlyPolicy(maxAttempts));
        FixedBackOffPolicy backOff = new FixedBackOffPolicy();
        backOff.setBackOffPeriod(10);
        retry.setBackOffPolicy(backOff);
    }

    /**
     * Sends the welcome mail, retrying transient refusals.
     *
     * @return the attempt that succeeded, 1 for the first
     */
    public int sendWelcome(String address, String name) {
        return retry.execute(context -> {
            welcomeMail.sendWelcome(address, name);
            return context.getRetryCount() + 1;
        });
    }

    /** The SMTP reply code behind a failed send, or -1 when there was none (no connection). */
    static int replyCode(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = next(t)) { // bounded: a chain may loop
            if (t instanceof SMTPAddressFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException e) {
                return e.getReturnCode();
            }
        }
        return -1;
    }

    // Spring wraps each failed message's MessagingException in a MailSendException, and Angus
    // chains the per-recipient refusals with setNextException.
    private static Throwable next(Throwable t) {
        if (t instanceof MailSendException e && !e.getFailedMessages().isEmpty()) {
            return e.getFailedMessages().values().iterator().next();
        }
        if (t instanceof MessagingException e && e.getNextException() != null) {
            return e.getNextException();
        }
        return t.getCause();
    }

    // Retries every failure, up to maxAttempts, but one with a 5xx reply behind it: a 4xx reply or
    // none at all (no connection, a dropped one) is worth another attempt.
    private static final class TransientOnlyPolicy extends SimpleRetryPolicy {

        private static final long serialVersionUID = 1L; // SimpleRetryPolicy is Serializable

        TransientOnlyPolicy(int maxAttempts) {
            super(maxAttempts);
        }

        @Override
        public boolean canRetry(RetryContext context) {
            Throwable last = context.getLastThrowable();
            if (last != null && replyCode(last) / 100 == 5) {
                return false;
            }
            return super.canRetry(context);
        }
    }
}
