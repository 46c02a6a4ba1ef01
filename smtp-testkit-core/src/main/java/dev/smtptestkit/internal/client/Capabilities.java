package dev.smtptestkit.internal.client;

import dev.smtptestkit.internal.protocol.Reply;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service extensions a server listed in its EHLO reply (RFC 5321 4.1.1.1): one keyword per
 * line after the first, with optional parameters. After HELO there are none.
 */
final class Capabilities {

    static final Capabilities NONE = new Capabilities(Map.of(), false);

    private final Map<String, String> keywords;
    private final boolean extended;

    private Capabilities(Map<String, String> keywords, boolean extended) {
        this.keywords = keywords;
        this.extended = extended;
    }

    static Capabilities of(Reply ehlo) {
        Map<String, String> keywords = new LinkedHashMap<>();
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            if (!keyword.isEmpty()) {
                keywords.putIfAbsent(keyword, space < 0 ? "" : line.substring(space + 1).strip());
            }
        }
        return new Capabilities(Collections.unmodifiableMap(keywords), true); // in the server's order
    }

    boolean extended() {
        return extended;
    }

    boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /** RFC 1870 4: SIZE with a limit; 0 or no number means "no fixed limit". */
    long sizeLimit() {
        String value = keywords.get("SIZE");
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value.split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RFC 4954 3: the mechanisms after the AUTH keyword, upper case. */
    List<String> authMechanisms() {
        String value = keywords.get("AUTH");
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return List.of(value.toUpperCase(Locale.ROOT).split(" +"));
    }

    /** The keywords for error messages: "SIZE, PIPELINING, 8BITMIME". */
    String describe() {
        return extended ? (keywords.isEmpty() ? "(no extensions)" : String.join(", ", keywords.keySet()))
                : "(none: the server took HELO, not EHLO)";
    }
}
