package dev.smtptestkit.assertj;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.TlsDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the event log of a receiver ({@link dev.smtptestkit.Mailbox#events()}): the six
 * kinds of {@link SmtpEvent} in order, their counts, why sessions ended, and what the sessions
 * negotiated and who logged in ({@link SmtpEvent.ClientDisconnected#tls()} and
 * {@link SmtpEvent.ClientDisconnected#auth()}, also for sessions that sent no mail). A failure lists the events.
 *
 * <pre>{@code
 * assertThatEvents(mailbox.events())
 *         .containsEventsInOrder(ClientConnected.class, EmailReceived.class, ClientDisconnected.class)
 *         .hasEventCount(EmailReceived.class, 1)
 *         .hasDisconnectReason(DisconnectReason.QUIT)
 *         .hasSessionThatNegotiatedTls("TLSv1.3")
 *         .hasSessionAuthenticatedAs("alice", AuthMechanism.PLAIN);
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

    /**
     * Checks that a session that ended had negotiated this TLS protocol version, with STARTTLS
     * (RFC 3207) or implicit TLS (RFC 8314), as {@link SmtpEvent.ClientDisconnected#tls()} records
     * it. The event follows the client's last reply: wait for it first
     * ({@link dev.smtptestkit.Mailbox#awaitEvent}) when the client has only just quit.
     *
     * @param protocol the version as the JDK names it, for example {@code "TLSv1.3"}
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null or no session that ended negotiated it
     */
    public EventLogAssert hasSessionThatNegotiatedTls(String protocol) {
        isNotNull();
        return requireSession("a session that negotiated " + Messages.show(protocol),
                d -> d.tls().filter(t -> t.protocol().equals(protocol)).isPresent(),
                d -> d.tls().map(TlsDetails::protocol).orElse("no TLS"));
    }

    /**
     * Checks that a session that ended had logged in (RFC 4954) as this user with this mechanism,
     * as {@link SmtpEvent.ClientDisconnected#auth()} records it. Wait for the event first when the
     * client has only just quit.
     *
     * @param user      the authenticated user name (PLAIN's authentication identity), compared exactly
     * @param mechanism the SASL mechanism that succeeded
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null or no session that ended had that login
     */
    public EventLogAssert hasSessionAuthenticatedAs(String user, AuthMechanism mechanism) {
        isNotNull();
        return requireSession("a session authenticated as " + Messages.show(user) + " with " + mechanism.saslName(),
                d -> d.auth().filter(a -> a.user().equals(user) && a.mechanism() == mechanism).isPresent(),
                d -> d.auth().map(a -> Messages.show(a.user()) + " with " + a.mechanism().saslName())
                        .orElse("not authenticated"));
    }

    /**
     * Checks that in a session that ended the client presented a certificate with this subject
     * ({@code clientAuth(WANT)} or {@code clientAuth(NEED)}), as {@link SmtpEvent.ClientDisconnected#tls()}
     * records it. Wait for the event first when the client has only just quit.
     *
     * @param subject the certificate's subject as {@link javax.security.auth.x500.X500Principal#getName()}
     *                writes it (RFC 2253), for example {@code "CN=smtp-testkit client,O=smtp-testkit"}
     * @return this assert, for chaining
     * @throws AssertionError when the event log is null or no session that ended had such a client certificate
     */
    public EventLogAssert hasSessionWithClientCertificate(String subject) {
        isNotNull();
        return requireSession("a session whose client presented a certificate for " + Messages.show(subject),
                d -> clientSubject(d).filter(subject::equals).isPresent(),
                d -> clientSubject(d).map(Messages::show).orElse(d.tls().isPresent() ? "no client certificate" : "no TLS"));
    }

    private static Optional<String> clientSubject(SmtpEvent.ClientDisconnected d) {
        return d.tls().flatMap(TlsDetails::clientCertificate).map(c -> c.getSubjectX500Principal().getName());
    }

    private EventLogAssert requireSession(String expectation, Predicate<SmtpEvent.ClientDisconnected> matches,
                                          Function<SmtpEvent.ClientDisconnected, String> found) {
        List<SmtpEvent.ClientDisconnected> ended = disconnects();
        if (ended.stream().noneMatch(matches)) {
            throw fail(Messages.noSession(expectation,
                    ended.stream().map(d -> d.sessionId() + ": " + found.apply(d)).toList()));
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
