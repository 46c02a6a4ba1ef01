package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CHUNKING (RFC 3030): BDAT chunks, their octets, and how BDAT mixes with the other commands. */
class SessionBdatTest {

    private static byte[] octets(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @Test
    void acceptsAMessageInOneLastChunk() {
        String message = Dialogue.CLEAN_MESSAGE;

        Dialogue d = dialogue().transaction()
                .send("BDAT " + message.length() + " LAST").expectNoReply()
                .content(message).expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
        assertThat(d.reply().lines().get(0)).isEqualTo("OK: message accepted as s1.1");
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
        assertThat(d.violations()).isEmpty();
    }

    @Test
    void concatenatesSeveralChunksExactly() {
        // RFC 3030 2: the message is the concatenation of the chunks; each non-last chunk gets 250
        String message = Dialogue.CLEAN_MESSAGE;
        String first = message.substring(0, 10);
        String second = message.substring(10, 50);
        String third = message.substring(50);

        Dialogue d = dialogue().transaction()
                .send("BDAT 10").expectNoReply()
                .content(first).expect(250, "2.0.0")
                .send("BDAT 40").expectNoReply()
                .content(second).expect(250, "2.0.0");

        assertThat(d.reply().lines().get(0)).isEqualTo("50 octets received");
        assertThat(d.deliveries()).isEmpty();
        assertThat(d.session().state()).isEqualTo(Session.State.BDAT);

        d.send("BDAT " + third.length() + " LAST").expectNoReply().content(third).expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void endsWithAnEmptyLastChunk() {
        // RFC 3030 2: "BDAT 0 LAST" ends the message; it has no octets to read, so it is answered at once
        String message = Dialogue.CLEAN_MESSAGE;

        Dialogue d = dialogue().transaction()
                .send("BDAT " + message.length()).expectNoReply()
                .content(message).expect(250, "2.0.0")
                .send("BDAT 0 LAST").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void recordsAnEmptyMessageSentAsBdat0Last() {
        Dialogue d = dialogue().transaction().send("BDAT 0 LAST").expect(250, "2.0.0");

        assertThat(d.singleDelivery().content().length()).isZero();
    }

    @Test
    void acceptsAnEmptyChunkInTheMiddle() {
        Dialogue d = dialogue().transaction()
                .send("BDAT 0").expect(250, "2.0.0")
                .send("BDAT 3 last").expectNoReply()
                .content("abc").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo("abc");
    }

    @Test
    void keepsChunkOctetsAsTheyAreWithoutUnstuffing() {
        // RFC 3030 2: no dot-stuffing and no end-of-data sequence inside a chunk
        byte[] chunk = octets(".leading\r\n..two\r\n.\r\nQUIT\r\n\0\n\r\u00ff.");

        Dialogue d = dialogue().transaction()
                .send("BDAT " + chunk.length + " LAST").expectNoReply()
                .content(chunk).expect(250, "2.0.0");

        assertThat(Dialogue.bytes(d.singleDelivery())).isEqualTo(chunk);
    }

    @Test
    void readsAChunkFedOneOctetAtATime() {
        byte[] chunk = octets("Subject: x\r\n\r\n.\r\n");

        Dialogue d = dialogue().transaction()
                .send("BDAT " + chunk.length + " LAST").expectNoReply()
                .content(chunk, IntStream.range(0, chunk.length).map(i -> 1).toArray()).expect(250, "2.0.0");

        assertThat(Dialogue.bytes(d.singleDelivery())).isEqualTo(chunk);
    }

    @Test
    void consumesExactlyTheChunkSize() {
        Dialogue d = dialogue().transaction().send("BDAT 5 LAST").expectNoReply();
        byte[] input = octets("12345QUIT\r\n");

        Outcome result = d.session().data(input, 0, input.length);

        assertThat(result.consumed()).isEqualTo(5);
        assertThat(result.reply().code()).isEqualTo(250);
        assertThat(Dialogue.text(result.delivery())).isEqualTo("12345");
        assertThat(d.session().mode()).isEqualTo(Session.Mode.COMMAND);
    }

    @Test
    void tellsTheConnectionHowManyOctetsTheChunkHas() {
        Dialogue d = dialogue().transaction().send("BDAT 100").expectNoReply();

        assertThat(d.session().mode()).isEqualTo(Session.Mode.CHUNK);
        assertThat(d.session().chunkRemaining()).isEqualTo(100);

        d.content(new byte[40], 40);

        assertThat(d.session().chunkRemaining()).isEqualTo(60);
    }

    @Test
    void consumesTheChunkOfABdatWithoutMailThenAnswers503() {
        // RFC 3030 2: the chunk follows the command whatever the answer, so it is read, never run
        byte[] chunk = octets("QUIT\r\n");

        Dialogue d = dialogue().ehlo()
                .send("BDAT " + chunk.length + " LAST").expectNoReply();

        assertThat(d.session().mode()).isEqualTo(Session.Mode.CHUNK);

        d.content(chunk).expect(503, "5.5.1");

        assertThat(d.session().mode()).isEqualTo(Session.Mode.COMMAND);
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
        assertThat(d.deliveries()).isEmpty();
        d.send("NOOP").expect(250, "2.0.0");
    }

    @Test
    void answersBdat0WithoutMailWith503AtOnce() {
        dialogue().ehlo().send("BDAT 0 LAST").expect(503, "5.5.1");
    }

    @Test
    void consumesTheChunkOfABdatBeforeRcptThenAnswers503() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("BDAT 3").expectNoReply()
                .content("abc").expect(503, "5.5.1")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("BDAT 3 LAST").expectNoReply()
                .content("xyz").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo("xyz");
    }

    @Test
    void answersBdatAfterEveryRcptWasRejectedWith554() {
        dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<jörg@example.com>").expect(553, "5.6.7")
                .send("BDAT 2 LAST").expectNoReply()
                .content("ab").expect(554, "5.5.1");
    }

    @Test
    void refusesDataAfterBdat() {
        // RFC 3030 2: DATA and BDAT cannot be mixed in one transaction
        Dialogue d = dialogue().transaction()
                .send("BDAT 3").expectNoReply()
                .content("abc").expect(250, "2.0.0")
                .send("DATA").expect(503, "5.5.1")
                .send("RCPT TO:<c@example.com>").expect(503, "5.5.1")
                .send("MAIL FROM:<c@example.com>").expect(503, "5.5.1")
                .send("BDAT 3 LAST").expectNoReply()
                .content("def").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo("abcdef");
        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("b@example.com");
    }

    @Test
    void refusesBdatAfterHeloButReadsItsChunk() {
        // CHUNKING is offered only in the EHLO reply
        Dialogue d = dialogue().helo()
                .send("MAIL FROM:<a@example.com>").expect(250)
                .send("RCPT TO:<b@example.com>").expect(250)
                .send("BDAT 6 LAST").expectNoReply()
                .content("RSET\r\n").expect(503)
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250);

        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("b@example.com");
    }

    @Test
    void refusesBdatBeforeEhloButReadsItsChunk() {
        dialogue().send("BDAT 4").expectNoReply()
                .content("NOOP").expect(503)
                .send("NOOP").expect(250);
    }

    @Test
    void refusesAMessageThatGrowsPastTheLimitOverChunks() {
        // RFC 1870 / RFC 3030: 552 once the chunks together pass the limit; nothing is recorded
        SessionConfig small = new SessionConfig("mx.test", 100, 100, 1024, false);

        Dialogue d = dialogue(small).transaction()
                .send("BDAT 60").expectNoReply()
                .content(new byte[60]).expect(250, "2.0.0")
                .send("BDAT 60").expectNoReply()
                .content(new byte[60]).expect(552, "5.3.4")
                .send("BDAT 10 LAST").expectNoReply()
                .content(new byte[10]).expect(503, "5.5.1");

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
    }

    @Test
    void refusesAnOversizeLastChunk() {
        SessionConfig small = new SessionConfig("mx.test", 100, 100, 1024, false);

        Dialogue d = dialogue(small).transaction()
                .send("BDAT 101 LAST").expectNoReply()
                .content(new byte[101]).expect(552, "5.3.4")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("BDAT 100 LAST").expectNoReply()
                .content(new byte[100]).expect(250, "2.0.0");

        assertThat(d.singleDelivery().content().length()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BDAT", "BDAT x", "BDAT -1", "BDAT +1", "BDAT 1.0", "BDAT 5 FIRST", "BDAT 5 LAST more",
        "BDAT LAST", "BDAT 5  LAST", "BDAT 1234567890123456789", "BDAT 0x10"})
    void rejectsMalformedBdatWith501(String line) {
        // RFC 3030 2: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]; the size is unknown, so nothing is read
        Dialogue d = dialogue().transaction().send(line).expect(501, "5.5.4");

        assertThat(d.session().mode()).isEqualTo(Session.Mode.COMMAND);
        d.send("BDAT 1 LAST").expectNoReply().content("x").expect(250, "2.0.0");
    }

    @Test
    void resetsABdatTransactionWithRset() {
        Dialogue d = dialogue().transaction()
                .send("BDAT 3").expectNoReply()
                .content("abc").expect(250, "2.0.0")
                .send("RSET").expect(250, "2.0.0")
                .send("BDAT 1 LAST").expectNoReply()
                .content("x").expect(503, "5.5.1");

        assertThat(d.deliveries()).isEmpty();
    }

    @Test
    void recordsARefusedBdatOnceWhenItsChunkEnds() {
        Dialogue d = dialogue().ehlo()
                .send("BDAT 3").expectNoReply();

        assertThat(d.violations()).isEmpty();

        d.content("abc").expect(503, "5.5.1")
                .send("BDAT 0 LAST").expect(503, "5.5.1");

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line)
                .containsExactly(tuple(Rule.BAD_SEQUENCE, "BDAT 3"), tuple(Rule.BAD_SEQUENCE, "BDAT 0 LAST"));
    }
}
