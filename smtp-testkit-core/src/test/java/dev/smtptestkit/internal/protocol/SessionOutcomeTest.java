package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's outcomes: the script hook between deciding and applying, violations named where
 * they are detected (never inferred from a reply code), the steps the connection used to decide
 * itself (timeouts, shutdown, refusal), the junk-command limit and the EHLO list built from the
 * enabled extensions.
 */
class SessionOutcomeTest {

    private static final Reply NO_SUCH_USER = new Reply(550, "5.1.1", List.of("No such user"));

    // A trivial script: one recipient is refused, everything else is as the session decided.
    private static final Script REFUSE_BOB = (step, decided) ->
            step.command() instanceof Command.Rcpt r && r.path().mailbox().equals("bob@example.com")
                    ? decided.withScriptedReply(NO_SUCH_USER) : decided;

    @Test
    void aScriptReplacesOneReplyAndTheRecipientIsNotAdded() {
        Dialogue d = dialogue(Dialogue.config(), REFUSE_BOB).ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<ann@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<bob@example.com>").expect(550, "5.1.1");
        assertThat(d.result().scripted()).isTrue();
        d.send("DATA").expect(354).content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("ann@example.com");
        assertThat(d.violations()).as("a scripted refusal is not the client's fault").isEmpty();
    }

    @Test
    void aScriptRefusingEveryRecipientMakesDataGet554() {
        Script refuseAll = (step, decided) -> step.command() instanceof Command.Rcpt
                ? decided.withScriptedReply(NO_SUCH_USER) : decided;
        dialogue(Dialogue.config(), refuseAll).ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<bob@example.com>").expect(550, "5.1.1")
                .send("DATA").expect(554, "5.5.1");
    }

    @Test
    void aScriptedRefusalOfDataReadsNoMessageData() {
        Reply busy = new Reply(451, "4.3.0", List.of("Try again later"));
        Script refuseData = (step, decided) -> step.command() instanceof Command.Data
                ? decided.withScriptedReply(busy) : decided;
        Dialogue d = dialogue(Dialogue.config(), refuseData).transaction().send("DATA").expect(451, "4.3.0");

        assertThat(d.result().effect()).isEqualTo(Effect.NONE);
        assertThat(d.session().state()).isEqualTo(Session.State.RCPT);
        d.send("NOOP").expect(250, "2.0.0");
    }

    @Test
    void aScripted421ClosesAsScripted() {
        Reply bye = new Reply(421, "4.3.2", List.of("Going away"));
        Script close = (step, decided) -> step.command() instanceof Command.Mail ? decided.withScriptedReply(bye) : decided;
        Dialogue d = dialogue(Dialogue.config(), close).ehlo().send("MAIL FROM:<a@example.com>").expect(421, "4.3.2");

        assertThat(d.result().close()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(d.violations()).isEmpty();
    }

    @Test
    void aScriptedRefusalAtTheEndOfDataRecordsNothing() {
        Reply full = new Reply(452, "4.3.1", List.of("Mailbox full"));
        Script refuseMessage = (step, decided) -> step.point() == Script.Point.END_OF_DATA
                ? decided.withScriptedReply(full) : decided;
        Dialogue d = dialogue(Dialogue.config(), refuseMessage).transaction()
                .send("DATA").expect(354).content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(452, "4.3.1");

        assertThat(d.deliveries()).isEmpty();
        d.send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
    }

    @Test
    void theGreetingGoesThroughTheScript() {
        Reply refused = new Reply(554, "", List.of("No service"));
        Session session = new Session(Dialogue.config(), "s1", Dialogue.CLIENT,
                (step, decided) -> step.point() == Script.Point.GREETING ? decided.withScriptedReply(refused) : decided);

        assertThat(session.greet().reply()).isEqualTo(refused);
    }

    @Test
    void commandsPipelinedBehindARefusedMailAreNotViolations() {
        // RFC 2920 3.1: the client sent RCPT and DATA before it could see MAIL's 555
        Dialogue d = dialogue().ehlo()
                .send(bytes("MAIL FROM:<a@example.com> FOO=1"), true).expect(555, "5.5.4")
                .send(bytes("RCPT TO:<b@example.com>"), true).expect(503, "5.5.1")
                .send(bytes("DATA"), false).expect(503, "5.5.1");

        assertThat(d.rules()).containsExactly(Rule.UNKNOWN_PARAMETER);
    }

    @Test
    void aCommandOutOfSequenceThatCouldWaitIsAViolation() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com> FOO=1").expect(555, "5.5.4")
                .send("RCPT TO:<b@example.com>").expect(503, "5.5.1");

        assertThat(d.rules()).containsExactly(Rule.UNKNOWN_PARAMETER, Rule.BAD_SEQUENCE);
    }

    @Test
    void aRecipientOverTheLimitIsNoViolation() {
        SessionConfig one = new SessionConfig("mx.test", 10_000, 1, 1024, false);
        Dialogue d = dialogue(one).ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<c@example.com>").expect(452, "4.5.3");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void tooManyCommandsWithoutATransactionEndTheSession() {
        Dialogue d = dialogue(Dialogue.config().withMaxJunkCommands(3)).ehlo()
                .send("NOOP").expect(250, "2.0.0")
                .send("RSET").expect(250, "2.0.0")
                .send("VRFY x").expect(252, "2.0.0")
                .send("NOOP").expect(421, "4.7.0");

        assertThat(d.result().close()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
        assertThat(d.rules()).containsExactly(Rule.TOO_MANY_JUNK_COMMANDS);
        assertThat(d.session().state()).isEqualTo(Session.State.CLOSED);
    }

    @Test
    void anAcceptedMessageStartsTheJunkCountAgain() {
        Dialogue d = dialogue(Dialogue.config().withMaxJunkCommands(2)).ehlo()
                .send("NOOP").expect(250, "2.0.0")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354).content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");
        d.send("NOOP").expect(250, "2.0.0").send("NOOP").expect(250, "2.0.0")
                .send("NOOP").expect(421, "4.7.0");
    }

    @Test
    void theEhloListComesFromTheEnabledExtensions() {
        SessionConfig some = Dialogue.config().withExtensions(EnumSet.of(Extension.SIZE, Extension.ENHANCED_STATUS_CODES));
        Dialogue d = dialogue(some).send("EHLO client.example").expect(250);

        assertThat(d.reply().lines()).containsExactly("mx.test greets client.example", "SIZE 10000",
                "ENHANCEDSTATUSCODES");
        d.send("MAIL FROM:<a@example.com> BODY=8BITMIME").expect(555, "5.5.4")
                .send("MAIL FROM:<a@example.com> SIZE=10").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("BDAT 0 LAST").expect(503, "5.5.1");
    }

    @Test
    void withoutPipeliningOfferedAPipelinedCommandIsAViolation() {
        SessionConfig noPipelining = Dialogue.config().withExtensions(EnumSet.complementOf(EnumSet.of(Extension.PIPELINING)));
        Dialogue d = dialogue(noPipelining).ehlo().send(bytes("MAIL FROM:<a@example.com>"), true).expect(250, "2.1.0");

        assertThat(d.rules()).containsExactly(Rule.COMMAND_BEFORE_REPLY);
    }

    @Test
    void withoutEnhancedStatusCodesOfferedRepliesCarryNone() {
        SessionConfig plain = Dialogue.config().withExtensions(EnumSet.of(Extension.PIPELINING));
        dialogue(plain).send("EHLO client.example").expect(250).send("NOOP").expect(250, "");
    }

    @Test
    void aLongOrNonAsciiClientNameIsNotEchoedAsSent() {
        // RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; replies are 7-bit (4.2)
        Dialogue d = dialogue().send("EHLO " + "h".repeat(1000)).expect(250);
        assertThat(d.reply().wireLines().get(0)).hasSizeLessThan(512)
                .isEqualTo("250-mx.test greets " + "h".repeat(64) + "...");

        d.send("HELO grüße.example").expect(250);
        assertThat(d.reply().lines().get(0)).isEqualTo("mx.test greets gr??e.example");
    }

    @Test
    void timeoutsShutdownAndRefusalAreOutcomesOfTheSession() {
        Session fresh = new Session(Dialogue.config(), "s1", Dialogue.CLIENT);
        Outcome idle = fresh.idleTimeout(500);
        assertThat(idle.reply().code()).isEqualTo(421);
        assertThat(idle.reply().enhancedCode()).as("no enhanced code before EHLO (RFC 2034 3)").isEmpty();
        assertThat(idle.effect()).isEqualTo(new Effect.Close(DisconnectReason.IDLE_TIMEOUT,
                "no complete command within 500 ms", false));

        Dialogue d = dialogue().ehlo();
        Outcome stop = d.session().shutdown();
        assertThat(stop.reply().wireLines()).containsExactly("421 4.3.2 Service shutting down, closing connection");
        assertThat(stop.close()).isEqualTo(DisconnectReason.SERVER_STOPPED);

        Outcome unread = new Session(Dialogue.config(), "s2", Dialogue.CLIENT).replyNotRead(500);
        assertThat(unread.reply()).isNull();
        assertThat(unread.effect()).isEqualTo(new Effect.Close(DisconnectReason.IDLE_TIMEOUT,
                "the client read no reply for 500 ms", false));

        Outcome full = new Session(Dialogue.config(), "s3", Dialogue.CLIENT).refuse(false, 8);
        assertThat(full.reply().wireLines()).containsExactly("421 Too many concurrent sessions (limit 8), try again later");
        assertThat(full.effect()).isEqualTo(new Effect.Close(DisconnectReason.LIMIT_EXCEEDED,
                "more than 8 concurrent sessions", false));
    }

    @Test
    void aLineFarOverTheLimitEndsTheSessionAsALimit() {
        Session session = new Session(Dialogue.config(), "s1", Dialogue.CLIENT);
        Outcome garbage = session.garbage("xxxx...");

        assertThat(garbage.reply().wireLines()).containsExactly("421 Line far too long, closing connection");
        assertThat(garbage.close()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
        assertThat(garbage.violations()).extracting(v -> v.rule()).containsExactly(Rule.COMMAND_LINE_TOO_LONG);
        assertThat(session.garbageLimit()).isEqualTo(64L * 1024);
    }

    @Test
    void authCredentialsAreMaskedBeforeAnythingIsRecorded() {
        Dialogue d = dialogue().ehlo().send("AUTH PLAIN AGFkYQBzZWNyZXQ=").expect(502, "5.5.1");

        assertThat(d.result().clientLine()).isEqualTo("AUTH PLAIN ****");
        assertThat(d.result().answered()).isEqualTo("AUTH PLAIN ****");
        assertThat(d.violations()).isEmpty();
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.US_ASCII);
    }
}
