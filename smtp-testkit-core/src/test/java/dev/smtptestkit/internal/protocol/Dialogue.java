package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link Session} like an RFC transcript: one client line, then the reply the test
 * expects, with the code and the enhanced status code.
 *
 * <pre>{@code
 * dialogue().send("EHLO client.example").expect(250)
 *           .send("RCPT TO:<b@example.com>").expect(503, "5.5.1");
 * }</pre>
 *
 * Every reply must be checked before the next line is sent, so a test cannot skip one by accident,
 * and the last one before the test ends: {@link DialogueCheck} fails a passing test that left a reply
 * unchecked. Failures print the dialogue so far ({@code C:} client, {@code S:} server).
 */
final class Dialogue {

    static final String SESSION_ID = "s1";
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    static final int MAX_MESSAGE_SIZE = 10_000;

    /** A message that breaks no rule of RFC 5322 (Date, From, a valid Message-ID, short ASCII lines). */
    static final String CLEAN_MESSAGE = "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
            + "From: a@example.com\r\n"
            + "To: b@example.com\r\n"
            + "Subject: hello\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "\r\n"
            + "Hello.\r\n";

    private final Session session;
    private final List<String> transcript = new ArrayList<>();
    private final List<ProtocolViolation> violations = new ArrayList<>();
    private final List<Session.Delivery> deliveries = new ArrayList<>();
    private Outcome last;
    private boolean checked = true;

    // The dialogues the current test opened on its thread, for DialogueCheck after the test.
    private static final ThreadLocal<List<Dialogue>> OPENED = ThreadLocal.withInitial(ArrayList::new);

    private Dialogue(SessionConfig config, Script script) {
        this.session = new Session(config, SESSION_ID, CLIENT, script);
        OPENED.get().add(this);
    }

    /** Forgets the dialogues opened so far on this thread. */
    static void forgetOpened() {
        OPENED.get().clear();
    }

    /** The complaint about every dialogue opened on this thread that ends with an unchecked reply. */
    static List<String> uncheckedEnds() {
        List<String> complaints = new ArrayList<>();
        for (Dialogue d : OPENED.get()) {
            if (!d.checked) {
                complaints.add("the last reply " + d.last.reply().firstLine()
                        + " was never checked: end the dialogue with expect(...)" + System.lineSeparator() + d);
            }
        }
        forgetOpened();
        return complaints;
    }

    static SessionConfig config() {
        return new SessionConfig("mx.test", MAX_MESSAGE_SIZE, 100, 1024, false);
    }

    static SessionConfig strictConfig() {
        return new SessionConfig("mx.test", MAX_MESSAGE_SIZE, 100, 1024, true);
    }

    static Dialogue dialogue() {
        return new Dialogue(config(), Script.NONE);
    }

    static Dialogue dialogue(SessionConfig config) {
        return new Dialogue(config, Script.NONE);
    }

    /** A dialogue whose session asks {@code script} about each outcome. */
    static Dialogue dialogue(SessionConfig config, Script script) {
        return new Dialogue(config, script);
    }

    /** EHLO, checked: the usual opening of an ESMTP session. */
    Dialogue ehlo() {
        return send("EHLO client.example").expect(250);
    }

    /** HELO, checked: a plain SMTP session (no extensions, no enhanced codes). */
    Dialogue helo() {
        return send("HELO client.example").expect(250);
    }

    /** EHLO, MAIL and one RCPT, all checked: the transaction is ready for DATA or BDAT. */
    Dialogue transaction() {
        return ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");
    }

    /** DATA with {@link #CLEAN_MESSAGE}, checked; returns the envelope of the single delivery. */
    Envelope deliverCleanMessage() {
        send("DATA").expect(354).content(CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");
        return singleDelivery().envelope();
    }

    /** Sends one command line (without CRLF) as UTF-8. */
    Dialogue send(String line) {
        return send(line.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends one command line with more input already behind it (RFC 2920 pipelining). */
    Dialogue pipelined(String line) {
        return send(line.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends one command line given as raw octets (without CRLF). */
    Dialogue send(byte[] line, boolean moreInput) {
        requireChecked();
        transcript.add("C: " + printable(new String(line, StandardCharsets.ISO_8859_1)));
        record(session.command(line, 0, line.length, moreInput));
        return this;
    }

    /** The connection's answer to an over-long command line. */
    Dialogue sendTooLong(String start) {
        requireChecked();
        transcript.add("C: " + start + "... (too long)");
        record(session.lineTooLong(start));
        return this;
    }

    /** Feeds message octets (DATA content or a BDAT chunk) in one piece. */
    Dialogue content(String text) {
        return content(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds message octets in pieces of the given sizes (the rest, if any, as a last piece). */
    Dialogue content(byte[] bytes, int... pieceSizes) {
        requireChecked();
        transcript.add("C: <" + bytes.length + " bytes>");
        int off = 0;
        for (int size : pieceSizes) {
            int n = Math.min(size, bytes.length - off);
            if (n > 0) {
                off = feed(bytes, off, n);
            }
        }
        if (off < bytes.length) {
            off = feed(bytes, off, bytes.length - off);
        }
        assertThat(off).as("octets consumed%n%s", this).isEqualTo(bytes.length);
        return this;
    }

    private int feed(byte[] bytes, int off, int len) {
        int end = off + len;
        do {
            if (last != null && last.reply() != null && !checked) {
                fail("reply %s came before the content ended at %d of %d octets%n%s",
                        last.reply().firstLine(), off, bytes.length, this);
            }
            Outcome result = session.data(bytes, off, end - off);
            record(result);
            if (result.reply() == null && result.consumed() == 0 && end > off) {
                fail("session consumed nothing of %d octets%n%s", end - off, this);
            }
            off += result.consumed();
        } while (off < end);
        return off;
    }

    private void record(Outcome result) {
        last = result;
        violations.addAll(result.violations());
        if (result.delivery() != null) {
            deliveries.add(result.delivery());
        }
        if (result.reply() != null) {
            for (String line : result.reply().wire().split("\r\n")) {
                transcript.add("S: " + line);
            }
            checked = false;
        }
    }

    /** The last reply had this code and no enhanced status code (HELO sessions, greeting, 354, EHLO). */
    Dialogue expect(int code) {
        return expect(code, "");
    }

    /** The last reply had this code and this enhanced status code (RFC 3463). */
    Dialogue expect(int code, String enhancedCode) {
        Reply reply = reply();
        assertThat(reply.code()).as("reply code%n%s", this).isEqualTo(code);
        assertThat(reply.enhancedCode()).as("enhanced status code%n%s", this).isEqualTo(enhancedCode);
        checked = true;
        return this;
    }

    /** The session wants more message octets: no reply yet. */
    Dialogue expectNoReply() {
        assertThat(last).as("a step was taken%n%s", this).isNotNull();
        assertThat(last.reply()).as("reply%n%s", this).isNull();
        return this;
    }

    /** The last reply, which must exist. */
    Reply reply() {
        assertThat(last).as("a step was taken%n%s", this).isNotNull();
        assertThat(last.reply()).as("a reply%n%s", this).isNotNull();
        return last.reply();
    }

    Outcome result() {
        return last;
    }

    Session session() {
        return session;
    }

    List<ProtocolViolation> violations() {
        return List.copyOf(violations);
    }

    List<Rule> rules() {
        return violations.stream().map(ProtocolViolation::rule).toList();
    }

    List<Session.Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    Session.Delivery singleDelivery() {
        assertThat(deliveries).as("deliveries%n%s", this).hasSize(1);
        return deliveries.get(0);
    }

    /** The octets of a delivered message, exactly {@code length} of them. */
    static byte[] bytes(Session.Delivery delivery) {
        return delivery.content().toArray();
    }

    static String text(Session.Delivery delivery) {
        return new String(bytes(delivery), StandardCharsets.UTF_8);
    }

    private void requireChecked() {
        if (!checked) {
            fail("the reply %s was not checked before the next step%n%s", last.reply().firstLine(), this);
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("<%02X>", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "dialogue:" + System.lineSeparator() + String.join(System.lineSeparator(), transcript);
    }
}
