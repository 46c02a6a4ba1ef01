package dev.smtptestkit.standalone.http;

import static dev.smtptestkit.standalone.http.Runner.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/script} over real HTTP, checked with real SMTP dialogues against the same runner. */
@Timeout(60)
class HttpScriptApiTest {

    private static final String BOB_LINE = "rcpt bob@example.com reply 550 5.1.1 No such user";
    private static final String BOB = "onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")";

    private Runner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aPutRuleRefusesTheNextRcptGetShowsItUsedAndDeleteClearsIt() throws Exception {
        runner = new Runner();
        assertThat(json(runner.get("/api/script"))).containsEntry("rules", List.of()).containsEntry("unused", List.of());

        HttpResponse<String> put = put("# signup test\n" + BOB_LINE + "\n", "text/plain; charset=utf-8");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put)).containsEntry("rules", List.of(BOB)).containsEntry("unused", List.of(BOB));

        assertThat(rcpt("bob@example.com", "carol@example.com")).containsExactly("550 5.1.1 No such user", "250");
        assertThat(json(runner.get("/api/script"))).containsEntry("rules", List.of(BOB)).containsEntry("unused",
                List.of());

        HttpResponse<String> cleared = runner.delete("/api/script", null);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(json(cleared)).containsEntry("rules", List.of()).containsEntry("unused", List.of());
        assertThat(runner.receiver.script().rules()).isEmpty();
        assertThat(rcpt("bob@example.com")).containsExactly("250");
    }

    @Test
    void aPutReplacesTheWholeScriptIncludingTheRunnersScriptFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("faults.txt"), "end-of-data drop\nhide PIPELINING\n");
        runner = new Runner("--script", file.toString());
        assertThat(json(runner.get("/api/script"))).containsEntry("rules", List.of("onEndOfData().drop()"));

        assertThat(json(put(BOB_LINE, null))).containsEntry("rules", List.of(BOB)); // no Content-Type: text

        assertThat(ehlo()).contains("250-PIPELINING"); // the hidden extension is shown again
        assertThat(rcpt("bob@example.com")).containsExactly("550 5.1.1 No such user");
    }

    @Test
    void aBadLineGets400NamingItAndChangesNothing() throws Exception {
        runner = new Runner();
        put(BOB_LINE, "text/plain");

        assertError(put("end-of-data drop\nrcpt carol@example.com rply 550\n", "text/plain"), 400,
                "Script line 2: unknown action 'rply'; expected reply, delay, drop, reset, drop-after-reply, stall, "
                        + "drop-after, reset-after or throttle (after times N, nth N or per-session) in "
                        + "\"rcpt carol@example.com rply 550\". Nothing was changed.");
        assertError(put("hide SIZE\r\n\r\ngreeting delay 5sec\r\n", "text/plain"), 400, "Script line 3: expected a "
                + "duration such as 500ms, 5s or 2m, got '5sec' in \"greeting delay 5sec\". Nothing was changed.");
        assertError(put("{\"rules\": []}", "application/json"), 415, "PUT /api/script takes the script as "
                + "text/plain, one rule a line (as in a --script file), not 'application/json'. With curl: curl -T "
                + "script.txt URL, or -H 'Content-Type: text/plain' --data-binary @script.txt.");
        assertError(put("# " + "x".repeat(70_000), "text/plain"), 413, "The request body is larger than 65536 octets.");
        HttpResponse<String> post = runner.send(HttpRequest.newBuilder(runner.base.resolve("/api/script"))
                .POST(HttpRequest.BodyPublishers.ofString(BOB_LINE)));
        assertError(post, 405, "Method POST is not allowed on /api/script; allowed: GET, PUT, DELETE.");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");

        assertThat(json(runner.get("/api/script"))).containsEntry("rules", List.of(BOB));
        assertThat(rcpt("bob@example.com")).containsExactly("550 5.1.1 No such user");
    }

    @Test
    void curlPutsAScriptFileAsTheReadmeShows(@TempDir Path dir) throws Exception {
        runner = new Runner();
        Path file = Files.writeString(dir.resolve("script.txt"), BOB_LINE + "\n");
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "-T", file.toString(),
                runner.base.resolve("/api/script").toString()).redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(answer).isZero();
        assertThat(answer).isEqualTo("{\"rules\":[\"onRcpt(\\\"bob@example.com\\\").reply(550, \\\"5.1.1\\\", "
                + "\\\"No such user\\\")\"],\"unused\":[\"onRcpt(\\\"bob@example.com\\\").reply(550, \\\"5.1.1\\\", "
                + "\\\"No such user\\\")\"]}");
        assertThat(rcpt("bob@example.com")).containsExactly("550 5.1.1 No such user");
    }

    // ---- helpers ----

    private HttpResponse<String> put(String text, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runner.base.resolve("/api/script"))
                .PUT(HttpRequest.BodyPublishers.ofString(text));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return runner.send(request);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Map<String, Object> json = json(response);
        assertThat(json).containsEntry("error", message).containsEntry("status", (double) status);
    }

    /** One SMTP session over a raw socket: EHLO, MAIL, then one RCPT each; the RCPT replies, 250s cut to "250". */
    private List<String> rcpt(String... recipients) throws Exception {
        try (Socket socket = smtp()) {
            BufferedReader in = reader(socket);
            in.readLine(); // 220
            command(socket, in, "EHLO me");
            assertThat(command(socket, in, "MAIL FROM:<app@example.com>")).startsWith("250 ");
            List<String> replies = new java.util.ArrayList<>();
            for (String r : recipients) {
                String reply = command(socket, in, "RCPT TO:<" + r + ">");
                replies.add(reply.startsWith("250 ") ? "250" : reply);
            }
            command(socket, in, "QUIT");
            return replies;
        }
    }

    /** The EHLO reply of a new session, lines joined with LF. */
    private String ehlo() throws Exception {
        try (Socket socket = smtp()) {
            BufferedReader in = reader(socket);
            in.readLine(); // 220
            return command(socket, in, "EHLO me");
        }
    }

    private Socket smtp() throws Exception {
        Socket socket = new Socket("127.0.0.1", runner.receiver.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String command(Socket socket, BufferedReader in, String command) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("a reply to " + command).isNotNull();
            reply.append(reply.length() == 0 ? "" : "\n").append(line);
        } while (line.length() > 3 && line.charAt(3) == '-'); // RFC 5321 4.2.1 multi-line reply
        return reply.toString();
    }
}
