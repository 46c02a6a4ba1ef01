package dev.smtptestkit.assertj;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the event log of a receiver ({@link dev.smtptestkit.Mailbox#events()}): the six
 * kinds of {@link SmtpEvent} in order, their counts and why sessions ended. A failure lists the events.
 *
 * <pre>{@code
 * assertThatEvents(mailbox.events())
 *         .containsEventsInOrder(ClientConnected.class, EmailReceived.class, ClientDisconnected.class)
 *         .hasEventCount(EmailReceived.class, 1)
 *         .hasDisconnectReason(DisconnectReason.QUIT);
 * }</pre>
 */
public class EventLogAssert extends AbstractAssert<EventLogAssert, List<SmtpEvent>> {

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThatEvents(List)}.
     *
     * @param actual the events under test, in order
     */
    public EventLogAssert(List<SmtpEvent> actual) {
        super(actual, EventLogAssert.class);
    }

    /**
     * Checks that events of these kinds occur in this order, others allowed in between.
     *
     * @param kinds {@link SmtpEvent} record classes, for example {@code SmtpEvent.EmailReceived.class}
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null or lacks the kinds in this order
     * @throws IllegalArgumentException when a class is not an {@link SmtpEvent} type
     */
    public EventLogAssert containsEventsInOrder(Class<?>... kinds) {
        isNotNull();
        List<String> expected = new ArrayList<>();
        for (Class<?> kind : kinds) {
            expected.add(requireEvent(kind).getSimpleName());
        }
        List<String> found = actual.stream().map(e -> e.getClass().getSimpleName()).toList();
        int next = 0;
        for (String name : found) {
            if (next < expected.size() && expected.get(next).equals(name)) {
                next++;
            }
        }
        if (next < expected.size()) {
            throw fail(Messages.sequence("the events", "contain in order", expected, found));
        }
        return myself;
    }

    /**
     * Checks how many events of a kind were recorded.
     *
     * @param kind  the {@link SmtpEvent} record class
     * @param count the expected number of events of that kind
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null or holds another number of such events
     * @throws IllegalArgumentException when {@code kind} is not an {@link SmtpEvent} type
     */
    public EventLogAssert hasEventCount(Class<? extends SmtpEvent> kind, int count) {
        isNotNull();
        int found = (int) actual.stream().filter(requireEvent(kind)::isInstance).count();
        if (found != count) {
            throw fail(Messages.count("the number of " + kind.getSimpleName() + " events", count, found));
        }
        return myself;
    }

    /**
     * Checks that at least one session ended and every session that ended did so for this reason.
     *
     * @param reason the expected reason
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null, holds no {@link SmtpEvent.ClientDisconnected}, or one with another reason
     */
    public EventLogAssert hasDisconnectReason(DisconnectReason reason) {
        isNotNull();
        List<SmtpEvent.ClientDisconnected> ended = disconnects();
        if (ended.isEmpty()) {
            throw fail(Messages.missing("every session to end with " + reason, "no session ended"));
        }
        for (SmtpEvent.ClientDisconnected d : ended) {
            if (d.reason() != reason) {
                throw fail(Messages.missing("every session to end with " + reason,
                        "session " + d.sessionId() + " ended with " + d.reason()));
            }
        }
        return myself;
    }

    /**
     * Checks why one session ended.
     *
     * @param sessionId the session
     * @param reason    the expected reason
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null, the session did not end, or ended for another reason
     */
    public EventLogAssert hasDisconnectReason(String sessionId, DisconnectReason reason) {
        isNotNull();
        Optional<SmtpEvent.ClientDisconnected> ended = disconnects().stream()
                .filter(d -> d.sessionId().equals(sessionId)).findFirst();
        if (ended.isEmpty()) {
            throw fail(Messages.missing("session " + sessionId + " to end with " + reason, "it did not end"));
        }
        if (ended.get().reason() != reason) {
            throw fail(Messages.is("the disconnect reason of session " + sessionId, reason, ended.get().reason()));
        }
        return myself;
    }

    private List<SmtpEvent.ClientDisconnected> disconnects() {
        return actual.stream().filter(SmtpEvent.ClientDisconnected.class::isInstance)
                .map(SmtpEvent.ClientDisconnected.class::cast).toList();
    }

    private static Class<?> requireEvent(Class<?> kind) {
        if (!SmtpEvent.class.isAssignableFrom(kind)) {
            throw new IllegalArgumentException(kind.getName() + " is not an SmtpEvent kind; use for example"
                    + " SmtpEvent.EmailReceived.class");
        }
        return kind;
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withEvents(head, actual)));
    }
}
