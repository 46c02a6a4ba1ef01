package dev.smtptestkit.reliability;

import dev.smtptestkit.internal.protocol.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based fuzzing of the protocol state machine, without sockets: random command sequences
 * checked against a model of RFC 5321 ordering, and random byte streams checked for the
 * invariants only. On failure jqwik prints the {@code seed}; add {@code seed = "..."} to the
 * {@code @Property} to replay it (jqwik also re-runs the last failing seed first by itself).
 */
class SessionFuzzTest {

    /** One client action. */
    sealed interface Op {
    }

    /** A command line. */
    record Line(String text) implements Op {
    }

    /** DATA, then (after 354) the content, dot-stuffed, and CRLF.CRLF. */
    record Data(byte[] body) implements Op {
        @Override
        public String toString() {
            return "Data[" + show(body) + "]";
        }
    }

    /** BDAT with its chunk. */
    record Bdat(byte[] chunk, boolean last) implements Op {
        @Override
        public String toString() {
            return "Bdat[" + show(chunk) + (last ? ", LAST]" : "]");
        }
    }

    static String show(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            out.append(c >= 0x20 && c < 0x7F && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return out.append('"').toString();
    }

    private static final String[] LINES = {
        "EHLO fuzz.test", "HELO fuzz.test", "MAIL FROM:<a@x.test>", "MAIL FROM:<>", "MAIL FROM:<a@x.test> SIZE=abc",
        "RCPT TO:<b@x.test>", "RCPT TO:<>", "RCPT TO:<\u00e9@x.test>", "RSET", "NOOP", "HELP", "VRFY x", "EXPN x",
        "QUIT", "FOO", "", "DATA x", "BDAT", "STARTTLS"};

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Op> line = Arbitraries.of(LINES).map(Line::new);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().list().ofMaxSize(300)
                .map(SessionFuzzTest::toArray);
        Arbitrary<byte[]> smtpish = Arbitraries.of("a", ".", "..", "\r\n", "\r", "\n", "\r\n.\r\n", ".\r\n", "\u00ff",
                "\u0000", "MAIL FROM:<e@x>\r\n").list().ofMaxSize(40).map(SessionFuzzTest::join);
        Arbitrary<Op> data = Arbitraries.oneOf(bytes, smtpish).map(Data::new);
        Arbitrary<Op> bdat = Combinators.combine(Arbitraries.oneOf(bytes, smtpish), Arbitraries.of(true, false))
                .as(Bdat::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(12, line),
                        net.jqwik.api.Tuple.of(3, data),
                        net.jqwik.api.Tuple.of(3, bdat))
                .list().ofMaxSize(40);
    }

    /**
     * Command sequences against a model: every reply has the code RFC 5321 calls for in that state,
     * and every accepted message is exactly the content sent.
     */
    @Property(tries = 1500)
    void commandSequencesFollowTheModel(@ForAll("sequences") List<Op> ops,
                                        @ForAll @IntRange(min = 1, max = 50) int split) {
        SessionDriver driver = new SessionDriver(false, 512, 1 << 20, 100);
        Model model = new Model();
        for (Op op : ops) {
            if (driver.session().mode() == Session.Mode.CLOSED) {
                break;
            }
            if (op instanceof Line l) {
                expect(driver, l.text(), feed(driver, crlf(l.text()), split), model.line(l.text()));
            } else if (op instanceof Data d) {
                List<SessionDriver.Step> steps = feed(driver, crlf("DATA"), split);
                int code = model.line("DATA");
                expect(driver, "DATA", steps, code);
                if (code == 354) {
                    byte[] expected = withCrlf(d.body());
                    steps = feed(driver, stuff(expected), split);
                    expectDelivery(steps, expected);
                }
            } else if (op instanceof Bdat b) {
                String command = "BDAT " + b.chunk().length + (b.last() ? " LAST" : "");
                byte[] wire = concat(crlf(command), b.chunk());
                int code = model.bdat(b.chunk(), b.last());
                List<SessionDriver.Step> steps = feed(driver, wire, split);
                if (code == 250 && b.last()) {
                    expectDelivery(steps, model.lastMessage);
                } else {
                    expect(driver, command, steps, code);
                }
            }
        }
    }

    /** Arbitrary octets, biased towards SMTP tokens, in any split, strict or not: only the invariants. */
    @Property(tries = 1500)
    void randomByteStreamsKeepTheInvariants(@ForAll("streams") byte[] stream,
                                           @ForAll @IntRange(min = 1, max = 700) int split,
                                           @ForAll boolean strict) {
        SessionDriver driver = new SessionDriver(strict, 512, 4096, 5);
        feed(driver, stream, split);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<String> token = Arbitraries.of("EHLO x\r\n", "HELO x\r\n", "MAIL FROM:<a@x>", "MAIL FROM:<a@x> SIZE=9",
                "RCPT TO:<b@x>", " BODY=8BITMIME", " SMTPUTF8", "DATA", "BDAT ", "BDAT 3", " LAST", "RSET", "QUIT",
                "NOOP", "\r\n", "\r", "\n", ".", "\r\n.\r\n", "\u0000", "\u00ff", "\u00c3\u00a9", "<", ">", ":", " ",
                "0", "9", "99999999999999999999", "x".repeat(600), "\t", "\u007f");
        Arbitrary<byte[]> tokens = token.list().ofMaxSize(120).map(list -> join(list.stream()
                .map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList()));
        Arbitrary<byte[]> raw = Arbitraries.bytes().list().ofMaxSize(2000).map(SessionFuzzTest::toArray);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, tokens), net.jqwik.api.Tuple.of(1, raw));
    }

    private static List<SessionDriver.Step> feed(SessionDriver driver, byte[] bytes, int split) {
        List<SessionDriver.Step> steps = new ArrayList<>();
        for (int k = 0; k < bytes.length; k += split) {
            steps.addAll(driver.feed(Arrays.copyOfRange(bytes, k, Math.min(bytes.length, k + split))));
        }
        return steps;
    }

    private static void expect(SessionDriver driver, String input, List<SessionDriver.Step> steps, int code) {
        if (code == 0) {
            // BDAT accepted, not last: one reply after the chunk
            return;
        }
        steps = answered(steps);
        if (steps.size() != 1) {
            throw new AssertionError("one reply expected to " + input + ", got " + steps.size() + ": " + describe(steps));
        }
        int got = steps.get(0).result().reply().code();
        if (got != code) {
            throw new AssertionError("reply to '" + input + "' in state before: expected " + code + " but got "
                    + steps.get(0).result().reply().firstLine() + "; session now " + driver.session().state());
        }
    }

    private static void expectDelivery(List<SessionDriver.Step> steps, byte[] expected) {
        steps = answered(steps);
        if (steps.size() != 1 || steps.get(0).result().delivery() == null) {
            throw new AssertionError("one accepted message expected, got " + describe(steps));
        }
        Session.Delivery d = steps.get(0).result().delivery();
        byte[] got = d.content().toArray();
        if (!Arrays.equals(got, expected)) {
            throw new AssertionError("message altered: sent " + Arrays.toString(expected) + " recorded "
                    + Arrays.toString(got));
        }
    }

    private static List<SessionDriver.Step> answered(List<SessionDriver.Step> steps) {
        return steps.stream().filter(s -> s.result().reply() != null).toList();
    }

    private static String describe(List<SessionDriver.Step> steps) {
        return steps.stream().map(s -> s.input() + " -> " + (s.result().reply() == null ? "(none)"
                : s.result().reply().firstLine())).toList().toString();
    }

    /**
     * What RFC 5321 4.1.4 / 3.3 and RFC 3030 2 say each command gets in each state, for the command
     * set above (non-strict, limits not reached: at most 40 operations, 100 recipients).
     */
    static final class Model {
        enum State { GREETED, READY, MAIL, RCPT, BDAT, CLOSED }

        State state = State.GREETED;
        boolean extended;
        int rejected;
        int recipients;
        byte[] delivered = new byte[0];
        byte[] lastMessage = new byte[0];

        int line(String text) {
            switch (text) {
                case "EHLO fuzz.test", "HELO fuzz.test" -> {
                    reset(State.READY);
                    extended = text.startsWith("EHLO");
                    return 250;
                }
                case "MAIL FROM:<a@x.test>", "MAIL FROM:<>" -> {
                    if (state != State.READY) {
                        return 503;
                    }
                    state = State.MAIL;
                    return 250;
                }
                case "MAIL FROM:<a@x.test> SIZE=abc" -> {
                    // the parameter is checked after the order (503 first), and is unknown after HELO (555)
                    return state != State.READY ? 503 : extended ? 501 : 555;
                }
                case "RCPT TO:<b@x.test>" -> {
                    if (state != State.MAIL && state != State.RCPT) {
                        return 503;
                    }
                    state = State.RCPT;
                    recipients++;
                    return 250;
                }
                case "RCPT TO:<>" -> {
                    if (state == State.MAIL || state == State.RCPT) {
                        rejected++; // a refused RCPT, whatever the reason (RFC 5321 3.3)
                    }
                    return 501; // syntax is checked before the order
                }
                case "RCPT TO:<\u00e9@x.test>" -> {
                    if (state != State.MAIL && state != State.RCPT) {
                        return 503;
                    }
                    rejected++;
                    return 553; // RFC 6531 3.5
                }
                case "DATA" -> {
                    if (state == State.RCPT) {
                        reset(State.READY);
                        return 354;
                    }
                    return state == State.MAIL && rejected > 0 ? 554 : 503;
                }
                case "RSET" -> {
                    reset(state == State.GREETED ? State.GREETED : State.READY);
                    return 250;
                }
                case "NOOP" -> {
                    return 250;
                }
                case "HELP" -> {
                    return 214;
                }
                case "VRFY x" -> {
                    return 252;
                }
                case "EXPN x", "STARTTLS" -> {
                    return 502;
                }
                case "QUIT" -> {
                    state = State.CLOSED;
                    return 221;
                }
                case "FOO", "" -> {
                    return 500;
                }
                case "DATA x", "BDAT" -> {
                    return 501;
                }
                default -> throw new IllegalArgumentException(text);
            }
        }

        /** The reply to a BDAT chunk; 0 when it is a non-last chunk that is accepted. */
        int bdat(byte[] chunk, boolean last) {
            if (!extended || (state != State.RCPT && state != State.BDAT)) {
                return state == State.MAIL && rejected > 0 && extended ? 554 : 503;
            }
            state = State.BDAT;
            delivered = concat(delivered, chunk);
            if (last) {
                lastMessage = delivered;
                reset(State.READY);
            }
            return 250;
        }

        private void reset(State next) {
            state = next;
            delivered = new byte[0]; // RSET, EHLO, HELO and completion end the transaction (RFC 5321 4.1.1.5)
            rejected = 0;
            recipients = 0;
        }
    }

    static byte[] crlf(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    // The content must end in CRLF to come back byte-exact after DATA.
    static byte[] withCrlf(byte[] body) {
        int n = body.length;
        if (n == 0 || (n >= 2 && body[n - 2] == '\r' && body[n - 1] == '\n')) {
            return body;
        }
        return concat(body, new byte[] {'\r', '\n'});
    }

    // RFC 5321 4.5.2: a dot at the start of a line (after CRLF) is doubled; then CRLF.CRLF.
    static byte[] stuff(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int k = 0; k < content.length; k++) {
            if (lineStart && content[k] == '.') {
                out.write('.');
            }
            out.write(content[k]);
            lineStart = content[k] == '\n' && k > 0 && content[k - 1] == '\r';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = list.get(k);
        }
        return out;
    }

    private static byte[] join(List<?> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof byte[] bytes ? bytes : ((String) p).getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
