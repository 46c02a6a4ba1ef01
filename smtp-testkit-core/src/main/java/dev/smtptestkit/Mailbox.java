package dev.smtptestkit;

import dev.smtptestkit.internal.format.Render;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 */
public final class Mailbox {

    /** The time the waiting methods without a timeout argument wait: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final List<ReceivedEmail> emails = new ArrayList<>();
    private final List<SmtpEvent> events = new ArrayList<>();
    private final Map<String, List<Transcript.Line>> transcripts = new LinkedHashMap<>();
    private final List<ProtocolViolation> violations = new ArrayList<>();
    // Emails a query has handed to the caller; what is left is "unread" (see unreadEmails()).
    private final Set<ReceivedEmail> read = Collections.newSetFromMap(new IdentityHashMap<>());

    Mailbox() {
    }

    // ---- recording (called by the receiver's threads) ----

    void record(SmtpEvent event) {
        synchronized (lock) {
            events.add(event);
            if (event instanceof SmtpEvent.EmailReceived e) {
                emails.add(e.email());
            }
            lock.notifyAll();
        }
    }

    void record(String sessionId, Transcript.Line line) {
        synchronized (lock) {
            transcripts.computeIfAbsent(sessionId, k -> new ArrayList<>()).add(line);
        }
    }

    void record(ProtocolViolation violation) {
        synchronized (lock) {
            violations.add(violation);
        }
    }

    // ---- queries ----

    /**
     * Every accepted email.
     *
     * @return a snapshot, in the order the receiver accepted them
     */
    public List<ReceivedEmail> emails() {
        return handOut(snapshot());
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
        synchronized (lock) {
            return emails.stream().filter(e -> !read.contains(e)).toList();
        }
    }

    private List<ReceivedEmail> snapshot() {
        synchronized (lock) {
            return List.copyOf(emails);
        }
    }

    private List<ReceivedEmail> handOut(List<ReceivedEmail> given) {
        synchronized (lock) {
            read.addAll(given);
        }
        return given;
    }

    private ReceivedEmail handOut(ReceivedEmail given) {
        synchronized (lock) {
            read.add(given);
        }
        return given;
    }

    /**
     * How many emails were accepted.
     *
     * @return the number of emails recorded
     */
    public int size() {
        synchronized (lock) {
            return emails.size();
        }
    }

    /**
     * Whether no email was accepted.
     *
     * @return true when {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The only email.
     *
     * @return the single email recorded
     * @throws AssertionError when there is none or more than one, listing what arrived
     */
    public ReceivedEmail singleEmail() {
        List<ReceivedEmail> all = snapshot();
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
        List<ReceivedEmail> all = snapshot();
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
        return handOut(snapshot().stream()
                .filter(e -> e.envelope().recipients().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(wanted)))
                .toList());
    }

    /**
     * The emails whose envelope sender ({@code MAIL FROM}) is this address.
     *
     * @param address the sender address, compared case-insensitively; "" for bounces
     * @return the matching emails in arrival order, possibly none
     */
    public List<ReceivedEmail> emailsFrom(String address) {
        return handOut(snapshot().stream().filter(e -> e.envelope().sender().equalsIgnoreCase(address)).toList());
    }

    /**
     * The emails matching a predicate.
     *
     * @param filter the condition an email must meet
     * @return the matching emails in arrival order, possibly none
     */
    public List<ReceivedEmail> emails(Predicate<? super ReceivedEmail> filter) {
        return handOut(snapshot().stream().filter(filter).toList());
    }

    /**
     * The event log: every event of the receiver.
     *
     * @return a snapshot, in the order the events happened
     */
    public List<SmtpEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
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
        synchronized (lock) {
            List<Transcript> out = new ArrayList<>(transcripts.size());
            transcripts.forEach((id, lines) -> out.add(new Transcript(id, lines)));
            return List.copyOf(out);
        }
    }

    /**
     * The transcript of one session.
     *
     * @param sessionId the session id, as in {@link Envelope#sessionId()} or the events
     * @return the transcript, or empty when no line of that session was recorded
     */
    public Optional<Transcript> transcript(String sessionId) {
        synchronized (lock) {
            List<Transcript.Line> lines = transcripts.get(sessionId);
            return lines == null ? Optional.empty() : Optional.of(new Transcript(sessionId, lines));
        }
    }

    /**
     * Every protocol violation clients committed.
     *
     * @return a snapshot, in the order they were noted
     */
    public List<ProtocolViolation> violations() {
        synchronized (lock) {
            return List.copyOf(violations);
        }
    }

    /** Forgets every email, event, transcript and violation recorded so far. */
    public void clear() {
        synchronized (lock) {
            emails.clear();
            events.clear();
            transcripts.clear();
            violations.clear();
            read.clear();
        }
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
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        List<ReceivedEmail> all = awaitCondition(timeout, () -> emails.size() >= count ? List.copyOf(emails) : null);
        if (all == null) {
            List<ReceivedEmail> arrived = snapshot();
            throw new AssertionError("Expecting at least " + count + " email(s) within " + human(timeout) + " but "
                    + arrived.size() + " arrived" + describe(arrived));
        }
        return handOut(all);
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
     * Waits until an email matching the condition has arrived, without polling. An interrupt ends the wait with an
     * {@link IllegalStateException} and keeps the thread's interrupt status set.
     *
     * @param condition the condition the email must meet
     * @param timeout   how long to wait at most
     * @return the first matching email
     * @throws AssertionError when the time runs out, listing what did arrive
     */
    public ReceivedEmail awaitEmail(Predicate<? super ReceivedEmail> condition, Duration timeout) {
        ReceivedEmail found = awaitCondition(timeout,
                () -> emails.stream().filter(condition).findFirst().orElse(null));
        if (found == null) {
            List<ReceivedEmail> arrived = snapshot();
            throw new AssertionError("Expecting an email matching the condition within " + human(timeout)
                    + " but none of the " + arrived.size() + " that arrived matched" + describe(arrived));
        }
        return handOut(found);
    }

    /**
     * Waits until an event of a kind matching the condition has been recorded; useful for
     * {@link SmtpEvent.ClientDisconnected}, which follows the client's last reply. An interrupt ends the wait with an
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
        E found = awaitCondition(timeout, () -> events.stream().filter(type::isInstance).map(type::cast)
                .filter(condition).findFirst().orElse(null));
        if (found == null) {
            List<SmtpEvent> all = events();
            throw new AssertionError("Expecting a " + type.getSimpleName() + " event matching the condition within "
                    + human(timeout) + " but none was recorded. Events:"
                    + (all.isEmpty() ? " (none)" : "\n" + Render.indent(Render.events(all, Integer.MAX_VALUE))));
        }
        return found;
    }

    private <T> T awaitCondition(Duration timeout, java.util.function.Supplier<T> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T value = check.get();
                if (value != null) {
                    return value;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                try {
                    lock.wait(Math.max(1, remaining / 1_000_000), 0);
                } catch (InterruptedException e) {
                    // Not a timeout: a negative wait ("no email within ...") must not pass because of it.
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting on the mailbox", e);
                }
            }
        }
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
        synchronized (lock) {
            return "Mailbox{" + emails.size() + " emails, " + transcripts.size() + " sessions, " + events.size()
                    + " events}";
        }
    }
}
