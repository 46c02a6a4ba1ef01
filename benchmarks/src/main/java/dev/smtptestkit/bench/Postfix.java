package dev.smtptestkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Postfix's test tools, {@code smtp-sink} (a contender: a single-process, event-driven sink written
 * in C) and {@code smtp-source} (a client: parallel sessions, one connection per message). Found in
 * {@code /usr/sbin} (Debian package {@code postfix}, which {@code run.sh} installs when it can);
 * when they are missing the scenarios and the contender are skipped with a notice.
 */
final class Postfix {

    private static final Path SINK = Path.of("/usr/sbin/smtp-sink");
    private static final Path SOURCE = Path.of("/usr/sbin/smtp-source");

    private Postfix() {
    }

    /** Whether smtp-sink is installed. */
    static boolean hasSink() {
        return Files.isExecutable(SINK);
    }

    /** Whether smtp-source is installed. */
    static boolean hasSource() {
        return Files.isExecutable(SOURCE);
    }

    /** Why a Postfix part is skipped, for the results. */
    static String missing(Path tool) {
        return tool + " is not installed (Debian package postfix; run.sh installs it with apt-get when it can): skipped.";
    }

    static String missingSink() {
        return missing(SINK);
    }

    static String missingSource() {
        return missing(SOURCE);
    }

    /**
     * Starts {@code smtp-sink} on a free loopback port and returns once it accepts connections.
     * It records nothing, so its count is -1 (no loss check).
     */
    static Contender.Running startSink(int backlog) {
        if (!hasSink()) {
            throw new IllegalStateException(missingSink());
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(SINK.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root without it
        }
        command.addAll(List.of(Contender.LOOPBACK + ":" + port, Integer.toString(backlog)));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening(process, port);
        return new Contender.Running(port, () -> -1, () -> stop(process));
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(Contender.LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Polls with a connect every 100 µs (a probe session that smtp-sink sees and forgets).
    private static void awaitListening(Process process, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink exited with " + process.exitValue() + " on port " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(Contender.LOOPBACK, port), 1000);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(100_000);
            }
        }
        stop(process);
        throw new IllegalStateException("smtp-sink did not listen on port " + port + " within 5 s");
    }

    /**
     * Runs {@code smtp-source -s sessions -m messages -l length} against a port: one connection per
     * message (no {@code -d}), EHLO, one recipient.
     *
     * @return the nanoseconds it took
     * @throws IllegalStateException when it fails or takes over a minute
     */
    static long source(int port, int sessions, int messages, int length) throws IOException, InterruptedException {
        if (!hasSource()) {
            throw new IllegalStateException(missingSource());
        }
        List<String> command = List.of(SOURCE.toString(), "-s", Integer.toString(sessions), "-m",
                Integer.toString(messages), "-l", Integer.toString(length), "-f", "sender@bench.test",
                "-t", "rcpt@bench.test", Contender.LOOPBACK + ":" + port);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes(); // bounded: it prints only on errors
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("smtp-source took over 60 s");
        }
        long elapsed = System.nanoTime() - t0;
        if (p.exitValue() != 0) {
            String text = new String(output, 0, Math.min(output.length, 300), java.nio.charset.StandardCharsets.UTF_8);
            throw new IllegalStateException("smtp-source exited with " + p.exitValue() + ": " + text.strip());
        }
        return elapsed;
    }
}
