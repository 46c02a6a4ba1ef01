package dev.smtptestkit.standalone;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ReceivedEmail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Writes each email as {@code <n>.eml} (raw octets) and its envelope as {@code <n>.json}. */
final class Dumper {

    private final Path dir;
    private int next = 1;

    Dumper(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Writes the email and returns the .eml path. Numbers already taken in the directory are skipped. */
    synchronized Path dump(ReceivedEmail email) {
        try {
            Path eml;
            while (true) {
                eml = dir.resolve(next + ".eml");
                try {
                    Files.write(eml, email.rawBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    break;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    next++;
                }
            }
            Files.writeString(dir.resolve(next + ".json"), json(email), StandardCharsets.UTF_8);
            next++;
            return eml;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the email to " + dir + ": " + e.getMessage(), e);
        }
    }

    static String json(ReceivedEmail email) {
        Envelope e = email.envelope();
        StringBuilder out = new StringBuilder("{\n");
        field(out, "id", email.id());
        field(out, "receivedAt", email.receivedAt().toString());
        field(out, "size", email.size());
        field(out, "sessionId", e.sessionId());
        field(out, "heloName", e.heloName());
        field(out, "clientAddress", e.clientAddress() == null ? "" : e.clientAddress().getAddress().getHostAddress()
                + ":" + e.clientAddress().getPort());
        field(out, "mailFrom", e.sender());
        out.append("  \"mailParameters\": ").append(map(e.senderParameters())).append(",\n");
        out.append("  \"rcptTo\": [");
        List<String> rcpts = e.recipients();
        for (int i = 0; i < rcpts.size(); i++) {
            out.append(i == 0 ? "" : ", ").append("{\"address\": ").append(quote(rcpts.get(i)))
                    .append(", \"parameters\": ").append(map(e.recipientParameters().get(i))).append('}');
        }
        out.append("]\n}\n");
        return out.toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append("  ").append(quote(name)).append(": ")
                .append(value instanceof Number ? value.toString() : quote(String.valueOf(value))).append(",\n");
    }

    private static String map(Map<String, String> map) {
        StringBuilder out = new StringBuilder("{");
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> out
                .append(out.length() > 1 ? ", " : "").append(quote(entry.getKey())).append(": ")
                .append(quote(entry.getValue())));
        return out.append('}').toString();
    }

    // RFC 8259 7: quotation mark, reverse solidus and control characters are escaped.
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
