package dev.smtptestkit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a duration written as text, with one meaning wherever smtp-testkit takes one (an
 * annotation attribute, a command-line flag): a bare number is milliseconds.
 *
 * <pre>{@code
 * Durations.parse("5000");   // 5 seconds: a bare number is milliseconds
 * Durations.parse("500ms");  // 500 milliseconds
 * Durations.parse("5s");     // 5 seconds; also "1m" (minutes) and "2h" (hours)
 * Durations.parse("PT5S");   // ISO-8601, as java.time.Duration.parse reads it
 * }</pre>
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a duration: milliseconds ({@code "5000"}), a whole number with a unit {@code ms},
     * {@code s}, {@code m} or {@code h} ({@code "500ms"}, {@code "5s"}, {@code "1m"}, {@code "2h"};
     * the unit in any case, no space), or ISO-8601 ({@code "PT5S"}). Spaces around it are ignored.
     *
     * @param text the duration as text
     * @return the duration, zero or positive
     * @throws IllegalArgumentException when {@code text} is none of these, negative or too large;
     *                                  the message says what to write instead
     * @throws NullPointerException     when {@code text} is null
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
            digits++;
        }
        try {
            if (digits > 0) {
                long n = Long.parseLong(t.substring(0, digits));
                switch (t.substring(digits)) {
                    case "", "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        throw new IllegalArgumentException(notADuration(text));
                }
            }
            Duration iso = Duration.parse(t);
            if (iso.isNegative()) {
                throw new IllegalArgumentException(notADuration(text));
            }
            return iso;
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException(notADuration(text), e);
        }
    }

    private static String notADuration(String text) {
        return "'" + text + "' is not a duration: write milliseconds (\"5000\"), a number with a unit "
                + "(\"500ms\", \"5s\", \"1m\", \"2h\") or ISO-8601 (\"PT5S\")";
    }
}
