package dev.smtptestkit.internal.net;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.protocol.Effect;
import dev.smtptestkit.internal.protocol.Session;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The scripted faults of one {@link Connection} ({@code SmtpScript}): a delay before a reply, a
 * throttle on what is read and written, a cut in the message data, a stall. The connection's loop
 * asks it around each step; it keeps the state of the cut and of the throttle, and writes the
 * fault's line into the transcript ("-- connection reset after 512 octets of DATA [scripted]").
 * Everything here runs on the session's own thread.
 */
final class ScriptedFaults {

    /** What a scripted reply's transcript line ends with. */
    static final String MARK = "  [scripted]";

    private final Connection connection;
    // Effect.CutData: octets of data left before the cut (-1: no cut) and how to end then.
    private long cutLeft = -1;
    private Effect.Close cutClose;
    // Effect.Throttle: the rate in octets a second (0: none).
    private long throttle;

    ScriptedFaults(Connection connection) {
        this.connection = connection;
    }

    /**
     * Sets up what a scripted effect wraps (a throttle, a cut of the data) and gives the effect
     * to perform.
     *
     * @param state the session's state after the step (a BDAT message's cut goes on over its chunks)
     */
    Effect setUp(Effect effect, Session.State state) {
        Effect e = effect;
        if (e instanceof Effect.Throttle t) {
            throttle = t.octetsPerSecond();
            e = t.then();
        }
        if (e instanceof Effect.CutData c) {
            cutLeft = c.octets();
            cutClose = c.close();
            e = c.read();
        } else if (!(e instanceof Effect.ReadData || e instanceof Effect.ReadChunk) && state != Session.State.BDAT) {
            cutLeft = -1; // the data ended before the cut
        }
        return e;
    }

    /** Whether a throttle is on. */
    boolean throttled() {
        return throttle > 0;
    }

    /** Whether the data has reached its scripted cut. */
    boolean cutDue() {
        return cutLeft == 0;
    }

    /** How many of the {@code available} octets of data the session may see before the cut. */
    int dataLength(int available) {
        return cutLeft < 0 ? available : (int) Math.min(available, cutLeft);
    }

    /** The session took {@code octets} of data. */
    void consumed(int octets) {
        if (cutLeft > 0) {
            cutLeft -= octets;
        }
    }

    /** The scripted cut in the message data: the message is not recorded (no end of data arrived). */
    Effect.Close cut() {
        line(cutClose.detail());
        cutLeft = -1;
        return cutClose;
    }

    /** A scripted fault in the dialogue, as a transcript line. */
    void line(String what) {
        connection.log().transcript(new Transcript.Line(Instant.now(), Transcript.Direction.SERVER,
                "-- " + what + " [scripted]"));
    }

    /**
     * A scripted stall: nothing more is written; what the client sends is read and dropped (memory
     * stays bounded) until it closes or the receiver stops. No idle timeout: the client's own
     * timeout is what the test is about.
     */
    Effect.Close stall(ReplyWriter writer, InputStream input) throws IOException {
        writer.flush();
        line("stalled, no reply");
        long started = System.nanoTime();
        byte[] sink = new byte[4096];
        try {
            while (input.read(sink) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // a reset by the client ends the stall like a close
        }
        if (connection.stopping()) {
            return new Effect.Close(DisconnectReason.SERVER_STOPPED, "the receiver stopped during a scripted stall",
                    false);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Effect.Close(DisconnectReason.SCRIPTED, "stalled; the client closed the connection after "
                + millis + " ms", false);
    }

    /** A scripted throttle: waits as long as {@code octets} take at the rate (after what is queued has left). */
    void pace(ReplyWriter writer, long octets) {
        pause(writer, octets * 1_000_000_000L / throttle);
    }

    /** A scripted delay: the queued replies leave first; the connection's stop() cuts it short. */
    void pause(ReplyWriter writer, long nanos) {
        try {
            writer.flush();
        } catch (IOException e) {
            return; // the client is gone; the read that follows says so
        }
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !connection.stopping(); left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, Math.min(left, 10_000_000L));
        }
    }
}
