package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DATA transparency at the octet level (RFC 5321 4.5.2) and the end of data (4.1.1.4). */
class SessionDataTest {

    private static final String HEADERS = "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
            + "From: a@example.com\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "\r\n";

    /** Sends DATA and the content (one piece), expects the final reply, returns the dialogue. */
    private static Dialogue sendData(String content) {
        return dialogue().transaction().send("DATA").expect(354)
                .content(content.getBytes(ISO_8859_1)).expect(250, "2.0.0");
    }

    private static String recorded(Dialogue d) {
        return new String(Dialogue.bytes(d.singleDelivery()), ISO_8859_1);
    }

    @Test
    void removesTheLeadingDotOfEveryLineIncludingTheFirst() {
        // RFC 5321 4.5.2: the 354 counts as the line end before the first line
        Dialogue d = sendData(".first\r\n..second\r\nthird.\r\n.fourth.\r\n.\r\n");

        assertThat(recorded(d)).isEqualTo("first\r\n.second\r\nthird.\r\nfourth.\r\n");
    }

    @Test
    void turnsADoubleDotLineIntoASingleDot() {
        Dialogue d = sendData(HEADERS + "before\r\n..\r\n...\r\nafter\r\n.\r\n");

        assertThat(recorded(d)).isEqualTo(HEADERS + "before\r\n.\r\n..\r\nafter\r\n");
    }

    @Test
    void recordsAnEmptyMessage() {
        // RFC 5321 4.1.1.4: DATA, then "." alone, is a valid (empty) message
        Dialogue d = sendData(".\r\n");

        assertThat(d.singleDelivery().content().length()).isZero();
        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("b@example.com");
    }

    @Test
    void keepsTheCrlfOfTheLastLine() {
        // RFC 5321 4.1.1.4: the CRLF before "." belongs to the message
        Dialogue d = sendData(HEADERS + "a\r\nb\r\n.\r\n");

        assertThat(recorded(d)).isEqualTo(HEADERS + "a\r\nb\r\n");
    }

    @Test
    void keepsAnEmptyLastLine() {
        Dialogue d = sendData(HEADERS + "a\r\n\r\n.\r\n");

        assertThat(recorded(d)).isEqualTo(HEADERS + "a\r\n\r\n");
    }

    @Test
    void stopsConsumingRightAfterTheEndOfData() {
        Dialogue d = dialogue().transaction().send("DATA").expect(354);
        byte[] input = "body\r\n.\r\nQUIT\r\n".getBytes(ISO_8859_1);

        Outcome result = d.session().data(input, 0, input.length);

        // what follows the end of data are commands again (RFC 2920 pipelining)
        assertThat(result.consumed()).isEqualTo(9);
        assertThat(result.reply().code()).isEqualTo(250);
        assertThat(result.delivery()).isNotNull();
        assertThat(d.session().mode()).isEqualTo(Session.Mode.COMMAND);
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
    }

    @Test
    void consumesEverythingAndAnswersNothingBeforeTheEnd() {
        Dialogue d = dialogue().transaction().send("DATA").expect(354);
        byte[] input = "line one\r\n.line two\r\n".getBytes(ISO_8859_1);

        Outcome result = d.session().data(input, 0, input.length);

        assertThat(result.consumed()).isEqualTo(input.length);
        assertThat(result.reply()).isNull();
        assertThat(result.delivery()).isNull();
        assertThat(d.session().mode()).isEqualTo(Session.Mode.DATA);
    }

    /**
     * Line ends that are not CRLF around a dot, followed by text that looks like a smuggled
     * command. None of them ends the message (SMTP smuggling, CVE-2023-51764). The second value is
     * what the receiver records in its place: a line that starts with a dot after a real CRLF
     * loses that dot (RFC 5321 4.5.2), everything else is kept as sent.
     */
    static Stream<Arguments> falseEndsOfData() {
        return Stream.of(
                Arguments.of("LF.LF", "\n.\n", "\n.\n"),
                Arguments.of("CR.CR", "\r.\r", "\r.\r"),
                Arguments.of("LF.CRLF", "\n.\r\n", "\n.\r\n"),
                Arguments.of("CR.CRLF", "\r.\r\n", "\r.\r\n"),
                Arguments.of("CRLF.LF", "\r\n.\n", "\r\n\n"),
                Arguments.of("CRLF.CR", "\r\n.\r", "\r\n\r"),
                Arguments.of("CRLF.CRCRLF", "\r\n.\r\r\n", "\r\n\r\r\n"),
                Arguments.of("LF.CR", "\n.\r", "\n.\r"),
                Arguments.of("CR.LF", "\r.\n", "\r.\n"),
                Arguments.of("CRLF SP.CRLF", "\r\n .\r\n", "\r\n .\r\n"),
                Arguments.of("CRLF.SP CRLF", "\r\n. \r\n", "\r\n \r\n"),
                Arguments.of("CRLF.NUL CRLF", "\r\n.\0\r\n", "\r\n\0\r\n"),
                Arguments.of("CRLF..CRLF", "\r\n..\r\n", "\r\n.\r\n"),
                Arguments.of("LFLF.LFLF", "\n\n.\n\n", "\n\n.\n\n"),
                Arguments.of("CRCRLF.CR", "\r\r\n.\r", "\r\r\n\r"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("falseEndsOfData")
    void neverEndsDataOnAnythingButCrlfDotCrlf(String name, String sequence, String recordedAs) {
        String smuggled = "MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n";
        String content = HEADERS + "before" + sequence + smuggled + "after\r\n";

        Dialogue d = sendData(content + ".\r\n");

        // one message, holding the would-be commands as text; no reply came before the real end
        assertThat(recorded(d)).isEqualTo(HEADERS + "before" + recordedAs + smuggled + "after\r\n");
        assertThat(d.singleDelivery().envelope().sender()).isEqualTo("a@example.com");
    }

    @Test
    void recordsBareLineEndsAsViolations() {
        // RFC 5321 2.3.8: CR and LF only as CRLF in message data
        Dialogue d = sendData(HEADERS + "one\ntwo\r\n.\r\n");

        assertThat(d.rules()).containsExactly(Rule.BARE_CR_OR_LF);
        assertThat(d.violations().get(0).line()).isEqualTo("one\\n");
        assertThat(d.violations().get(0).sessionId()).isEqualTo(Dialogue.SESSION_ID);
    }

    @Test
    void recordsABareCrAsViolation() {
        Dialogue d = sendData(HEADERS + "one\rtwo\r\n.\r\n");

        assertThat(d.rules()).containsExactly(Rule.BARE_CR_OR_LF);
        assertThat(recorded(d)).isEqualTo(HEADERS + "one\rtwo\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("falseEndsOfData")
    void recordsEveryFalseEndAsABareLineEnd(String name, String sequence, String recordedAs) {
        Dialogue d = sendData(HEADERS + "before" + sequence + "after\r\n.\r\n");

        boolean bare = recordedAs.replace("\r\n", "").contains("\r") || recordedAs.replace("\r\n", "").contains("\n");
        assertThat(d.rules().contains(Rule.BARE_CR_OR_LF)).as(name).isEqualTo(bare);
    }

    @Test
    void endsDataAfterABareCrFollowedByCrlfDotCrlf() {
        // "\r" then "\r\n.\r\n": the last five octets are a real end of data
        Dialogue d = sendData(HEADERS + "text\r\r\n.\r\n");

        assertThat(recorded(d)).isEqualTo(HEADERS + "text\r\r\n");
        assertThat(d.rules()).containsExactly(Rule.BARE_CR_OR_LF);
    }

    @Test
    void runsTwoTransactionsInOneSession() {
        Dialogue d = sendData(HEADERS + "first\r\n.\r\n")
                .send("MAIL FROM:<c@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<d@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(HEADERS + "second\r\n.\r\n").expect(250, "2.0.0");

        assertThat(d.deliveries()).hasSize(2);
        assertThat(Dialogue.text(d.deliveries().get(0))).endsWith("first\r\n");
        assertThat(Dialogue.text(d.deliveries().get(1))).endsWith("second\r\n");
        assertThat(d.deliveries().get(1).envelope().sender()).isEqualTo("c@example.com");
        assertThat(d.deliveries().get(1).id()).isEqualTo("s1.2");
    }

    private static final String TRICKY = HEADERS
            + ".leading dot\r\n..two dots\r\n.\n.\r.\r\n\r\n...\r\n"
            + "bare\nline\rends\r\r\n\n\r"
            + "8-bit: \u00e9\u00ff\r\n"
            + ".\r\r\n. \r\n";

    private static byte[] trickyInput() {
        return (TRICKY + "\r\n.\r\n").getBytes(ISO_8859_1);
    }

    private static byte[] deliverInPieces(byte[] input, int... pieces) {
        Dialogue d = dialogue().transaction().send("DATA").expect(354).content(input, pieces).expect(250, "2.0.0");
        return Dialogue.bytes(d.singleDelivery());
    }

    @Test
    void recordsTheSameOctetsWhenFedOneOctetAtATime() {
        byte[] input = trickyInput();
        byte[] whole = deliverInPieces(input);

        byte[] bytewise = deliverInPieces(input, IntStream.range(0, input.length).map(i -> 1).toArray());

        assertThat(bytewise).isEqualTo(whole);
        assertThat(new String(whole, ISO_8859_1)).startsWith(HEADERS + "leading dot\r\n.two dots\r\n\n.\r.\r\n\r\n..\r\n")
                .endsWith("8-bit: \u00e9\u00ff\r\n\r\r\n \r\n\r\n");
    }

    @Test
    void recordsTheSameOctetsForAnySplitOfTheInput() {
        byte[] input = trickyInput();
        byte[] whole = deliverInPieces(input);
        Random random = new Random(5321);

        for (int run = 0; run < 200; run++) {
            int[] pieces = random.ints(input.length, 1, 8).toArray();

            byte[] split = deliverInPieces(input, pieces);

            assertThat(split).as("split %s", Arrays.toString(pieces)).isEqualTo(whole);
        }
    }

    @Test
    void findsTheEndOfDataSplitAtEveryPosition() {
        byte[] input = (HEADERS + "x\r\n.\r\n").getBytes(ISO_8859_1);

        for (int cut = 1; cut < input.length; cut++) {
            byte[] recorded = deliverInPieces(input, cut);

            assertThat(new String(recorded, ISO_8859_1)).as("cut at %d", cut).isEqualTo(HEADERS + "x\r\n");
        }
    }
}
