package dev.smtptestkit.internal.protocol;

/** ASCII-only text checks for the protocol's fixed words (verbs, header names). */
final class Ascii {

    private Ascii() {
    }

    /**
     * Whether {@code s} holds {@code word} at {@code from}, ASCII letters compared without case and
     * every other character exactly: no substring, no case-mapped copy, and no Unicode folding (which
     * the callers leave to {@code toUpperCase(Locale.ROOT)} or rule out themselves).
     *
     * @param word a fixed word; {@code s} must have at least its length from {@code from}
     */
    static boolean equalsIgnoreCase(CharSequence s, int from, String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = s.charAt(from + i);
            char w = word.charAt(i);
            boolean letter = (w >= 'a' && w <= 'z') || (w >= 'A' && w <= 'Z');
            if (c != w && !(letter && c == (w ^ 0x20))) {
                return false;
            }
        }
        return true;
    }
}
