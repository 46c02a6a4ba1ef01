package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.DisconnectReason;
import java.util.Objects;

/**
 * What the connection does after it has written the reply of an {@link Outcome}: a closed set, so
 * the socket side has no protocol decision of its own to make. It follows the effect and nothing else.
 */
public sealed interface Effect {

    /** Read the next command line. */
    Effect NONE = new None();
    /** Read message data up to CRLF.CRLF (RFC 5321 4.1.1.4) and feed it to {@link Session#data}. */
    Effect READ_DATA = new ReadData();
    /** Read one line of an AUTH exchange (RFC 4954 4) and feed it to the session. */
    Effect READ_AUTH_LINE = new ReadAuthLine();
    /**
     * Start TLS on the connection (RFC 3207 4): discard whatever the client sent after the
     * command, hand the socket to the TLS layer, report the handshake to the session.
     */
    Effect START_TLS = new StartTls();

    /** Read the next command line. */
    record None() implements Effect {
    }

    /** Read message data up to CRLF.CRLF. */
    record ReadData() implements Effect {
    }

    /**
     * Read exactly {@code octets} octets of a BDAT chunk (RFC 3030 2) and feed them to {@link Session#data}.
     *
     * @param octets how many octets of the chunk are still to come
     */
    record ReadChunk(long octets) implements Effect {
    }

    /** Read one continuation line of an AUTH exchange. */
    record ReadAuthLine() implements Effect {
    }

    /** Upgrade the transport to TLS. */
    record StartTls() implements Effect {
    }

    /**
     * End the connection after the reply (if any) is written.
     *
     * @param reason why, for {@code ClientDisconnected}
     * @param detail a short explanation, "" when the reason says it all
     * @param reset  whether to reset (RST) instead of closing (FIN)
     */
    record Close(DisconnectReason reason, String detail, boolean reset) implements Effect {
        /** Checks the parts. */
        public Close {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A scripted stall: no reply and nothing more from the receiver; the connection reads and
     * discards what the client sends until the client gives up (its own timeout) or the receiver stops.
     */
    record Stall() implements Effect {
    }

    /**
     * A scripted cut in the message data: read as {@code read} says, but end the connection with
     * {@code close} once {@code octets} octets of data have arrived (before the end of data).
     *
     * @param read   the read the data command asked for ({@link ReadData} or {@link ReadChunk})
     * @param octets how many octets of data to take before the cut
     * @param close  how the connection ends
     */
    record CutData(Effect read, long octets, Close close) implements Effect {
        /** Checks the parts. */
        public CutData {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(close, "close");
            if (octets < 0) {
                throw new IllegalArgumentException("octets must not be negative: " + octets);
            }
        }
    }

    /**
     * A scripted throttle: from this step on the connection reads and writes at most
     * {@code octetsPerSecond} octets a second on average, then goes on with {@code then}.
     *
     * @param octetsPerSecond the rate, at least 1
     * @param then            the effect to perform
     */
    record Throttle(long octetsPerSecond, Effect then) implements Effect {
        /** Checks the parts. */
        public Throttle {
            Objects.requireNonNull(then, "then");
            if (octetsPerSecond < 1) {
                throw new IllegalArgumentException("octetsPerSecond must be at least 1: " + octetsPerSecond);
            }
        }
    }

    /** A close with a FIN after the reply. */
    static Close close(DisconnectReason reason, String detail) {
        return new Close(reason, detail, false);
    }

    /**
     * A close chosen by a script.
     *
     * @param detail what happened, for the transcript and {@code ClientDisconnected}
     * @param reset  whether to reset (RST) instead of closing (FIN)
     * @return the effect
     */
    static Close scripted(String detail, boolean reset) {
        return new Close(DisconnectReason.SCRIPTED, detail, reset);
    }
}
