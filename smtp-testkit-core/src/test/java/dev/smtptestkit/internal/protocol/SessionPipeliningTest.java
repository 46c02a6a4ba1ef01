package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PIPELINING (RFC 2920): the connection tells the session whether more input was already waiting
 * behind a command line ({@code moreInput}); commands that must end a group record a violation.
 */
class SessionPipeliningTest {

    @Test
    void answersAWholePipelinedTransactionInOrder() {
        // RFC 2920 3.1: MAIL and RCPT may be pipelined; DATA ends the group
        Dialogue d = dialogue().ehlo()
                .pipelined("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .pipelined("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .pipelined("RCPT TO:<bad>").expect(501, "5.1.3")
                .pipelined("RCPT TO:<c@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("b@example.com", "c@example.com");
        assertThat(d.rules()).doesNotContain(Rule.COMMAND_BEFORE_REPLY);
    }

    @Test
    void allowsRsetAndBdatInAGroup() {
        // RFC 2920 3.1 (RSET) and RFC 3030 4 (BDAT may be pipelined)
        Dialogue d = dialogue().ehlo()
                .pipelined("RSET").expect(250, "2.0.0")
                .pipelined("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .pipelined("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .pipelined("BDAT 3").expectNoReply()
                .content("abc").expect(250, "2.0.0")
                .pipelined("BDAT 2 LAST").expectNoReply()
                .content("de").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo("abcde");
        assertThat(d.rules()).doesNotContain(Rule.COMMAND_BEFORE_REPLY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            EHLO again.example | 250 | ''
            HELO again.example | 250 | ''
            NOOP               | 250 | 2.0.0
            VRFY someone       | 252 | 2.0.0
            EXPN list          | 502 | 5.5.1
            QUIT               | 221 | 2.0.0
            """)
    void recordsACommandThatMustEndAGroupFollowedByMore(String line, int code, String enhancedCode) {
        // RFC 2920 3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP can only be last in a group
        Dialogue d = dialogue().ehlo().pipelined(line).expect(code, enhancedCode);

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line)
                .contains(tuple(Rule.COMMAND_BEFORE_REPLY, line));
    }

    @Test
    void recordsDataFollowedByContentBeforeThe354() {
        Dialogue d = dialogue().transaction().pipelined("DATA").expect(354);

        assertThat(d.rules()).containsExactly(Rule.COMMAND_BEFORE_REPLY);
        assertThat(d.violations().get(0).line()).isEqualTo("DATA");
    }

    @Test
    void recordsEveryPipelinedCommandAfterHelo() {
        // without the PIPELINING extension (HELO), every command waits for its reply
        Dialogue d = dialogue().helo()
                .pipelined("MAIL FROM:<a@example.com>").expect(250)
                .pipelined("RCPT TO:<b@example.com>").expect(250)
                .pipelined("RSET").expect(250);

        assertThat(d.rules()).containsExactly(Rule.COMMAND_BEFORE_REPLY, Rule.COMMAND_BEFORE_REPLY,
                Rule.COMMAND_BEFORE_REPLY);
    }

    @Test
    void recordsAPipelinedCommandBeforeAnyGreeting() {
        Dialogue d = dialogue().pipelined("NOOP").expect(250);

        assertThat(d.rules()).containsExactly(Rule.COMMAND_BEFORE_REPLY);
    }

    @Test
    void doesNotRecordAnythingWhenTheClientWaits() {
        Dialogue d = dialogue().ehlo()
                .send("NOOP").expect(250, "2.0.0")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0")
                .send("QUIT").expect(221, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void answersTheCommandAfterAViolationWithASyncErrorInStrictMode() {
        // strict mode: a command that came before the reply it had to wait for is refused
        Dialogue d = dialogue(Dialogue.strictConfig()).ehlo()
                .pipelined("NOOP").expect(250, "2.0.0")
                .send("MAIL FROM:<a@example.com>").expect(554, "5.5.0")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");

        assertThat(d.rules()).contains(Rule.COMMAND_BEFORE_REPLY);
    }

    @Test
    void stillHonoursQuitAfterAViolationInStrictMode() {
        // RFC 5321 4.1.1.10: QUIT MUST be answered with 221 and a close
        Dialogue d = dialogue(Dialogue.strictConfig()).ehlo()
                .pipelined("NOOP").expect(250, "2.0.0")
                .send("QUIT").expect(221, "2.0.0");

        assertThat(d.session().mode()).isEqualTo(Session.Mode.CLOSED);
    }
}
