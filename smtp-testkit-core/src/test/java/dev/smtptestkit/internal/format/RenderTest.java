package dev.smtptestkit.internal.format;

import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.Transcript.Direction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer's masking of AUTH credentials and its caps; transcripts built by hand, no network needed. */
class RenderTest {

    private static final Instant T = Instant.EPOCH;

    private static Transcript.Line c(String text) {
        return new Transcript.Line(T, Direction.CLIENT, text);
    }

    private static Transcript.Line s(String text) {
        return new Transcript.Line(T, Direction.SERVER, text);
    }

    @Test
    void masksTheInitialResponseOfAuthButKeepsTheMechanism() {
        then(Render.maskSecrets("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).isEqualTo("AUTH PLAIN ****");
        then(Render.maskSecrets("auth  login  YWxpY2U=")).isEqualTo("auth login ****");
    }

    @Test
    void leavesAuthWithoutInitialResponseAndOtherCommandsAlone() {
        then(Render.maskSecrets("AUTH LOGIN")).isEqualTo("AUTH LOGIN");
        then(Render.maskSecrets("MAIL FROM:<a@example.com> AUTH=<>")).isEqualTo("MAIL FROM:<a@example.com> AUTH=<>");
        then(Render.maskSecrets("AUTHOR x y")).isEqualTo("AUTHOR x y");
    }

    @Test
    void masksEveryClientLineThatAnswersAChallenge() {
        // RFC 4954 4: after "334" the client sends its (base64) credential on a line of its own
        Transcript transcript = new Transcript("s1", List.of(c("AUTH LOGIN"), s("334 VXNlcm5hbWU6"),
                c("YWxpY2U="), s("334 UGFzc3dvcmQ6"), c("c2VjcmV0"), s("235 2.7.0 OK"), c("MAIL FROM:<a@x>")));
        then(Render.transcript(transcript, 10)).isEqualTo("""
                C: AUTH LOGIN
                S: 334 VXNlcm5hbWU6
                C: ****
                S: 334 UGFzc3dvcmQ6
                C: ****
                S: 235 2.7.0 OK
                C: MAIL FROM:<a@x>""");
        then(transcript.lines().get(2).text()).isEqualTo("YWxpY2U=");
    }

    @Test
    void masksAuthInLineToStringAndCommandEvents() {
        then(c("AUTH PLAIN AGFsaWNl").toString()).isEqualTo("C: AUTH PLAIN ****");
        then(Render.event(new SmtpEvent.CommandReceived(T, "s1", "AUTH PLAIN AGFsaWNl", 235, "235 2.7.0 OK")))
                .isEqualTo("[s1] C: AUTH PLAIN ****  S: 235 2.7.0 OK");
    }

    @Test
    void marksAScriptedReplyInCommandEvents() {
        then(Render.event(new SmtpEvent.CommandReceived(T, "s1", "RCPT TO:<bob@x>", 550, "550 5.1.1 No such user",
                true))).isEqualTo("[s1] C: RCPT TO:<bob@x>  S: 550 5.1.1 No such user  [scripted]");
    }

    @Test
    void foldsTheEhloReplyToOneLine() {
        Transcript transcript = new Transcript("s1", List.of(s("220-mx ready"), s("220 more"), c("EHLO client.example"),
                s("250-mx greets client.example"), s("250-SIZE 1000"), s("250-8BITMIME"), s("250 DSN"),
                c("HELP"), s("214-one"), s("214 two"), c("EHLO again"), s("250-mx greets again"), s("250 SIZE 1000"),
                c("EHLO bad"), s("501 5.5.4 Syntax"), c("EHLO cut"), s("250-mx greets cut"), s("250-SIZE 1")));
        // Only the reply to EHLO is folded; other multi-line replies keep their lines (RFC 5321 4.2.1).
        then(Render.transcript(transcript, 20)).isEqualTo("""
                S: 220-mx ready
                S: 220 more
                C: EHLO client.example
                S: 250 mx greets client.example (SIZE 1000, 8BITMIME, DSN)
                C: HELP
                S: 214-one
                S: 214 two
                C: EHLO again
                S: 250 mx greets again (SIZE 1000)
                C: EHLO bad
                S: 501 5.5.4 Syntax
                C: EHLO cut
                S: 250 mx greets cut (SIZE 1)""");
        then(transcript.lines()).hasSize(18);
    }

    @Test
    void aFoldedReplyCountsAsOneLineOfTheBudget() {
        Transcript transcript = new Transcript("s1", List.of(s("220 ready"), c("EHLO x"), s("250-mx greets x"),
                s("250-SIZE 1"), s("250 DSN"), c("QUIT"), s("221 bye")));
        then(Render.transcript(transcript, 3)).isEqualTo("S: 220 ready\nC: EHLO x\nS: 250 mx greets x (SIZE 1, DSN)\n"
                + "... 2 more lines");
        then(Render.transcripts(List.of(transcript, transcript), 6)).isEqualTo("""
                session s1:
                  S: 220 ready
                  C: EHLO x
                  S: 250 mx greets x (SIZE 1, DSN)
                  C: QUIT
                  S: 221 bye
                session s1:
                  S: 220 ready
                  ... 6 more lines""");
    }

    @Test
    void capsATranscript() {
        Transcript transcript = new Transcript("s1", List.of(s("220 ready"), c("NOOP"), s("250 OK"), c("QUIT")));
        then(Render.transcript(transcript, 2)).isEqualTo("S: 220 ready\nC: NOOP\n... 2 more lines");
    }

    @Test
    void capsSeveralTranscriptsWithOneBudgetAndSummarisesTheSessionsBeyondIt() {
        List<Transcript> sessions = List.of(
                new Transcript("s1", List.of(s("220 ready"), c("NOOP"), s("250 OK"))),
                new Transcript("s2", List.of(s("220 ready"), c("QUIT"), s("221 bye"))),
                new Transcript("s3", List.of(s("220 ready"), c("QUIT"), s("221 bye"))),
                new Transcript("s4", List.of(s("220 ready"))));
        // However many sessions there are, the text stays within the budget plus one summary line.
        then(Render.transcripts(sessions, 4)).isEqualTo("""
                session s1:
                  S: 220 ready
                  C: NOOP
                  S: 250 OK
                session s2:
                  S: 220 ready
                  ... 2 more lines
                ... 4 more lines in 2 more sessions""");
        then(Render.transcripts(sessions.subList(0, 2), 3)).isEqualTo("""
                session s1:
                  S: 220 ready
                  C: NOOP
                  S: 250 OK
                ... 3 more lines in 1 more session""");
        then(Render.transcripts(List.of(), 3)).isEqualTo("(no SMTP session)");
    }

    @Test
    void rendersAndCapsEvents() {
        List<SmtpEvent> events = List.of(new SmtpEvent.ServerStarted(T, "127.0.0.1", 2525),
                new SmtpEvent.ClientDisconnected(T, "s1", DisconnectReason.IDLE_TIMEOUT, "no command"),
                new SmtpEvent.ServerStopped(T, "127.0.0.1", 2525));
        then(Render.events(events, 2)).isEqualTo("""
                server started on 127.0.0.1:2525
                [s1] disconnected: IDLE_TIMEOUT (no command)
                ... 1 more events""");
        then(Render.events(List.of(), 2)).isEqualTo("(no events)");
    }

    @Test
    void capsAValueAtItsLimitAndStatesItsFullSize() {
        then(Render.cap("x".repeat(1_000), Render.VALUE_CAP)).isEqualTo("x".repeat(1_000));
        then(Render.cap("x".repeat(52_428_800), Render.VALUE_CAP))
                .isEqualTo("x".repeat(1_000) + "... (52,428,800 chars in all)");
        then(Render.cap("ab\uD83D\uDE00cd", 3)).isEqualTo("ab... (6 chars in all)"); // never half a surrogate pair
    }
}
