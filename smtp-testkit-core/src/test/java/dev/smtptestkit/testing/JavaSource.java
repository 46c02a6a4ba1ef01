package dev.smtptestkit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Java source text for architecture tests: code without comments and literals, method bodies. */
public final class JavaSource {

    private JavaSource() {
    }

    /** Reads a main source of core, from the module directory or the root directory. */
    public static String read(String relative) throws IOException {
        Path path = Path.of("src/main/java").resolve(relative);
        if (!Files.exists(path)) {
            path = Path.of("smtp-testkit-core").resolve(path);
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** The source with comments and string/char literals blanked out, line breaks kept. */
    public static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                out.append("\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < source.length() && source.charAt(i) != c && source.charAt(i) != '\n') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The body of the method declared as {@code name(...)} in code stripped by {@link #code}, braces
     * included; fails when there is no such declaration.
     */
    public static String methodBody(String code, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\n[ \\t]+[\\w<>\\[\\], ]*\\b" + name + "\\([^;{]*\\)[^;{]*\\{").matcher(code);
        if (!m.find()) {
            throw new IllegalArgumentException("no method " + name + " declared");
        }
        int depth = 0;
        for (int i = m.end() - 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return code.substring(m.end() - 1, i + 1);
            }
        }
        throw new IllegalArgumentException("unbalanced braces in " + name);
    }
}
