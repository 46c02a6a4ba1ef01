package dev.smtptestkit.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.internal.protocol.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client's pure parts: reply reading (bounded), capabilities, dot-stuffing, content checks, queue ids. */
class ClientPartsTest {

    private static Reply read(String wire) throws Exception {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
    }

    @Test
    void readsAMultiLineReplyWithEnhancedCodes() throws Exception {
        Reply reply = read("250-mx.test greets you\r\n250-SIZE 1000\r\n250 PIPELINING\r\n");
        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(reply.lines()).containsExactly("mx.test greets you", "SIZE 1000", "PIPELINING");

        Reply refused = read("550-5.1.1 No such user\r\n550 5.1.1 here\r\n");
        assertThat(refused.enhancedCode()).isEqualTo("5.1.1");
        assertThat(refused.lines()).containsExactly("No such user", "here");
        assertThat(read("250\r\n").lines()).containsExactly("");
        assertThat(read("250 2.0.0\n").enhancedCode()).isEqualTo("2.0.0"); // a bare LF is read as a line end too
    }

    @Test
    void anEnhancedCodeOfAnotherClassIsText() throws Exception {
        Reply reply = read("250 5.0.0 odd\r\n"); // RFC 3463 2: the class must match the reply code
        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(reply.lines()).containsExactly("5.0.0 odd");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello | not an SMTP reply line (RFC 5321 4.2: three digits, then space or '-'): \"hello\"",
        "2500 x | not an SMTP reply line (RFC 5321 4.2: three digits, then space or '-'): \"2500 x\"",
        "199 x | reply code 199 is outside 2xx-5xx (RFC 5321 4.2.1): \"199 x\"",
    })
    void refusesWhatIsNotAReply(String line, String message) {
        Throwable thrown = catchThrowable(() -> read(line + "\r\n"));
        assertThat(thrown).isInstanceOf(ReplyReader.Malformed.class).hasMessage(message);
    }

    @Test
    void isBoundedInLineLengthAndLineCount() {
        assertThat(catchThrowable(() -> read("250 " + "x".repeat(ReplyReader.MAX_LINE) + "\r\n")))
                .hasMessage("a reply line longer than 4096 octets");
        assertThat(catchThrowable(() -> read("250-x\r\n".repeat(ReplyReader.MAX_LINES + 5))))
                .hasMessage("a reply of more than 1000 lines");
        assertThat(catchThrowable(() -> read("250-x\r\n250-different\r\n251 x\r\n")))
                .hasMessage("reply lines with different codes 250 and 251 (RFC 5321 4.2.1: every line of a reply has "
                        + "the same code)");
        assertThat(catchThrowable(() -> read("250-x\r\n"))).isInstanceOf(EOFException.class);
    }

    @Test
    void capabilitiesKeepTheServersOrderAndReadSizeAndAuth() throws Exception {
        Capabilities caps = Capabilities.of(read("250-mx\r\n250-size 5000\r\n250-AUTH plain LOGIN\r\n250 DSN\r\n"));
        assertThat(caps.sizeLimit()).isEqualTo(5000);
        assertThat(caps.authMechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(caps.describe()).isEqualTo("SIZE, AUTH, DSN");
        assertThat(Capabilities.of(read("250-mx\r\n250 SIZE\r\n")).sizeLimit()).isZero(); // RFC 1870: no fixed limit
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\r\\n.b\\r\\n | a\\r\\n..b\\r\\n.\\r\\n",
        ".first\\r\\n | ..first\\r\\n.\\r\\n",
        "no end | no end\\r\\n.\\r\\n",
        "a\\n.b\\r\\n | a\\n.b\\r\\n.\\r\\n",
        "\\r\\n.\\r\\n | \\r\\n..\\r\\n.\\r\\n",
    })
    void dotStuffsLineStartsAfterCrlfOnly(String content, String wire) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int counted = Octets.writeDotStuffed(unescape(content), out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(new String(unescape(wire),
                StandardCharsets.US_ASCII));
        assertThat(counted).isEqualTo(out.size() - 3);
    }

    @Test
    void normalisesBareLineEndsOnlyWhenAsked() {
        assertThat(new String(Octets.normalizeLineEndings("a\nb\rc\r\nd".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\nc\r\nd");
        byte[] clean = "a\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Octets.normalizeLineEndings(clean)).isSameAs(clean);
    }

    @Test
    void findsWhatTheContentNeeds() {
        assertThat(Octets.firstEightBit("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(Octets.eightBitHeaders("Subject: ü\r\n\r\nx".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Octets.eightBitHeaders("Subject: u\r\n\r\nü".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Octets.nonAscii("jürgen@example.test")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Ok: queued as 4F2A9C | 4F2A9C",
        "OK id=1tPZ3A-000Bx2-Qm | 1tPZ3A-000Bx2-Qm",
        "OK: message accepted as s1.1 | s1.1",
        "2.0.0 Ok queued as <abc@mx>. | abc@mx",
    })
    void readsQueueIds(String text, String id) {
        assertThat(MailTransaction.queueId(new Reply(250, "", List.of(text)))).contains(id);
    }

    @Test
    void noQueueIdWhenTheReplyNamesNone() {
        assertThat(MailTransaction.queueId(new Reply(250, "", List.of("OK")))).isEmpty();
    }

    private static byte[] unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
