package dev.smtptestkit.internal.net;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.content.ScratchBlocks;
import dev.smtptestkit.internal.protocol.Effect;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Session;
import dev.smtptestkit.internal.tls.ServerTls;
import dev.smtptestkit.internal.tls.TlsHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One client connection: the loop that frames octets ({@link Framer}), hands each step to the
 * {@link Session}, and applies the {@link Outcome} it gets back: records it, writes the reply
 * ({@link ReplyWriter}, one write per batch) and performs the after-effect. It holds no reply and
 * no protocol rule: what to answer, when to close and why are the session's decisions.
 *
 * <p>Why this class is over 300 lines: besides the loop it holds the socket-side mechanics that must
 * share its state (the watchdog hooks for blocked reads and writes, the TLS upgrade, the end of a
 * session and its linger); framing, writing and the scripted faults are apart ({@link Framer},
 * {@link ReplyWriter}, {@link ScriptedFaults}).
 */
final class Connection implements Runnable {

    private final Socket socket;
    private final Session session;
    private final Recorder recorder;
    private final ConnectionConfig config;
    private final Ends ends;
    // non-null: this connection is refused (RFC 5321 3.8) with the outcome the session gives
    private final Boolean refuseClosing;

    // Made on the session's thread when it starts: the recording (runSession), the buffers (serve(),
    // from that thread's scratch blocks).
    private Recorder.SessionLog log;
    private Framer framer;
    private ReplyWriter writer;
    private InputStream input;
    private long deadline;
    private Instant commandAt = Instant.EPOCH;
    private volatile boolean stopping;
    private volatile boolean writeTimedOut;
    // Set while a read is blocked: the watchdog ends a read that outlives it (see fill()).
    private volatile long readDeadline;
    private volatile boolean readTimedOut;
    private final ScriptedFaults faults;
    // Whether the effect that ends the session came with a reply (a 421, the 221 to QUIT).
    private boolean endsWithReply;

    /** What the server is told of a connection's end: it keeps the sets {@code close()} looks at. */
    interface Ends {
        /**
         * The session is over, before its {@code ClientDisconnected} event.
         *
         * @param lingers whether the socket is to linger after the event
         * @return whether it may (not once the receiver is closing)
         */
        boolean ended(Connection connection, boolean lingers);

        /** The socket of a connection that lingered is closed. */
        void closed(Connection connection);
    }

    /**
     * A connection, served or only told it cannot be.
     *
     * @param refuseClosing null for a normal session; otherwise whether the receiver is closing
     *                      (true) or at its session limit (false)
     */
    Connection(Socket socket, Session session, Recorder recorder, ConnectionConfig config, Ends ends,
               Boolean refuseClosing) {
        this.socket = socket;
        this.session = session;
        this.recorder = recorder;
        this.config = config;
        this.ends = ends;
        this.refuseClosing = refuseClosing;
        this.faults = new ScriptedFaults(this);
    }

    String sessionId() {
        return session.sessionId();
    }

    /** Where this session records (once it runs). */
    Recorder.SessionLog log() {
        return log;
    }

    /** Whether the connection was asked to end (stop(), forceClose()). */
    boolean stopping() {
        return stopping;
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
        ReplyWriter w = writer;
        if (w != null && w.blockedLongerThan(nowNanos, limitNanos)) {
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
        try {
            runSession();
        } finally {
            // Nothing of this session uses them any more: the next session on this thread may.
            if (framer != null) {
                framer.release();
            }
            if (writer != null) {
                writer.release();
            }
        }
    }

    private void runSession() {
        Effect.Close end = new Effect.Close(DisconnectReason.IO_ERROR, "", false);
        try {
            // Recorded here, first thing on the session's own thread, so a slow listener never holds
            // up the acceptor that all receivers share; inside the try, so an Error out of a listener
            // (MailboxRecorder lets VirtualMachineErrors through) ends this session as any other
            // failure does: the socket closed, the live count lowered, ClientDisconnected recorded.
            log = recorder.open(session.sessionId());
            log.event(new SmtpEvent.ClientConnected(Instant.now(), session.sessionId(),
                    (InetSocketAddress) socket.getRemoteSocketAddress()));
            end = serve();
        } catch (IOException e) {
            end = ended(e);
        } catch (RuntimeException | Error e) {
            // A bug of ours must not vanish in an unobserved thread: it becomes a recorded disconnect.
            end = new Effect.Close(DisconnectReason.IO_ERROR, "internal error: " + e, false);
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            session.closed();
            boolean halfClosed = endsWithReply && !end.reset() && !stopping && Linger.halfClose(socket);
            // RFC 5321 4.1.1.10: after the 221 to QUIT the client closes and sends nothing more,
            // so there is nothing to linger for (the FIN still goes before any reset)
            boolean linger = halfClosed && end.reason() != DisconnectReason.QUIT;
            if (!linger) {
                close(end.reset());
            }
            boolean mayLinger = false;
            try {
                // Leave the live set first, so activeSessionCount() is already lower when a test
                // sees the event; close() still waits for this thread, which it tracks apart from
                // that set, and cuts a linger short.
                mayLinger = ends.ended(this, linger);
                if (log == null) {
                    log = recorder.open(session.sessionId()); // opening it above failed (out of memory)
                }
                log.event(new SmtpEvent.ClientDisconnected(Instant.now(), session.sessionId(), end.reason(),
                        end.detail(), Optional.ofNullable(session.tlsDetails()),
                        Optional.ofNullable(session.authDetails())));
            } finally {
                if (linger) {
                    try {
                        if (mayLinger) {
                            lingerThenClose();
                        } else {
                            forceClose();
                        }
                    } finally {
                        ends.closed(this);
                    }
                }
            }
        }
    }

    // RFC 5321 3.8: the FIN after a reply that closes, then what the client still sends is dropped
    // before the close, so the client reads the reply, not a reset (see Linger).
    private void lingerThenClose() {
        Linger.drain(socket, framer, config.idleTimeout().toMillis(), this);
        forceClose();
    }

    private Effect.Close ended(IOException e) {
        if (writeTimedOut) {
            return (Effect.Close) apply(session.replyNotRead(config.idleTimeout().toMillis()), false);
        }
        if (stopping) {
            return new Effect.Close(DisconnectReason.SERVER_STOPPED, "", false);
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // java.net sockets throw SocketException, channel-backed ones a plain IOException
        boolean reset = message.contains("connection reset") || message.contains("broken pipe");
        // a reset is the client closing the connection without QUIT, abruptly
        return new Effect.Close(reset ? DisconnectReason.CLIENT_CLOSED : DisconnectReason.IO_ERROR,
                String.valueOf(e.getMessage()), false);
    }

    private void close(boolean reset) {
        if (reset) {
            try {
                socket.setSoLinger(true, 0); // RST instead of FIN
            } catch (IOException ignored) {
                // closed already
            }
        }
        forceClose();
    }

    private Effect.Close serve() throws IOException {
        // in the session's try: an OutOfMemoryError here still ends the session as any other does
        framer = new Framer(ScratchBlocks.take());
        socket.setTcpNoDelay(true);
        input = socket.getInputStream();
        writer = new ReplyWriter(socket.getOutputStream());
        resetDeadline();
        Effect effect = Effect.NONE;
        if (refuseClosing == null && config.session().tls().implicit()) {
            effect = startTls(); // RFC 8314 3.3: TLS from the first octet, the greeting inside it
        }
        if (!(effect instanceof Effect.Close)) {
            Outcome first = refuseClosing != null ? session.refuse(refuseClosing, config.maxSessions()) : session.greet();
            effect = apply(first, false);
        }
        resetDeadline();
        while (true) {
            if (effect instanceof Effect.Close close) {
                writer.flush();
                return close;
            }
            if (effect instanceof Effect.Stall) {
                return faults.stall(writer, input);
            }
            if (effect instanceof Effect.ReadData || effect instanceof Effect.ReadChunk) {
                if (faults.cutDue()) {
                    effect = faults.cut();
                    continue;
                }
                if (framer.available() > 0) {
                    Outcome o = session.data(framer.buffer(), framer.position(), faults.dataLength(framer.available()));
                    framer.consume(o.consumed());
                    faults.consumed(o.consumed());
                    effect = apply(o, false);
                    if (o.reply() != null) {
                        resetDeadline();
                    }
                    continue;
                }
            } else if (effect instanceof Effect.StartTls) {
                writer.flush(); // the 220 in the clear, then nothing more in the clear
                framer.discard(); // RFC 3207 4.2: what the client pipelined after STARTTLS never runs
                effect = startTls();
                resetDeadline();
                continue;
            } else {
                int end = framer.findCrlf(session.maxLineLength());
                if (end >= 0) {
                    effect = effect instanceof Effect.ReadAuthLine ? authLine(end) : command(end);
                    resetDeadline();
                    continue;
                }
                if (framer.available() >= session.maxLineLength()) {
                    effect = overlongLine();
                    resetDeadline();
                    continue;
                }
            }
            writer.flush();
            Outcome closing = fill(!(effect instanceof Effect.None || effect instanceof Effect.ReadAuthLine));
            if (closing != null) {
                effect = apply(closing, false);
            }
        }
    }

    private Effect command(int end) throws IOException {
        int start = framer.position();
        // RFC 2920: whether the client sent more before this command's reply (a pipelined group,
        // or a command that must end one followed by more). What is buffered says so at once; else
        // the kernel is asked (FIONREAD), unless this line ends what a read returned a moment ago
        // with room to spare: nothing more had arrived then, and a segment arriving in the
        // microsecond since is as likely to arrive just after the question (it saves the system
        // call on every command of a client that waits for each reply).
        boolean fresh = framer.justRead();
        framer.consume(end + 2 - start);
        boolean more = framer.available() > 0 || (!fresh && input.available() > 0);
        commandAt = Instant.now();
        return apply(session.command(framer.buffer(), start, end - start, more), more, commandAt);
    }

    private Effect authLine(int end) {
        int start = framer.position();
        framer.consume(end + 2 - start);
        commandAt = Instant.now();
        return apply(session.authLine(framer.buffer(), start, end - start), false, commandAt);
    }

    // The handshake on this session's thread, under the idle deadline: the watchdog ends a
    // handshake that stalls like any other read.
    private Effect startTls() throws IOException {
        ServerTls tls = config.tls();
        SSLSocket secure;
        readDeadline = deadline == 0 ? 1 : deadline;
        try {
            secure = tls.wrap(socket, true, config.clientAuth());
        } catch (TlsHandshakeException e) {
            if (readTimedOut) {
                return apply(session.tlsTimedOut(config.idleTimeout().toMillis()), false);
            }
            log.transcript(new Transcript.Line(Instant.now(), Transcript.Direction.SERVER,
                    "-- TLS handshake failed: " + e.description()));
            return apply(session.tlsFailed(e.description()), false);
        } finally {
            readDeadline = 0;
        }
        input = secure.getInputStream();
        writer.use(secure.getOutputStream());
        Outcome started = session.tlsStarted(ServerTls.details(secure));
        log.transcript(new Transcript.Line(Instant.now(), Transcript.Direction.SERVER,
                "-- TLS started: " + session.tlsDetails()));
        return apply(started, false);
    }

    // RFC 5321 4.5.3.1.4: a line over the limit gets 500 once its CRLF arrives; octets in between
    // are dropped so memory stays bounded. A line far over the limit ends the session.
    private Effect overlongLine() throws IOException {
        String start = new String(framer.buffer(), framer.position(), Math.min(100, framer.available()),
                StandardCharsets.ISO_8859_1) + "...";
        long discarded = 0;
        boolean lastWasCr = false;
        while (true) {
            int after = framer.skipPastCrlf(lastWasCr);
            if (after >= 0) {
                framer.consume(after - framer.position());
                commandAt = Instant.now();
                return apply(session.lineTooLong(start), false, commandAt);
            }
            lastWasCr = framer.endsWithCr();
            discarded += framer.available();
            framer.consume(framer.available());
            if (discarded > session.garbageLimit()) {
                commandAt = Instant.now();
                return apply(session.garbage(start), false, commandAt);
            }
            writer.flush();
            Outcome closing = fill(false);
            if (closing != null) {
                return apply(closing, false);
            }
        }
    }

    private Effect apply(Outcome decided, boolean more) {
        return apply(decided, more, Instant.now());
    }

    // Record before reply: violations and the email reach the mailbox before the reply is queued.
    // A command's line and its reply share the time the command was taken (one clock read per
    // command: the session decides within microseconds).
    private Effect apply(Outcome decided, boolean more, Instant now) {
        Outcome o = decided;
        Transcript.Line command = o.clientLine() == null ? null
                : new Transcript.Line(now, Transcript.Direction.CLIENT, o.clientLine(), more);
        // The command's line is recorded with its reply's, in one step, unless something is recorded
        // in between or the reply waits (a scripted delay or throttle): then it is recorded at once.
        if (command != null && (o.reply() == null || !o.violations().isEmpty() || o.delivery() != null
                || !o.delay().isZero() || faults.throttled() || o.effect() instanceof Effect.Throttle)) {
            log.transcript(command);
            command = null;
        }
        for (ProtocolViolation v : o.violations()) {
            log.violation(v);
        }
        if (o.delivery() != null) {
            Session.Delivery d = o.delivery();
            Recorder.HandOver kept = log.delivered(d.id(), d.envelope(), d.content(), now,
                    o.reply() != null);
            if (kept != Recorder.HandOver.STORED) {
                o = session.notStored(o, kept == Recorder.HandOver.NO_STORAGE); // not recorded, not accepted
            }
        }
        Effect effect = faults.setUp(o.effect(), session.state());
        if (!o.delay().isZero()) {
            faults.pause(writer, o.delay().toNanos());
        }
        if (o.reply() != null) {
            if (faults.throttled()) {
                faults.pace(writer, o.reply().wire().length());
            }
            List<String> sent = writer.queue(o.reply());
            endsWithReply = effect instanceof Effect.Close;
            int first = command == null ? 0 : 1;
            Transcript.Line[] lines = new Transcript.Line[first + sent.size()];
            if (command != null) {
                lines[0] = command;
            }
            for (int i = 0; i < sent.size(); i++) {
                String line = sent.get(i);
                lines[first + i] = new Transcript.Line(now, Transcript.Direction.SERVER,
                        o.scripted() ? line + ScriptedFaults.MARK : line);
            }
            SmtpEvent.CommandReceived answered = o.answered() == null ? null
                    : new SmtpEvent.CommandReceived(commandAt, sessionId(), o.answered(), o.reply().code(),
                    sent.size() == 1 ? sent.get(0) : String.join("\n", sent), o.scripted());
            log.replied(lines, answered);
            if (o.scripted() && effect instanceof Effect.Close c && c.reason() == DisconnectReason.SCRIPTED) {
                faults.line(c.detail()); // a scripted close after the reply (dropAfterReply, a scripted 421)
            }
        } else if (o.scripted() && effect instanceof Effect.Close c) {
            faults.line(c.detail());
        }
        return effect;
    }

    private void resetDeadline() {
        deadline = System.nanoTime() + config.idleTimeout().toNanos();
    }

    /**
     * Reads more octets. In command mode the whole line must arrive before the deadline; in data
     * mode each read resets it (RFC 5321 4.5.3.2.5 times each data block).
     *
     * @return null when octets arrived; otherwise the session's outcome for what ended the read
     *         (end of stream, the idle timeout, the receiver stopping)
     */
    private Outcome fill(boolean dataMode) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return session.idleTimeout(config.idleTimeout().toMillis());
        }
        // No socket timeout: a timed read costs a poll per read. The JVM-wide watchdog ends a read
        // that outlives the deadline instead (TimeoutWatchdog), at most one watch period late.
        int n;
        readDeadline = deadline == 0 ? 1 : deadline;
        try {
            n = framer.read(input, dataMode);
        } catch (SocketTimeoutException e) {
            n = -1;
            readTimedOut = true;
        } finally {
            readDeadline = 0;
        }
        if (readTimedOut) {
            return session.idleTimeout(config.idleTimeout().toMillis());
        }
        if (n < 0) {
            if (stopping) {
                return session.shutdown();
            }
            return session.clientClosed();
        }
        if (dataMode) {
            resetDeadline();
        }
        if (faults.throttled()) {
            faults.pace(writer, n);
        }
        return null;
    }
}
