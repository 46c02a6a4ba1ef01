package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpSender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender against servers nobody here wrote, started by the test where installed: Postfix's
 * {@code smtp-sink} (Debian {@code postfix}) and Python's {@code aiosmtpd} (Debian
 * {@code python3-aiosmtpd}). Where one is absent its tests are skipped with a printed notice.
 */
@Timeout(60)
class SenderAgainstForeignServersTest {

    private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final byte[] MESSAGE = ("From: app@example.test\r\nTo: bob@example.test\r\nSubject: foreign\r\n\r\n"
            + "first line\r\n.dot line\r\nlast line\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private ForeignServer smtpSink(String... flags) throws Exception {
        ForeignServer.assumeInstalled(SMTP_SINK, "Postfix smtp-sink", "postfix");
        int port = ForeignServer.freePort();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> command = new ArrayList<>(List.of(SMTP_SINK.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root without it
        }
        command.addAll(List.of("-d", dir.resolve("msg-").toString()));
        command.addAll(List.of(flags));
        command.addAll(List.of("127.0.0.1:" + port, "10"));
        return ForeignServer.start(command, port, dir.resolve("smtp-sink.log"));
    }

    private static OutgoingEmail email(byte[] content) {
        return OutgoingEmail.of("app@example.test", List.of("bob@example.test"), content);
    }

    private static SmtpSender sender(ForeignServer server) {
        return SmtpSender.to("127.0.0.1", server.port()).replyTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void smtpSinkTakesAPipelinedMessageAndDumpsItsOctets() throws Exception {
        try (ForeignServer sink = smtpSink()) {
            DeliveryResult result = sender(sink).send(email(MESSAGE));

            assertThat(result.isDelivered()).as(result.summary() + "\n" + result.transcript()).isTrue();
            assertThat(result.transcript().lines()).anyMatch(l -> l.pipelined() && l.text().startsWith("MAIL FROM:"));
            await().atMost(Duration.ofSeconds(10)).until(() -> dumps().size() == 1);
            String dump = Files.readString(dumps().get(0), StandardCharsets.ISO_8859_1);
            // smtp-sink writes its own envelope lines first, then the message (dots unstuffed, LF line ends)
            assertThat(dump).contains("X-Rcpt-Args: <bob@example.test>\n")
                    .endsWith("Subject: foreign\n\nfirst line\n.dot line\nlast line\n\n");
        }
    }

    @Test
    void smtpSinkWithoutEsmtpGetsHeloAndAnEightBitMessageIsRefusedLocally() throws Exception {
        try (ForeignServer sink = smtpSink("-e")) {
            DeliveryResult ascii = sender(sink).send(email(MESSAGE));
            assertThat(ascii.isDelivered()).as(ascii.summary() + "\n" + ascii.transcript()).isTrue();
            assertThat(ascii.transcript().commands()).contains("HELO");

            byte[] eightBit = "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
            DeliveryResult refused = sender(sink).send(email(eightBit));
            assertThat(refused.failure().orElseThrow().kind()).isEqualTo(Kind.LOCAL_REFUSAL);
            assertThat(refused.failure().orElseThrow().message()).contains("(none: the server took HELO, not EHLO)");
        }
    }

    @Test
    void smtpSinkRefusingRcptGivesPerRecipientReplies() throws Exception {
        try (ForeignServer sink = smtpSink("-f", "rcpt")) {
            DeliveryResult result = sender(sink).send(email(MESSAGE));

            assertThat(result.status()).isEqualTo(DeliveryResult.Status.NOT_DELIVERED);
            assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.RCPT);
            assertThat(result.recipients().get(0).reply().orElseThrow().code()).isBetween(500, 599);
        }
    }

    @Test
    void smtpSinkDroppingAfterDataSaysWhere() throws Exception {
        try (ForeignServer sink = smtpSink("-p", "-q", "data")) {
            DeliveryResult result = sender(sink).send(email(MESSAGE));

            assertThat(result.failure().orElseThrow().kind()).as(result.summary()).isEqualTo(Kind.DROPPED);
            assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.DATA);
        }
    }

    private List<Path> dumps() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("msg-")).toList();
        }
    }

    private ForeignServer aiosmtpd(Path out) throws Exception {
        ForeignServer.assumeInstalled(PYTHON, "python3", "python3");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import aiosmtpd").redirectErrorStream(true).start();
        boolean present = check.waitFor() == 0;
        if (!present) {
            System.out.println("NOTICE: Python's aiosmtpd is not installed (Debian package python3-aiosmtpd), so "
                    + "this test against it is skipped.");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "aiosmtpd is not installed");
        Path script = Path.of(getClass().getResource("/sender/aiosmtpd_server.py").toURI());
        int port = ForeignServer.freePort();
        return ForeignServer.start(List.of(PYTHON.toString(), script.toString(), String.valueOf(port), out.toString()),
                port, dir.resolve("aiosmtpd.log"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\"[^\"]*\"|\\[[^\\]]*\\]|null)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    @Test
    void aiosmtpdGetsTheExactOctetsWithLoginAndSmtpUtf8() throws Exception {
        Path out = dir.resolve("aiosmtpd.jsonl");
        try (ForeignServer aio = aiosmtpd(out)) {
            SmtpSender sender = SmtpSender.to("127.0.0.1", aio.port()).login(AuthMechanism.LOGIN, "alice", "s3cret")
                    .build();
            byte[] utf8 = "Subject: Grüße\r\n\r\n..Äpfel\r\n".getBytes(StandardCharsets.UTF_8);
            DeliveryResult result = sender.send(OutgoingEmail.of("app@example.test", List.of("jürgen@example.test"),
                    utf8));

            assertThat(result.isDelivered()).as(result.summary() + "\n" + result.transcript()).isTrue();
            assertThat(result.queueId()).contains("AIO42");
            String json = Files.readString(out);
            assertThat(Base64.getDecoder().decode(field(json, "content").replace("\"", ""))).isEqualTo(utf8);
            assertThat(field(json, "mail_options")).contains("SMTPUTF8").contains("BODY=8BITMIME");
            assertThat(field(json, "login")).isEqualTo("\"alice\"");
        }
    }

    @Test
    void aiosmtpdRefusesAWrongPassword() throws Exception {
        try (ForeignServer aio = aiosmtpd(dir.resolve("aiosmtpd.jsonl"))) {
            DeliveryResult result = SmtpSender.to("127.0.0.1", aio.port())
                    .login(AuthMechanism.PLAIN, "alice", "wrong").build().send(email(MESSAGE));

            assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.AUTH);
            assertThat(result.failure().orElseThrow().reply().orElseThrow().code()).isEqualTo(535);
            assertThat(result.transcript().render()).doesNotContain(Base64.getEncoder()
                    .encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
