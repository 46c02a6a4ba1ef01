package dev.smtptestkit.standalone.http;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.standalone.http.Http.HttpError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The JSON calls under {@code /api}: ours, and Mailpit's common ones under {@code /api/v1}. */
final class Api {

    static final int MAX_LIMIT = 1000;
    static final long MAX_WAIT_MILLIS = 300_000;

    private final MailView view;
    private final EventFeed feed;
    private final Streams streams;
    private final ScriptCalls script;

    Api(MailView view, EventFeed feed, Streams streams, ScriptCalls script) {
        this.view = view;
        this.feed = feed;
        this.streams = streams;
        this.script = script;
    }

    void handle(Http http) throws IOException, InterruptedException {
        String[] s = http.segments;
        String route = String.join("/", s);
        if (s.length >= 2 && s[1].equals("v1")) {
            mailpit(http, s);
        } else if (route.equals("api/emails")) {
            switch (method(http, "GET, DELETE")) {
                case "GET" -> list(http);
                default -> {
                    int n = view.clear();
                    feed.note("cleared");
                    http.json(200, new Json().object().field("deleted", n).end());
                }
            }
        } else if (s.length == 3 && s[1].equals("emails")) {
            ReceivedEmail email = email(s[2]);
            if (method(http, "GET, DELETE").equals("GET")) {
                Json json = new Json();
                EmailJson.detail(json, email, "/api/emails/" + email.id());
                http.json(200, json);
            } else {
                view.delete(email.id());
                feed.note("deleted " + email.id());
                http.json(200, new Json().object().field("deleted", email.id()).end());
            }
        } else if (s.length == 4 && s[1].equals("emails")) {
            method(http, "GET");
            part(http, email(s[2]), s[3]);
        } else if (s.length == 5 && s[1].equals("emails") && s[3].equals("attachments")) {
            method(http, "GET");
            attachment(http, email(s[2]), s[4]);
        } else if (route.equals("api/events")) {
            method(http, "GET");
            events(http);
        } else if (route.equals("api/events/stream")) {
            method(http, "GET");
            streams.stream(http);
        } else if (route.equals("api/wait")) {
            method(http, "GET");
            await(http);
        } else if (route.equals("api/script")) {
            script.handle(http);
        } else {
            throw unknown(http);
        }
    }

    private void list(Http http) throws IOException {
        int start = http.intParam("start", 0, 0, Integer.MAX_VALUE);
        int limit = http.intParam("limit", 50, 1, MAX_LIMIT);
        List<ReceivedEmail> all = view.emails(filter(http));
        List<ReceivedEmail> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
        Json json = new Json().object().field("total", all.size()).field("start", start).field("count", page.size());
        json.name("emails").array();
        page.forEach(e -> EmailJson.summary(json, e));
        http.json(200, json.end().end());
    }

    private void part(Http http, ReceivedEmail email, String part) throws IOException {
        switch (part) {
            case "raw" -> http.fromEmail("message/rfc822", email.rawBytes(), email.id() + ".eml");
            case "text" -> http.fromEmail("text/plain; charset=utf-8", utf8(EmailJson.safe(email::textBody,
                    Optional.<String>empty()).orElseThrow(() -> new HttpError(404, "Email " + email.id()
                    + " has no text/plain part."))), null);
            case "html" -> http.fromEmail("text/html; charset=utf-8", utf8(EmailJson.safe(email::htmlBody,
                    Optional.<String>empty()).orElseThrow(() -> new HttpError(404, "Email " + email.id()
                    + " has no text/html part."))), null);
            case "session" -> session(http, email);
            default -> throw new HttpError(404, "Unknown part '" + part + "' of email " + email.id()
                    + ": use raw, text, html, session or attachments/{n}.");
        }
    }

    private void attachment(Http http, ReceivedEmail email, String index) throws IOException {
        List<Attachment> parts = EmailJson.parts(email);
        int n;
        try {
            n = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n >= parts.size()) {
            throw new HttpError(404, "Email " + email.id() + " has " + parts.size() + " attachment(s) and inline "
                    + "part(s), numbered from 0; there is no '" + index + "'.");
        }
        Attachment a = parts.get(n);
        String name = a.fileName().isEmpty() ? email.id() + "-part-" + n : a.fileName();
        http.fromEmail(a.contentType().matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? a.contentType()
                : "application/octet-stream", a.content(), name);
    }

    private void session(Http http, ReceivedEmail email) throws IOException {
        String id = email.envelope().sessionId();
        Json json = new Json().object().field("sessionId", id);
        json.name("dialogue").array();
        view.mailbox().transcript(id).map(Transcript::lines).orElse(List.of()).forEach(line -> json.object()
                .field("time", line.time().toString()).field("direction", line.direction().name())
                .field("text", line.text()).field("pipelined", line.pipelined()).end());
        json.end().name("violations").array();
        for (ProtocolViolation v : view.mailbox().violations()) {
            if (v.sessionId().equals(id)) {
                json.object().field("rule", v.rule().name()).field("reference", v.rule().reference())
                        .field("description", v.rule().description()).field("line", v.line()).end();
            }
        }
        http.json(200, json.end().end());
    }

    private void events(Http http) throws IOException {
        long after = http.intParam("after", 0, 0, Integer.MAX_VALUE);
        int limit = http.intParam("limit", 100, 1, MAX_LIMIT);
        Json json = new Json().object().field("last", feed.last());
        json.name("events").array();
        feed.after(after, limit).forEach(e -> Streams.event(json, e));
        http.json(200, json.end().end());
    }

    private void await(Http http) throws IOException, InterruptedException {
        MailView.Filter filter = filter(http);
        long millis = timeout(http.param("timeout"));
        if (!streams.enterLongRequest()) {
            throw new HttpError(503, "Too many waiting requests and event streams are open (" + Streams.MAX_LONG
                    + "); close one and retry.");
        }
        try {
            String waited = http.param("timeout").isEmpty() ? "30s" : http.param("timeout");
            ReceivedEmail found = view.await(filter, millis).orElseThrow(() -> new HttpError(404, "No email"
                    + filter.describe() + " arrived within " + waited + "."));
            Json json = new Json();
            EmailJson.detail(json, found, "/api/emails/" + found.id());
            http.json(200, json);
        } finally {
            streams.leaveLongRequest();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static long timeout(String text) {
        if (text.isEmpty()) {
            return 30_000;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            long millis = t.endsWith("ms") ? Long.parseLong(t.substring(0, t.length() - 2))
                    : t.endsWith("s") ? Long.parseLong(t.substring(0, t.length() - 1)) * 1000
                    : Long.parseLong(t) * 1000;
            if (millis >= 0 && millis <= MAX_WAIT_MILLIS) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpError(400, "Parameter timeout must be a duration from 0s to 300s such as 10s or 500ms, was '"
                + text + "'.");
    }

    private void mailpit(Http http, String[] s) throws IOException {
        if (s.length == 3 && s[2].equals("messages")) {
            if (method(http, "GET, DELETE").equals("GET")) {
                int start = http.intParam("start", 0, 0, Integer.MAX_VALUE);
                int limit = http.intParam("limit", 50, 1, MAX_LIMIT);
                List<ReceivedEmail> all = view.emails(MailView.Filter.ANY);
                List<ReceivedEmail> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
                Json json = new Json().object().field("total", all.size()).field("unread", all.size())
                        .field("count", page.size()).field("messages_count", all.size()).field("start", start)
                        .field("tags", List.of());
                json.name("messages").array();
                page.forEach(e -> EmailJson.mailpitSummary(json, e));
                http.json(200, json.end().end());
            } else {
                Mailpit.delete(http, view, feed);
            }
        } else if (s.length >= 4 && s[2].equals("message")) {
            method(http, "GET");
            ReceivedEmail email = email(s[3]);
            Mailpit.message(http, email, s);
        } else {
            throw unknown(http);
        }
    }

    private ReceivedEmail email(String id) {
        return view.email(id).orElseThrow(() -> new HttpError(404, "No email with id '" + id + "': it was deleted or "
                + "never received. GET /api/emails lists the ids."));
    }

    private static MailView.Filter filter(Http http) {
        return new MailView.Filter(http.param("to"), http.param("from"), http.param("subject"));
    }

    /** Checks the method against the allowed ones (HEAD counts as GET) and returns it. */
    static String method(Http http, String allowed) {
        String m = http.method.equals("HEAD") ? "GET" : http.method;
        for (String a : allowed.split(", ")) {
            if (a.equals(m)) {
                return m;
            }
        }
        throw new HttpError(405, "Method " + http.method + " is not allowed on " + http.exchange.getRequestURI()
                .getRawPath() + "; allowed: " + allowed + ".", allowed);
    }

    static HttpError unknown(Http http) {
        return new HttpError(404, "No API call " + http.method + " " + http.exchange.getRequestURI().getRawPath()
                + ". The calls are listed in the README, section \"HTTP API and web page\".");
    }
}
