package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's TLS and AUTH flags, driven by real non-JVM clients as the README shows them:
 * python3's smtplib ({@code starttls(context=...)}, {@code SMTP_SSL}, {@code login()}) and
 * curl ({@code --ssl-reqd --cacert ... --user}). A client that is not installed is skipped with a notice.
 */
@Timeout(60)
class TlsAndAuthRunnerTest {

    private static final String PASSWORD = "s3:cret";

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private SmtpReceiver run(String... args) throws IOException {
        return InProcess.start(new PrintStream(console, true, StandardCharsets.UTF_8), args);
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheTlsAndAuthFlags() {
        Options o = Options.parse("--tls", "starttls", "--require-tls", "--user", "alice:" + PASSWORD,
                "--user=bob:pw", "--require-auth");
        assertThat(o.tls).isEqualTo(TlsMode.STARTTLS);
        assertThat(o.requireTls).isTrue();
        assertThat(o.requireAuth).isTrue();
        assertThat(List.copyOf(o.users.keySet())).containsExactly("alice", "bob");
        assertThat(o.users).isEqualTo(java.util.Map.of("alice", PASSWORD, "bob", "pw"));
        assertThat(Options.parse("--tls=IMPLICIT", "--auth").tls).isEqualTo(TlsMode.IMPLICIT);
        assertThat(Options.parse("--auth").auth).isTrue();
        assertThat(Options.USAGE).contains("--tls MODE", "--require-tls", "--auth", "--user NAME:PASSWORD", "--require-auth");
    }

    @Test
    void badTlsAndAuthFlagsSayWhatToWrite() {
        assertThat(reason("--tls", "ssl")).isEqualTo("Option --tls needs starttls or implicit, was 'ssl'.");
        assertThat(reason("--require-tls")).isEqualTo("Option --require-tls needs TLS: add --tls starttls or --tls implicit.");
        assertThat(reason("--user", "hunter2")).isEqualTo("Option --user needs NAME:PASSWORD (a user name, a colon, the"
                + " password), for example --user alice:s3cret.");
        assertThat(reason("--user", "a:1", "--user", "a:2")).isEqualTo("Option --user names 'a' twice. Give each user name once.");
    }

    private static String reason(String... args) {
        try {
            Options.parse(args);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + List.of(args));
    }

    @Test
    void printsTheCaFileAndACurlLineButNoPassword() throws IOException {
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "starttls", "--require-tls", "--user", "alice:" + PASSWORD)) {
            // the console is printed by its own thread, off the reply path: wait for the start lines
            await().atMost(Duration.ofSeconds(10)).until(() -> console().contains("stop with Ctrl-C"));
            assertThat(console()).contains("\n  TLS: STARTTLS (RFC 3207), required; CA certificate (PEM): "
                            + receiver.caPemFile() + "\n  AUTH: 1 user\n  try: curl smtp://127.0.0.1:" + receiver.port()
                            + " --ssl-reqd --cacert " + receiver.caPemFile() + " --user alice:PASSWORD --mail-from"
                            + " a@example.com --mail-rcpt b@example.com -T mail.txt\n  stop with Ctrl-C")
                    .doesNotContain(PASSWORD);
            assertThat(Files.readString(receiver.caPemFile())).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void pythonSmtplibStartTlsAndLogin() throws Exception {
        requireTool("python3", "--version");
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "starttls", "--require-tls", "--require-auth",
                "--user", "alice:" + PASSWORD)) {
            Path script = Files.writeString(temp.resolve("send.py"), """
                    import smtplib, ssl, sys
                    context = ssl.create_default_context(cafile=sys.argv[2])
                    with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20) as smtp:
                        smtp.starttls(context=context)
                        smtp.login("alice", sys.argv[3])
                        smtp.sendmail("app@example.com", ["user@example.com"],
                                      "Subject: from python\\r\\n\\r\\nHello over STARTTLS\\r\\n")
                    """);
            run(List.of("python3", script.toString(), String.valueOf(receiver.port()), receiver.caPemFile().toString(),
                    PASSWORD));
            Envelope envelope = receiver.mailbox().singleEmail().envelope();
            assertThat(envelope.tls()).isPresent();
            assertThat(envelope.auth().orElseThrow().user()).isEqualTo("alice");
            assertThat(receiver.mailbox().transcripts().get(0).commands()).containsSubsequence("EHLO", "STARTTLS", "EHLO",
                    "AUTH", "MAIL");
            awaitConsole("from python");
            assertThat(console()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void pythonSmtplibOverImplicitTls() throws Exception {
        requireTool("python3", "--version");
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "implicit", "--auth")) {
            Path script = Files.writeString(temp.resolve("send.py"), """
                    import smtplib, ssl, sys
                    context = ssl.create_default_context(cafile=sys.argv[2])
                    with smtplib.SMTP_SSL("127.0.0.1", int(sys.argv[1]), context=context, timeout=20) as smtp:
                        smtp.login("anyone", "anything")
                        smtp.sendmail("app@example.com", ["user@example.com"], "Subject: smtps\\r\\n\\r\\nHi\\r\\n")
                    """);
            run(List.of("python3", script.toString(), String.valueOf(receiver.port()), receiver.caPemFile().toString()));
            Envelope envelope = receiver.mailbox().singleEmail().envelope();
            assertThat(envelope.tls()).isPresent();
            assertThat(envelope.auth().orElseThrow().user()).isEqualTo("anyone");
            assertThat(receiver.mailbox().transcripts().get(0).commands()).doesNotContain("STARTTLS");
        }
    }

    @Test
    void aSecondPortWithImplicitTlsNextToStartTls() throws Exception {
        requireTool("python3", "--version");
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "starttls", "--smtps-port", "0")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> console().contains("stop with Ctrl-C"));
            assertThat(console()).contains("\n  SMTPS: implicit TLS (RFC 8314) on 127.0.0.1:" + receiver.smtpsPort() + "\n");
            Path script = Files.writeString(temp.resolve("both.py"), """
                    import smtplib, ssl, sys
                    context = ssl.create_default_context(cafile=sys.argv[3])
                    with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20) as smtp:
                        smtp.starttls(context=context)
                        smtp.sendmail("app@example.com", ["a@example.com"], "Subject: starttls\\r\\n\\r\\nHi\\r\\n")
                    with smtplib.SMTP_SSL("127.0.0.1", int(sys.argv[2]), context=context, timeout=20) as smtp:
                        smtp.sendmail("app@example.com", ["b@example.com"], "Subject: smtps\\r\\n\\r\\nHi\\r\\n")
                    """);
            run(List.of("python3", script.toString(), String.valueOf(receiver.port()),
                    String.valueOf(receiver.smtpsPort()), receiver.caPemFile().toString()));
            assertThat(receiver.mailbox().emails()).extracting(e -> e.subject()).containsExactly("starttls", "smtps");
            assertThat(receiver.mailbox().emails()).allSatisfy(e -> assertThat(e.envelope().tls()).isPresent());
            assertThat(receiver.mailbox().transcripts().get(1).commands()).doesNotContain("STARTTLS");
        }
        assertThat(reason("--smtps-port", "0")).isEqualTo("Option --smtps-port adds implicit TLS next to STARTTLS: add"
                + " --tls starttls (with --tls implicit, the one port already speaks TLS from the first byte).");
        assertThat(Options.USAGE).contains("--smtps-port PORT");
    }

    @Test
    void curlWithSslReqdCacertAndUser() throws Exception {
        requireTool("curl", "--version");
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "starttls", "--require-tls", "--user", "alice:" + PASSWORD)) {
            Path mail = Files.writeString(temp.resolve("mail.txt"), "Subject: from curl\r\n\r\nHello\r\n");
            List<String> readmeLine = List.of("curl", "--silent", "--show-error", "--max-time", "20",
                    "smtp://127.0.0.1:" + receiver.port(), "--ssl-reqd", "--cacert", receiver.caPemFile().toString(),
                    "--user", "alice:" + PASSWORD, "--mail-from", "a@example.com", "--mail-rcpt", "b@example.com",
                    "-T", mail.toString());
            run(readmeLine);
            // the same with PLAIN forced, so the password really crosses the wire (curl may prefer CRAM-MD5)
            List<String> plain = new ArrayList<>(readmeLine);
            plain.addAll(List.of("--login-options", "AUTH=PLAIN"));
            run(plain);
            assertThat(receiver.mailbox().emails()).hasSize(2).allSatisfy(email -> {
                assertThat(email.envelope().tls()).isPresent();
                assertThat(email.envelope().auth().orElseThrow().user()).isEqualTo("alice");
            });
            assertThat(receiver.mailbox().emails().get(1).envelope().auth().orElseThrow().mechanism())
                    .isEqualTo(AuthMechanism.PLAIN);
            assertThat(receiver.mailbox().transcripts().get(0).commands()).containsSubsequence("STARTTLS", "AUTH", "MAIL");
            await().atMost(Duration.ofSeconds(10)).until(() -> console().split("Subject: from curl", -1).length == 3);
            // neither the password nor its base64 form in a PLAIN response reaches the console
            assertThat(console()).doesNotContain(PASSWORD, java.util.Base64.getEncoder()
                    .encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void curlWithAWrongPasswordIsRefused() throws Exception {
        requireTool("curl", "--version");
        try (SmtpReceiver receiver = run("--port", "0", "--tls", "implicit", "--user", "alice:" + PASSWORD)) {
            Path mail = Files.writeString(temp.resolve("mail.txt"), "Subject: x\r\n\r\nHello\r\n");
            int status = exitStatus(List.of("curl", "--silent", "--max-time", "20", "smtps://127.0.0.1:" + receiver.port(),
                    "--cacert", receiver.caPemFile().toString(), "--user", "alice:wrong",
                    "--mail-from", "a@example.com", "--mail-rcpt", "b@example.com", "-T", mail.toString()));
            assertThat(status).isEqualTo(67); // curl: "the user name, password, or similar was not accepted"
            assertThat(receiver.mailbox().emails()).isEmpty();
            assertThat(receiver.mailbox().transcripts().get(0).render()).contains("535 5.7.8");
        }
    }

    private void awaitConsole(String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> console().contains(fragment));
    }

    private static void requireTool(String... probe) {
        boolean present;
        try {
            present = exitStatus(List.of(probe)) == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present) {
            System.out.println("NOTICE: " + probe[0] + " is not installed; skipping the test that drives the runner with it");
        }
        Assumptions.assumeTrue(present, probe[0] + " is not installed");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        List<String> output = new ArrayList<>();
        int status = exitStatus(command, output);
        assertThat(status).as("exit status of %s, output:%n%s", command.get(0), String.join("\n", output)).isZero();
    }

    private static int exitStatus(List<String> command) throws IOException, InterruptedException {
        return exitStatus(command, new ArrayList<>());
    }

    private static int exitStatus(List<String> command, List<String> output) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            output.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(command.get(0) + " did not finish within 30 s");
            }
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }
}
