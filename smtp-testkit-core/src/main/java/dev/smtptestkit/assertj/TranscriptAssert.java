package dev.smtptestkit.assertj;

import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.format.Render;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
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
 * <p>STARTTLS and AUTH assertions are not offered: the receiver supports neither yet; they will
 * come with those features.
 */
public class TranscriptAssert extends AbstractAssert<TranscriptAssert, Transcript> {

    /**
     * Creates the assert; use {@link SmtpAssertions#assertThat(Transcript)}.
     *
     * @param actual the transcript under test
     */
    public TranscriptAssert(Transcript actual) {
        super(actual, TranscriptAssert.class);
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
