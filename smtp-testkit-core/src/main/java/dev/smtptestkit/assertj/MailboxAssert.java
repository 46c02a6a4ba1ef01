package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.Messages.plural;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>A description set with {@code as(...)} carries over to the assert a navigation method returns:
 * {@code assertThat(mailbox).as("welcome mail").singleEmail().hasSubject("Hi")} fails with
 * "[welcome mail] Expecting the subject ...".
 *
 * <p>Waiting uses {@link Mailbox#awaitEmails(int, Duration)} and {@link Mailbox#awaitEmail}: a
 * condition variable signalled on every arrival, no polling, always with a time limit.
 *
 * <p>In {@link SmtpSoftAssertions}, a navigation method ({@code singleEmail()}, {@code email(int)},
 * {@code emailMatching}, {@code awaitsEmailMatching}, {@code singleSession()}, {@code session(int)},
 * {@code events()}) returns a hard assert (AssertJ 3.x only proxies the object it created), or
 * {@code null} when the navigation itself failed; in soft blocks prefer
 * {@code softly.assertThat(mailbox.singleEmail())}.
 *
 * <p>(Why over 300 lines: 22 public assertion methods on one subject, as soft proxies need them on
 * one class (STYLE 7), each with Javadoc; waiting is delegated to {@link Mailbox#pollEmail} and
 * {@link Mailbox#pollEmails}, the texts to {@code Messages}.)
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

    /**
     * Checks that exactly {@code count} emails arrived.
     *
     * @param count the expected number of emails
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds another number of emails
     */
    public MailboxAssert hasEmailCount(int count) {
        isNotNull();
        int size = actual.size();
        if (size != count) {
            throw fail(Messages.count("the number of emails in the mailbox", count, size));
        }
        return myself;
    }

    /**
     * Checks that no email arrived.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds an email
     */
    public MailboxAssert hasNoEmails() {
        isNotNull();
        int size = actual.size();
        if (size != 0) {
            throw fail(Messages.count("the number of emails in the mailbox", 0, size));
        }
        return myself;
    }

    /**
     * Checks that at least {@code count} emails arrived (without waiting; see {@link #awaitsEmails}).
     *
     * @param count the minimum number of emails
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds fewer emails
     */
    public MailboxAssert hasAtLeastEmails(int count) {
        isNotNull();
        int size = actual.size();
        if (size < count) {
            throw fail(Messages.atLeast("the number of emails in the mailbox", count, size));
        }
        return myself;
    }

    /**
     * Checks that an email was delivered to this envelope recipient (Bcc included), case-insensitive.
     *
     * @param address the envelope recipient address
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or no email has that envelope recipient
     */
    public MailboxAssert hasEmailTo(String address) {
        isNotNull();
        if (actual.emailsTo(address).isEmpty()) {
            throw fail(Messages.missing("an email to <" + address + "> (envelope recipient, Bcc included)",
                    "none of the " + plural(actual.size(), "email") + " was"));
        }
        return myself;
    }

    /**
     * Checks that an email came from this envelope sender (MAIL FROM), case-insensitive.
     *
     * @param address the envelope sender address
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or no email has that envelope sender
     */
    public MailboxAssert hasEmailFrom(String address) {
        isNotNull();
        if (actual.emailsFrom(address).isEmpty()) {
            throw fail(Messages.missing("an email from <" + address + "> (envelope sender)",
                    "none of the " + plural(actual.size(), "email") + " was"));
        }
        return myself;
    }

    /**
     * Navigates to the only email; fails when there is none or more than one.
     *
     * @return an assert on the only email
     * @throws AssertionError when the mailbox is null or does not hold exactly one email
     */
    public ReceivedEmailAssert singleEmail() {
        isNotNull();
        List<ReceivedEmail> emails = actual.emails();
        if (emails.size() != 1) {
            throw fail(Messages.count("the number of emails in the mailbox", 1, emails.size()));
        }
        return Navigation.from(this, new ReceivedEmailAssert(emails.get(0)));
    }

    /**
     * Navigates to the email at {@code index} in arrival order (0 is the first).
     *
     * @param index the position, 0 for the first email
     * @return an assert on the email at that position
     * @throws AssertionError when the mailbox is null or holds no email at that index
     */
    public ReceivedEmailAssert email(int index) {
        isNotNull();
        List<ReceivedEmail> emails = actual.emails();
        if (index < 0 || index >= emails.size()) {
            throw fail(Messages.missing("an email at index " + index,
                    "the mailbox holds " + plural(emails.size(), "email")));
        }
        return Navigation.from(this, new ReceivedEmailAssert(emails.get(index)));
    }

    /**
     * {@link #emailMatching(Predicate, String)} described as "the given condition".
     *
     * @param condition what the email must satisfy
     * @return an assert on the first matching email
     * @throws AssertionError when the mailbox is null or no email matches
     */
    public ReceivedEmailAssert emailMatching(Predicate<? super ReceivedEmail> condition) {
        return emailMatching(condition, "the given condition");
    }

    /**
     * Navigates to the first email matching a predicate.
     *
     * @param condition   what the email must satisfy
     * @param description the condition in words, shown when none matches ("a receipt for order 42")
     * @return an assert on the first matching email, in arrival order
     * @throws AssertionError when the mailbox is null or no email matches
     * @throws NullPointerException when {@code condition} is null
     */
    public ReceivedEmailAssert emailMatching(Predicate<? super ReceivedEmail> condition, String description) {
        isNotNull();
        Objects.requireNonNull(condition, "condition");
        List<ReceivedEmail> matching = actual.emails(condition);
        if (matching.isEmpty()) {
            throw fail(Messages.missing("an email matching " + description,
                    "none of the " + plural(actual.size(), "email") + " did"));
        }
        return Navigation.from(this, new ReceivedEmailAssert(matching.get(0)));
    }

    /**
     * {@link #awaitsEmails(int, Duration)} with {@link Mailbox#DEFAULT_TIMEOUT}.
     *
     * @param count how many emails to wait for
     * @return this assert, for chaining
     * @throws AssertionError           when the mailbox is null or fewer emails arrived in time
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public MailboxAssert awaitsEmails(int count) {
        return awaitsEmails(count, Mailbox.DEFAULT_TIMEOUT);
    }

    /**
     * Waits until at least {@code count} emails have arrived; fails after {@code timeout}, listing
     * what did arrive, with the dialogue.
     *
     * @param count   how many emails to wait for
     * @param timeout how long to wait at most
     * @return this assert, for chaining
     * @throws AssertionError           when the mailbox is null or fewer emails arrived in time
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public MailboxAssert awaitsEmails(int count, Duration timeout) {
        isNotNull();
        List<ReceivedEmail> arrived = actual.pollEmails(count, timeout);
        if (arrived.size() < count) {
            throw fail(Messages.within(timeout, "at least " + plural(count, "email"), arrived.size()));
        }
        return myself;
    }

    /**
     * {@link #awaitsEmailMatching(Predicate, String, Duration)} with {@link Mailbox#DEFAULT_TIMEOUT}.
     *
     * @param condition   what the email must satisfy
     * @param description the condition in words, shown when none matches
     * @return an assert on the first matching email
     * @throws AssertionError when the mailbox is null or no matching email arrived in time
     */
    public ReceivedEmailAssert awaitsEmailMatching(Predicate<? super ReceivedEmail> condition, String description) {
        return awaitsEmailMatching(condition, description, Mailbox.DEFAULT_TIMEOUT);
    }

    /**
     * Waits until an email matching the condition has arrived and navigates to it; fails after
     * {@code timeout}, listing what did arrive.
     *
     * @param condition   what the email must satisfy
     * @param description the condition in words, shown when none matches
     * @param timeout     how long to wait at most
     * @return an assert on the first matching email
     * @throws AssertionError when the mailbox is null or no matching email arrived in time
     */
    public ReceivedEmailAssert awaitsEmailMatching(Predicate<? super ReceivedEmail> condition, String description,
                                                   Duration timeout) {
        isNotNull();
        Optional<ReceivedEmail> found = actual.pollEmail(condition, timeout);
        if (found.isEmpty()) {
            throw fail(Messages.within(timeout, "an email matching " + description, actual.size()));
        }
        return Navigation.from(this, new ReceivedEmailAssert(found.get()));
    }

    /**
     * Checks that no email arrives (or is already there) during {@code duration}; fails as soon as
     * one does. Passing takes the whole duration, which is the point: it proves nothing was sent.
     *
     * @param duration how long to watch the mailbox
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or an email is there or arrives within the duration
     */
    public MailboxAssert receivesNoEmailWithin(Duration duration) {
        return receivesNoEmailMatchingWithin(email -> true, ANY, duration);
    }

    /**
     * Like {@link #receivesNoEmailWithin(Duration)}, counting only emails matching the condition.
     *
     * @param condition   which emails count
     * @param description the condition in words, shown when one matches
     * @param duration    how long to watch the mailbox
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or a matching email is there or arrives within the duration
     */
    public MailboxAssert receivesNoEmailMatchingWithin(Predicate<? super ReceivedEmail> condition,
                                                       String description, Duration duration) {
        isNotNull();
        Optional<ReceivedEmail> arrived = actual.pollEmail(condition, duration);
        if (arrived.isPresent()) {
            String expectation = ANY.equals(description) ? "no email" : "no email matching " + description;
            throw fail(Messages.noneWithin(duration, expectation, arrived.get()));
        }
        return myself;
    }

    /**
     * Checks that clients committed no protocol violation; fails listing them.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds a violation
     */
    public MailboxAssert hasNoProtocolViolations() {
        isNotNull();
        List<ProtocolViolation> violations = actual.violations();
        if (!violations.isEmpty()) {
            throw fail(Messages.withList(Messages.missing("no protocol violations",
                    "found " + plural(violations.size(), "violation")), "Violations", violations));
        }
        return myself;
    }

    /**
     * Checks that a violation of this rule was recorded.
     *
     * @param rule the rule that must have been broken
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds no violation of that rule
     */
    public MailboxAssert hasProtocolViolation(ProtocolViolation.Rule rule) {
        isNotNull();
        List<ProtocolViolation> violations = actual.violations();
        if (violations.stream().noneMatch(v -> v.rule() == rule)) {
            throw fail(Messages.withList(Messages.missing("a protocol violation " + Messages.rfc(rule.name(),
                    rule.reference()), "none was recorded"), "Violations", violations));
        }
        return myself;
    }

    /**
     * Checks the number of SMTP sessions (connections) the receiver saw.
     *
     * @param count the expected number of sessions (one per transcript)
     * @return this assert, for chaining
     * @throws AssertionError when the mailbox is null or holds another number of transcripts
     */
    public MailboxAssert hasSessionCount(int count) {
        isNotNull();
        int sessions = actual.transcripts().size();
        if (sessions != count) {
            throw fail(Messages.count("the number of SMTP sessions", count, sessions));
        }
        return myself;
    }

    /**
     * Navigates to the dialogue of the only session; fails when there is none or more than one.
     *
     * @return an assert on the only session's transcript
     * @throws AssertionError when the mailbox is null or does not hold exactly one transcript
     */
    public TranscriptAssert singleSession() {
        isNotNull();
        List<Transcript> transcripts = actual.transcripts();
        if (transcripts.size() != 1) {
            throw fail(Messages.count("the number of SMTP sessions", 1, transcripts.size()));
        }
        return Navigation.from(this, navigate(transcripts.get(0)));
    }

    /**
     * Navigates to the dialogue of the session at {@code index} (0 is the first that began).
     *
     * @param index the position, 0 for the first session that began
     * @return an assert on that session's transcript
     * @throws AssertionError when the mailbox is null or holds no transcript at that index
     */
    public TranscriptAssert session(int index) {
        isNotNull();
        List<Transcript> transcripts = actual.transcripts();
        if (index < 0 || index >= transcripts.size()) {
            throw fail(Messages.missing("an SMTP session at index " + index,
                    "the receiver saw " + plural(transcripts.size(), "session")));
        }
        return Navigation.from(this, navigate(transcripts.get(index)));
    }

    /**
     * Navigates to the event log.
     *
     * @return an assert on a snapshot of {@link Mailbox#events()}
     * @throws AssertionError when the mailbox is null
     */
    public EventLogAssert events() {
        isNotNull();
        return Navigation.from(this, new EventLogAssert(actual.events()));
    }

    private TranscriptAssert navigate(Transcript transcript) {
        String id = transcript.sessionId();
        return new TranscriptAssert(transcript, actual.emails().stream()
                .filter(e -> e.envelope().sessionId().equals(id)).toList(),
                actual.events(SmtpEvent.ClientDisconnected.class).stream()
                        .filter(d -> d.sessionId().equals(id)).findFirst().flatMap(SmtpEvent.ClientDisconnected::auth));
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withMailbox(head, actual)));
    }
}
