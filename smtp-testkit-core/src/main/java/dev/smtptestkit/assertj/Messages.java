package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.format.Render;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every failure text of the assertions, so the wording is the same everywhere and tested in one
 * place. A text is a head in AssertJ style ("Expecting ... but ...") followed by a context block
 * rendered by {@link Render}: the email, the mailbox with its dialogue, the transcript or the events.
 */
final class Messages {

    /** How many dialogue or event lines a context block shows before "... N more lines". */
    static final int CONTEXT_LINES = Render.CONTEXT_LINES;

    private Messages() {
    }

    // ---- heads ----

    static String is(String what, Object expected, Object actual) {
        return "Expecting " + what + " to be:\n  " + show(expected) + "\nbut was:\n  " + show(actual);
    }

    static String contains(String what, String fragment, Object actual) {
        return "Expecting " + what + " to contain:\n  " + show(fragment) + "\nbut was:\n  " + show(actual);
    }

    static String matches(String what, String regex, Object actual) {
        return "Expecting " + what + " to match the regular expression:\n  " + Render.cap(regex, Render.VALUE_CAP)
                + "\nbut was:\n  "
                + show(actual);
    }

    static String missing(String what, String absent) {
        return "Expecting " + what + " but " + absent + ".";
    }

    static String unreadable(String what, String reason) {
        return "Expecting " + what + " to be readable but " + Character.toLowerCase(reason.charAt(0))
                + reason.substring(1);
    }

    static String count(String what, int expected, int actual) {
        return "Expecting " + what + " to be " + expected + " but was " + actual + ".";
    }

    static String atLeast(String what, int expected, int actual) {
        return "Expecting " + what + " to be at least " + expected + " but was " + actual + ".";
    }

    static String within(Duration timeout, String expectation, int arrived) {
        return "Expecting " + expectation + " within " + human(timeout) + " but " + arrived
                + (arrived == 1 ? " email" : " emails") + " arrived.";
    }

    static String noneWithin(Duration timeout, String expectation, ReceivedEmail offending) {
        return "Expecting " + expectation + " within " + human(timeout) + " but " + offending.id() + " arrived.";
    }

    /** No session that ended meets the expectation; {@code found} is what each one had. */
    static String noSession(String expectation, List<String> found) {
        return "Expecting " + expectation + " but "
                + (found.isEmpty() ? "no session ended" : "the sessions that ended had " + Render.cap(String.join("; ", found),
                Render.VALUE_CAP)) + ".";
    }

    static String sequence(String what, String relation, List<?> expected, List<?> actual) {
        return "Expecting " + what + ":\n  " + show(actual) + "\nto " + relation + ":\n  " + show(expected)
                + "\nbut " + (relation.startsWith("be") ? "they differ." : "they do not.");
    }

    // ---- subjects ----

    static String ofEmail(String what, ReceivedEmail email) {
        return what + " of email " + email.id();
    }

    static String ofAttachment(String what, Attachment attachment) {
        return attachment.fileName().isEmpty()
                ? what + " of inline part <" + Render.cap(attachment.contentId(), Render.VALUE_CAP) + ">"
                : what + " of attachment \"" + Render.cap(attachment.fileName(), Render.VALUE_CAP) + "\"";
    }

    static String ofSession(String what, Transcript transcript) {
        return what + " of session " + transcript.sessionId();
    }

    static String rfc(String rule, String reference) {
        return rule + " (" + reference + ")";
    }

    // ---- context blocks (each starts the text with a line break, as AssertJ's own messages do,
    // so a soft-assertion report shows "-- failure 1 --" on a line of its own) ----

    static String withEmail(String head, ReceivedEmail email) {
        return "\n" + head + "\nEmail:\n" + Render.indent(Render.emailSummary(email));
    }

    static String withMailbox(String head, Mailbox mailbox) {
        List<ReceivedEmail> emails = mailbox.emails();
        StringBuilder out = new StringBuilder("\n").append(head)
                .append("\nEmails (").append(emails.size()).append("):");
        int shown = Math.min(emails.size(), CONTEXT_LINES);
        for (int i = 0; i < shown; i++) {
            out.append("\n  ").append(Render.emailLine(emails.get(i)));
        }
        if (emails.size() > shown) {
            out.append("\n  ... ").append(emails.size() - shown).append(" more emails");
        }
        if (emails.isEmpty()) {
            out.append("\n  (none)");
        }
        return out.append('\n').append(Render.dialogueBlock(mailbox.transcripts())).toString();
    }

    static String withTranscript(String head, Transcript transcript) {
        return "\n" + head + "\nDialogue of session " + transcript.sessionId() + ":\n"
                + Render.indent(Render.transcript(transcript, CONTEXT_LINES));
    }

    static String withEvents(String head, List<SmtpEvent> events) {
        return "\n" + head + "\nEvents:\n" + Render.indent(Render.events(events, CONTEXT_LINES));
    }

    static String withAttachment(String head, Attachment attachment, Optional<ReceivedEmail> email) {
        String part = "\n" + head + "\nPart:\n  " + Render.cap(attachment.toString(), Render.VALUE_CAP);
        return email.map(e -> part + "\nEmail:\n" + Render.indent(Render.emailSummary(e))).orElse(part);
    }

    static String withList(String head, String title, Collection<?> items) {
        StringBuilder out = new StringBuilder(head).append('\n').append(title).append(':');
        if (items.isEmpty()) {
            out.append("\n  (none)");
        }
        items.stream().limit(CONTEXT_LINES)
                .forEach(item -> out.append("\n  ").append(Render.cap(String.valueOf(item), Render.VALUE_CAP)));
        if (items.size() > CONTEXT_LINES) {
            out.append("\n  ... ").append(items.size() - CONTEXT_LINES).append(" more");
        }
        return out.toString();
    }

    // ---- formatting ----

    /** AssertJ formats a failure text with {@code String.format}; a literal % must be doubled. */
    static String escape(String text) {
        return text.replace("%", "%%");
    }

    /**
     * A value as a failure shows it: a string quoted with CR and LF visible, anything else as its
     * {@code toString()}; either capped at {@link Render#VALUE_CAP} characters with its full size.
     */
    static String show(Object value) {
        if (value instanceof String s) {
            String shown = "\"" + Render.head(s, Render.VALUE_CAP).replace("\r", "\\r").replace("\n", "\\n") + "\"";
            return s.length() <= Render.VALUE_CAP ? shown : shown + Render.inAll(s.length());
        }
        return Render.cap(String.valueOf(value), Render.VALUE_CAP);
    }

    /** A value shown as it is, not quoted like a string: {@code (absent)}, {@code 2 bytes [69 64]}. */
    record Verbatim(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static Verbatim verbatim(String text) {
        return new Verbatim(text);
    }

    /** Octets as {@code 5 bytes [68 65 6c 6c 6f]}, the first 32 shown in hex. */
    static Verbatim bytes(byte[] octets) {
        StringBuilder out = new StringBuilder().append(octets.length).append(" bytes [");
        for (int i = 0; i < Math.min(32, octets.length); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", octets[i] & 0xff));
        }
        return verbatim(out.append(octets.length > 32 ? " ...]" : "]").toString());
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
