package dev.smtptestkit.standalone.http;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.standalone.http.Http.HttpError;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The Mailpit-compatible calls that cost nothing: get message, its raw source, headers and parts,
 * and delete (by {@code IDs}, or all). Listing is in {@link Api}.
 */
final class Mailpit {

    private Mailpit() {
    }

    /** {@code /api/v1/message/{ID}}, {@code .../raw}, {@code .../headers}, {@code .../part/{PartID}}. */
    static void message(Http http, ReceivedEmail email, String[] s) throws IOException {
        if (s.length == 4) {
            Json json = new Json();
            EmailJson.mailpitMessage(json, email);
            http.json(200, json);
        } else if (s.length == 5 && s[4].equals("raw")) {
            // Mailpit answers text/plain; the octets are the message as received
            http.fromEmail("text/plain; charset=utf-8", email.rawBytes(), null);
        } else if (s.length == 5 && s[4].equals("headers")) {
            Json json = new Json().object();
            java.util.Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
            EmailJson.headers(email, (name, value) -> byName.computeIfAbsent(name, k -> new java.util.ArrayList<>())
                    .add(value));
            byName.forEach(json::field);
            http.json(200, json.end());
        } else if (s.length == 6 && s[4].equals("part")) {
            List<Attachment> parts = EmailJson.parts(email);
            int n = s[5].matches("\\d{1,9}") ? Integer.parseInt(s[5]) : -1;
            if (n < 0 || n >= parts.size()) {
                throw new HttpError(404, "Email " + email.id() + " has no part '" + s[5] + "'; PartID is the number "
                        + "given in Attachments and Inline.");
            }
            Attachment a = parts.get(n);
            http.fromEmail("application/octet-stream", a.content(), a.fileName().isEmpty() ? "part-" + n : a.fileName());
        } else {
            throw Api.unknown(http);
        }
    }

    /** {@code DELETE /api/v1/messages}: body {@code {"IDs": [...]}} deletes those; no body or no IDs deletes all. */
    static void delete(Http http, MailView view, EventFeed feed) throws IOException {
        String body = http.body().strip();
        List<String> ids = List.of();
        if (!body.isEmpty()) {
            Object parsed;
            try {
                parsed = JsonReader.parse(body);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, e.getMessage() + " Send {\"IDs\": [\"s1.1\"]}, or no body to delete all.");
            }
            Object list = parsed instanceof Map<?, ?> map ? map.get("IDs") : null;
            if (!(parsed instanceof Map) || list != null && !(list instanceof List)
                    || list instanceof List<?> l && l.stream().anyMatch(id -> !(id instanceof String))) {
                throw new HttpError(400, "The body must be an object with IDs, a list of strings, such as "
                        + "{\"IDs\": [\"s1.1\"]}; no body deletes all.");
            }
            ids = list == null ? List.of() : ((List<?>) list).stream().map(String.class::cast).toList();
        }
        if (ids.isEmpty()) {
            view.clear();
            feed.note("cleared");
        } else {
            for (String id : ids) {
                if (view.email(id).isEmpty()) {
                    throw new HttpError(404, "No email with id '" + id + "': nothing was deleted.");
                }
            }
            ids.forEach(view::delete);
            feed.note("deleted " + String.join(" ", ids));
        }
        http.text(200, "text/plain; charset=utf-8", "ok"); // Mailpit answers "ok"
    }
}
