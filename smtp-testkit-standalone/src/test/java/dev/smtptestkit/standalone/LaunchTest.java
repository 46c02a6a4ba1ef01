package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 15, standalone runner details: one reading of durations, exit status 2 with the reason, --version. */
@Timeout(30)
class LaunchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main.Launch launch(String... args) {
        Main.Launch launch = Main.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (launch.receiver() != null) {
            launch.receiver().close();
        }
        return launch;
    }

    @ParameterizedTest(name = "--idle-timeout {0}")
    @CsvSource({"5000, 5000", "500ms, 500", "60s, 60000", "5m, 300000", "1h, 3600000", "PT2S, 2000"})
    void readsIdleTimeoutsAsTheAnnotationDoesABareNumberBeingMilliseconds(String text, long millis) {
        // @SmtpServer(idleTimeout = "5000") is 5 seconds; so is --idle-timeout 5000 (it was 5000 seconds)
        assertThat(Options.parse("--idle-timeout", text).idleTimeout).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--idle-timeout | 0 | Option --idle-timeout must be positive, was '0'.",
        "--idle-timeout | soon | Option --idle-timeout: 'soon' is not a duration: write milliseconds (\"5000\"), "
                + "a number with a unit (\"500ms\", \"5s\", \"1m\", \"2h\") or ISO-8601 (\"PT5S\").",
        "--max-message-size | 0 | Option --max-message-size must be between 1 and 2147483631 octets (2 GiB), was '0'.",
        "--max-message-size | 3GiB | Option --max-message-size must be between 1 and 2147483631 octets (2 GiB), was '3GiB'.",
        "--server-name | mx test | Option --server-name needs a host name without spaces or control characters, "
                + "was 'mx test'.",
        "--max-sessions | 0 | Option --max-sessions must be between 1 and 2147483647, was 0.",
    })
    void aBadValueExitsWithStatus2AndTheReason(String option, String value, String reason) {
        Main.Launch launch = launch("--port", "0", option, value);

        assertThat(launch.status()).isEqualTo(2);
        assertThat(launch.receiver()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(reason + System.lineSeparator());
    }

    @Test
    void versionPrintsTheVersionAndStartsNothing() {
        Main.Launch launch = launch("--version");

        assertThat(launch.status()).isZero();
        assertThat(launch.receiver()).isNull();
        // from the jar manifest's Implementation-Version; these tests run from target/classes, which has none
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("smtp-testkit-standalone (version unknown: not run from its jar)" + System.lineSeparator());
        assertThat(Options.USAGE).contains("--version");
    }

    @Test
    void anUnusableDumpDirectoryExitsWithStatus1NamingTheCause(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("mails"), "x");

        Main.Launch launch = launch("--port", "0", "--dump-dir", file.toString());

        assertThat(launch.status()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Cannot use --dump-dir " + file
                + ": it is a file, not a directory. Name a directory (it is created if missing)." + System.lineSeparator());
    }

    @Test
    void theProcessExitsWithStatus2OnABadValue() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--idle-timeout", "soon").redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(output).startsWith("Option --idle-timeout: 'soon' is not a duration");
        } finally {
            process.destroyForcibly();
        }
    }
}
