package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this test's class path, driven by one command line per request and one answer
 * line per reply, for faults that would take the test's own JVM down with them (a full heap, no
 * file descriptors). Its stderr goes to a file; closing it kills what is left of it.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code mainClass} through {@code bash -c} with {@code shellPrefix} (for example
     * {@code ulimit -n 256}) and the given JVM options; C1 only and the serial collector, so it
     * starts fast and does what it is told (no escape analysis removing allocations).
     */
    static ChildJvm start(String shellPrefix, List<String> jvmOptions, String mainClass, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", shellPrefix + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return new ChildJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start());
    }

    /** The next line the child writes; fails when it ended instead. */
    String line() {
        try {
            String line = out.readLine();
            assertThat(line).as("child output (it ended?)").isNotNull();
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command and reads the answer. */
    String ask(String command) {
        in.println(command);
        return line();
    }

    /** Reads "port N" and returns N. */
    int port() {
        String line = line();
        assertThat(line).startsWith("port ");
        return Integer.parseInt(line.substring(5));
    }

    /** Asks the child to quit and checks it ends cleanly. */
    void quit() throws InterruptedException {
        assertThat(ask("quit")).isEqualTo("bye");
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("child ended").isTrue();
        assertThat(process.exitValue()).as("child exit code").isZero();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
