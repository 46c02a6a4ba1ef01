package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.RecipientStatus;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.DeliveryResult.Status;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that refuse, drop, stall or lack extensions: raw peers written here, over real sockets. */
@Timeout(60)
class SenderAgainstRawPeersTest {

    private static final byte[] ASCII = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private static OutgoingEmail email(byte[] content, String... recipients) {
        return OutgoingEmail.of("app@example.test", List.of(recipients), content);
    }

    private static SmtpSender sender(Peer peer) {
        return SmtpSender.to("127.0.0.1", peer.port()).replyTimeout(Duration.ofSeconds(5)).build();
    }

    private static String target(Peer peer) {
        return "127.0.0.1:" + peer.port();
    }

    @Test
    void fallsBackToHeloWhenEhloIsUnknown() throws Exception {
        AtomicReference<String> data = new AtomicReference<>();
        try (Peer peer = new Peer(io -> {
            io.send("220 old.test SMTP");
            assertThat(io.line()).isEqualTo("EHLO localhost");
            io.send("502 5.5.2 Command not recognized");
            assertThat(io.line()).isEqualTo("HELO localhost");
            io.send("250 old.test");
            assertThat(io.line()).isEqualTo("MAIL FROM:<app@example.test>"); // no SIZE: nothing was advertised
            io.send("250 OK");
            assertThat(io.line()).isEqualTo("RCPT TO:<bob@example.test>");
            io.send("250 OK");
            assertThat(io.line()).isEqualTo("DATA");
            io.send("354 go");
            data.set(io.data());
            io.send("250 Ok: queued as 4F2A9");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 bye");
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "bob@example.test"));
            peer.awaitDone();
            assertThat(result.isDelivered()).as(result.summary()).isTrue();
            assertThat(result.queueId()).contains("4F2A9");
            assertThat(data.get()).isEqualTo(new String(ASCII, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void refusesLocallyAnEightBitMessageWhenThereIsNo8BitMime() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("PIPELINING", "SIZE 1000000");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 bye");
        })) {
            byte[] eightBit = "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
            DeliveryResult result = sender(peer).send(email(eightBit, "bob@example.test"));
            peer.awaitDone();
            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.kind()).isEqualTo(Kind.LOCAL_REFUSAL);
            assertThat(failure.message()).isEqualTo("The message has 8-bit octets (the first at offset 17) and needs "
                    + "BODY=8BITMIME (RFC 6152), but the server at " + target(peer) + " does not offer 8BITMIME (its "
                    + "EHLO lists PIPELINING, SIZE): encode the body as quoted-printable or base64, or send to a "
                    + "server that offers 8BITMIME");
        }
    }

    @Test
    void refusesLocallyAUtf8AddressWhenThereIsNoSmtpUtf8() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("8BITMIME");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 bye");
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "jürgen@example.test"));
            peer.awaitDone();
            assertThat(result.failure().orElseThrow().message()).isEqualTo("The message needs SMTPUTF8 (RFC 6531 3.4) "
                    + "because the recipient <jürgen@example.test> is not ASCII, but the server at " + target(peer)
                    + " does not offer SMTPUTF8 (its EHLO lists 8BITMIME): it was not sent");
        }
    }

    @Test
    void refusesLocallyDsnParametersWhenThereIsNoDsn() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("8BITMIME");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 bye");
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "bob@example.test").withMailParameter("RET", "FULL"));
            peer.awaitDone();
            assertThat(result.failure().orElseThrow().message()).isEqualTo("The message has DSN parameters [RET] "
                    + "(RFC 3461), but the server at " + target(peer) + " does not offer DSN (its EHLO lists "
                    + "8BITMIME): remove them");
        }
    }

    @Test
    void aDropAfterRcptSaysWhere() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("8BITMIME");
            io.line();
            io.send("250 OK");
            io.line(); // RCPT: no reply, the connection goes away
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "bob@example.test"));
            peer.awaitDone();
            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.stage()).isEqualTo(Stage.RCPT);
            assertThat(failure.kind()).isEqualTo(Kind.DROPPED);
            assertThat(failure.message()).isEqualTo("The server at " + target(peer) + " closed the connection while "
                    + "the client waited for the reply to RCPT");
            assertThat(result.recipients()).extracting(DeliveryResult.RecipientResult::status)
                    .containsExactly(RecipientStatus.NOT_SENT);
        }
    }

    @Test
    void aDropAfterTheContentSaysWhereAndTheNextMessageIsNotAttempted() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("PIPELINING");
            io.line();
            io.line();
            io.line();
            io.send("250 OK", "250 OK", "354 go");
            io.data(); // the end of data gets no reply
        })) {
            List<DeliveryResult> results = sender(peer).sendAll(List.of(email(ASCII, "bob@example.test"),
                    email(ASCII, "carol@example.test")));
            peer.awaitDone();
            assertThat(results.get(0).failure().orElseThrow().stage()).isEqualTo(Stage.CONTENT);
            assertThat(results.get(0).failure().orElseThrow().kind()).isEqualTo(Kind.DROPPED);
            assertThat(results.get(1).status()).isEqualTo(Status.NOT_DELIVERED);
            assertThat(results.get(1).failure()).isEqualTo(results.get(0).failure());
            assertThat(results.get(1).recipients().get(0).detail()).isEqualTo("not sent: the session stopped before MAIL");
        }
    }

    @Test
    void aSilentServerTimesOutAtTheGreeting() throws Exception {
        try (Peer peer = new Peer(io -> io.line())) { // says nothing; waits for the client to give up
            DeliveryResult result = SmtpSender.to("127.0.0.1", peer.port()).replyTimeout(Duration.ofMillis(300))
                    .build().send(email(ASCII, "bob@example.test"));
            peer.awaitDone();
            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.stage()).isEqualTo(Stage.GREETING);
            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.message()).isEqualTo("No reply to the greeting from " + target(peer)
                    + " within the reply timeout of 300 ms");
        }
    }

    @Test
    void aServerThatStopsReadingHitsTheDeliveryTimeout() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("8BITMIME");
            io.line();
            io.send("250 OK");
            io.line();
            io.send("250 OK");
            io.line();
            io.send("354 go");
            io.line();
            io.hold(); // then reads no more: the client's write blocks once the buffers are full
        }, 4096)) {
            byte[] big = new byte[32 * 1024 * 1024];
            java.util.Arrays.fill(big, (byte) 'a');
            for (int i = 998; i < big.length; i += 1000) {
                big[i] = '\r';
                big[i + 1] = '\n';
            }
            // long enough for the dialogue up to DATA on a loaded machine; the write then blocks until it ends
            DeliveryResult result = SmtpSender.to("127.0.0.1", peer.port()).deliveryTimeout(Duration.ofSeconds(4))
                    .build().send(email(big, "bob@example.test"));
            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.stage()).isEqualTo(Stage.CONTENT);
            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.message()).isEqualTo("The delivery to " + target(peer) + " took longer than the "
                    + "delivery timeout of 4000 ms (sending the message)");
        }
    }

    @Test
    void aReplyThatIsNotSmtpIsAProtocolError() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.send("HTTP/1.1 400 Bad Request");
            io.line();
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "bob@example.test"));
            peer.awaitDone();
            assertThat(result.failure().orElseThrow().kind()).isEqualTo(Kind.PROTOCOL_ERROR);
            assertThat(result.failure().orElseThrow().message()).isEqualTo("The server at " + target(peer)
                    + " sent a reply to the greeting that is not SMTP: not an SMTP reply line (RFC 5321 4.2: three "
                    + "digits, then space or '-'): \"HTTP/1.1 400 Bad Request\"");
        }
    }

    @Test
    void everyRecipientRefusedEndsWithRsetAndNoData() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("ENHANCEDSTATUSCODES");
            io.line();
            io.send("250 2.1.0 OK");
            io.line();
            io.send("550 5.1.1 No such user");
            assertThat(io.line()).isEqualTo("RSET");
            io.send("250 2.0.0 OK");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 2.0.0 bye");
        })) {
            DeliveryResult result = sender(peer).send(email(ASCII, "nobody@example.test"));
            peer.awaitDone();
            assertThat(result.status()).isEqualTo(Status.NOT_DELIVERED);
            assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.RCPT);
            assertThat(result.recipients().get(0).reply().orElseThrow().enhancedCode()).isEqualTo("5.1.1");
            assertThat(result.recipients().get(0).reply().orElseThrow().lines()).containsExactly("No such user");
        }
    }
}
