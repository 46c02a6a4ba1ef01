package dev.smtptestkit.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * The end of a session whose last reply closes it (a 421, RFC 5321 3.8): the FIN goes first, and
 * the socket is closed only once the client has closed too. Closing a socket with input still
 * unread makes the kernel reset the connection, and the client then sees a reset where it should
 * see the end of the stream: Angus Mail writes RSET after a refused MAIL, and reported "Exception
 * reading response" or "Broken pipe" instead of the 421 (on Windows a reset may even drop the
 * reply before it is read). What arrives meanwhile is dropped, for at most {@link #MILLIS} (or the
 * idle timeout) and {@link #OCTETS}; the session is already over (its event is recorded), and the
 * receiver's close() cuts a linger short. Runs on the session's own thread.
 */
final class Linger {

    /** How long at most the socket lingers after a reply that ends the session. */
    static final long MILLIS = 2_000;
    /** How many octets at most are dropped while it lingers. */
    static final int OCTETS = 256 * 1024;

    private Linger() {
    }

    /**
     * Sends the FIN after the last reply.
     *
     * @return false when the socket is closed already
     */
    static boolean halfClose(Socket socket) {
        try {
            socket.shutdownOutput(); // the plain socket under TLS too: the FIN after the last record
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // closed already
        }
    }

    /**
     * Drops what the client still sends until it closes, the time or the octets run out, or the
     * connection is stopped; the caller closes the socket after.
     */
    static void drain(Socket socket, Framer framer, long idleTimeoutMillis, Connection connection) {
        long until = System.nanoTime() + Math.min(MILLIS, idleTimeoutMillis) * 1_000_000L;
        try {
            InputStream raw = socket.getInputStream(); // under TLS the records are dropped unread
            int left = OCTETS;
            while (left > 0 && !connection.stopping()) {
                long millis = (until - System.nanoTime()) / 1_000_000L;
                if (millis <= 0) {
                    break;
                }
                socket.setSoTimeout((int) millis);
                int n = framer.drop(raw, left);
                if (n < 0) {
                    break; // the client closed too: nothing is left unread, so the close sends no reset
                }
                left -= n;
            }
        } catch (IOException e) {
            // timed out, reset by the client, or closed by the receiver's close()
        }
    }
}
