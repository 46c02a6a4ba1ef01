package dev.smtptestkit;

import dev.smtptestkit.internal.format.Render;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything a {@link SmtpReceiver} recorded, in arrival order: accepted emails, the event log,
 * one transcript per session and the protocol violations clients committed. Thread-safe; every
 * accessor returns an immutable snapshot.
 *
 * <p>In JUnit tests, annotate the class with {@code @SmtpServer} and take a {@code Mailbox}
 * parameter; without that annotation JUnit reports "No ParameterResolver registered for parameter
 * [dev.smtptestkit.Mailbox ...]".
 *
 * <pre>{@code
 * mailService.sendWelcome("new.user@example.com");          // sends synchronously
 * ReceivedEmail email = mailbox.singleEmail();              // already recorded: no waiting
 *
 * asyncService.sendLater("a@example.com");                  // sends on another thread
 * mailbox.awaitEmails(1, Duration.ofSeconds(5));            // waits, fails listing what arrived
 * }</pre>
 *
 * <p>What it holds is bounded: each session records at most
 * {@link SmtpReceiver.Builder#maxRecordedLines(int)} transcript lines (the rest are counted and
 * shown as {@code ... N more lines not recorded}), and with
 * {@link SmtpReceiver.Builder#maxRetainedEmails(int)} only the newest emails are kept (see
 * {@link #droppedEmailCount()}). Waiting methods test their conditions without holding the lock the
 * receiver records under, so a slow condition never delays a client.
 *
 * <p>(Over 300 lines because each of its two dozen public methods carries its Javadoc; the code
 * is the query and waiting API of one subject, about 170 lines. The storage and its bounds live
 * in a package-private class beside it.)
 */
public final class Mailbox {

    /** The time the waiting methods without a timeout argument wait: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Recordings store;

    Mailbox(int maxRecordedLines, int maxRetainedEmails) {
        this.store = new Recordings(maxRecordedLines, maxRetainedEmails);
    }

    /** Where the receiver's recorder puts what happened; the recording methods stay out of the API. */
    Recordings store() {
        return store;
    }

    // ---- queries ----

    /**
     * Every accepted email that is still retained.
     *
     * @return a snapshot, in the order the receiver accepted them
     */
    public List<ReceivedEmail> emails() {
        return handOut(store.emails());
    }

    /**
     * The emails no query of this mailbox has returned yet, in arrival order. An email counts as
     * read once {@link #emails()}, {@link #singleEmail()}, {@link #email(int)}, {@link #emailsTo},
     * {@link #emailsFrom}, {@link #emails(Predicate)} or a waiting method has returned it; counting
     * ({@link #size()}) does not read. Calling this method does not mark anything as read.
     * {@code @SmtpServer(failOnUnreadMail = true)} uses it to fail tests that ignored mail.
     *
     * @return an immutable snapshot of the unread emails
     */
    public List<ReceivedEmail> unreadEmails() {
        return store.unread();
    }

    private List<ReceivedEmail> handOut(List<ReceivedEmail> given) {
        store.markRead(given);
        return given;
    }

    private ReceivedEmail handOut(ReceivedEmail given) {
        store.markRead(List.of(given));
        return given;
    }

    /**
     * How many emails are retained: every accepted one, unless a retention limit dropped some.
     *
     * @return the number of emails held
     */
    public int size() {
        return store.emailCount();
    }

    /**
     * Whether no email is held.
     *
     * @return true when {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * How many emails the retention limit ({@link SmtpReceiver.Builder#maxRetainedEmails(int)})
     * dropped, oldest first, since the start or the last {@link #clear()}.
     *
     * @return the number of emails dropped; always 0 without a limit
     */
    public long droppedEmailCount() {
        return store.droppedEmails();
    }

    /**
     * The only email.
     *
     * @return the single email recorded
     * @throws AssertionError when there is none or more than one, listing what arrived
     */
    public ReceivedEmail singleEmail() {
        List<ReceivedEmail> all = store.emails();
        if (all.size() != 1) {
            throw new AssertionError("Expecting exactly one email but " + all.size() + " arrived" + describe(all));
        }
        return handOut(all.get(0));
    }

    /**
     * The email at a position in arrival order.
     *
     * @param index the position, 0 for the first email
     * @return the email at that position
     * @throws AssertionError when there are not that many, listing what arrived
     */
    public ReceivedEmail email(int index) {
        List<ReceivedEmail> all = store.emails();
        if (index < 0 || index >= all.size()) {
            throw new AssertionError("Expecting an email at index " + index + " but " + all.size() + " arrived"
                    + describe(all));
        }
        return handOut(all.get(index));
    }

    /**
     * The emails whose envelope has this recipient (Bcc included).
     *
     * @param address the recipient address, compared case-insensitively with each {@code RCPT TO} path
     * @return the matching emails in arrival order, possibly none
     */
    public List<ReceivedEmail> emailsTo(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return emails(e -> e.envelope().recipients().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(wanted)));
    }

    /**
     * The emails whose envelope sender ({@code MAIL FROM}) is this address.
     *
     * @param address the sender address, compared case-insensitively; "" for bounces
     * @return the matching emails in arrival order, possibly none
     */
    public List<ReceivedEmail> emailsFrom(String address) {
        return emails(e -> e.envelope().sender().equalsIgnoreCase(address));
    }

    /**
     * The emails matching a predicate.
     *
     * @param filter the condition an email must meet
     * @return the matching emails in arrival order, possibly none
     */
    public List<ReceivedEmail> emails(Predicate<? super ReceivedEmail> filter) {
        return handOut(store.emails().stream().filter(filter).toList());
    }

    /**
     * The event log: every event of the receiver (a session's CommandReceived events up to
     * {@link SmtpReceiver.Builder#maxRecordedLines(int)}).
     *
     * @return a snapshot, in the order the events happened
     */
    public List<SmtpEvent> events() {
        return store.events();
    }

    /**
     * The events of one kind, for example {@code events(SmtpEvent.ClientDisconnected.class)}.
     *
     * @param <E>  the event type
     * @param type the event class
     * @return the events of that class, in order
     */
    public <E extends SmtpEvent> List<E> events(Class<E> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * One transcript per session.
     *
     * @return a snapshot, in the order the sessions began
     */
    public List<Transcript> transcripts() {
        return store.transcripts();
    }

    /**
     * The transcript of one session.
     *
     * @param sessionId the session id, as in {@link Envelope#sessionId()} or the events
     * @return the transcript, or empty when no line of that session was recorded
     */
    public Optional<Transcript> transcript(String sessionId) {
        return Optional.ofNullable(store.transcript(sessionId));
    }

    /**
     * Every session's dialogue as text, the way failure messages and the JUnit extension show it:
     * each session headed by its id, one {@code C: }/{@code S: } line per command and reply, AUTH
     * credentials masked, the EHLO capability list folded to one line, all sessions sharing one
     * budget of lines.
     *
     * <pre>{@code
     * session s1:
     *   C: EHLO client.example
     *   S: 250 localhost greets client.example (SIZE 67108864, 8BITMIME, PIPELINING, ...)
     *   ...
     * }</pre>
     *
     * @param maxLines how many lines to show before {@code ... N more lines}, at least 0
     * @return the dialogue, or {@code (no SMTP session)}
     * @throws IllegalArgumentException when {@code maxLines} is negative
     */
    public String dialogue(int maxLines) {
        if (maxLines < 0) {
            throw new IllegalArgumentException("maxLines must not be negative, was " + maxLines);
        }
        return Render.transcripts(transcripts(), maxLines);
    }

    /**
     * Every protocol violation clients committed.
     *
     * @return a snapshot, in the order they were noted
     */
    public List<ProtocolViolation> violations() {
        return store.violations();
    }

    /** Forgets every email, event, transcript and violation recorded so far, and the dropped count. */
    public void clear() {
        store.clear();
    }

    // ---- waiting ----

    /**
     * {@link #awaitEmails(int, Duration)} with {@link #DEFAULT_TIMEOUT}.
     *
     * @param count how many emails to wait for
     * @return all emails at that moment (at least {@code count})
     * @throws IllegalArgumentException when {@code count} is negative
     * @throws AssertionError           when the time runs out, listing what did arrive
     */
    public List<ReceivedEmail> awaitEmails(int count) {
        return awaitEmails(count, DEFAULT_TIMEOUT);
    }

    /**
     * Waits until at least {@code count} emails have arrived, without polling. An interrupt ends
     * the wait with an {@link IllegalStateException} and keeps the thread's interrupt status set.
     *
     * @param count   how many emails to wait for
     * @param timeout how long to wait at most
     * @return all emails at that moment (at least {@code count})
     * @throws IllegalArgumentException when {@code count} is negative
     * @throws AssertionError           when the time runs out, listing what did arrive
     */
    public List<ReceivedEmail> awaitEmails(int count, Duration timeout) {
        List<ReceivedEmail> all = waitForCount(count, timeout);
        if (all.size() < count) {
            throw new AssertionError("Expecting at least " + count + " email(s) within " + human(timeout) + " but "
                    + all.size() + " arrived" + describe(all));
        }
        return handOut(all);
    }

    /**
     * Waits until at least {@code count} emails have arrived or the time runs out, and never fails:
     * for callers that report a shortfall their own way, as the assertions do.
     *
     * @param count   how many emails to wait for
     * @param timeout how long to wait at most
     * @return all emails at that moment: at least {@code count}, or fewer when the time ran out
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public List<ReceivedEmail> pollEmails(int count, Duration timeout) {
        return handOut(waitForCount(count, timeout));
    }

    private List<ReceivedEmail> waitForCount(int count, Duration timeout) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        store.awaitChange(s -> s.heldEmailCount() >= count, deadline(timeout));
        return store.emails();
    }

    /**
     * {@link #awaitEmail(Predicate, Duration)} with {@link #DEFAULT_TIMEOUT}.
     *
     * @param condition the condition the email must meet
     * @return the first matching email
     * @throws AssertionError when the time runs out, listing what did arrive
     */
    public ReceivedEmail awaitEmail(Predicate<? super ReceivedEmail> condition) {
        return awaitEmail(condition, DEFAULT_TIMEOUT);
    }

    /**
     * Waits until an email matching the condition has arrived, without polling. The condition is
     * tested on the caller's thread, outside the mailbox's lock, once per email. An interrupt ends
     * the wait with an {@link IllegalStateException} and keeps the thread's interrupt status set.
     *
     * @param condition the condition the email must meet
     * @param timeout   how long to wait at most
     * @return the first matching email
     * @throws AssertionError when the time runs out, listing what did arrive
     */
    public ReceivedEmail awaitEmail(Predicate<? super ReceivedEmail> condition, Duration timeout) {
        Optional<ReceivedEmail> found = firstMatch(condition, timeout);
        if (found.isEmpty()) {
            List<ReceivedEmail> arrived = store.emails();
            throw new AssertionError("Expecting an email matching the condition within " + human(timeout)
                    + " but none of the " + arrived.size() + " that arrived matched" + describe(arrived));
        }
        return handOut(found.get());
    }

    /**
     * Waits until an email matching the condition has arrived or the time runs out, and never
     * fails: for callers that report the outcome their own way, as the assertions do. The
     * condition is tested as in {@link #awaitEmail(Predicate, Duration)}.
     *
     * @param condition the condition the email must meet
     * @param timeout   how long to wait at most
     * @return the first matching email, or empty when none arrived in time
     */
    public Optional<ReceivedEmail> pollEmail(Predicate<? super ReceivedEmail> condition, Duration timeout) {
        return firstMatch(condition, timeout).map(this::handOut);
    }

    private Optional<ReceivedEmail> firstMatch(Predicate<? super ReceivedEmail> condition, Duration timeout) {
        long deadline = deadline(timeout);
        long seen = Long.MIN_VALUE;
        while (true) {
            long next = store.nextEmailSeq();
            for (ReceivedEmail email : store.emailsFrom(seen)) {
                if (condition.test(email)) { // user code: outside the lock (issue 10 point 5)
                    return Optional.of(email);
                }
            }
            seen = next;
            long from = next;
            if (!store.awaitChange(s -> s.heldEmailSeq() > from, deadline)) {
                return Optional.empty();
            }
        }
    }

    /**
     * Waits until an event of a kind matching the condition has been recorded; useful for
     * {@link SmtpEvent.ClientDisconnected}, which follows the client's last reply. The condition is
     * tested outside the mailbox's lock. An interrupt ends the wait with an
     * {@link IllegalStateException} and keeps the thread's interrupt status set.
     *
     * @param <E>       the event type
     * @param type      the event class
     * @param condition the condition the event must meet
     * @param timeout   how long to wait at most
     * @return the first matching event
     * @throws AssertionError when the time runs out, listing the events recorded
     */
    public <E extends SmtpEvent> E awaitEvent(Class<E> type, Predicate<? super E> condition, Duration timeout) {
        long deadline = deadline(timeout);
        long seen = Long.MIN_VALUE;
        while (true) {
            long next = store.nextEventSeq();
            for (SmtpEvent event : store.eventsFrom(seen)) {
                if (type.isInstance(event) && condition.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            seen = next;
            long from = next;
            if (!store.awaitChange(s -> s.heldEventSeq() > from, deadline)) {
                List<SmtpEvent> all = events();
                throw new AssertionError("Expecting a " + type.getSimpleName() + " event matching the condition "
                        + "within " + human(timeout) + " but none was recorded. Events:"
                        + (all.isEmpty() ? " (none)" : "\n" + Render.indent(Render.events(all, Integer.MAX_VALUE))));
            }
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private String describe(List<ReceivedEmail> arrived) {
        StringBuilder out = new StringBuilder(arrived.isEmpty() ? "." : ":");
        for (int i = 0; i < arrived.size() && i < 20; i++) {
            out.append("\n").append(Render.indent(Render.emailSummary(arrived.get(i))));
        }
        if (arrived.size() > 20) {
            out.append("\n  ... ").append(arrived.size() - 20).append(" more emails");
        }
        out.append('\n').append(Render.dialogueBlock(transcripts()));
        return out.toString();
    }

    @Override
    public String toString() {
        return "Mailbox{" + store.summary() + "}";
    }
}
