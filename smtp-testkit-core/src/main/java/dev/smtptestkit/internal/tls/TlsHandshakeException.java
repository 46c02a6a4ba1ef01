package dev.smtptestkit.internal.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS handshake with a client did not complete. {@link #failure()} says how, for the disconnect
 * reason; {@link #description()} is one short line for the transcript, such as
 * {@code Received fatal alert: certificate_unknown} or {@code Unsupported or unrecognized SSL message}.
 */
public final class TlsHandshakeException extends IOException {

    private static final long serialVersionUID = 1L;
    /** A transcript line, not a stack trace. */
    private static final int MAX_DESCRIPTION = 200;
    private static final int MAX_CAUSES = 4;

    /** How the handshake ended. */
    public enum Failure {
        /** The client sent nothing (or not enough) within the socket's read timeout. */
        TIMED_OUT,
        /** The client closed or reset the connection during the handshake. */
        CLIENT_CLOSED,
        /**
         * The handshake failed: not TLS at all, no common protocol or cipher, a certificate one
         * side rejected (an alert received or sent).
         */
        REJECTED
    }

    private final Failure failure;
    private final String description;

    private TlsHandshakeException(Failure failure, String description, IOException cause) {
        super("TLS handshake failed: " + description, cause);
        this.failure = failure;
        this.description = description;
    }

    /**
     * Classifies an exception the JDK threw from {@code startHandshake()}.
     *
     * @param cause what the handshake threw
     * @return the exception to throw in its place
     */
    static TlsHandshakeException of(IOException cause) {
        return new TlsHandshakeException(classify(cause), describe(cause), cause);
    }

    /**
     * How the handshake ended.
     *
     * @return the kind of failure
     */
    public Failure failure() {
        return failure;
    }

    /**
     * The cause in one line of at most 200 characters, without line breaks: the JDK's messages
     * along the cause chain, each once, joined by {@code ": "}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    private static Failure classify(IOException cause) {
        boolean closed = false;
        int depth = 0;
        for (Throwable t = cause; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof SocketTimeoutException) {
                return Failure.TIMED_OUT;
            }
            // The JDK reports a peer that left mid-handshake as an EOFException cause
            // ("Remote host terminated the handshake"), or a reset as a SocketException.
            closed |= t instanceof EOFException || t instanceof SocketException;
        }
        return closed ? Failure.CLIENT_CLOSED : Failure.REJECTED;
    }

    private static String describe(IOException cause) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        for (Throwable t = cause; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.stream().noneMatch(part -> part.contains(message))) {
                parts.add(message);
            }
        }
        StringBuilder line = new StringBuilder();
        String joined = String.join(": ", parts);
        for (int i = 0; i < joined.length() && line.length() < MAX_DESCRIPTION; i++) {
            char c = joined.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (joined.length() > MAX_DESCRIPTION) {
            line.setLength(MAX_DESCRIPTION - 3);
            line.append("...");
        }
        return line.toString();
    }
}
