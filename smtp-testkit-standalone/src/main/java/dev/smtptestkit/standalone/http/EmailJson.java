package dev.smtptestkit.standalone.http;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.ReceivedEmail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Emails as JSON: our own shape ({@code /api/emails}) and Mailpit's ({@code /api/v1}). A message
 * that does not parse as MIME still shows its envelope, size and raw source; the parse error is
 * given as {@code parseError}.
 */
final class EmailJson {

    /** Headers listed per email; a message with more is cut here (the raw source has them all). */
    static final int MAX_HEADERS = 500;
    private static final int SNIPPET = 250;

    private EmailJson() {
    }

    static String subject(ReceivedEmail e) {
        return safe(e::subject, "");
    }

    /** The envelope recipients that are in neither the To nor the Cc header: the Bcc recipients. */
    static List<String> bcc(ReceivedEmail e) {
        Set<String> visible = new LinkedHashSet<>();
        for (String a : safe(e::to, List.<String>of())) {
            visible.add(a.toLowerCase(Locale.ROOT));
        }
        for (String a : safe(e::cc, List.<String>of())) {
            visible.add(a.toLowerCase(Locale.ROOT));
        }
        return e.envelope().recipients().stream().filter(r -> !visible.contains(r.toLowerCase(Locale.ROOT))).toList();
    }

    /** Attachments, then inline parts: the numbering of {@code /attachments/{n}}. */
    static List<Attachment> parts(ReceivedEmail e) {
        List<Attachment> all = new ArrayList<>(safe(e::attachments, List.<Attachment>of()));
        all.addAll(safe(e::inlineParts, List.<Attachment>of()));
        return all;
    }

    static void summary(Json json, ReceivedEmail e) {
        json.object();
        summaryFields(json, e);
        json.end();
    }

    private static void summaryFields(Json json, ReceivedEmail e) {
        json.field("id", e.id())
                .field("receivedAt", e.receivedAt().toString())
                .field("size", e.size())
                .field("sender", e.envelope().sender())
                .field("recipients", e.envelope().recipients())
                .field("from", safe(e::from, List.<String>of()))
                .field("to", safe(e::to, List.<String>of()))
                .field("cc", safe(e::cc, List.<String>of()))
                .field("bcc", bcc(e))
                .field("subject", subject(e))
                .field("attachments", safe(e::attachments, List.<Attachment>of()).size())
                .field("sessionId", e.envelope().sessionId());
    }

    static void detail(Json json, ReceivedEmail e, String base) {
        json.object();
        summaryFields(json, e);
        envelope(json.name("envelope"), e);
        json.name("headers").array();
        headers(e, (name, value) -> json.object().field("name", name).field("value", value).end());
        json.end();
        json.name("text");
        optional(json, safe(e::textBody, Optional.<String>empty()));
        json.name("html");
        optional(json, safe(e::htmlBody, Optional.<String>empty()));
        json.name("parts").array();
        List<Attachment> parts = parts(e);
        for (int i = 0; i < parts.size(); i++) {
            Attachment a = parts.get(i);
            json.object().field("index", i).field("fileName", a.fileName()).field("contentType", a.contentType())
                    .field("contentId", a.contentId()).field("inline", a.inline()).field("size", a.size())
                    .field("url", base + "/attachments/" + i).end();
        }
        json.end();
        json.field("mimeStructure", safe(e::mimeStructure, ""));
        json.field("parseError", parseError(e));
        json.end();
    }

    private static void envelope(Json json, ReceivedEmail e) {
        Envelope env = e.envelope();
        List<String> bcc = bcc(e);
        json.object().field("sender", env.sender()).field("senderParameters", env.senderParameters());
        json.name("recipients").array();
        for (int i = 0; i < env.recipients().size(); i++) {
            String r = env.recipients().get(i);
            json.object().field("address", r).field("parameters", env.recipientParameters().get(i))
                    .field("bcc", bcc.contains(r)).end();
        }
        json.end();
        json.field("heloName", env.heloName()).field("extended", env.extended()).field("sessionId", env.sessionId())
                .field("clientAddress", env.clientAddress() == null ? ""
                        : env.clientAddress().getAddress().getHostAddress() + ":" + env.clientAddress().getPort());
        json.end();
    }

    // ---- Mailpit's shapes (server/apiv1/structs.go, storage.MessageSummary and storage.Message) ----

    static void mailpitSummary(Json json, ReceivedEmail e) {
        json.object();
        mailpitCommon(json, e);
        json.field("Read", false).field("Created", e.receivedAt().toString())
                .field("Attachments", safe(e::attachments, List.<Attachment>of()).size())
                .field("Snippet", snippet(safe(e::textBody, Optional.<String>empty()).orElse("")));
        json.end();
    }

    static void mailpitMessage(Json json, ReceivedEmail e) {
        json.object();
        mailpitCommon(json, e);
        json.field("ReturnPath", e.envelope().sender())
                .field("Date", e.receivedAt().toString())
                .field("Text", safe(e::textBody, Optional.<String>empty()).orElse(""))
                .field("HTML", safe(e::htmlBody, Optional.<String>empty()).orElse(""));
        List<Attachment> parts = parts(e);
        json.name("Inline").array();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).inline()) {
                mailpitPart(json, parts.get(i), i);
            }
        }
        json.end().name("Attachments").array();
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).inline()) {
                mailpitPart(json, parts.get(i), i);
            }
        }
        json.end().end();
    }

    private static void mailpitCommon(Json json, ReceivedEmail e) {
        json.field("ID", e.id()).field("MessageID", messageId(e));
        List<String[]> from = addresses(e, "From");
        json.name("From");
        if (from.isEmpty()) {
            json.object().field("Name", "").field("Address", "").end();
        } else {
            json.object().field("Name", from.get(0)[0]).field("Address", from.get(0)[1]).end();
        }
        mailpitAddresses(json.name("To"), addresses(e, "To"));
        mailpitAddresses(json.name("Cc"), addresses(e, "Cc"));
        mailpitAddresses(json.name("Bcc"), bcc(e).stream().map(a -> new String[] {"", a}).toList());
        mailpitAddresses(json.name("ReplyTo"), addresses(e, "Reply-To"));
        json.field("Subject", subject(e)).field("Tags", List.of()).field("Size", e.size());
    }

    private static void mailpitPart(Json json, Attachment a, int index) {
        json.object().field("PartID", String.valueOf(index)).field("FileName", a.fileName())
                .field("ContentType", a.contentType()).field("ContentID", a.contentId()).field("Size", a.size()).end();
    }

    private static void mailpitAddresses(Json json, List<String[]> addresses) {
        json.array();
        for (String[] a : addresses) {
            json.object().field("Name", a[0]).field("Address", a[1]).end();
        }
        json.end();
    }

    // name and address of each address in a header; addresses without names when it does not parse
    private static List<String[]> addresses(ReceivedEmail e, String header) {
        List<String[]> out = new ArrayList<>();
        for (String value : safe(() -> e.headers(header), List.<String>of())) {
            try {
                for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(value,
                        false)) {
                    out.add(new String[] {a.getPersonal() == null ? "" : a.getPersonal(),
                        a.getAddress() == null ? "" : a.getAddress()});
                }
            } catch (jakarta.mail.internet.AddressException unparseable) {
                out.add(new String[] {"", value.strip()});
            }
        }
        return out;
    }

    private static String messageId(ReceivedEmail e) {
        String id = safe(() -> e.header("Message-ID").orElse(""), "").strip();
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    private static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET);
    }

    // ---- helpers ----

    interface HeaderSink {
        void accept(String name, String value);
    }

    /** Each header as name and decoded value, in order, at most {@link #MAX_HEADERS}. */
    static void headers(ReceivedEmail e, HeaderSink sink) {
        List<String> names = safe(e::headerNames, List.<String>of());
        Map<String, List<String>> values = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (int i = 0; i < names.size() && i < MAX_HEADERS; i++) {
            String key = names.get(i).toLowerCase(Locale.ROOT);
            List<String> all = values.computeIfAbsent(key, k -> safe(() -> e.headers(k), List.<String>of()));
            int n = used.merge(key, 1, Integer::sum) - 1;
            sink.accept(names.get(i), n < all.size() ? all.get(n) : "");
        }
    }

    private static void optional(Json json, Optional<String> value) {
        if (value.isPresent()) {
            json.string(value.get());
        } else {
            json.nullValue();
        }
    }

    private static String parseError(ReceivedEmail e) {
        try {
            e.subject();
            return "";
        } catch (RuntimeException x) {
            return String.valueOf(x.getMessage());
        }
    }

    static <T> T safe(Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (RuntimeException unparseable) {
            return fallback;
        }
    }
}
