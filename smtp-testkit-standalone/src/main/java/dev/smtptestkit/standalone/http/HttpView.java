package dev.smtptestkit.standalone.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpScript;
import dev.smtptestkit.standalone.http.Http.HttpError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's HTTP API and web page over one receiver's mailbox. Register {@link #listener()} on
 * the receiver's builder (it feeds the live event stream), start the receiver, then
 * {@link #start(Mailbox)}:
 *
 * <pre>{@code
 * HttpView view = HttpView.create("127.0.0.1", 0);
 * SmtpReceiver receiver = SmtpReceiver.builder().listener(view.listener()).build().start();
 * view.start(receiver.mailbox(), receiver.script());
 * System.out.println(view.url());   // http://127.0.0.1:54321/
 * }</pre>
 */
public final class HttpView implements AutoCloseable {

    /** Threads serving requests; more than {@link Streams#MAX_LONG}, so quick calls always get one. */
    static final int THREADS = 20;
    private static final Map<String, String[]> PAGE = Map.of(
            "", new String[] {"index.html", "text/html; charset=utf-8"},
            "index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "app.css", new String[] {"app.css", "text/css; charset=utf-8"});

    private final String host;
    private final int port;
    private final EventFeed feed = new EventFeed();
    private final Streams streams = new Streams(feed);
    private HttpServer server;
    private ExecutorService executor;
    private Api api;

    private HttpView(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Creates a view that will listen on {@code host:port} once started.
     *
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, 0 for a free ephemeral one
     * @return the view, not yet listening
     * @throws IllegalArgumentException when the port is outside 0 to 65535
     */
    public static HttpView create(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be between 0 and 65535, was " + port + ".");
        }
        return new HttpView(host, port);
    }

    /**
     * The listener that feeds the event log and the live stream, and closes this view when the
     * receiver stops; add it to the receiver's builder.
     *
     * @return the listener (quick and non-blocking; it never waits on an HTTP client)
     */
    public SmtpListener listener() {
        return new SmtpListener() {
            @Override
            public void onEvent(SmtpEvent event) {
                feed.onEvent(event);
                if (event instanceof SmtpEvent.ServerStopped) {
                    close(); // the page and API live as long as the receiver
                }
            }
        };
    }

    /**
     * Binds and starts serving {@code mailbox}, without the script calls ({@code /api/script}
     * answers 404).
     *
     * @param mailbox the receiver's mailbox
     * @return this view
     * @throws IllegalStateException when the address cannot be bound, naming it
     */
    public HttpView start(Mailbox mailbox) {
        return start(mailbox, null);
    }

    /**
     * Binds and starts serving {@code mailbox}, and {@code script} under {@code /api/script}
     * (read, replace, clear).
     *
     * @param mailbox the receiver's mailbox
     * @param script  the receiver's script, {@code receiver.script()}; null for no script calls
     * @return this view
     * @throws IllegalStateException when the address cannot be bound, naming it
     */
    public synchronized HttpView start(Mailbox mailbox, SmtpScript script) {
        if (server != null) {
            throw new IllegalStateException("HttpView is already started on " + url());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 50);
        } catch (BindException e) {
            throw new IllegalStateException("Cannot bind the HTTP view to " + host + ":" + port + ": " + e.getMessage()
                    + ". Choose another --http-port, or 0 for a free one.", e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot bind the HTTP view to " + host + ":" + port + ": " + e, e);
        }
        api = new Api(new MailView(mailbox, feed), feed, streams, new ScriptCalls(script));
        AtomicInteger n = new AtomicInteger();
        int bound = server.getAddress().getPort();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "smtp-testkit-http-" + bound + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    /**
     * The page's address.
     *
     * @return for example {@code http://127.0.0.1:54321/}
     * @throws IllegalStateException before {@link #start(Mailbox)}
     */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("HttpView is not started: call start(mailbox) first");
        }
        String h = server.getAddress().getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + server.getAddress().getPort() + "/";
    }

    /** Stops serving: open streams and waiting requests end, the threads stop. Idempotent. */
    @Override
    public synchronized void close() {
        if (server == null || executor.isShutdown()) {
            return;
        }
        feed.close(); // streams and long polls answer and end
        server.stop(1); // waits up to a second for the exchanges under way
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Every request: answered here whatever happens, so no Throwable escapes into a pool thread.
    private void serve(HttpExchange exchange) {
        try (exchange) {
            Http http = null;
            try {
                checkHost(exchange);
                http = new Http(exchange);
                if (http.segments.length > 0 && http.segments[0].equals("api")) {
                    api.handle(http);
                } else {
                    page(http);
                }
            } catch (HttpError e) {
                error(exchange, e.status, e.getMessage(), e.allow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // nothing left to answer
            } catch (Throwable t) {
                error(exchange, 500, "Internal error: " + t, null);
            }
        }
    }

    /**
     * A page on a loopback address answers only to its own host names, so a web site that rebinds its
     * DNS name to 127.0.0.1 cannot read the mailbox through a visitor's browser.
     */
    private void checkHost(HttpExchange exchange) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Host");
        String name = given == null ? "" : given.replaceFirst(":\\d+$", "").toLowerCase(java.util.Locale.ROOT);
        if (!name.equals("localhost") && !name.equals("127.0.0.1") && !name.equals("[::1]")
                && !name.matches("127(\\.\\d{1,3}){3}")) {
            throw new HttpError(421, "Host '" + given + "' is not this server; open " + url() + " instead.");
        }
    }

    private void page(Http http) throws IOException {
        String name = http.segments.length == 0 ? "" : String.join("/", http.segments);
        String[] file = PAGE.get(name);
        if (file == null) {
            throw new HttpError(404, "No page '/" + name + "'. The web page is at / and the API under /api.");
        }
        Api.method(http, "GET");
        http.text(200, file[1], resource(file[0]));
    }

    // A fixed name from PAGE, never a name from the request.
    private static String resource(String name) {
        try (InputStream in = HttpView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void error(HttpExchange exchange, int status, String message, String allow) {
        try {
            if (allow != null) {
                exchange.getResponseHeaders().set("Allow", allow);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            Http.securityHeaders(exchange.getResponseHeaders(), Http.PAGE_POLICY);
            byte[] body = new Json().object().field("error", message).field("status", status).end().toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException alreadyAnswered) {
            // headers were sent before the failure, or the client left: the exchange is closed anyway
        }
    }
}
