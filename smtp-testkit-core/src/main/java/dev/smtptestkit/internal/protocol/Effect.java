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

    /** A close with a FIN after the reply. */
    static Close close(DisconnectReason reason, String detail) {
        return new Close(reason, detail, false);
    }
}
