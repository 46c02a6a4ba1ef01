package dev.smtptestkit.standalone.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request and its response: bounded reading, parameters, and the headers every response carries. */
final class Http {

    static final int MAX_PATH = 2048;
    static final int MAX_QUERY = 4096;
    static final int MAX_BODY = 64 * 1024;

    /**
     * The page's policy. Scripts, styles and fetches only from this server; the page is never framed.
     * An email's HTML is shown in a {@code srcdoc} frame, which inherits this policy (CSP 3, policy
     * container), so inline styles and remote images must be allowed here; the frame's own meta
     * policy then blocks remote content until the user asks for it, and {@code sandbox=""} blocks
     * its scripts.
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: cid: http: https:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** For anything an email supplied (HTML, attachments, raw source): a sandbox, nothing loaded. */
    static final String CONTENT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'none'";

    final HttpExchange exchange;
    final String method;
    final String[] segments; // the decoded path segments; "/api/emails/x" -> ["api", "emails", "x"]
    final Map<String, String> query;

    Http(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (path.length() > MAX_PATH || rawQuery != null && rawQuery.length() > MAX_QUERY) {
            throw new HttpError(414, "The request URI is too long: at most " + MAX_PATH + " characters of path and "
                    + MAX_QUERY + " of query are read.");
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        String[] raw = trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
        this.segments = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            segments[i] = decode(raw[i], "path");
        }
        this.query = parseQuery(rawQuery);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query");
            out.put(name, value);
        }
        return out;
    }

    private static String decode(String text, String where) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "Malformed percent-encoding in the " + where + ": '" + text + "'.");
        }
    }

    String param(String name) {
        return query.getOrDefault(name, "");
    }

    /** An integer parameter within bounds, or the default when absent. */
    int intParam(String name, int fallback, int min, int max) {
        String text = param(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpError(400, "Parameter " + name + " must be a whole number from " + min + " to " + max
                + ", was '" + text + "'.");
    }

    /** The request body as UTF-8, at most {@link #MAX_BODY} octets. */
    String body() throws IOException {
        InputStream in = exchange.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY) {
                throw new HttpError(413, "The request body is larger than " + MAX_BODY + " octets.");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    void json(int status, Json json) throws IOException {
        send(status, "application/json; charset=utf-8", json.toString().getBytes(StandardCharsets.UTF_8), null,
                PAGE_POLICY);
    }

    /** Sends text of our own (the page, plain answers) under the page's policy. */
    void text(int status, String contentType, String text) throws IOException {
        send(status, contentType, text.getBytes(StandardCharsets.UTF_8), null, PAGE_POLICY);
    }

    /**
     * Sends octets an email supplied under the sandbox policy, so even opened directly they run no
     * script; with a {@code downloadName} as a download.
     */
    void fromEmail(String contentType, byte[] octets, String downloadName) throws IOException {
        send(200, contentType, octets, downloadName, CONTENT_POLICY);
    }

    private void send(int status, String contentType, byte[] octets, String downloadName, String policy)
            throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        if (downloadName != null) {
            h.set("Content-Disposition", "attachment; filename=\"" + asciiName(downloadName) + "\"; filename*=UTF-8''"
                    + percent(downloadName));
        }
        securityHeaders(h, policy);
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, octets.length == 0 ? -1 : octets.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(octets);
        }
    }

    static void securityHeaders(Headers h, String policy) {
        h.set("Content-Security-Policy", policy);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    // RFC 6266 4.3: a plain ASCII fallback name beside the RFC 8187 encoded one
    private static String asciiName(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' ? c : '_');
        }
        return out.toString();
    }

    private static String percent(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x7f && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** A request the API refuses: the status and a message saying what was wrong. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String allow;

        HttpError(int status, String message) {
            this(status, message, null);
        }

        HttpError(int status, String message, String allow) {
            super(message, null, false, false);
            this.status = status;
            this.allow = allow;
        }
    }
}
