package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.ProtocolViolation.Rule;
import org.junit.jupiter.api.Test;

/** Recipient, message size and line limits (RFC 5321 4.5.3, RFC 1870). */
class SessionLimitsTest {

    private static final long LARGEST_LIMIT = Integer.MAX_VALUE - 16;

    private static SessionConfig withMessageSize(long maxMessageSize) {
        return new SessionConfig("mx.test", maxMessageSize, 100, 1024, false);
    }

    /** A message of exactly {@code size} octets: a few headers, then filler lines. */
    private static String messageOf(int size) {
        String headers = "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\nFrom: a@example.com\r\n\r\n";
        StringBuilder out = new StringBuilder(headers);
        while (out.length() + 80 <= size) {
            out.append("x".repeat(78)).append("\r\n");
        }
        int rest = size - out.length();
        if (rest >= 2) {
            out.append("y".repeat(rest - 2)).append("\r\n");
        }
        assertThat(out).hasSize(size);
        return out.toString();
    }

    @Test
    void answersTooManyRecipientsWith452AndKeepsTheOthers() {
        // RFC 5321 4.5.3.1.10: 452 for recipients over the limit; the client sends them later
        SessionConfig three = new SessionConfig("mx.test", 10_000, 3, 1024, false);

        Dialogue d = dialogue(three).ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<r1@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<r2@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<r3@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<r4@example.com>").expect(452, "4.5.3")
                .send("RCPT TO:<r5@example.com>").expect(452, "4.5.3")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().recipients())
                .containsExactly("r1@example.com", "r2@example.com", "r3@example.com");
        assertThat(d.violations()).isEmpty();
    }

    @Test
    void acceptsAHundredRecipientsByDefault() {
        // RFC 5321 4.5.3.1.8: at least 100 recipients must be buffered
        Dialogue d = dialogue().ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
        for (int i = 1; i <= 100; i++) {
            d.send("RCPT TO:<r" + i + "@example.com>").expect(250, "2.1.5");
        }
        d.send("RCPT TO:<r101@example.com>").expect(452, "4.5.3");
    }

    @Test
    void refusesAMessageLargerThanTheLimitWith552() {
        // RFC 1870 6.1: 552 at the end of data; nothing is recorded
        Dialogue d = dialogue(withMessageSize(1000)).transaction()
                .send("DATA").expect(354)
                .content(messageOf(1001) + ".\r\n").expect(552, "5.3.4");

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
        d.send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
    }

    @Test
    void acceptsAMessageOfExactlyTheLimit() {
        Dialogue d = dialogue(withMessageSize(1000)).transaction()
                .send("DATA").expect(354)
                .content(messageOf(1000) + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().content().length()).isEqualTo(1000);
    }

    @Test
    void countsTheLimitAfterUnstuffing() {
        // the leading dots the client added (RFC 5321 4.5.2) are not part of the message
        String message = messageOf(1000).replace("\r\nxx", "\r\n..");

        Dialogue d = dialogue(withMessageSize(1000)).transaction()
                .send("DATA").expect(354)
                .content(message.replace("\r\n..", "\r\n...") + ".\r\n").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void readsAnOversizeMessageToItsEndWithoutKeepingIt() {
        Dialogue d = dialogue(withMessageSize(100)).transaction()
                .send("DATA").expect(354)
                .content(messageOf(5000) + ".\r\n").expect(552, "5.3.4");

        assertThat(d.deliveries()).isEmpty();
        assertThat(d.session().mode()).isEqualTo(Session.Mode.COMMAND);
    }

    @Test
    void doesNotPreallocateAHugeDeclaredSize() {
        // RFC 1870: SIZE is the client's estimate; it must not make the receiver allocate it up front
        Dialogue d = dialogue(withMessageSize(LARGEST_LIMIT)).ehlo()
                .send("MAIL FROM:<a@example.com> SIZE=" + LARGEST_LIMIT).expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(Dialogue.CLEAN_MESSAGE);
        assertThat(d.singleDelivery().content().capacity()).isLessThanOrEqualTo(16 * 1024 * 1024);
    }

    @Test
    void doesNotPreallocateAHugeDeclaredSizeForBdat() {
        Dialogue d = dialogue(withMessageSize(LARGEST_LIMIT)).ehlo()
                .send("MAIL FROM:<a@example.com> SIZE=2000000000").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("BDAT 5 LAST").expectNoReply()
                .content("hello").expect(250, "2.0.0");

        assertThat(d.singleDelivery().content().capacity()).isLessThanOrEqualTo(16 * 1024 * 1024);
    }

    @Test
    void acceptsAMessageLargerThanTheDeclaredSize() {
        // the declared SIZE is an estimate; only the configured limit is enforced
        String message = messageOf(9000);

        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com> SIZE=10").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(message + ".\r\n").expect(250, "2.0.0");

        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void sizesTheBuffersByWhatArrivedNotByTheDeclaredSize() {
        String message = messageOf(9000);

        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com> SIZE=9000").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(message + ".\r\n").expect(250, "2.0.0");

        // SIZE is the client's claim (issue 10.7): the first block is 4 KiB at most, then blocks double
        // (8 KiB less 64 octets of array header room, cut at the message limit), whatever was declared
        assertThat(d.singleDelivery().content().blockCount()).isEqualTo(2);
        assertThat(d.singleDelivery().content().capacity()).isBetween(9000L, 4096L + 8192 - 64);
        assertThat(Dialogue.text(d.singleDelivery())).isEqualTo(message);
    }

    @Test
    void answersAnOverlongCommandLineWith500() {
        // RFC 5321 4.5.3.1.4: 500 "line too long"; the session goes on
        Dialogue d = dialogue().transaction()
                .sendTooLong("RCPT TO:<" + "a".repeat(90))
                .expect(500, "5.5.2")
                .send("DATA").expect(354);

        assertThat(d.rules()).containsExactly(Rule.COMMAND_LINE_TOO_LONG);
        assertThat(d.violations().get(0).line()).startsWith("RCPT TO:<aaa");
    }
}
