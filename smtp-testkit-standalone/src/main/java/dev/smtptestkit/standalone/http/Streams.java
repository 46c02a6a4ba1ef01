package dev.smtptestkit.standalone.http;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.standalone.http.Http.HttpError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The server-sent events stream ({@code /api/events/stream}) and the bound on requests that stay
 * open (streams and long polls), so they can never take every HTTP thread.
 */
final class Streams {

    /** Streams and waiting requests open at once; the HTTP pool has more threads than this. */
    static final int MAX_LONG = 12;
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final EventFeed feed;
    private final Semaphore open = new Semaphore(MAX_LONG);

    Streams(EventFeed feed) {
        this.feed = feed;
    }

    boolean enterLongRequest() {
        return open.tryAcquire();
    }

    void leaveLongRequest() {
        open.release();
    }

    /**
     * Streams events as they are recorded (W3C Server-Sent Events), each as {@code id: <seq>} and one
     * {@code data:} line of JSON, from after {@code Last-Event-ID} or {@code ?after=} when given, else
     * from now. Ends when the client goes away or the view closes.
     */
    void stream(Http http) throws IOException, InterruptedException {
        String resume = http.exchange.getRequestHeaders().getFirst("Last-Event-ID");
        long after;
        if (resume != null && resume.matches("\\d{1,18}")) {
            after = Long.parseLong(resume);
        } else {
            after = http.query.containsKey("after") ? http.intParam("after", 0, 0, Integer.MAX_VALUE) : feed.last();
        }
        if (!enterLongRequest()) {
            throw new HttpError(503, "Too many event streams and waiting requests are open (" + MAX_LONG
                    + "); close one and retry.");
        }
        try {
            var headers = http.exchange.getResponseHeaders();
            headers.set("Content-Type", "text/event-stream; charset=utf-8");
            Http.securityHeaders(headers, Http.PAGE_POLICY);
            http.exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = http.exchange.getResponseBody()) {
                write(out, "retry: 2000\n: stream of smtp-testkit events\n\n");
                while (!feed.isClosed()) {
                    List<EventFeed.Entry> entries = feed.after(after, 100);
                    if (entries.isEmpty()) {
                        if (!feed.awaitAfter(after, KEEP_ALIVE_MILLIS) && !feed.isClosed()) {
                            write(out, ": keep-alive\n\n"); // also how a gone client is noticed
                        }
                        continue;
                    }
                    StringBuilder chunk = new StringBuilder();
                    for (EventFeed.Entry e : entries) {
                        Json json = new Json();
                        event(json, e);
                        chunk.append("id: ").append(e.seq()).append("\ndata: ").append(json).append("\n\n");
                        after = e.seq();
                    }
                    write(out, chunk.toString());
                }
            }
        } catch (IOException clientGone) {
            // the client closed the stream: nothing to answer
        } finally {
            leaveLongRequest();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One event as JSON: its number, type, time, session and the type's own fields. */
    static void event(Json json, EventFeed.Entry entry) {
        json.object().field("seq", entry.seq());
        SmtpEvent event = entry.event();
        if (event == null) {
            json.field("type", "MailboxChanged").field("change", entry.change());
            json.end();
            return;
        }
        json.field("type", event.getClass().getSimpleName()).field("time", event.time().toString())
                .field("sessionId", event.session().orElse(""));
        if (event instanceof SmtpEvent.ServerStarted e) {
            json.field("host", e.host()).field("port", e.port());
        } else if (event instanceof SmtpEvent.ClientConnected e) {
            json.field("clientAddress", e.clientAddress() == null ? ""
                    : e.clientAddress().getAddress().getHostAddress() + ":" + e.clientAddress().getPort());
        } else if (event instanceof SmtpEvent.ClientDisconnected e) {
            json.field("reason", e.reason().name()).field("detail", e.detail());
            // what the session negotiated and who was logged in (never a secret); absent when unused
            e.tls().ifPresent(t -> json.field("tlsProtocol", t.protocol()).field("tlsCipherSuite", t.cipherSuite()));
            e.auth().ifPresent(a -> json.field("authUser", a.user()).field("authMechanism", a.mechanism().saslName()));
        } else if (event instanceof SmtpEvent.CommandReceived e) {
            json.field("command", e.command()).field("replyCode", e.replyCode()).field("reply", e.reply());
        } else if (event instanceof SmtpEvent.EmailReceived e) {
            json.field("emailId", e.email().id()).field("subject", EmailJson.subject(e.email()));
        } else if (event instanceof SmtpEvent.ServerStopped e) {
            json.field("host", e.host()).field("port", e.port());
        }
        json.end();
    }
}
