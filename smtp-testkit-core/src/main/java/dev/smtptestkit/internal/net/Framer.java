package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.content.ScratchBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The input buffer of one connection and its framing: command lines end only at CRLF within the
 * limit (RFC 5321 4.5.3.1.4: the limit counts the CRLF, and a bare CR or LF never ends a line);
 * message data and chunks are handed on as they arrive.
 */
final class Framer {

    private static final int DATA_BUFFER = 64 * 1024;

    // 4 KiB holds a command line (RFC 5321 4.5.3.1.4: 512 octets by default) and a pipelined
    // group; message data gets the larger buffer only once a read fills this one, so a small
    // message costs no 64 KiB per connection.
    private byte[] in;
    private int pos;
    private int lim;
    private boolean lastReadFilled;
    // The buffered octets end with a read that returned with room to spare, and nothing has been
    // taken out since: the client had sent nothing more when that read returned.
    private boolean justRead;

    /** @param first the buffer to start with, its content undefined (a thread's scratch block) */
    Framer(byte[] first) {
        in = first;
    }

    /** The session is over: the buffer goes back to the thread's scratch blocks; use this no more. */
    void release() {
        ScratchBlocks.give(in);
        in = null;
        pos = 0;
        lim = 0;
    }

    byte[] buffer() {
        return in;
    }

    int position() {
        return pos;
    }

    int available() {
        return lim - pos;
    }

    void consume(int n) {
        pos += n;
        justRead = false;
    }

    /**
     * Whether the buffered octets end with a read that returned less than it had room for, a
     * moment ago, with nothing taken out since: all the client had sent then is here.
     */
    boolean justRead() {
        return justRead;
    }

    /** Drops everything buffered: RFC 3207 4, nothing the client pipelined after STARTTLS may run. */
    void discard() {
        pos = 0;
        lim = 0;
        justRead = false;
    }

    /**
     * Reads up to {@code max} octets into the buffer and drops them, with what it held (the
     * connection is closing: see {@code Connection}'s linger).
     *
     * @return how many octets were read, or -1 at end of stream
     */
    int drop(InputStream source, int max) throws IOException {
        discard();
        return source.read(in, 0, Math.min(in.length, max));
    }

    /** Where the CRLF of the next command line starts, or -1 when no CRLF lies within {@code maxLine}. */
    int findCrlf(int maxLine) {
        int last = Math.min(lim - 1, pos + maxLine - 1);
        for (int k = pos; k < last; k++) {
            if (in[k] == '\r' && in[k + 1] == '\n') {
                return k;
            }
        }
        return -1;
    }

    /**
     * Skips octets up to and including the next CRLF, continuing across reads through the
     * returned state; returns the position after the LF, or -1 when the buffer ran out first.
     *
     * @param lastWasCr whether the octet before the buffer was a CR
     */
    int skipPastCrlf(boolean lastWasCr) {
        boolean cr = lastWasCr;
        for (int k = pos; k < lim; k++) {
            if (cr && in[k] == '\n') {
                return k + 1;
            }
            cr = in[k] == '\r';
        }
        return -1;
    }

    /** Whether the last buffered octet is a CR (a CRLF may be split across reads). */
    boolean endsWithCr() {
        return lim > pos && in[lim - 1] == '\r';
    }

    /**
     * Reads more octets into the buffer; message data gets a larger one once a read has filled the
     * buffer (more was waiting), so big messages need fewer reads.
     */
    int read(InputStream input, boolean dataMode) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (pos > 0) {
            System.arraycopy(in, pos, in, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == in.length || (dataMode && lastReadFilled && in.length < DATA_BUFFER)) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, dataMode ? DATA_BUFFER : 0));
        }
        int room = in.length - lim;
        int n = input.read(in, lim, room);
        lastReadFilled = n == room;
        justRead = n > 0 && n < room;
        if (n > 0) {
            lim += n;
        }
        return n;
    }
}
