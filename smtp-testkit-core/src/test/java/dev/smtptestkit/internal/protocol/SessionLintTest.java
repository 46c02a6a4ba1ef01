package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules a message can break ({@link Rule}): recorded by default, refused in strict mode
 * with 550 5.6.0 and no delivery.
 */
class SessionLintTest {

    private static final String DATE = "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n";
    private static final String FROM = "From: a@example.com\r\n";

    private static Dialogue send(SessionConfig config, String mailParameters, String message) {
        return dialogue(config).ehlo()
                .send("MAIL FROM:<a@example.com>" + mailParameters).expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(message + ".\r\n");
    }

    /** Messages breaking exactly one rule: the rule, the MAIL parameters, the message. */
    static Stream<Arguments> brokenMessages() {
        return Stream.of(
                Arguments.of(Rule.MISSING_DATE, "", FROM + "\r\nbody\r\n"),
                Arguments.of(Rule.MISSING_FROM, "", DATE + "\r\nbody\r\n"),
                Arguments.of(Rule.NON_ASCII_HEADER, " BODY=8BITMIME", DATE + FROM + "Subject: Grüße\r\n\r\nbody\r\n"),
                Arguments.of(Rule.MALFORMED_MESSAGE_ID, "", DATE + FROM + "Message-ID: 1234\r\n\r\nbody\r\n"),
                Arguments.of(Rule.MALFORMED_MESSAGE_ID, "", DATE + FROM + "Message-ID: <no-at-sign>\r\n\r\nbody\r\n"),
                Arguments.of(Rule.TEXT_LINE_TOO_LONG, "", DATE + FROM + "\r\n" + "x".repeat(999) + "\r\n"),
                Arguments.of(Rule.EIGHT_BIT_WITHOUT_8BITMIME, "", DATE + FROM + "\r\nGrüße\r\n"),
                Arguments.of(Rule.EIGHT_BIT_WITHOUT_8BITMIME, " BODY=7BIT", DATE + FROM + "\r\nGrüße\r\n"),
                Arguments.of(Rule.BARE_CR_OR_LF, "", DATE + FROM + "\r\nbare\nLF\r\n"));
    }

    /**
     * The message is stored in blocks (4096 octets, then 8128): a header line whose "ü" is split
     * between the first two blocks and a bare LF line across the second boundary (12224) are
     * reported whole, as from one array.
     */
    @Test
    void reportsLinesThatCrossStorageBlocksWhole() {
        StringBuilder head = new StringBuilder(DATE + FROM);
        while (head.length() < 3900) {
            head.append("X-Pad: ").append("p".repeat(70)).append("\r\n");
        }
        // "Subject: Gr" is 11 octets, so the two octets of "ü" sit at 4095 and 4096
        int fill = 4095 - 11 - head.length() - "X-Fill: \r\n".length();
        head.append("X-Fill: ").append("f".repeat(fill)).append("\r\n");
        assertThat(head.length()).isEqualTo(4095 - 11);
        head.append("Subject: Grüße\r\n\r\n");
        StringBuilder message = new StringBuilder(head);
        int octets = head.length() + 2; // "ü" and "ß" are two octets each
        while (octets < 12220 - 600) {
            message.append("y".repeat(498)).append("\r\n");
            octets += 500;
        }
        message.append("z".repeat(12220 - octets - 2)).append("\r\n");
        message.append("bare\nLF\r\n"); // its LF is octet 12224, the first of the third block

        SessionConfig config = new SessionConfig("mx.test", 1 << 20, 100, 1024, false);
        Dialogue d = send(config, " BODY=8BITMIME", message.toString()).expect(250, "2.0.0");

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line).containsExactly(
                tuple(Rule.BARE_CR_OR_LF, "bare\\n"),
                tuple(Rule.NON_ASCII_HEADER, "Subject: Grüße"));
        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message.toString());
        assertThat(d.singleDelivery().content().blockCount()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("brokenMessages")
    void recordsTheRuleAndAcceptsTheMessage(Rule rule, String mailParameters, String message) {
        Dialogue d = send(Dialogue.config(), mailParameters, message).expect(250, "2.0.0");

        assertThat(d.rules()).containsExactly(rule);
        assertThat(d.violations()).allSatisfy(v -> assertThat(v.sessionId()).isEqualTo(Dialogue.SESSION_ID));
        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    static Stream<Arguments> rejectableMessages() {
        return brokenMessages().filter(a -> ((Rule) a.get()[0]).rejectable());
    }

    // RFC 6409 8.2 and 8.3: what a submission server repairs (Date, Message-ID) is reported, never refused
    static Stream<Arguments> repairableMessages() {
        return brokenMessages().filter(a -> !((Rule) a.get()[0]).rejectable());
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("rejectableMessages")
    void refusesTheMessageWhenRejectingViolations(Rule rule, String mailParameters, String message) {
        Dialogue d = send(Dialogue.strictConfig(), mailParameters, message).expect(550, "5.6.0");

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.rules()).containsExactly(rule);
        assertThat(d.reply().lines().get(0))
                .isEqualTo("Message rejected: " + rule.description() + " (" + rule.reference() + ")");
        d.send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("repairableMessages")
    void recordsButAcceptsWhatASubmissionServerRepairs(Rule rule, String mailParameters, String message) {
        Dialogue d = send(Dialogue.strictConfig(), mailParameters, message).expect(250, "2.0.0");

        assertThat(d.rules()).containsExactly(rule);
        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void onlyDateAndMessageIdAreNeverRefused() {
        assertThat(Stream.of(Rule.values()).filter(r -> !r.rejectable()))
                .containsExactlyInAnyOrder(Rule.MISSING_DATE, Rule.MALFORMED_MESSAGE_ID);
    }

    @Test
    void acceptsACleanMessageInStrictModeWithoutViolations() {
        Dialogue d = send(Dialogue.strictConfig(), "", Dialogue.CLEAN_MESSAGE).expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(Dialogue.CLEAN_MESSAGE);
    }

    @Test
    void namesTheOffendingLine() {
        Dialogue d = send(Dialogue.config(), "", DATE + FROM + "Message-ID: 1234\r\n\r\nbody\r\n").expect(250, "2.0.0");

        assertThat(d.violations()).extracting(ProtocolViolation::line).containsExactly("Message-ID: 1234");
    }

    @Test
    void allowsLinesOfExactly1000OctetsWithCrlf() {
        // RFC 5321 4.5.3.1.6: 998 characters plus CRLF
        Dialogue d = send(Dialogue.config(), "", DATE + FROM + "\r\n" + "x".repeat(998) + "\r\n").expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void allowsEightBitBodiesWith8bitmime() {
        // RFC 6152 3: BODY=8BITMIME declares octets above 127 in the body
        Dialogue d = send(Dialogue.config(), " BODY=8BITMIME", DATE + FROM + "\r\nGrüße\r\n").expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void allowsUtf8HeadersWithSmtputf8() {
        // RFC 6532 3: UTF-8 in header fields when the message travels with SMTPUTF8
        Dialogue d = send(Dialogue.config(), " SMTPUTF8 BODY=8BITMIME",
                DATE + "From: Jörg <jörg@bücher.example>\r\nSubject: Grüße\r\n\r\nGrüße\r\n").expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void acceptsAFoldedMessageIdAndAnAddressLiteralOne() {
        Dialogue d = send(Dialogue.config(), "", DATE + FROM + "Message-ID:\r\n <abc.def@[127.0.0.1]>\r\n\r\nx\r\n")
                .expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void checksHeadersOnlyNotTheBody() {
        Dialogue d = send(Dialogue.config(), " BODY=8BITMIME",
                DATE + FROM + "\r\nMessage-ID: not checked here\r\nGrüße\r\n").expect(250, "2.0.0");

        assertThat(d.violations()).isEmpty();
    }

    @Test
    void recordsEveryRuleAMessageBreaks() {
        Dialogue d = send(Dialogue.config(), "", "Subject: Grüße\r\n\r\n" + "y".repeat(1200) + "\r\n").expect(250, "2.0.0");

        assertThat(d.rules()).containsExactlyInAnyOrder(Rule.TEXT_LINE_TOO_LONG, Rule.EIGHT_BIT_WITHOUT_8BITMIME,
                Rule.NON_ASCII_HEADER, Rule.MISSING_DATE, Rule.MISSING_FROM);
    }

    @Test
    void refusesAMessageSentAsBdatInStrictMode() {
        String message = DATE + "\r\nno from\r\n";
        Dialogue d = dialogue(Dialogue.strictConfig()).transaction()
                .send("BDAT " + message.length() + " LAST").expectNoReply()
                .content(message).expect(550, "5.6.0");

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.rules()).containsExactly(Rule.MISSING_FROM);
    }

    @Test
    void recordsASpaceBeforeThePath() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM: <a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:  <b@example.com>").expect(250, "2.1.5");

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line).containsExactly(
                tuple(Rule.SPACE_BEFORE_PATH, "MAIL FROM: <a@example.com>"),
                tuple(Rule.SPACE_BEFORE_PATH, "RCPT TO:  <b@example.com>"));
    }

    @Test
    void refusesASpaceBeforeThePathInStrictMode() {
        // RFC 5321 4.1.1.2: "MAIL FROM:" Reverse-path, no space
        Dialogue d = dialogue(Dialogue.strictConfig()).ehlo()
                .send("MAIL FROM: <a@example.com>").expect(501, "5.1.7")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO: <b@example.com>").expect(501, "5.1.3")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        assertThat(d.rules()).containsExactly(Rule.SPACE_BEFORE_PATH, Rule.SPACE_BEFORE_PATH);
    }

    @Test
    void recordsARefusedCommandOnce() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com> FOO=1").expect(555, "5.5.4")
                .send("MAIL FROM:<jörg@example.com>").expect(553, "5.6.7")
                .send("RCPT TO:<b@example.com>").expect(503, "5.5.1");

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line).containsExactly(
                tuple(Rule.UNKNOWN_PARAMETER, "MAIL FROM:<a@example.com> FOO=1"),
                tuple(Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, "MAIL FROM:<jörg@example.com>"),
                tuple(Rule.BAD_SEQUENCE, "RCPT TO:<b@example.com>"));
    }

    @Test
    void recordsARefusedLongCommandOnce() {
        // the violation keeps 200 characters of the line; the rule is still named only once
        String domain = ("a".repeat(60) + ".").repeat(4) + "example";

        Dialogue d = dialogue().ehlo().send("MAIL FROM:<jörg@" + domain + ">").expect(553, "5.6.7");

        assertThat(d.rules()).containsExactly(Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8);
        assertThat(d.violations().get(0).line()).hasSize(203).endsWith("...");
    }

    @Test
    void doesNotRecordRepliesThatAreNotTheClientsFault() {
        // 502 (not offered), 552 (too big) and 452 (too many) are limits of the receiver, not client errors
        SessionConfig one = new SessionConfig("mx.test", 10_000, 1, 1024, false);
        Dialogue d = dialogue(one).ehlo()
                .send("STARTTLS").expect(502, "5.5.1")
                .send("MAIL FROM:<a@example.com> SIZE=20000").expect(552, "5.3.4")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<c@example.com>").expect(452, "4.5.3");

        assertThat(d.violations()).isEmpty();
    }
}
