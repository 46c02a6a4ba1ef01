package dev.smtptestkit.assertj;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.format.Render;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the dialogue of one SMTP session: the commands the client sent, the reply codes,
 * the EHLO name and whether the client pipelined. Verbs are compared upper case, message content
 * is not a command. A failure shows the dialogue, one {@code C:}/{@code S:} line each.
 *
 * <pre>{@code
 * assertThat(mailbox).singleSession()
 *         .hasEhloName("client.example")
 *         .containsCommandSubsequence("MAIL", "RCPT", "DATA")
 *         .hasReplyCode(250);
 * }</pre>
 *
 * <p>TLS and AUTH are read from the dialogue: the receiver's {@code -- TLS started: ...} line after
 * a handshake and the {@code AUTH} command answered {@code 235}. Who logged in is not in the
 * dialogue (the credentials are masked when recorded); {@link #authenticatedAs(String)} reads it
 * from the envelope of an email of the session or, for a session that sent none, from its
 * {@link dev.smtptestkit.SmtpEvent.ClientDisconnected#auth()} event, so it needs the navigation from
 * the mailbox ({@code assertThat(mailbox).singleSession()}).
 *
 * <pre>{@code
 * assertThat(mailbox).singleSession()
 *         .usedStartTls()
 *         .negotiatedTls("TLSv1.3")
 *         .usedAuthMechanism(AuthMechanism.PLAIN)
 *         .authenticatedAs("alice");
 * }</pre>
 *
 * <p>(Why over 300 lines: one subject's assertion vocabulary on one class, as AssertJ's soft proxies
 * need it (STYLE 7), each method with its Javadoc; the message texts live in {@code Messages}.)
 */
public class TranscriptAssert extends AbstractAssert<TranscriptAssert, Transcript> {

    /** The line the receiver records once a TLS handshake has completed. */
    static final String TLS_STARTED = "-- TLS started: ";

    private final List<ReceivedEmail> sessionEmails;
    // who was logged in when the session ended (its ClientDisconnected), empty while it runs
    private final Optional<AuthDetails> endedLogin;

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThat(Transcript)}.
     *
     * @param actual the transcript under test
     */
    public TranscriptAssert(Transcript actual) {
        this(actual, List.of(), Optional.empty());
    }

    /**
     * From the mailbox's navigation: with the emails of that session and the login its
     * ClientDisconnected recorded, which say who logged in.
     */
    TranscriptAssert(Transcript actual, List<ReceivedEmail> sessionEmails, Optional<AuthDetails> endedLogin) {
        super(actual, TranscriptAssert.class);
        this.sessionEmails = sessionEmails;
        this.endedLogin = endedLogin;
    }

    /**
     * Checks the verbs the client sent, exactly and in order, for example {@code "EHLO", "MAIL", ...}.
     *
     * @param verbs the expected verbs, case-insensitive
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null or the client sent other verbs
     */
    public TranscriptAssert hasCommands(String... verbs) {
        isNotNull();
        List<String> expected = upper(verbs);
        if (!actual.commands().equals(expected)) {
            throw fail(Messages.sequence(Messages.ofSession("the commands", actual), "be exactly", expected,
                    actual.commands()));
        }
        return myself;
    }

    /**
     * Checks that the client sent these verbs one right after the other, somewhere in the session.
     *
     * @param verbs the verbs, case-insensitive
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null or lacks that contiguous sequence
     */
    public TranscriptAssert containsCommandSequence(String... verbs) {
        isNotNull();
        List<String> expected = upper(verbs);
        if (Collections.indexOfSubList(actual.commands(), expected) < 0) {
            throw fail(Messages.sequence(Messages.ofSession("the commands", actual), "contain the sequence",
                    expected, actual.commands()));
        }
        return myself;
    }

    /**
     * Checks that the client sent these verbs in this order, other commands allowed in between.
     *
     * @param verbs the verbs, case-insensitive
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null or lacks those verbs in that order
     */
    public TranscriptAssert containsCommandSubsequence(String... verbs) {
        isNotNull();
        List<String> expected = upper(verbs);
        if (!isSubsequence(expected, actual.commands())) {
            throw fail(Messages.sequence(Messages.ofSession("the commands", actual), "contain the subsequence",
                    expected, actual.commands()));
        }
        return myself;
    }

    /**
     * Checks that the receiver sent at least one reply with this code.
     *
     * @param code the reply code, for example 250
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null or no reply line starts with that code
     */
    public TranscriptAssert hasReplyCode(int code) {
        isNotNull();
        Set<Integer> codes = replyCodes();
        if (!codes.contains(code)) {
            throw fail(Messages.missing("a reply with code " + code + " in session " + actual.sessionId(),
                    "the codes sent were " + codes));
        }
        return myself;
    }

    /**
     * Checks the name the client gave in its first EHLO (or HELO).
     *
     * @param name the expected name, compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null, holds no EHLO or HELO, or the first gave another name
     */
    public TranscriptAssert hasEhloName(String name) {
        isNotNull();
        String found = actual.clientLines().stream()
                .filter(l -> Render.verbOf(l).equals("EHLO") || Render.verbOf(l).equals("HELO"))
                .map(l -> l.indexOf(' ') < 0 ? "" : l.substring(l.indexOf(' ') + 1).strip())
                .findFirst().orElse(null);
        if (found == null) {
            throw fail(Messages.missing(Messages.ofSession("the EHLO name", actual),
                    "the client sent no EHLO or HELO"));
        }
        if (!found.equals(name)) {
            throw fail(Messages.is(Messages.ofSession("the EHLO name", actual), name, found));
        }
        return myself;
    }

    /**
     * Checks that the client pipelined (RFC 2920): it sent at least one command before the reply to
     * the previous one, as recorded in {@link Transcript.Line#pipelined()}. Whether that was allowed
     * at that point is a separate question, answered by
     * {@link MailboxAssert#hasProtocolViolation}({@code COMMAND_BEFORE_REPLY}).
     *
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null or no line is marked pipelined
     */
    public TranscriptAssert usedPipelining() {
        isNotNull();
        if (actual.lines().stream().noneMatch(Transcript.Line::pipelined)) {
            throw fail(Messages.missing("the client of session " + actual.sessionId()
                    + " to pipeline (send a command before the previous reply, RFC 2920)",
                    "it waited for every reply"));
        }
        return myself;
    }

    /**
     * Checks that the client upgraded the session with STARTTLS (RFC 3207) and the handshake completed.
     *
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null, the client sent no STARTTLS, the
     *                        handshake did not complete, or the session was implicit TLS from the start
     */
    public TranscriptAssert usedStartTls() {
        isNotNull();
        int startTls = firstClientVerb("STARTTLS");
        int tls = tlsLineIndex();
        String what = "session " + actual.sessionId() + " to upgrade to TLS with STARTTLS (RFC 3207)";
        if (tls >= 0 && (startTls < 0 || tls < startTls)) {
            throw fail(Messages.missing(what, "it used implicit TLS from the start (RFC 8314)"));
        }
        if (startTls < 0) {
            throw fail(Messages.missing(what, "the client never sent STARTTLS"));
        }
        if (tls < 0) {
            throw fail(Messages.missing(what, "no TLS handshake completed after STARTTLS"));
        }
        return myself;
    }

    /**
     * Checks the TLS protocol version the session negotiated, with STARTTLS or implicit TLS.
     *
     * @param protocol the version as the JDK names it, for example {@code "TLSv1.3"} or {@code "TLSv1.2"}
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null, no TLS handshake completed, or another
     *                        version was negotiated
     */
    public TranscriptAssert negotiatedTls(String protocol) {
        isNotNull();
        int tls = tlsLineIndex();
        if (tls < 0) {
            throw fail(Messages.missing("session " + actual.sessionId() + " to negotiate " + protocol,
                    "it did not use TLS"));
        }
        String details = actual.lines().get(tls).text().substring(TLS_STARTED.length());
        String found = details.indexOf(' ') < 0 ? details : details.substring(0, details.indexOf(' '));
        if (!found.equals(protocol)) {
            throw fail(Messages.is(Messages.ofSession("the TLS protocol", actual), protocol, found));
        }
        return myself;
    }

    /**
     * Checks the SASL mechanism of the client's successful {@code AUTH} (RFC 4954).
     *
     * @param mechanism the expected mechanism
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null, no AUTH was answered 235, or another
     *                        mechanism succeeded
     */
    public TranscriptAssert usedAuthMechanism(AuthMechanism mechanism) {
        isNotNull();
        String found = successfulAuthMechanism();
        if (found == null) {
            throw fail(Messages.missing("session " + actual.sessionId() + " to log in with "
                    + mechanism.saslName(), "the client did not log in (no AUTH answered 235)"));
        }
        if (!found.equals(mechanism.saslName())) {
            throw fail(Messages.is(Messages.ofSession("the AUTH mechanism", actual),
                    Messages.verbatim(mechanism.saslName()), Messages.verbatim(found)));
        }
        return myself;
    }

    /**
     * Checks who logged in with {@code AUTH} (RFC 4954) on this session. The dialogue masks
     * credentials, so the user is read from the envelope of the session's emails or, for a session
     * that sent none, from its {@link dev.smtptestkit.SmtpEvent.ClientDisconnected#auth()}: use it
     * after {@code assertThat(mailbox).singleSession()} or {@code session(int)} (a session without
     * mail must have ended: wait for its {@code ClientDisconnected}), or assert on the email with
     * {@link ReceivedEmailAssert#wasAuthenticatedAs(String)}.
     *
     * @param user the expected user name (PLAIN's authentication identity), compared exactly
     * @return this assert, for chaining
     * @throws AssertionError when the transcript is null, the client did not log in, another user
     *                        logged in, or the user is not known (no email of the session and no
     *                        recorded end of it)
     */
    public TranscriptAssert authenticatedAs(String user) {
        isNotNull();
        String what = "session " + actual.sessionId() + " to be authenticated as " + Messages.show(user);
        if (successfulAuthMechanism() == null) {
            throw fail(Messages.missing(what, "the client did not log in (no AUTH answered 235)"));
        }
        Optional<String> found = sessionEmails.stream()
                .map(e -> e.envelope().auth().map(AuthDetails::user))
                .flatMap(Optional::stream).findFirst()
                .or(() -> endedLogin.map(AuthDetails::user));
        if (found.isEmpty()) {
            throw fail(Messages.missing(what, "the dialogue masks who logged in, and neither an email of the"
                    + " session nor its ClientDisconnected event records it: navigate from the mailbox"
                    + " (assertThat(mailbox).singleSession()), and for a session without mail wait for its end"
                    + " (mailbox.awaitEvent(ClientDisconnected.class, ...)) first"));
        }
        if (!found.get().equals(user)) {
            throw fail(Messages.is(Messages.ofSession("the authenticated user", actual), user, found.get()));
        }
        return myself;
    }

    private int firstClientVerb(String verb) {
        List<Transcript.Line> lines = actual.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).direction() == Transcript.Direction.CLIENT && Render.verbOf(lines.get(i).text()).equals(verb)) {
                return i;
            }
        }
        return -1;
    }

    private int tlsLineIndex() {
        List<Transcript.Line> lines = actual.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).direction() == Transcript.Direction.SERVER && lines.get(i).text().startsWith(TLS_STARTED)) {
                return i;
            }
        }
        return -1;
    }

    // RFC 4954 4: an AUTH exchange is the command, any 334 challenges with their answers, then
    // the final reply; 235 means the login succeeded. The masked command keeps the mechanism name.
    private String successfulAuthMechanism() {
        String pending = null;
        for (Transcript.Line line : actual.lines()) {
            String text = line.text();
            if (line.direction() == Transcript.Direction.CLIENT) {
                if (pending == null && Render.verbOf(text).equals("AUTH")) {
                    String[] words = text.split(" ", 3);
                    pending = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
                }
            } else if (pending != null && !text.startsWith("334")) {
                if (text.startsWith("235")) {
                    return pending;
                }
                pending = null;
            }
        }
        return null;
    }

    private Set<Integer> replyCodes() {
        Set<Integer> codes = new LinkedHashSet<>();
        for (Transcript.Line line : actual.lines()) {
            String text = line.text();
            if (line.direction() == Transcript.Direction.SERVER && text.length() >= 3
                    && text.chars().limit(3).allMatch(Character::isDigit)) {
                codes.add(Integer.parseInt(text.substring(0, 3)));
            }
        }
        return codes;
    }

    private static boolean isSubsequence(List<String> wanted, List<String> in) {
        int next = 0;
        for (String verb : in) {
            if (next < wanted.size() && wanted.get(next).equals(verb)) {
                next++;
            }
        }
        return next == wanted.size();
    }

    private static List<String> upper(String... verbs) {
        return List.of(verbs).stream().map(Render::verbOf).toList();
    }

    private AssertionError fail(String head) {
        return failure(Messages.escape(Messages.withTranscript(head, actual)));
    }
}
