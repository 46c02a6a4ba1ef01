package dev.smtptestkit.internal.client;

import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.auth.AuthMasking;
import dev.smtptestkit.internal.protocol.Reply;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's socket: writes command lines and content, reads replies with the reply and the
 * whole-delivery timeouts, records both sides in the transcript (secrets masked when recorded)
 * and turns every I/O problem into an {@link Abort} naming the stage.
 */
final class Wire {

    private final String target;
    private final Duration replyTimeout;
    private final Duration deliveryTimeout;
    private final Deadline deadline;
    private final List<Transcript.Line> lines = new ArrayList<>();
    private final long maxLines;
    private long linesNotRecorded;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private ReplyReader reader;

    Wire(String target, Duration replyTimeout, Duration deliveryTimeout, Deadline deadline, int maxLines) {
        this.target = target;
        this.replyTimeout = replyTimeout;
        this.deliveryTimeout = deliveryTimeout;
        this.deadline = deadline;
        this.maxLines = maxLines;
    }

    /** Uses this socket from now on (after connect, and again after a TLS handshake). */
    void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = new BufferedOutputStream(s.getOutputStream(), 65536);
        reader = new ReplyReader(in);
    }

    Socket socket() {
        return socket;
    }

    /** Sends one command line and records it as given in {@code recorded}. */
    void command(Stage stage, String line, String recorded) throws Abort {
        write(stage, line, () -> out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
        record(Transcript.Direction.CLIENT, recorded, false);
    }

    /** Sends one command line; an AUTH command's initial response is masked in the record. */
    void command(Stage stage, String line) throws Abort {
        command(stage, line, AuthMasking.command(line));
    }

    /** Sends a line of an AUTH exchange, recorded masked (RFC 4954 4). */
    void authLine(String line) throws Abort {
        command(Stage.AUTH, line, AuthMasking.response(line));
    }

    /** RFC 2920 3.1: a group of commands in one write, before any of their replies is read. */
    void group(Stage stage, List<String> commands) throws Abort {
        StringBuilder all = new StringBuilder();
        for (String c : commands) {
            all.append(c).append("\r\n");
        }
        write(stage, commands.get(0), () -> out.write(all.toString().getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < commands.size(); i++) {
            record(Transcript.Direction.CLIENT, commands.get(i), i < commands.size() - 1);
        }
    }

    /**
     * Message octets, framed by the action (dot-stuffed, or a BDAT chunk), recorded as
     * {@code <N bytes>} with N the octets on the wire, as the receiver records them.
     */
    void content(Stage stage, ContentAction action) throws Abort {
        int[] size = new int[1];
        write(stage, "the message", () -> size[0] = action.write(out));
        record(Transcript.Direction.CLIENT, "<" + size[0] + " bytes>", false);
    }

    interface ContentAction {
        int write(OutputStream out) throws IOException;
    }

    interface IoAction {
        void run() throws IOException;
    }

    private void write(Stage stage, String what, IoAction action) throws Abort {
        try {
            action.run();
            out.flush();
        } catch (IOException e) {
            throw io(stage, "while sending " + describe(what), e);
        }
    }

    /** The next reply, recorded line by line. */
    Reply reply(Stage stage, String waitingFor) throws Abort {
        long remaining = deadline.remainingMillis();
        if (remaining == 0) {
            throw deliveryTimedOut(stage, "waiting for the reply to " + describe(waitingFor));
        }
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(replyTimeout.toMillis(), remaining)));
            Reply reply = reader.read();
            for (String l : reply.wireLines()) {
                record(Transcript.Direction.SERVER, l, false);
            }
            return reply;
        } catch (IOException e) {
            throw readFailed(stage, waitingFor, e);
        }
    }

    // Why a reply could not be read; a stop by the owner comes first, whatever the read threw then.
    private Abort readFailed(Stage stage, String waitingFor, IOException e) {
        String where = "while waiting for the reply to " + describe(waitingFor);
        if (deadline.stopped()) {
            return stoppedAbort(stage, where);
        }
        if (e instanceof ReplyReader.Malformed) {
            return Abort.lost(stage, Kind.PROTOCOL_ERROR, "The server at " + target + " sent a reply to "
                    + describe(waitingFor) + " that is not SMTP: " + e.getMessage());
        }
        if (e instanceof SocketTimeoutException) {
            if (deadline.expired()) {
                return deliveryTimedOut(stage, "waiting for the reply to " + describe(waitingFor));
            }
            return Abort.lost(stage, Kind.TIMEOUT, "No reply to " + describe(waitingFor) + " from " + target
                    + " within the reply timeout of " + replyTimeout.toMillis() + " ms");
        }
        if (e instanceof EOFException) {
            return Abort.lost(stage, Kind.DROPPED, "The server at " + target + " closed the connection while the "
                    + "client waited for the reply to " + describe(waitingFor));
        }
        return io(stage, where, e);
    }

    private Abort io(Stage stage, String where, IOException e) {
        if (deadline.stopped()) {
            return stoppedAbort(stage, where);
        }
        if (deadline.expired()) {
            return deliveryTimedOut(stage, where);
        }
        return Abort.lost(stage, Kind.DROPPED, "The connection to " + target + " broke " + where + ": " + e);
    }

    /** Whether the owner stopped the delivery ({@link Stops#stopAll}). */
    boolean stopped() {
        return deadline.stopped();
    }

    /** The delivery ended by its owner (a relaying receiver that was closed), at {@code where}. */
    Abort stoppedAbort(Stage stage, String where) {
        return Abort.lost(stage, Kind.DROPPED, "The delivery to " + target + " was stopped " + where
                + ": the receiver relaying it was closed");
    }

    private Abort deliveryTimedOut(Stage stage, String where) {
        return Abort.lost(stage, Kind.TIMEOUT, "The delivery to " + target + " took longer than the delivery "
                + "timeout of " + deliveryTimeout.toMillis() + " ms (" + where.replaceFirst("^while ", "") + ")");
    }

    private static String describe(String commandOrWhat) {
        String verb = commandOrWhat.split(" ", 2)[0];
        return verb.equals(verb.toUpperCase(java.util.Locale.ROOT)) && !verb.isEmpty() ? verb : commandOrWhat;
    }

    private void record(Transcript.Direction direction, String text, boolean pipelined) {
        if (lines.size() >= maxLines) {
            linesNotRecorded++;
            return;
        }
        lines.add(new Transcript.Line(Instant.now(), direction, text, pipelined));
    }

    Transcript transcript(String id) {
        return new Transcript(id, lines, linesNotRecorded);
    }
}
