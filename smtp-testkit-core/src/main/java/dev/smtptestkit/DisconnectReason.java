package dev.smtptestkit;

/** Why a session ended; carried by {@link SmtpEvent.ClientDisconnected}. */
public enum DisconnectReason {
    /** The client sent QUIT and received 221. */
    QUIT,
    /**
     * The client sent nothing usable for longer than the idle timeout (it received 421), or it read
     * no reply for that long, so a write to it stayed blocked (the connection was closed at once).
     */
    IDLE_TIMEOUT,
    /** The client closed or reset the connection without QUIT. */
    CLIENT_CLOSED,
    /** The receiver was closed while the session was open; the client received 421. */
    SERVER_STOPPED,
    /** A limit was exceeded (too many sessions, a line far over the limit); the client received 421. */
    LIMIT_EXCEEDED,
    /** Reading from or writing to the socket failed. */
    IO_ERROR,
    /** A scripted reply or fault ended the session (a scripted 421, a drop or a reset). */
    SCRIPTED,
    /** The TLS handshake failed (the detail says why); nothing more could be said in the clear. */
    TLS_FAILED
}
