package dev.smtptestkit.sender;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An SMTP server nobody here wrote (Postfix's smtp-sink, Python's aiosmtpd), started as a process by
 * a test and stopped after it. Absent programs skip the test with a printed notice.
 */
final class ForeignServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private ForeignServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the test, with a notice on the console, unless the file exists. */
    static void assumeInstalled(Path program, String what, String debianPackage) {
        if (!Files.isExecutable(program)) {
            System.out.println("NOTICE: " + what + " is not installed (" + program + "; Debian package "
                    + debianPackage + "), so this test against it is skipped.");
        }
        Assumptions.assumeTrue(Files.isExecutable(program), what + " is not installed");
    }

    /** A free loopback port: the foreign servers cannot report the port they bound, so one is picked first. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the command and waits until its port accepts connections. */
    static ForeignServer start(List<String> command, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ForeignServer server = new ForeignServer(p, port);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(command + " ended with status " + p.exitValue() + ": "
                            + Files.readString(log));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
