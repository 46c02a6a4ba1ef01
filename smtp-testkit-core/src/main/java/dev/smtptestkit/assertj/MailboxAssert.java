package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.Messages.plural;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Mailbox}: how many emails arrived, to and from whom, waiting for mail sent
 * on another thread, proving that nothing was sent, protocol violations, and navigation to an email
 * ({@link #singleEmail()}), a session's dialogue ({@link #singleSession()}) or the event log
 * ({@link #events()}). Every failure lists what did arrive, with the dialogue.
 *
 * <pre>{@code
 * assertThat(mailbox).hasEmailCount(1).hasEmailTo("new.user@example.com").hasNoProtocolViolations();
 * assertThat(mailbox).awaitsEmails(2, Duration.ofSeconds(5));
 * assertThat(mailbox).singleEmail().hasSubject("Welcome");
 * }</pre>
 *
 * <p>Waiting uses {@link Mailbox#awaitEmails(int, Duration)} and {@link Mailbox#awaitEmail}: a
 * condition variable signalled on every arrival, no polling, always with a time limit.
 *
 * <p>In {@link SmtpSoftAssertions}, a navigation method ({@code singleEmail()}, {@code email(int)},
 * {@code emailMatching}, {@code awaitsEmailMatching}, {@code singleSession()}, {@code session(int)},
 * {@code events()}) returns a hard assert (AssertJ 3.x only proxies the object it created), or
 * {@code null} when the navigation itself failed; in soft blocks prefer
 * {@code softly.assertThat(mailbox.singleEmail())}.
 */
public class MailboxAssert extends AbstractAssert<MailboxAssert, Mailbox> {

    private static final String ANY = "any email";

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThat(Mailbox)}.
     *
     * @param actual the mailbox under test
     */
    public MailboxAssert(Mailbox actual) {
        super(actual, MailboxAssert.class);
    }

    /** Checks that exactly {@code count} emails arrived. */
    public MailboxAssert hasEmailCount(int count) {
        isNotNull();
        int size = actual.size();
        if (size != count) {
            throw fail(Messages.count("the number of emails in the mailbox", count, size));
        }
        return myself;
    }

    /** Checks that no email arrived. */
    public MailboxAssert hasNoEmails() {
        isNotNull();
        int size = actual.size();
        if (size != 0) {
            throw fail(Messages.count("the number of emails in the mailbox", 0, size));
        }
        return myself;
    }

    /** Checks that at least {@code count} emails arrived (without waiting; see {@link #awaitsEmails}). */
    public MailboxAssert hasAtLeastEmails(int count) {
        isNotNull();
        int size = actual.size();
        if (size < count) {
            throw fail(Messages.atLeast("the number of emails in the mailbox", count, size));
        }
        return myself;
    }

    /** Checks that an email was delivered to this envelope recipient (Bcc included), case-insensitive. */
    public MailboxAssert hasEmailTo(String address) {
        isNotNull();
        if (actual.emailsTo(address).isEmpty()) {
            throw fail(Messages.missing("an email to <" + address + "> (envelope recipient, Bcc included)",
                    "none of the " + plural(actual.size(), "email") + " was"));
        }
        return myself;
    }

    /** Checks that an email came from this envelope sender (MAIL FROM), case-insensitive. */
    public MailboxAssert hasEmailFrom(String address) {
        isNotNull();
        if (actual.emailsFrom(address).isEmpty()) {
            throw fail(Messages.missing("an email from <" + address + "> (envelope sender)",
                    "none of the " + plural(actual.size(), "email") + " was"));
        }
        return myself;
    }

    /** Navigates to the only email; fails when there is none or more than one. */
    public ReceivedEmailAssert singleEmail() {
        isNotNull();
        List<ReceivedEmail> emails = actual.emails();
        if (emails.size() != 1) {
            throw fail(Messages.count("the number of emails in the mailbox", 1, emails.size()));
        }
        return new ReceivedEmailAssert(emails.get(0));
    }

    /** Navigates to the email at {@code index} in arrival order (0 is the first). */
    public ReceivedEmailAssert email(int index) {
        isNotNull();
        List<ReceivedEmail> emails = actual.emails();
        if (index < 0 || index >= emails.size()) {
            throw fail(Messages.missing("an email at index " + index,
                    "the mailbox holds " + plural(emails.size(), "email")));
        }
        return new ReceivedEmailAssert(emails.get(index));
    }

    /** {@link #emailMatching(Predicate, String)} described as "the given condition". */
    public ReceivedEmailAssert emailMatching(Predicate<? super ReceivedEmail> condition) {
        return emailMatching(condition, "the given condition");
    }

    /**
     * Navigates to the first email matching a predicate.
     *
     * @param condition   what the email must satisfy
     * @param description the condition in words, shown when none matches ("a receipt for order 42")
     */
    public ReceivedEmailAssert emailMatching(Predicate<? super ReceivedEmail> condition, String description) {
        isNotNull();
        Objects.requireNonNull(condition, "condition");
        List<ReceivedEmail> matching = actual.emails(condition);
        if (matching.isEmpty()) {
            throw fail(Messages.missing("an email matching " + description,
                    "none of the " + plural(actual.size(), "email") + " did"));
        }
        return new ReceivedEmailAssert(matching.get(0));
    }

    /** {@link #awaitsEmails(int, Duration)} with {@link Mailbox#DEFAULT_TIMEOUT}. */
    public MailboxAssert awaitsEmails(int count) {
        return awaitsEmails(count, Mailbox.DEFAULT_TIMEOUT);
    }

    /**
     * Waits until at least {@code count} emails have arrived; fails after {@code timeout}, listing
     * what did arrive, with the dialogue.
     */
    public MailboxAssert awaitsEmails(int count, Duration timeout) {
        isNotNull();
        try {
            actual.awaitEmails(count, timeout);
        } catch (AssertionError timedOut) {
            // Mailbox reports the time-out as an AssertionError; ours carries the shared wording.
            throw fail(Messages.within(timeout, "at least " + plural(count, "email"), actual.size()));
        }
        return myself;
    }

    /** {@link #awaitsEmailMatching(Predicate, String, Duration)} with {@link Mailbox#DEFAULT_TIMEOUT}. */
    public ReceivedEmailAssert awaitsEmailMatching(Predicate<? super ReceivedEmail> condition, String description) {
        return awaitsEmailMatching(condition, description, Mailbox.DEFAULT_TIMEOUT);
    }

    /**
     * Waits until an email matching the condition has arrived and navigates to it; fails after
     * {@code timeout}, listing what did arrive.
     */
    public ReceivedEmailAssert awaitsEmailMatching(Predicate<? super ReceivedEmail> condition, String description,
                                                   Duration timeout) {
        isNotNull();
        try {
            return new ReceivedEmailAssert(actual.awaitEmail(condition, timeout));
        } catch (AssertionError timedOut) {
            throw fail(Messages.within(timeout, "an email matching " + description, actual.size()));
        }
    }

    /**
     * Checks that no email arrives (or is already there) during {@code duration}; fails as soon as
     * one does. Passing takes the whole duration, which is the point: it proves nothing was sent.
     */
    public MailboxAssert receivesNoEmailWithin(Duration duration) {
        return receivesNoEmailMatchingWithin(email -> true, ANY, duration);
    }

    /** Like {@link #receivesNoEmailWithin(Duration)}, counting only emails matching the condition. */
    public MailboxAssert receivesNoEmailMatchingWithin(Predicate<? super ReceivedEmail> condition,
                                                       String description, Duration duration) {
        isNotNull();
        ReceivedEmail arrived;
        try {
            arrived = actual.awaitEmail(condition, duration);
        } catch (AssertionError nothingArrived) {
            return myself; // the wait ran out without a matching email: what this assertion wants
        }
        String expectation = ANY.equals(description) ? "no email" : "no email matching " + description;
        throw fail(Messages.noneWithin(duration, expectation, arrived));
    }

    /** Checks that clients committed no protocol violation; fails listing them. */
    public MailboxAssert hasNoProtocolViolations() {
        isNotNull();
        List<ProtocolViolation> violations = actual.violations();
        if (!violations.isEmpty()) {
            throw fail(Messages.withList(Messages.missing("no protocol violations",
                    "found " + plural(violations.size(), "violation")), "Violations", violations));
        }
        return myself;
    }

    /** Checks that a violation of this rule was recorded. */
    public MailboxAssert hasProtocolViolation(ProtocolViolation.Rule rule) {
        isNotNull();
        List<ProtocolViolation> violations = actual.violations();
        if (violations.stream().noneMatch(v -> v.rule() == rule)) {
            throw fail(Messages.withList(Messages.missing("a protocol violation " + Messages.rfc(rule.name(),
                    rule.reference()), "none was recorded"), "Violations", violations));
        }
        return myself;
    }

    /** Checks the number of SMTP sessions (connections) the receiver saw. */
    public MailboxAssert hasSessionCount(int count) {
        isNotNull();
        int sessions = actual.transcripts().size();
        if (sessions != count) {
            throw fail(Messages.count("the number of SMTP sessions", count, sessions));
        }
        return myself;
    }

    /** Navigates to the dialogue of the only session; fails when there is none or more than one. */
    public TranscriptAssert singleSession() {
        isNotNull();
        List<Transcript> transcripts = actual.transcripts();
        if (transcripts.size() != 1) {
            throw fail(Messages.count("the number of SMTP sessions", 1, transcripts.size()));
        }
        return new TranscriptAssert(transcripts.get(0));
    }

    /** Navigates to the dialogue of the session at {@code index} (0 is the first that began). */
    public TranscriptAssert session(int index) {
        isNotNull();
        List<Transcript> transcripts = actual.transcripts();
        if (index < 0 || index >= transcripts.size()) {
            throw fail(Messages.missing("an SMTP session at index " + index,
                    "the receiver saw " + plural(transcripts.size(), "session")));
        }
        return new TranscriptAssert(transcripts.get(index));
    }

    /** Navigates to the event log. */
    public EventLogAssert events() {
        isNotNull();
        return new EventLogAssert(actual.events());
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withMailbox(head, actual)));
    }
}
