package dev.smtptestkit.standalone.http;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Chromium from the distribution, driven over its DevTools protocol with the JDK's
 * WebSocket client: one page, commands answered in order, events kept for the test to look at.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final String session;

    Chromium(Path userDataDir) throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + userDataDir, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(userDataDir.resolveSibling("chromium.log").toFile()).start();
        Path portFile = userDataDir.resolve("DevToolsActivePort");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(portFile)
                && Files.readAllLines(portFile).size() >= 2);
        List<String> lines = Files.readAllLines(portFile);
        URI endpoint = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener())
                .get(20, TimeUnit.SECONDS);
        String target = (String) call(null, "Target.createTarget", "{\"url\":\"about:blank\"}").get("targetId");
        session = (String) call(null, "Target.attachToTarget", "{\"targetId\":" + quote(target)
                + ",\"flatten\":true}").get("sessionId");
        // Chromium may run a sandboxed frame in a process of its own (an out-of-process frame):
        // attach to those too, so their DOM can be read
        page("Target.setAutoAttach", "{\"autoAttach\":true,\"waitForDebuggerOnStart\":false,\"flatten\":true}");
    }

    /** The sessions of the page's out-of-process frames attached so far. */
    @SuppressWarnings("unchecked")
    List<String> frameSessions() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if ("Target.attachedToTarget".equals(e.get("method"))) {
                out.add((String) ((Map<String, Object>) e.get("params")).get("sessionId"));
            }
        }
        return out;
    }

    /** A command to one of the page's frames. */
    Map<String, Object> frame(String frameSession, String method, String params) throws Exception {
        return call(frameSession, method, params);
    }

    /** A command to the page. */
    Map<String, Object> page(String method, String params) throws Exception {
        return call(session, method, params);
    }

    /** A command to the browser. */
    Map<String, Object> browser(String method, String params) throws Exception {
        return call(null, method, params);
    }

    /** Evaluates JavaScript in the page (promises awaited) and returns its value. */
    @SuppressWarnings("unchecked")
    Object eval(String expression) throws Exception {
        Map<String, Object> r = page("Runtime.evaluate", "{\"expression\":" + quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (r.containsKey("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + expression + "\n" + r.get("exceptionDetails"));
        }
        return ((Map<String, Object>) r.get("result")).get("value");
    }

    void screenshot(Path file) throws Exception {
        String png = (String) page("Page.captureScreenshot", "{\"format\":\"png\"}").get("data");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        Json.quote(out, s);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String sessionId, String method, String params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String message = "{\"id\":" + id + ",\"method\":" + quote(method) + ",\"params\":" + params
                + (sessionId == null ? "" : ",\"sessionId\":" + quote(sessionId)) + "}";
        socket.sendText(message, true).get(20, TimeUnit.SECONDS);
        Map<String, Object> reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return (Map<String, Object>) reply.get("result");
    }

    @Override
    public void close() {
        try {
            socket.sendText("{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}", true).get(5, TimeUnit.SECONDS);
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the browser is gone already or does not answer: it is killed below
        } finally {
            process.destroyForcibly();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                Map<String, Object> message = (Map<String, Object>) JsonReader.parse(parts.toString(), 1000);
                parts.setLength(0);
                Object id = message.get("id");
                if (id instanceof Double d) {
                    CompletableFuture<Map<String, Object>> waiting = pending.remove(d.longValue());
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                } else {
                    events.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
