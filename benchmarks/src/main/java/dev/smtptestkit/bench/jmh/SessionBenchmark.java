package dev.smtptestkit.bench.jmh;

import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Session;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol engine without sockets: one whole transaction (EHLO, MAIL, RCPT, DATA, the
 * content in 64 KiB reads as the connection hands it over, end of data) fed to a fresh
 * {@link Session}. Measures what the receiver spends per message apart from I/O and recording.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionBenchmark {

    private static final SessionConfig CONFIG = new SessionConfig("localhost", 64L * 1024 * 1024, 1000, 1024, false);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final byte[][] COMMANDS = {
        ascii("EHLO bench.client"), ascii("MAIL FROM:<sender@bench.test>"), ascii("RCPT TO:<rcpt@bench.test>"),
        ascii("DATA"),
    };

    /** Message size in octets. */
    @Param({"1024", "102400"})
    public int size;

    private byte[] data;

    /** Builds the content followed by the end-of-data line. */
    @Setup
    public void setUp() {
        byte[] message = dev.smtptestkit.bench.Contender.message(size);
        byte[] end = ascii(".\r\n");
        data = new byte[message.length + end.length];
        System.arraycopy(message, 0, data, 0, message.length);
        System.arraycopy(end, 0, data, message.length, end.length);
    }

    /** One transaction; returns the accepted length so nothing is optimised away. */
    @Benchmark
    public int transaction() {
        Session session = new Session(CONFIG, "s1", CLIENT);
        for (byte[] c : COMMANDS) {
            session.command(c, 0, c.length, false);
        }
        int off = 0;
        while (true) {
            int n = Math.min(64 * 1024, data.length - off);
            Outcome r = session.data(data, off, n);
            off += r.consumed();
            if (r.reply() != null) {
                return r.delivery().content().length();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
