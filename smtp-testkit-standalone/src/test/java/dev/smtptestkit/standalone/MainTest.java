package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class MainTest {

    @Test
    void parsesEveryOption() {
        Options o = Options.parse("--host", "0.0.0.0", "--port=0", "--dump-dir", "mails", "--max-message-size", "10MiB",
                "--max-recipients", "5", "--max-sessions", "7", "--idle-timeout", "500ms", "--server-name", "mx.test",
                "--reject-violations", "--quiet");
        assertThat(o.host).isEqualTo("0.0.0.0");
        assertThat(o.port).isZero();
        assertThat(o.dumpDir).isEqualTo(Path.of("mails"));
        assertThat(o.maxMessageSize).isEqualTo(10L * 1024 * 1024);
        assertThat(o.maxRecipients).isEqualTo(5);
        assertThat(o.maxSessions).isEqualTo(7);
        assertThat(o.idleTimeout).isEqualTo(Duration.ofMillis(500));
        assertThat(o.serverName).isEqualTo("mx.test");
        assertThat(o.rejectViolations).isTrue();
        assertThat(o.quiet).isTrue();
    }

    @Test
    void defaultsToLoopbackPort2525() {
        Options o = Options.parse();
        assertThat(o.host).isEqualTo("127.0.0.1");
        assertThat(o.port).isEqualTo(2525);
        assertThat(o.dumpDir).isNull();
    }

    @Test
    void helpDocumentsEveryFlag() {
        assertThat(Options.USAGE).contains("--host", "--port", "--dump-dir", "--max-message-size", "--max-recipients",
                "--max-sessions", "--idle-timeout", "--server-name", "--reject-violations", "--keep", "--quiet", "--help", "--script");
    }

    @Test
    void parsesTheHttpViewFlags() {
        assertThat(Options.parse().httpPort).isNull();
        Options o = Options.parse("--http-port", "0", "--http-host=0.0.0.0");
        assertThat(o.httpPort).isZero();
        assertThat(o.httpHost).isEqualTo("0.0.0.0");
        assertThat(Options.parse("--http-port=8025").httpPort).isEqualTo(8025);
        assertThat(Options.USAGE).contains("--http-port PORT", "--http-host HOST");
        assertThatThrownBy(() -> Options.parse("--http-port", "-1"))
                .hasMessage("Option --http-port must be between 0 and 65535, was -1.");
    }

    @Test
    void aBusyHttpPortFailsNamingItAndStopsTheReceiver() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Options options = Options.parse("--port", "0", "--http-port", String.valueOf(taken.getLocalPort()));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertThatThrownBy(() -> Main.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot bind the HTTP view to 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasMessageEndingWith(". Choose another --http-port, or 0 for a free one.");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("server stopped on 127.0.0.1");
        }
    }

    @Test
    void rejectsBadOptionsWithAHint() {
        assertThatThrownBy(() -> Options.parse("--bogus")).hasMessage("Unknown option '--bogus'. See --help.");
        assertThatThrownBy(() -> Options.parse("--port", "x")).hasMessage("Option --port needs a number, was 'x'.");
        assertThatThrownBy(() -> Options.parse("--port", "70000"))
                .hasMessage("Option --port must be between 0 and 65535, was 70000.");
        assertThatThrownBy(() -> Options.parse("--port")).hasMessage("Option --port needs a value. See --help.");
        assertThatThrownBy(() -> Options.parse("--max-message-size", "lots"))
                .hasMessage("--max-message-size needs a size such as 10485760, 10MB or 64MiB, was 'lots'.");
    }

    @Test
    void quotesJsonStrings() {
        assertThat(Dumper.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void printsAndDumpsEachEmail(@TempDir Path dir) throws Exception {
        Options options = Options.parse("--port", "0", "--dump-dir", dir.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            SmtpReceiver receiver = Main.start(options, out);
            try {
                send(receiver.port(), "From: a@example.com\r\nTo: b@example.com\r\nSubject: dumped\r\n\r\nhello\r\n");
            } finally {
                receiver.close(); // prints ServerStopped
            }
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("server started on 127.0.0.1:" + receiver.port(),
                    "email s1.1 from <a@example.com> to [b@example.com], subject \"dumped\"", "Subject: dumped",
                    "saved " + dir.resolve("1.eml"), "disconnected: QUIT", "server stopped on 127.0.0.1");
        }
        assertThat(Files.readString(dir.resolve("1.eml")))
                .isEqualTo("From: a@example.com\r\nTo: b@example.com\r\nSubject: dumped\r\n\r\nhello\r\n");
        assertThat(Files.readString(dir.resolve("1.json")))
                .contains("\"mailFrom\": \"a@example.com\"", "\"rcptTo\": [{\"address\": \"b@example.com\", \"parameters\": {}}]",
                        "\"size\": 66");
    }

    @Test
    void stopsCleanlyOnSigtermPrintingServerStopped() throws Exception {
        // Ctrl-C and SIGTERM both run the JVM's shutdown hooks. ProcessHandle.destroy() sends SIGTERM
        // (unlike Process.destroy(), it leaves our end of the output pipe open to read the last lines).
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--quiet").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).contains("server started on 127.0.0.1:");
            int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1).strip());
            send(port, "From: a@example.com\r\nSubject: before stop\r\n\r\nhi\r\n");
            process.toHandle().destroy();
            assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("subject \"before stop\"", "server stopped on 127.0.0.1:" + port);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void send(int port, String message) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            for (String command : new String[] {"HELO test", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).matches("[23].*");
            }
            out.write((message + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).startsWith("221 ");
        }
    }

    @Test
    void scriptsRepliesFromAFile(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("faults.txt"),
                "# refuse one recipient\nrcpt bob@example.com reply 550 5.1.1 No such user\n");
        Options options = Options.parse("--port", "0", "--quiet", "--script", script.toString());
        assertThat(options.script).isEqualTo(script);
        SmtpReceiver receiver = Main.start(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        try (Socket socket = new Socket("127.0.0.1", receiver.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write("HELO me\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<bob@example.com>\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).isEqualTo("550 No such user");
        } finally {
            receiver.close();
        }
    }

    @Test
    void aBadScriptLineIsNamed(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bad.txt"), "greeting delay soon\n");
        Options options = Options.parse("--port", "0", "--script", script.toString());
        assertThatThrownBy(() -> Main.start(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class).hasMessage("Script " + script
                + " line 1: expected a duration such as 500ms, 5s or 2m, got 'soon' in \"greeting delay soon\"");
    }
}
