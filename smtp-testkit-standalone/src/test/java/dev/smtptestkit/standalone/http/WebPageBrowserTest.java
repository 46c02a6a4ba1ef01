package dev.smtptestkit.standalone.http;

import static dev.smtptestkit.standalone.http.Chromium.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The web page in a real headless Chromium, driven over the DevTools protocol. */
@Timeout(180)
class WebPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Runner runner;
    private Chromium chromium;
    // another origin standing for the internet: counts the requests for an email's remote image
    private HttpServer remote;
    private final AtomicInteger remoteHits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(Chromium.BINARY)) {
            System.out.println("NOTICE: " + Chromium.BINARY + " is not installed (apt-get install chromium); "
                    + "the web page's browser test is skipped.");
        }
        Assumptions.assumeTrue(Files.isExecutable(Chromium.BINARY), Chromium.BINARY + " is not installed");
        runner = new Runner();
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        remote.createContext("/", exchange -> {
            remoteHits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        remote.start();
        Files.createDirectories(dir.resolve("profile"));
        chromium = new Chromium(dir.resolve("profile"));
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (remote != null) {
            remote.stop(0);
        }
    }

    @Test
    void showsMailLiveAndOpensItSafely() throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        chromium.browser("Browser.setDownloadBehavior", "{\"behavior\":\"allow\",\"downloadPath\":"
                + quote(downloads.toString()) + "}");
        chromium.page("Emulation.setDeviceMetricsOverride",
                "{\"width\":1280,\"height\":860,\"deviceScaleFactor\":1,\"mobile\":false}");
        chromium.page("Page.navigate", "{\"url\":" + quote(runner.base.toString()) + "}");
        await().atMost(WAIT).until(() -> "live".equals(chromium.eval(
                "document.getElementById('live') && document.getElementById('live').textContent")));
        assertThat(chromium.eval("document.querySelectorAll('#list li').length")).isEqualTo(0.0);
        chromium.eval("window.notReloaded = true");

        // an email arrives while the page is open: it shows up without a reload
        String probe = "http://127.0.0.1:" + remote.getAddress().getPort() + "/tracking-pixel.png";
        runner.sendRich("<html><body><p>Order 42 inside the frame</p><img src=\"" + probe + "\">"
                + "<script>document.body.appendChild(document.createElement('p')).id = 'script' + '-ran';</script>"
                + "<img src=\"x:\" onerror=\"this.id = 'handler' + '-ran'\"></body></html>");
        // RFC 5321 4.1.1.2: no space between "MAIL FROM:" and the path (accepted, recorded as a violation)
        runner.smtp(List.of("HELO test", "MAIL FROM: <a@example.com>", "RCPT TO:<b@example.com>", "DATA"),
                "From: a@example.com\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nSubject: spaced\r\n\r\nhi\r\n");
        await().atMost(WAIT).until(() -> chromium.eval("document.querySelectorAll('#list li').length").equals(2.0));
        assertThat(chromium.eval("window.notReloaded")).isEqualTo(true);
        assertThat(chromium.eval("document.querySelector('#list li:nth-child(2) .subject').textContent"))
                .isEqualTo("Your order");

        // open it: envelope with the Bcc recipient marked, HTML in a sandboxed srcdoc frame
        chromium.eval("document.querySelector('#list li:nth-child(2)').click()");
        awaitOpened("Your order");
        assertThat((String) chromium.eval("document.getElementById('envelope').textContent"))
                .contains("ann@example.com", "audit@example.comBcc");
        assertThat(chromium.eval("document.getElementById('html-frame').getAttribute('sandbox')")).isEqualTo("");
        assertThat((String) chromium.eval("document.getElementById('html-frame').srcdoc"))
                .startsWith("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data: cid:");
        await().atMost(WAIT).until(() -> frameDom().contains("Order 42 inside the frame"));
        String dom = frameDom();
        assertThat(dom).doesNotContain("\"script-ran\"", "\"handler-ran\""); // neither script ran
        assertThat(remoteHits).hasValue(0); // the remote image was not fetched

        chromium.screenshot(Path.of("target", "web-view.png"));

        // the user asks for remote content: now the image is requested (and the check above could fail)
        chromium.eval("document.getElementById('load-remote').click()");
        await().atMost(WAIT).until(() -> remoteHits.get() > 0);
        assertThat(frameDom()).doesNotContain("\"script-ran\"");

        // text, raw source and an attachment to download
        chromium.eval("document.querySelector('[data-tab=text]').click()");
        assertThat(chromium.eval("document.getElementById('tab-text').textContent")).isEqualTo("Thanks for your order.");
        assertThat((String) chromium.eval("document.getElementById('tab-raw').textContent")).contains("Subject: Your order");
        chromium.eval("document.querySelector('[data-tab=parts]').click()");
        chromium.eval("document.querySelector('#tab-parts a').click()");
        Path pdf = downloads.resolve("invoice.pdf");
        await().atMost(WAIT).until(() -> Files.isRegularFile(pdf) && Files.size(pdf) == 16);
        assertThat(Files.readString(pdf)).isEqualTo("%PDF-1.4 invoice");

        // the other email's SMTP dialogue, the violating line highlighted
        chromium.eval("document.querySelector('#list li:nth-child(1)').click()");
        awaitOpened("spaced");
        chromium.eval("document.querySelector('[data-tab=dialogue]').click()");
        assertThat((String) chromium.eval("document.getElementById('dialogue').textContent")).contains("C: HELO test");
        assertThat(chromium.eval("[...document.querySelectorAll('#dialogue .violation')].map(e => e.textContent)"))
                .isEqualTo(List.of("C: MAIL FROM: <a@example.com>"));
        assertThat((String) chromium.eval("document.getElementById('violations').textContent"))
                .contains("space between the colon and the path (RFC 5321 4.1.1.2)");
        chromium.screenshot(Path.of("target", "web-view-dialogue.png"));

        // a phone-sized window: nothing wider than the screen
        chromium.page("Emulation.setDeviceMetricsOverride",
                "{\"width\":390,\"height\":844,\"deviceScaleFactor\":2,\"mobile\":true}");
        await().atMost(WAIT).until(() -> ((Double) chromium.eval("document.documentElement.scrollWidth"))
                <= (Double) chromium.eval("window.innerWidth"));
        assertThat(chromium.eval("getComputedStyle(document.getElementById('list-pane')).display")).isEqualTo("none");
        chromium.screenshot(Path.of("target", "web-view-phone-email.png"));
        chromium.eval("document.getElementById('back').click()");
        assertThat(chromium.eval("getComputedStyle(document.getElementById('list-pane')).display")).isEqualTo("block");
        chromium.screenshot(Path.of("target", "web-view-phone.png"));
    }

    private void awaitOpened(String subject) {
        await().atMost(WAIT).until(() -> "ready".equals(chromium.eval(
                "document.getElementById('detail-pane').dataset.state"))
                && subject.equals(chromium.eval("document.getElementById('subject').textContent")));
    }

    // every node of the page, frames included (DOM.getDocument pierces into the sandboxed frame
    // without running anything in it), as JSON text
    private String frameDom() throws Exception {
        Json json = new Json().array();
        write(json, chromium.page("DOM.getDocument", "{\"depth\":-1,\"pierce\":true}"));
        for (String frame : chromium.frameSessions()) {
            try {
                write(json, chromium.frame(frame, "DOM.getDocument", "{\"depth\":-1,\"pierce\":true}"));
            } catch (AssertionError detached) {
                // a frame replaced since (a new srcdoc): its session is gone
            }
        }
        return json.end().toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Json json, Object value) {
        if (value instanceof Map<?, ?> map) {
            json.object();
            map.forEach((k, v) -> write(json.name((String) k), v));
            json.end();
        } else if (value instanceof List<?> list) {
            json.array();
            list.forEach(v -> write(json, v));
            json.end();
        } else {
            json.string(String.valueOf(value));
        }
    }
}
