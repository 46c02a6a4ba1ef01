package dev.smtptestkit.internal.script;

import dev.smtptestkit.SmtpScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The script file of the standalone runner: one rule a line, read into an {@link SmtpScript}.
 *
 * <pre>
 * # blank lines and lines starting with # are ignored
 * rcpt bob@example.com reply 550 5.1.1 No such user
 * command MAIL times 2 reply 421 4.3.2 Try again later
 * end-of-data drop
 * greylisting 5s
 * hide PIPELINING CHUNKING
 * </pre>
 *
 * A rule line is {@code WHERE [times N | nth N | per-session]... ACTION [ARGUMENTS]}; see
 * {@link #SYNTAX}. A bad line fails with an {@link IllegalArgumentException} naming its number.
 */
public final class ScriptFile {

    /** The format, as the runner's help and the errors show it. */
    public static final String SYNTAX = String.join("\n",
            "  WHERE [times N | nth N | per-session]... ACTION",
            "    WHERE:  greeting | tls-handshake | command VERB | mail ADDRESS | rcpt ADDRESS | rcpt /REGEX/",
            "            | end-of-data",
            "    ACTION: reply CODE [ENHANCED-CODE] TEXT | delay DURATION | drop | reset | drop-after-reply",
            "            | stall | drop-after OCTETS | reset-after OCTETS | throttle OCTETS-PER-SECOND",
            "  greylisting DURATION | rate-limit N | rate-limit-per-receiver N | fail-then-succeed N",
            "  random SEED PROBABILITY | hide KEYWORD...",
            "  DURATION: 500ms, 5s or 2m; blank lines and lines starting with # are ignored");

    private static final Pattern ENHANCED = Pattern.compile("\\d\\.\\d{1,3}\\.\\d{1,3}");
    private static final int MAX_LINES = 10_000;
    private static final int MAX_OCTETS = 1 << 20;

    private ScriptFile() {
    }

    /**
     * Reads a script file into {@code script}.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the file and the line of the first bad rule
     */
    public static void load(Path file, SmtpScript script) throws IOException {
        long size = Files.size(file);
        if (size > MAX_OCTETS) {
            throw new IllegalArgumentException("Script " + file + " has " + size + " octets; at most " + MAX_OCTETS
                    + " are read");
        }
        apply(Files.readString(file, StandardCharsets.UTF_8), "Script " + file, script);
    }

    /**
     * Reads a script file on the class path into {@code script}: the thread's context class
     * loader first, then the one of this library.
     *
     * @throws IllegalArgumentException when the resource is missing or unreadable, or naming the
     *                                  resource and the line of the first bad rule
     */
    public static void loadResource(String resource, SmtpScript script) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        if (in == null) {
            in = ScriptFile.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IllegalArgumentException("Script resource \"" + resource + "\" was not found on the class path: "
                    + "put the file under src/test/resources/" + name + ", or correct the name");
        }
        String text;
        try (InputStream stream = in) {
            byte[] octets = stream.readNBytes(MAX_OCTETS + 1);
            if (octets.length > MAX_OCTETS) {
                throw new IllegalArgumentException("Script resource \"" + resource + "\" has more than " + MAX_OCTETS
                        + " octets; at most " + MAX_OCTETS + " are read");
            }
            text = new String(octets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Script resource \"" + resource + "\" cannot be read: " + e, e);
        }
        apply(text, "Script resource \"" + resource + "\"", script);
    }

    private static void apply(String text, String what, SmtpScript script) {
        try {
            apply(List.of(text.split("\\R", -1)), script);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + e.getMessage(), e);
        }
    }

    /**
     * Adds the rules of these lines to {@code script}, in order.
     *
     * @throws IllegalArgumentException "line N: ..." for the first bad rule
     */
    public static void apply(List<String> lines, SmtpScript script) {
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("has " + lines.size() + " lines; at most " + MAX_LINES + " are read");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rule(new Cursor(line), script);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + " in \"" + line + "\"", e);
            }
        }
    }

    private static void rule(Cursor c, SmtpScript script) {
        String where = c.word("a rule");
        Runnable readyMade = readyMade(where.toLowerCase(Locale.ROOT), c, script);
        if (readyMade != null) {
            c.end();
            readyMade.run();
            return;
        }
        SmtpScript.Rule rule = where(where, c, script);
        while (true) {
            String word = c.word("an action (reply, delay, drop, reset, drop-after-reply, stall, drop-after, "
                    + "reset-after, throttle)");
            Runnable action = switch (word.toLowerCase(Locale.ROOT)) {
                case "times" -> count(() -> rule.times(integer(c.word("a number after times"))));
                case "nth" -> count(() -> rule.nth(integer(c.word("a number after nth"))));
                case "per-session" -> count(rule::perSession);
                case "reply" -> {
                    int code = integer(c.word("a reply code after reply"));
                    String enhanced = c.peekMatches(ENHANCED) ? c.word("") : "";
                    String text = c.rest("the reply text after the code");
                    yield () -> rule.reply(code, enhanced, text);
                }
                case "delay" -> {
                    Duration wait = duration(c.word("a duration after delay"));
                    yield () -> rule.delay(wait);
                }
                case "drop" -> rule::drop;
                case "reset" -> rule::reset;
                case "drop-after-reply" -> rule::dropAfterReply;
                case "stall" -> rule::stall;
                case "drop-after" -> {
                    long octets = number(c.word("a number of octets after drop-after"));
                    yield () -> rule.dropAfterOctets(octets);
                }
                case "reset-after" -> {
                    long octets = number(c.word("a number of octets after reset-after"));
                    yield () -> rule.resetAfterOctets(octets);
                }
                case "throttle" -> {
                    long rate = number(c.word("octets per second after throttle"));
                    yield () -> rule.throttle(rate);
                }
                default -> throw new IllegalArgumentException("unknown action '" + word + "'; expected reply, delay, "
                        + "drop, reset, drop-after-reply, stall, drop-after, reset-after or throttle (after times N, "
                        + "nth N or per-session)");
            };
            if (action != null) {
                c.end();
                action.run();
                return;
            }
        }
    }

    // A modifier of the rule (times, nth, per-session): applied now, and the line goes on.
    private static Runnable count(Runnable modifier) {
        modifier.run();
        return null;
    }

    private static SmtpScript.Rule where(String where, Cursor c, SmtpScript script) {
        switch (where.toLowerCase(Locale.ROOT)) {
            case "greeting":
                return script.onGreeting();
            case "tls-handshake":
                return script.onTlsHandshake();
            case "command":
                return script.onCommand(c.word("a verb after command"));
            case "mail":
                return script.onMail(address(c.word("an address after mail")));
            case "rcpt":
                String a = c.word("an address or /REGEX/ after rcpt");
                return a.length() > 1 && a.startsWith("/") && a.endsWith("/")
                        ? script.onRcpt(regex(a.substring(1, a.length() - 1))) : script.onRcpt(address(a));
            case "end-of-data":
                return script.onEndOfData();
            default:
                throw new IllegalArgumentException("unknown rule '" + where + "'; a line starts with greeting, "
                        + "tls-handshake, command, mail, rcpt, end-of-data, greylisting, rate-limit, rate-limit-per-receiver, "
                        + "fail-then-succeed, random or hide");
        }
    }

    // The ready-made behaviours: what to add once the rest of the line is known to be empty, or null.
    private static Runnable readyMade(String name, Cursor c, SmtpScript script) {
        switch (name) {
            case "greylisting":
                Duration wait = duration(c.word("a duration after greylisting"));
                return () -> script.greylisting(wait);
            case "rate-limit":
                int perSession = integer(c.word("a number after rate-limit"));
                return () -> script.rateLimit(perSession);
            case "rate-limit-per-receiver":
                int perReceiver = integer(c.word("a number after rate-limit-per-receiver"));
                return () -> script.rateLimitPerReceiver(perReceiver);
            case "fail-then-succeed":
                int failures = integer(c.word("a number after fail-then-succeed"));
                return () -> script.failThenSucceed(failures);
            case "random":
                long seed = number(c.word("a seed after random"));
                double probability = probability(c.word("a probability after the seed"));
                return () -> script.random(seed, probability);
            case "hide":
                String[] keywords = c.rest("an extension keyword after hide").split("\\s+");
                return () -> script.hideExtensions(keywords);
            default:
                return null;
        }
    }

    private static String address(String word) {
        return word.startsWith("<") && word.endsWith(">") ? word.substring(1, word.length() - 1) : word;
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad pattern /" + text + "/: " + e.getDescription());
        }
    }

    private static int integer(String text) {
        long n = number(text);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("number too large: " + text);
        }
        return (int) n;
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + text + "'");
        }
    }

    private static double probability(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a probability such as 0.1, got '" + text + "'");
        }
    }

    /**
     * A duration as the runner writes it: {@code 500ms}, {@code 5s}, {@code 2m}, or a number of seconds.
     *
     * @throws IllegalArgumentException "expected a duration such as 500ms, 5s or 2m, got '...'"
     */
    public static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("expected a duration such as 500ms, 5s or 2m, got '" + text + "'");
    }

    // Words of one line, left to right.
    private static final class Cursor {
        private final String line;
        private int at;

        Cursor(String line) {
            this.line = line;
        }

        private void skipSpace() {
            while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
                at++;
            }
        }

        String word(String expected) {
            skipSpace();
            if (at >= line.length()) {
                throw new IllegalArgumentException("expected " + expected + " at the end of the line");
            }
            int start = at;
            while (at < line.length() && !Character.isWhitespace(line.charAt(at))) {
                at++;
            }
            return line.substring(start, at);
        }

        boolean peekMatches(Pattern pattern) {
            skipSpace();
            int end = at;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            return pattern.matcher(line.substring(at, end)).matches();
        }

        String rest(String expected) {
            skipSpace();
            if (at >= line.length()) {
                throw new IllegalArgumentException("expected " + expected + " at the end of the line");
            }
            String rest = line.substring(at);
            at = line.length();
            return rest;
        }

        void end() {
            skipSpace();
            if (at < line.length()) {
                throw new IllegalArgumentException("unexpected '" + line.substring(at) + "' at the end of the rule");
            }
        }
    }
}
