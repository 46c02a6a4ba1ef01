package dev.smtptestkit.reliability;

import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Session;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Drives a {@link Session} the way the connection does (command lines end only at CRLF, lines over
 * the limit are dropped up to their CRLF, message octets go to {@code data} in any split), without
 * sockets, and checks the session's invariants after every step. A broken invariant throws
 * {@link AssertionError} naming the input that led to it.
 */
final class SessionDriver {

    /** One answered input: the command line (or "<n octets>") and what the session said. */
    record Step(String input, Outcome result, Session.Mode modeBefore) {
    }

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Pattern WIRE_LINE = Pattern.compile("[2-5][0-9][0-9][ -][^\r\n]*");

    private final Session session;
    private final int maxLine;
    private byte[] pending = new byte[0];
    private boolean discarding;
    private long dataOctets;
    private boolean extended;
    private final List<Step> steps = new ArrayList<>();

    SessionDriver(boolean strict, int maxLine, long maxMessageSize, int maxRecipients) {
        this.session = new Session(new SessionConfig("fuzz.test", maxMessageSize, maxRecipients, maxLine, strict),
                "f1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000));
        this.maxLine = maxLine;
        check(session.greet().reply(), "greeting");
    }

    Session session() {
        return session;
    }

    List<Step> steps() {
        return steps;
    }

    /** Feeds octets as they might arrive in one read; returns the steps they completed. */
    List<Step> feed(byte[] bytes) {
        int first = steps.size();
        byte[] joined = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, joined, pending.length, bytes.length);
        int pos = 0;
        while (pos < joined.length && session.mode() != Session.Mode.CLOSED) {
            Session.Mode mode = session.mode();
            if (mode == Session.Mode.COMMAND) {
                int end = crlf(joined, pos);
                if (end < 0) {
                    if (joined.length - pos >= maxLine) {
                        discarding = true;
                        // keep the last octet: it may be the CR of the CRLF that ends the long line
                        pos = joined.length - 1;
                    }
                    break;
                }
                String text = new String(joined, pos, end - pos, StandardCharsets.ISO_8859_1);
                Outcome result;
                if (discarding || end - pos + 2 > maxLine) {
                    discarding = false;
                    result = session.lineTooLong(text.substring(0, Math.min(50, text.length())));
                } else {
                    result = session.command(joined, pos, end - pos, end + 2 < joined.length);
                }
                pos = end + 2;
                record(text, result, mode);
            } else {
                Outcome result = session.data(joined, pos, joined.length - pos);
                if (result.consumed() < 0 || result.consumed() > joined.length - pos) {
                    throw new AssertionError("data() consumed " + result.consumed() + " of " + (joined.length - pos));
                }
                pos += result.consumed();
                dataOctets += result.consumed();
                if (result.reply() == null) {
                    if (pos != joined.length || session.mode() != mode) {
                        throw new AssertionError("data() returned no reply but stopped early or changed mode");
                    }
                    if (result.delivery() != null) {
                        throw new AssertionError("a delivery without a reply");
                    }
                } else {
                    record("<" + dataOctets + " octets>", result, mode);
                    dataOctets = 0;
                }
            }
        }
        pending = Arrays.copyOfRange(joined, Math.min(pos, joined.length), joined.length);
        if (session.mode() == Session.Mode.CLOSED) {
            pending = new byte[0];
        }
        return steps.subList(first, steps.size());
    }

    private void record(String input, Outcome result, Session.Mode modeBefore) {
        Step step = new Step(input, result, modeBefore);
        steps.add(step);
        String where = "after " + input + " (step " + steps.size() + ")";
        if (result == null) {
            throw new AssertionError("null result " + where);
        }
        if (result.violations() == null) {
            throw new AssertionError("null violations " + where);
        }
        Reply reply = result.reply();
        Session.Mode mode = session.mode();
        if (reply == null) {
            // only a BDAT command waiting for its chunk may go unanswered
            if (modeBefore != Session.Mode.COMMAND || mode != Session.Mode.CHUNK || session.chunkRemaining() <= 0) {
                throw new AssertionError("no reply " + where);
            }
        } else {
            check(reply, where);
            boolean endOfData = modeBefore == Session.Mode.DATA
                    || (modeBefore == Session.Mode.CHUNK && mode == Session.Mode.COMMAND)
                    || input.toUpperCase(java.util.Locale.ROOT).startsWith("BDAT 0");
            if (result.delivery() != null) {
                if (!endOfData || reply.code() != 250 || !reply.lines().get(0).contains(result.delivery().id())) {
                    throw new AssertionError("a delivery without an accepted end of data " + where + ": " + reply);
                }
                if (result.delivery().content().length() > result.delivery().content().capacity()) {
                    throw new AssertionError("delivery length out of range " + where);
                }
            }
            if (reply.code() == 221 && result.close() == null) {
                throw new AssertionError("221 without close " + where);
            }
        }
        if (result.close() != null && mode != Session.Mode.CLOSED) {
            throw new AssertionError("close requested but mode " + mode + " " + where);
        }
        consistent(where);
        if (reply != null && (input.regionMatches(true, 0, "EHLO ", 0, 5) || input.regionMatches(true, 0, "HELO ", 0, 5))
                && reply.code() == 250 && modeBefore == Session.Mode.COMMAND) {
            extended = input.regionMatches(true, 0, "EHLO", 0, 4);
        }
    }

    // State and mode agree, whatever happened.
    private void consistent(String where) {
        Session.State state = session.state();
        Session.Mode mode = session.mode();
        if (state == null || mode == null) {
            throw new AssertionError("null state or mode " + where);
        }
        boolean ok = switch (mode) {
            case DATA -> state == Session.State.DATA;
            case CLOSED -> state == Session.State.CLOSED;
            case CHUNK -> session.chunkRemaining() > 0 && state != Session.State.CLOSED && state != Session.State.DATA;
            case COMMAND -> state != Session.State.DATA && state != Session.State.CLOSED;
            case AUTH -> state == Session.State.READY; // AUTH only outside a transaction (RFC 4954 4)
        };
        if (!ok) {
            throw new AssertionError("state " + state + " in mode " + mode + " " + where);
        }
    }

    // A well-formed reply (RFC 5321 4.2, RFC 3463 2): enhanced code of the same class, only after EHLO.
    private void check(Reply reply, String where) {
        String enhanced = reply.enhancedCode();
        if (!enhanced.isEmpty()) {
            if (!ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) - '0' != reply.code() / 100) {
                throw new AssertionError("enhanced code " + enhanced + " does not fit " + reply.code() + " " + where);
            }
            if (!extended) {
                throw new AssertionError("enhanced code before EHLO (RFC 2034 3): " + reply.firstLine() + " " + where);
            }
        }
        String[] lines = reply.wire().split("\r\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new AssertionError("reply does not end in CRLF " + where);
        }
        for (int k = 0; k < lines.length - 1; k++) {
            if (!WIRE_LINE.matcher(lines[k]).matches() || lines[k].charAt(3) != (k == lines.length - 2 ? ' ' : '-')
                    || !lines[k].startsWith(String.valueOf(reply.code()))) {
                throw new AssertionError("malformed reply line '" + lines[k] + "' " + where);
            }
        }
    }

    private static int crlf(byte[] b, int from) {
        for (int k = from; k < b.length - 1; k++) {
            if (b[k] == '\r' && b[k + 1] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
