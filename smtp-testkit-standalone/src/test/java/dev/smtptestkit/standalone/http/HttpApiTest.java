package dev.smtptestkit.standalone.http;

import static dev.smtptestkit.standalone.http.Runner.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HttpApiTest {

    private Runner runner;

    @BeforeEach
    void start() throws Exception {
        runner = new Runner();
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEmailsNewestFirstPagedAndFiltered() throws Exception {
        runner.sendText("alice@example.com", "bob@example.com", "Welcome Bob", "hi");
        runner.sendText("carol@example.com", "dave@example.com", "Invoice 42", "pay");
        runner.sendText("alice@example.com", "erin@example.com", "Password reset", "link");

        Map<String, Object> all = json(runner.get("/api/emails"));
        assertThat(all.get("total")).isEqualTo(3.0);
        assertThat(subjects(all)).containsExactly("Password reset", "Invoice 42", "Welcome Bob");

        Map<String, Object> page = json(runner.get("/api/emails?start=1&limit=1"));
        assertThat(page).containsEntry("total", 3.0).containsEntry("start", 1.0).containsEntry("count", 1.0);
        assertThat(subjects(page)).containsExactly("Invoice 42");

        assertThat(subjects(json(runner.get("/api/emails?to=DAVE@example")))).containsExactly("Invoice 42");
        assertThat(subjects(json(runner.get("/api/emails?from=alice@")))).containsExactly("Password reset",
                "Welcome Bob");
        assertThat(subjects(json(runner.get("/api/emails?subject=reset")))).containsExactly("Password reset");
        assertThat(subjects(json(runner.get("/api/emails?from=alice&subject=welcome")))).containsExactly("Welcome Bob");
        Map<String, Object> first = ((List<Map<String, Object>>) all.get("emails")).get(0);
        assertThat(first).containsEntry("sender", "alice@example.com").containsEntry("recipients",
                List.of("erin@example.com"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void showsOneEmailWithEnvelopeHeadersPartsAndBccRecipients() throws Exception {
        runner.sendRich("<p>Order <b>42</b></p>");
        String id = firstId();

        Map<String, Object> email = json(runner.get("/api/emails/" + id));
        assertThat(email).containsEntry("id", id).containsEntry("subject", "Your order")
                .containsEntry("text", "Thanks for your order.").containsEntry("html", "<p>Order <b>42</b></p>")
                .containsEntry("bcc", List.of("audit@example.com")).containsEntry("to", List.of("ann@example.com"));
        Map<String, Object> envelope = (Map<String, Object>) email.get("envelope");
        assertThat(envelope).containsEntry("sender", "shop@example.com");
        assertThat((List<Map<String, Object>>) envelope.get("recipients")).extracting(r -> r.get("address") + " "
                + r.get("bcc")).containsExactly("ann@example.com false", "audit@example.com true");
        assertThat((List<Map<String, Object>>) email.get("headers")).extracting(h -> h.get("name") + ": "
                + h.get("value")).contains("Subject: Your order", "To: Ann <ann@example.com>");
        assertThat((List<Map<String, Object>>) email.get("parts")).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("fileName", "invoice.pdf").containsEntry("contentType", "application/pdf")
                .containsEntry("url", "/api/emails/" + id + "/attachments/0"));

        HttpResponse<String> text = runner.get("/api/emails/" + id + "/text");
        assertThat(text.body()).isEqualTo("Thanks for your order.");
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        HttpResponse<String> html = runner.get("/api/emails/" + id + "/html");
        assertThat(html.body()).isEqualTo("<p>Order <b>42</b></p>");
        assertThat(html.headers().firstValue("Content-Security-Policy")).hasValue(Http.CONTENT_POLICY);

        HttpResponse<byte[]> pdf = runner.getBytes("/api/emails/" + id + "/attachments/0");
        assertThat(new String(pdf.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 invoice");
        assertThat(pdf.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf");
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");

        HttpResponse<byte[]> raw = runner.getBytes("/api/emails/" + id + "/raw");
        assertThat(raw.body()).isEqualTo(runner.receiver.mailbox().emails().get(0).rawBytes());
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("message/rfc822");
        assertThat(raw.headers().firstValue("Content-Disposition")).get().asString().contains(id + ".eml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void showsTheSessionDialogueAndItsViolations() throws Exception {
        // no Date and no From header: two RFC 5322 3.6 violations, recorded but accepted
        runner.smtp(List.of("EHLO test", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA"),
                "Subject: bare\r\n\r\nhello\r\n");
        String id = firstId();
        Map<String, Object> session = json(runner.get("/api/emails/" + id + "/session"));
        assertThat((List<Map<String, Object>>) session.get("dialogue")).extracting(l -> l.get("direction") + " "
                + l.get("text")).contains("CLIENT MAIL FROM:<a@example.com>", "CLIENT RCPT TO:<b@example.com>");
        assertThat((List<Map<String, Object>>) session.get("violations")).extracting(v -> v.get("rule") + " "
                + v.get("reference")).contains("MISSING_DATE RFC 5322 3.6", "MISSING_FROM RFC 5322 3.6");
    }

    @Test
    void deletesOneEmailAndClearsAll() throws Exception {
        runner.sendText("a@example.com", "b@example.com", "one", "1");
        runner.sendText("a@example.com", "b@example.com", "two", "2");
        String newest = firstId();

        assertThat(json(runner.delete("/api/emails/" + newest, null))).containsEntry("deleted", newest);
        assertThat(subjects(json(runner.get("/api/emails")))).containsExactly("one");
        assertThat(runner.get("/api/emails/" + newest).statusCode()).isEqualTo(404);

        assertThat(json(runner.delete("/api/emails", null))).containsEntry("deleted", 1.0);
        assertThat(json(runner.get("/api/emails"))).containsEntry("total", 0.0);
        assertThat(runner.receiver.mailbox().emails()).isEmpty();
    }

    @Test
    void waitsForAMatchingEmailThenAnswers() throws Exception {
        runner.sendText("a@example.com", "other@example.com", "not this one", "x");
        CompletableFuture<HttpResponse<String>> waiting = runner.http.sendAsync(HttpRequest.newBuilder(
                runner.base.resolve("/api/wait?to=signup@example.com&timeout=20s")).build(),
                HttpResponse.BodyHandlers.ofString());
        // the waiter is parked until the email arrives: it has not answered yet
        assertThat(waiting).isNotDone();
        runner.sendText("app@example.com", "signup@example.com", "Confirm your address", "click");
        HttpResponse<String> found = waiting.get(20, TimeUnit.SECONDS);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json(found)).containsEntry("subject", "Confirm your address");
    }

    @Test
    void waitingGivesUpAfterTheTimeoutSayingWhatItWaitedFor() throws Exception {
        HttpResponse<String> none = runner.get("/api/wait?subject=never&timeout=300ms");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none)).containsEntry("error", "No email matching subject=never arrived within 300ms.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheEventLog() throws Exception {
        runner.sendText("a@example.com", "b@example.com", "logged", "x");
        Map<String, Object> log = json(runner.get("/api/events?limit=1000"));
        List<Map<String, Object>> events = (List<Map<String, Object>>) log.get("events");
        assertThat(events).extracting(e -> e.get("type")).contains("ServerStarted", "ClientConnected",
                "CommandReceived", "EmailReceived");
        assertThat(events).filteredOn(e -> e.get("type").equals("EmailReceived")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("subject", "logged"));
        double last = (Double) log.get("last");
        Map<String, Object> after = json(runner.get("/api/events?after=" + (long) last));
        assertThat((List<Object>) after.get("events")).isEmpty();
    }

    @Test
    void streamsEventsAsServerSentEvents() throws Exception {
        HttpResponse<Stream<String>> stream = runner.http.send(HttpRequest.newBuilder(
                runner.base.resolve("/api/events/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        runner.sendText("a@example.com", "b@example.com", "streamed", "x");
        try (Stream<String> lines = stream.body()) {
            String email = lines.filter(l -> l.startsWith("data: ") && l.contains("\"EmailReceived\"")).findFirst()
                    .orElseThrow();
            assertThat(email).contains("\"subject\":\"streamed\"");
        }
    }

    @Test
    void streamResumesAfterLastEventId() throws Exception {
        runner.sendText("a@example.com", "b@example.com", "before the stream", "x");
        HttpResponse<Stream<String>> stream = runner.http.send(HttpRequest.newBuilder(
                runner.base.resolve("/api/events/stream")).header("Last-Event-ID", "0").build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = stream.body()) {
            List<String> data = lines.filter(l -> l.startsWith("id: ") || l.startsWith("data: "))
                    .takeWhile(l -> !l.contains("\"EmailReceived\"")).toList();
            assertThat(data.get(0)).isEqualTo("id: 1");
            assertThat(data.get(1)).startsWith("data: {\"seq\":1,\"type\":\"ServerStarted\"");
        }
    }

    @Test
    void boundsOpenStreamsAndWaitsSoQuickCallsStillGetAThread() throws Exception {
        List<HttpResponse<Stream<String>>> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < Streams.MAX_LONG; i++) {
                open.add(runner.http.send(HttpRequest.newBuilder(runner.base.resolve("/api/events/stream")).build(),
                        HttpResponse.BodyHandlers.ofLines()));
            }
            assertError(runner.get("/api/events/stream"), 503,
                    "Too many event streams and waiting requests are open (12); close one and retry.");
            assertError(runner.get("/api/wait?timeout=1s"), 503,
                    "Too many waiting requests and event streams are open (12); close one and retry.");
            assertThat(runner.get("/api/emails").statusCode()).isEqualTo(200);
        } finally {
            open.forEach(r -> r.body().close());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersMailpitClientsForListGetRawAndDelete() throws Exception {
        runner.sendRich("<p>hi</p>");
        runner.sendText("a@example.com", "b@example.com", "second", "x");
        Map<String, Object> list = json(runner.get("/api/v1/messages?limit=10"));
        assertThat(list).containsEntry("total", 2.0).containsEntry("messages_count", 2.0).containsEntry("start", 0.0)
                .containsKeys("unread", "count", "tags");
        List<Map<String, Object>> messages = (List<Map<String, Object>>) list.get("messages");
        assertThat(messages).extracting(m -> m.get("Subject")).containsExactly("second", "Your order");
        String rich = (String) messages.get(1).get("ID");
        assertThat(messages.get(1)).containsEntry("From", Map.of("Name", "The Shop", "Address", "shop@example.com"))
                .containsEntry("To", List.of(Map.of("Name", "Ann", "Address", "ann@example.com")))
                .containsEntry("Attachments", 1.0).containsKeys("Created", "Size", "Snippet", "MessageID", "Read");

        Map<String, Object> message = json(runner.get("/api/v1/message/" + rich));
        assertThat(message).containsEntry("ID", rich).containsEntry("Subject", "Your order")
                .containsEntry("Text", "Thanks for your order.").containsEntry("HTML", "<p>hi</p>")
                .containsEntry("Bcc", List.of(Map.of("Name", "", "Address", "audit@example.com")));
        assertThat((List<Map<String, Object>>) message.get("Attachments")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("FileName", "invoice.pdf").containsEntry("PartID", "0"));
        assertThat(runner.get("/api/v1/message/" + rich + "/raw").body())
                .isEqualTo(runner.receiver.mailbox().emails().get(0).rawText());
        assertThat(new String(runner.getBytes("/api/v1/message/" + rich + "/part/0").body(), StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-1.4 invoice");
        assertThat(json(runner.get("/api/v1/message/" + rich + "/headers"))).containsEntry("Subject",
                List.of("Your order"));

        HttpResponse<String> deleted = runner.delete("/api/v1/messages", "{\"IDs\": [\"" + rich + "\"]}");
        assertThat(deleted.body()).isEqualTo("ok");
        assertThat(json(runner.get("/api/v1/messages"))).containsEntry("total", 1.0);
        assertThat(runner.delete("/api/v1/messages", null).body()).isEqualTo("ok");
        assertThat(json(runner.get("/api/v1/messages"))).containsEntry("total", 0.0);
    }

    @Test
    void refusesBadRequestsSayingWhatWasWrong() throws Exception {
        runner.sendText("a@example.com", "b@example.com", "x", "x");
        String id = firstId();
        assertError(runner.get("/api/nothing"), 404,
                "No API call GET /api/nothing. The calls are listed in the README, section \"HTTP API and web page\".");
        assertError(runner.send(HttpRequest.newBuilder(runner.base.resolve("/api/emails"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))), 405,
                "Method POST is not allowed on /api/emails; allowed: GET, DELETE.");
        assertThat(runner.send(HttpRequest.newBuilder(runner.base.resolve("/api/events"))
                .PUT(HttpRequest.BodyPublishers.noBody())).headers().firstValue("Allow")).hasValue("GET");
        assertError(runner.get("/api/emails?limit=0"), 400,
                "Parameter limit must be a whole number from 1 to 1000, was '0'.");
        assertError(runner.get("/api/emails?start=x"), 400,
                "Parameter start must be a whole number from 0 to 2147483647, was 'x'.");
        assertError(runner.get("/api/emails/nope"), 404,
                "No email with id 'nope': it was deleted or never received. GET /api/emails lists the ids.");
        assertError(runner.get("/api/emails/" + id + "/html"), 404, "Email " + id + " has no text/html part.");
        assertError(runner.get("/api/emails/" + id + "/attachments/0"), 404, "Email " + id
                + " has 0 attachment(s) and inline part(s), numbered from 0; there is no '0'.");
        assertError(runner.get("/api/emails/" + id + "/other"), 404, "Unknown part 'other' of email " + id
                + ": use raw, text, html, session or attachments/{n}.");
        assertError(runner.get("/api/wait?timeout=10m"), 400,
                "Parameter timeout must be a duration from 0s to 300s such as 10s or 500ms, was '10m'.");
        // a URI that does not parse is refused by the JDK's server itself, before any handler (its own text)
        assertThat(rawHttp("GET /api/emails?to=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertError(runner.get("/api/emails?subject=" + "x".repeat(5000)), 414,
                "The request URI is too long: at most 2048 characters of path and 4096 of query are read.");
        assertError(runner.delete("/api/v1/messages", "{\"IDs\": [1]}"), 400,
                "The body must be an object with IDs, a list of strings, such as {\"IDs\": [\"s1.1\"]}; no body deletes all.");
        assertError(runner.delete("/api/v1/messages", "{\"IDs\": [\"s1.1\""), 400,
                "Malformed JSON at character 16: ']' was expected. Send {\"IDs\": [\"s1.1\"]}, or no body to delete all.");
        assertError(runner.delete("/api/v1/messages", "{\"IDs\": [\"gone\"]}"), 404,
                "No email with id 'gone': nothing was deleted.");
        assertError(runner.delete("/api/v1/messages", "{\"IDs\": [\"" + "x".repeat(70_000) + "\"]}"), 413,
                "The request body is larger than 65536 octets.");
        assertError(runner.get("/nothing.html"), 404, "No page '/nothing.html'. The web page is at / and the API under /api.");
        assertThat(runner.receiver.mailbox().emails()).hasSize(1); // nothing above changed the mailbox
    }

    @Test
    void noRequestReachesTheFileSystem() throws Exception {
        // the page is three fixed resources and the API serves the mailbox: a path names no file
        for (String path : List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/app.js/../../pom.xml",
                "/api/emails/..%2F..%2Fpom.xml/raw", "/dev/smtptestkit/standalone/http/app.js")) {
            HttpResponse<String> r = runner.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("root:", "<project");
        }
    }

    @Test
    void refusesAForeignHostNameAgainstDnsRebinding() throws Exception {
        String reply = rawHttp("GET /api/emails HTTP/1.1\r\nHost: evil.example:" + runner.base.getPort()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 421 ").contains("{\"error\":\"Host 'evil.example:"
                + runner.base.getPort() + "' is not this server; open " + runner.base + " instead.\",\"status\":421}");
        assertThat(rawHttp("GET /api/emails HTTP/1.1\r\nHost: localhost:" + runner.base.getPort()
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void sendsSecurityHeadersOnEveryResponse() throws Exception {
        runner.sendRich("<p>x</p>");
        String id = firstId();
        for (String path : List.of("/", "/app.js", "/app.css", "/api/emails", "/api/nothing", "/api/emails/" + id
                + "/html", "/api/emails/" + id + "/attachments/0", "/api/v1/messages")) {
            HttpResponse<String> r = runner.get(path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .contains("frame-ancestors 'none'", "default-src 'none'");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        assertThat(runner.get("/").headers().firstValue("Content-Security-Policy")).hasValue(Http.PAGE_POLICY);
        assertThat(runner.get("/").body()).contains("<title>smtp-testkit</title>");
    }

    @Test
    void closesWithTheReceiverEndingOpenStreams() throws Exception {
        HttpResponse<Stream<String>> stream = runner.http.send(HttpRequest.newBuilder(
                runner.base.resolve("/api/events/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        runner.close();
        try (Stream<String> lines = stream.body()) {
            // the stream ends (its final chunk written) instead of hanging
            assertThat(lines.toList()).contains("retry: 2000");
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(
                "smtp-testkit-http-" + runner.base.getPort() + "-"));
        assertThat(runner.printed()).contains("web page and HTTP API: " + runner.base);
    }

    // ---- helpers ----

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        assertThat(json(response)).containsEntry("error", message).containsEntry("status", (double) status);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> subjects(Map<String, Object> list) {
        return ((List<Map<String, Object>>) list.get("emails")).stream().map(e -> e.get("subject")).toList();
    }

    @SuppressWarnings("unchecked")
    private String firstId() throws Exception {
        return (String) ((List<Map<String, Object>>) json(runner.get("/api/emails")).get("emails")).get(0).get("id");
    }

    private String rawHttp(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", runner.base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
