package dev.smtptestkit.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code bad-input.tsv}: what the client sends after a prefix of the dialogue and the
 * exact replies it must get. The file's header explains the columns and escapes.
 *
 * @param line     the line number in the file
 * @param prefix   how far the dialogue goes before the input
 * @param input    the input as written in the file (escaped)
 * @param expected the expected replies, each "code" or "code enhanced"
 * @param closes   whether the receiver must close the connection after them
 * @param emails   how many emails the session must have recorded
 * @param why      the rule, usually an RFC clause
 */
record BadInputCase(int line, String prefix, String input, List<String> expected, boolean closes, int emails,
                    String why) {

    static final String RESOURCE = "/bad-input.tsv";

    static List<BadInputCase> load() {
        List<BadInputCase> cases = new ArrayList<>();
        try (InputStream in = BadInputCase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the test class path");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int n = 0; n < lines.length; n++) {
                String text = lines[n];
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] cols = text.split("\t", -1);
                if (cols.length != 5) {
                    throw new IllegalStateException(RESOURCE + " line " + (n + 1) + ": 5 columns expected, got "
                            + cols.length);
                }
                List<String> expected = new ArrayList<>();
                boolean closes = false;
                for (String item : cols[2].isEmpty() ? new String[0] : cols[2].split(";")) {
                    if (item.equals("CLOSE")) {
                        closes = true;
                        continue;
                    }
                    int star = item.indexOf('*');
                    int times = star < 0 ? 1 : Integer.parseInt(item.substring(0, star));
                    String[] group = item.substring(star + 1).split(",");
                    for (int t = 0; t < times; t++) {
                        expected.addAll(List.of(group));
                    }
                }
                cases.add(new BadInputCase(n + 1, cols[0], cols[1], List.copyOf(expected), closes,
                        Integer.parseInt(cols[3]), cols[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** The input's octets: escapes decoded, repetitions expanded. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decode(input, out);
        return out.toByteArray();
    }

    private static void decode(String s, ByteArrayOutputStream out) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("{{", i)) {
                int star = s.indexOf('*', i);
                int end = matchingClose(s, i);
                int times = Integer.parseInt(s.substring(i + 2, star));
                ByteArrayOutputStream once = new ByteArrayOutputStream();
                decode(s.substring(star + 1, end), once);
                byte[] unit = once.toByteArray();
                for (int t = 0; t < times; t++) {
                    out.write(unit, 0, unit.length);
                }
                i = end + 2;
            } else if (c == '\\') {
                char e = s.charAt(i + 1);
                switch (e) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '\\' -> out.write('\\');
                    case 'x' -> out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
                }
                i += e == 'x' ? 4 : 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i++;
            }
        }
    }

    private static int matchingClose(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length() - 1; k++) {
            if (s.startsWith("{{", k)) {
                depth++;
                k++;
            } else if (s.startsWith("}}", k)) {
                depth--;
                if (depth == 0) {
                    return k;
                }
                k++;
            }
        }
        throw new IllegalArgumentException("unbalanced {{ }} in " + s);
    }

    /** A short name for the test report. */
    @Override
    public String toString() {
        String shown = input.length() > 60 ? input.substring(0, 57) + "..." : input;
        return "line " + line + " [" + prefix + "] " + shown + " -> " + why;
    }
}
