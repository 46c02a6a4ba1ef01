package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.SharedInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A class path without the Jakarta Mail API (a build that excludes it): the receiver refuses to
 * start, saying what is missing and what to add. Before, it started, accepted a message's data and
 * then dropped the connection without a reply. Run in a JVM of its own, with only smtp-testkit's
 * classes on its class path (and, as the control, with the API added).
 */
class MailApiMissingTest {

    /** What the child JVM runs: start a receiver and say what happened. */
    public static final class Child {
        public static void main(String[] args) {
            try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
                System.out.println("started on port " + (receiver.port() > 0));
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void withoutTheApiTheReceiverRefusesToStartAndSaysWhatToAdd() throws Exception {
        Result r = child(location(SmtpReceiver.class), location(Child.class));
        assertThat(r.output).isEqualTo("SmtpReceiver cannot store email without the Jakarta Mail API:"
                + " jakarta.mail.internet.SharedInputStream is not on the class path. Add the dependency"
                + " jakarta.mail:jakarta.mail-api (2.1.x), or stop excluding it from smtp-testkit-core\n");
        assertThat(r.exit).isEqualTo(3);
    }

    @Test
    void withTheApiTheSameChildStarts() throws Exception {
        Result r = child(location(SmtpReceiver.class), location(Child.class), location(SharedInputStream.class));
        assertThat(r.output).isEqualTo("started on port true\n");
        assertThat(r.exit).isZero();
    }

    private record Result(String output, int exit) {
    }

    private static Result child(Path... classPath) throws IOException, InterruptedException {
        StringBuilder cp = new StringBuilder();
        for (Path p : classPath) {
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(p);
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("mail-api-child", ".log");
        try {
            // output to a file, so that a child that hangs fails the wait below instead of a read
            Process p = new ProcessBuilder(java.toString(), "-cp", cp.toString(), Child.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not end within 60 s: " + Files.readString(log));
            }
            return new Result(Files.readString(log, StandardCharsets.UTF_8).replace("\r\n", "\n"), p.exitValue());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
