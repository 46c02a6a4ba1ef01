package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.format.Render;
import dev.smtptestkit.internal.protocol.Extension;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Replies;
import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.Script.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What {@code SmtpScript} checks when a rule is written, with the messages a test author sees, and
 * the command matcher its rules share.
 */
public final class Checks {

    // The EHLO keyword of each extension that can be hidden.
    private static final Map<String, Extension> KEYWORDS = keywords();
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    private Checks() {
    }

    /**
     * A reply a test scripted, checked: RFC 5321 4.2 code, RFC 3463 enhanced code of the same class.
     *
     * @throws IllegalArgumentException saying what is wrong with the code, the enhanced code or a line
     */
    public static Reply reply(int code, String enhancedCode, String... lines) {
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("A reply code must be between 200 and 599 (RFC 5321 4.2), got " + code);
        }
        if (!enhancedCode.isEmpty() && !ENHANCED.matcher(enhancedCode).matches()) {
            throw new IllegalArgumentException("Enhanced status code \"" + enhancedCode
                    + "\" is not class.subject.detail such as \"5.1.1\" (RFC 3463 2); use \"\" for none");
        }
        if (!enhancedCode.isEmpty() && enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("Enhanced status code \"" + enhancedCode + "\" does not match reply code "
                    + code + ": its class must be " + Integer.toString(code).charAt(0) + " (RFC 3463 2)");
        }
        if (lines.length == 0) {
            throw new IllegalArgumentException("A reply needs at least one line of text");
        }
        List<String> text = new ArrayList<>(lines.length);
        for (String line : lines) {
            Objects.requireNonNull(line, "line");
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("A reply line must not contain CR or LF; pass each line as its own "
                        + "argument: " + line.replace("\r", "\\r").replace("\n", "\\n"));
            }
            text.add(line);
        }
        return Replies.scripted(code, enhancedCode, text);
    }

    /**
     * A verb for {@code onCommand}, upper case.
     *
     * @throws IllegalArgumentException when it is not one word of letters
     */
    public static String verb(String verb) {
        Objects.requireNonNull(verb, "verb");
        if (!verb.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("onCommand needs a verb such as \"MAIL\", got \"" + verb + "\"");
        }
        return verb.toUpperCase(Locale.ROOT);
    }

    /**
     * The steps a command rule applies to: the command line of that verb whose recorded line the
     * predicate accepts. BDAT is answered after its chunk (RFC 3030 2), so its rules apply where
     * that reply is decided: at the end of the chunk or of the message.
     *
     * @param verb the verb, upper case
     * @param line the predicate on the line as recorded
     * @return the matcher
     */
    public static BiPredicate<Script.Step, Outcome> command(String verb, Predicate<String> line) {
        if (verb.equals("BDAT")) {
            return (step, decided) -> (step.point() == Point.END_OF_CHUNK || step.point() == Point.END_OF_DATA)
                    && decided.answered() != null && Render.verbOf(decided.answered()).equals("BDAT")
                    && line.test(decided.answered());
        }
        return (step, decided) -> step.point() == Point.COMMAND && step.command() != null
                && step.command().verb().equalsIgnoreCase(verb) && line.test(step.line());
    }

    /**
     * Where a cut of the message data ({@code dropAfterOctets}) of a command rule applies: DATA at
     * its command line (the 354 is written, then the data is cut), BDAT at the command line that
     * starts a message (the octets are counted across its chunks); null for any other verb.
     *
     * @param verb the verb, upper case
     * @param line the predicate on the line as recorded
     * @return the matcher, or null when the verb carries no message data
     */
    public static BiPredicate<Script.Step, Outcome> cut(String verb, Predicate<String> line) {
        if (verb.equals("DATA")) {
            return command(verb, line);
        }
        if (verb.equals("BDAT")) {
            return (step, decided) -> step.point() == Point.FIRST_CHUNK && line.test(step.line());
        }
        return null;
    }

    /**
     * The extensions named by EHLO keywords.
     *
     * @throws IllegalArgumentException naming a keyword this receiver does not offer
     */
    public static Set<Extension> extensions(String... keywords) {
        Set<Extension> found = EnumSet.noneOf(Extension.class);
        for (String keyword : keywords) {
            Extension e = KEYWORDS.get(String.valueOf(keyword).toUpperCase(Locale.ROOT));
            if (e == null) {
                throw new IllegalArgumentException("Cannot hide extension \"" + keyword
                        + "\": this receiver offers only " + String.join(", ", KEYWORDS.keySet()));
            }
            found.add(e);
        }
        return found;
    }

    /** @throws IllegalArgumentException "NAME must not be negative, got D" */
    public static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    /** @throws IllegalArgumentException "NAME must not be negative, got N" */
    public static void requireNotNegative(long n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + n);
        }
    }

    /** @throws IllegalArgumentException "NAME must be at least 1, got N" */
    public static void requirePositive(long n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
    }

    private static Map<String, Extension> keywords() {
        Map<String, Extension> map = new LinkedHashMap<>();
        for (Extension e : Extension.values()) {
            String keyword = switch (e) {
                case EIGHT_BIT_MIME -> "8BITMIME";
                case ENHANCED_STATUS_CODES -> "ENHANCEDSTATUSCODES";
                default -> e.name();
            };
            map.put(keyword, e);
        }
        return Collections.unmodifiableMap(map);
    }
}
