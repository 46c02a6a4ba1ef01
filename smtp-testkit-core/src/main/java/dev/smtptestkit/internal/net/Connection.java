package dev.smtptestkit.internal.net;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.protocol.Replies;
import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One client connection: reads and frames octets (command lines end only at CRLF), hands them to
 * the {@link Session}, writes the replies in order, and turns what happened into events and
 * transcript lines. Replies are collected and written in one write when the client has nothing
 * more pending, which is all PIPELINING (RFC 2920) needs and keeps a multi-line reply in one packet.
 */
final class Connection implements Runnable {

    // A command line that runs this many times past the limit without a CRLF ends the session.
    private static final int GARBAGE_FACTOR = 64;
    private static final int DATA_BUFFER = 64 * 1024;

    private final Socket socket;
    private final Session session;
    private final Recorder recorder;
    private final ConnectionConfig config;
    private final Runnable onEnd;

    private byte[] in = new byte[8192];
    private int pos;
    private int lim;
    private byte[] out = new byte[1024];
    private int outLen;
    private long deadline;
    private volatile boolean stopping;
    // System.nanoTime() when the write in progress began, 0 when none is.
    private volatile long writeStarted;
    private volatile boolean writeTimedOut;
    // Set while a read is blocked: the watchdog ends a read that outlives it (see fill()).
    private volatile long readDeadline;
    private volatile boolean readTimedOut;
    // A BDAT line whose reply waits for the end of its chunk, and when it was read.
    private String awaitingChunk;
    private Instant awaitingSince;

    Connection(Socket socket, Session session, Recorder recorder, ConnectionConfig config, Runnable onEnd) {
        this.socket = socket;
        this.session = session;
        this.recorder = recorder;
        this.config = config;
        this.onEnd = onEnd;
    }

    String sessionId() {
        return session.sessionId();
    }

    /** Asks the session to end: the read returns end-of-stream, the client gets 421. */
    void stop() {
        stopping = true;
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            forceClose();
        }
    }

    /**
     * Force-closes the connection when a write has been blocked longer than {@code limitNanos}
     * (the client stopped reading); the session then ends with {@link DisconnectReason#IDLE_TIMEOUT}.
     */
    void closeIfWriteBlocked(long nowNanos, long limitNanos) {
        long since = writeStarted;
        if (since != 0 && nowNanos - since > limitNanos) {
            writeTimedOut = true;
            forceClose();
        }
    }

    /**
     * Ends a read that is still blocked past the session's deadline: the read returns end of
     * stream, and the session answers 421 and ends with {@link DisconnectReason#IDLE_TIMEOUT}.
     */
    void endReadIfOverdue(long nowNanos) {
        long due = readDeadline;
        if (due != 0 && nowNanos - due > 0) {
            readTimedOut = true;
            try {
                socket.shutdownInput();
            } catch (IOException e) {
                forceClose();
            }
        }
    }

    /** Closes the socket at once (a blocked write is interrupted too). */
    void forceClose() {
        stopping = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public void run() {
        // Recorded here, first thing on the session's own thread, so a slow listener never holds up
        // the acceptor that all receivers share.
        recorder.event(new SmtpEvent.ClientConnected(Instant.now(), session.sessionId(),
                (InetSocketAddress) socket.getRemoteSocketAddress()));
        DisconnectReason reason = DisconnectReason.IO_ERROR;
        String detail = "";
        try {
            reason = serve();
        } catch (SocketTimeoutException e) {
            reason = DisconnectReason.IDLE_TIMEOUT;
            if (writeTimedOut) {
                // the watchdog closed a write the client never read; the read that followed saw it
                detail = "the client read no reply for " + config.idleTimeout().toMillis() + " ms";
            } else {
                detail = (session.mode() == Session.Mode.COMMAND ? "no complete command within "
                        : "no message data within ") + config.idleTimeout().toMillis() + " ms";
                sendQuietly(Replies.idleTimeout());
            }
        } catch (IOException e) {
            if (writeTimedOut) {
                reason = DisconnectReason.IDLE_TIMEOUT;
                detail = "the client read no reply for " + config.idleTimeout().toMillis() + " ms";
            } else if (stopping) {
                reason = DisconnectReason.SERVER_STOPPED;
            } else if (isReset(e)) {
                reason = DisconnectReason.CLIENT_CLOSED; // the client reset the connection instead of closing it
                detail = String.valueOf(e.getMessage());
            } else {
                reason = DisconnectReason.IO_ERROR;
                detail = String.valueOf(e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            // A bug of ours must not vanish in an unobserved thread: it becomes a recorded disconnect.
            reason = DisconnectReason.IO_ERROR;
            detail = "internal error: " + e;
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            session.closed();
            forceClose();
            // Leave the live set first, so activeSessionCount() is already lower when a test sees
            // the event; close() still waits for this thread, which it tracks apart from that set.
            onEnd.run();
            recorder.event(new SmtpEvent.ClientDisconnected(Instant.now(), session.sessionId(), reason, detail));
        }
    }

    private static boolean isReset(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // java.net sockets throw SocketException, channel-backed ones a plain IOException
        return message.contains("connection reset") || message.contains("broken pipe");
    }

    private DisconnectReason serve() throws IOException {
        socket.setTcpNoDelay(true);
        InputStream input = socket.getInputStream();
        OutputStream output = socket.getOutputStream();
        queue(session.greeting());
        flush(output);
        resetDeadline();
        long dataOctets = 0;
        while (true) {
            Session.Mode mode = session.mode();
            if (mode == Session.Mode.COMMAND) {
                int end = findCrlf();
                if (end >= 0) {
                    int start = pos;
                    pos = end + 2;
                    boolean more = pos < lim || input.available() > 0;
                    Instant now = Instant.now();
                    String text = new String(in, start, end - start, StandardCharsets.UTF_8);
                    recorder.transcript(sessionId(),
                            new Transcript.Line(now, Transcript.Direction.CLIENT, text, more));
                    Session.Result result = session.command(in, start, end - start, more);
                    if (session.mode() != Session.Mode.COMMAND) {
                        dataOctets = 0;
                    }
                    DisconnectReason close = handle(result, text, now);
                    resetDeadline();
                    if (close != null) {
                        flush(output);
                        return close;
                    }
                    continue;
                }
                if (lim - pos >= config.session().maxCommandLine()) {
                    DisconnectReason close = discardLongLine(input, output);
                    if (close != null) {
                        return close;
                    }
                    continue;
                }
            } else if (mode == Session.Mode.DATA || mode == Session.Mode.CHUNK) {
                if (pos < lim) {
                    Session.Result result = session.data(in, pos, lim - pos);
                    pos += result.consumed();
                    dataOctets += result.consumed();
                    if (result.reply() != null) {
                        Instant now = Instant.now();
                        // The content as the client sent it; for DATA without the ".CRLF" that ends it.
                        long octets = mode == Session.Mode.DATA ? dataOctets - 3 : dataOctets;
                        client(now, "<" + octets + " bytes>");
                        DisconnectReason close = handle(result, null, now);
                        resetDeadline();
                        if (close != null) {
                            flush(output);
                            return close;
                        }
                        continue;
                    }
                }
            } else {
                return DisconnectReason.QUIT;
            }
            flush(output);
            if (!fill(input, mode != Session.Mode.COMMAND)) {
                if (stopping) {
                    sendQuietly(Replies.shuttingDown());
                    return DisconnectReason.SERVER_STOPPED;
                }
                return DisconnectReason.CLIENT_CLOSED;
            }
        }
    }

    // RFC 5321 4.5.3.1.4: a line over the limit gets 500 once its CRLF arrives; octets in between
    // are dropped so memory stays bounded. A line GARBAGE_FACTOR times over the limit ends the session.
    private DisconnectReason discardLongLine(InputStream input, OutputStream output) throws IOException {
        String start = new String(in, pos, Math.min(100, lim - pos), StandardCharsets.ISO_8859_1) + "...";
        long discarded = 0;
        boolean lastWasCr = false;
        while (true) {
            for (int k = pos; k < lim; k++) {
                if (lastWasCr && in[k] == '\n') {
                    pos = k + 1;
                    Instant now = Instant.now();
                    client(now, start);
                    return handle(session.lineTooLong(start), start, now);
                }
                lastWasCr = in[k] == '\r';
            }
            discarded += lim - pos;
            pos = lim;
            if (discarded > (long) GARBAGE_FACTOR * config.session().maxCommandLine()) {
                client(Instant.now(), start);
                queue(session.adapt(Replies.tooMuchGarbage()));
                flush(output);
                return DisconnectReason.LIMIT_EXCEEDED;
            }
            flush(output);
            if (!fill(input, false)) {
                return stopping ? DisconnectReason.SERVER_STOPPED : DisconnectReason.CLIENT_CLOSED;
            }
        }
    }

    private void client(Instant time, String text) {
        recorder.transcript(sessionId(), new Transcript.Line(time, Transcript.Direction.CLIENT, text));
    }

    // Record before reply: violations and the email reach the mailbox before the reply is queued.
    private DisconnectReason handle(Session.Result result, String command, Instant now) {
        for (ProtocolViolation v : result.violations()) {
            recorder.violation(v);
        }
        if (result.delivery() != null) {
            Session.Delivery d = result.delivery();
            recorder.delivered(d.id(), d.envelope(), d.content(), now);
        }
        Reply reply = result.reply();
        if (reply == null) {
            // BDAT: answered once its chunk has been read (RFC 3030 2)
            awaitingChunk = command;
            awaitingSince = now;
            return null;
        }
        List<String> sent = queue(reply);
        String answered = command != null ? command : awaitingChunk;
        Instant readAt = command != null ? now : awaitingSince;
        awaitingChunk = null;
        if (answered != null) {
            recorder.event(new SmtpEvent.CommandReceived(readAt, sessionId(), answered, reply.code(),
                    String.join("\n", sent)));
        }
        if (result.close() != null) {
            return result.close();
        }
        return reply.code() == 421 ? DisconnectReason.LIMIT_EXCEEDED : null;
    }

    /** Records the reply's lines and appends its octets to the output; returns the lines as sent. */
    private List<String> queue(Reply reply) {
        Instant now = Instant.now();
        List<String> lines = reply.wireLines(); // rendered once for the transcript, the event and the wire
        for (String line : lines) {
            recorder.transcript(sessionId(), new Transcript.Line(now, Transcript.Direction.SERVER, line));
        }
        byte[] bytes = Reply.wire(lines).getBytes(StandardCharsets.UTF_8);
        if (outLen + bytes.length > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + bytes.length));
        }
        System.arraycopy(bytes, 0, out, outLen, bytes.length);
        outLen += bytes.length;
        return lines;
    }

    private void flush(OutputStream output) throws IOException {
        if (outLen > 0) {
            writeStarted = Math.max(1, System.nanoTime());
            try {
                output.write(out, 0, outLen); // one write: a multi-line reply leaves in one segment
            } finally {
                writeStarted = 0;
            }
            outLen = 0;
            if (out.length > 64 * 1024) {
                out = new byte[1024];
            }
        }
    }

    private void sendQuietly(Reply reply) {
        try {
            outLen = 0;
            queue(session.adapt(reply));
            flush(socket.getOutputStream());
        } catch (IOException | RuntimeException ignored) {
            // the client is gone or the socket is closed; the disconnect is recorded anyway
        }
    }

    // Only a CRLF within the limit ends a command line (RFC 5321 4.5.3.1.4 counts the CRLF); a line
    // without one there is over-long, however it arrived.
    private int findCrlf() {
        int last = Math.min(lim - 1, pos + config.session().maxCommandLine() - 1);
        for (int k = pos; k < last; k++) {
            if (in[k] == '\r' && in[k + 1] == '\n') {
                return k;
            }
        }
        return -1;
    }

    private void resetDeadline() {
        deadline = System.nanoTime() + config.idleTimeout().toNanos();
    }

    /**
     * Reads more octets. In command mode the whole line must arrive before the deadline; in data
     * mode each read resets it (RFC 5321 4.5.3.2.5 times each data block).
     *
     * @return false at end of stream
     */
    private boolean fill(InputStream input, boolean dataMode) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (pos > 0) {
            System.arraycopy(in, pos, in, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == in.length || (dataMode && in.length < DATA_BUFFER)) {
            // message data gets a larger buffer so big messages need fewer reads
            in = Arrays.copyOf(in, Math.max(in.length * 2, dataMode ? DATA_BUFFER : 0));
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("idle timeout");
        }
        // No socket timeout: a timed read costs a poll per read. The JVM-wide watchdog ends a read
        // that outlives the deadline instead (TimeoutWatchdog), at most one watch period late.
        int n;
        readDeadline = deadline == 0 ? 1 : deadline;
        try {
            n = input.read(in, lim, in.length - lim);
        } finally {
            readDeadline = 0;
        }
        if (readTimedOut) {
            throw new SocketTimeoutException("idle timeout");
        }
        if (n < 0) {
            return false;
        }
        lim += n;
        if (dataMode) {
            resetDeadline();
        }
        return true;
    }
}
