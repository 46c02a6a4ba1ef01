package dev.smtptestkit.internal.format;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import java.util.List;
import java.util.Locale;

/**
 * The one place that turns recorded values into text: transcripts, email summaries and event lines,
 * used by {@code toString()}, assertion messages, report entries and the standalone runner alike.
 */
public final class Render {

    private static final String MASK = "****";

    private Render() {
    }

    /** The verb of a command line, upper case: {@code "mail FROM:<a@x>"} gives {@code "MAIL"}. */
    public static String verbOf(String commandLine) {
        int space = commandLine.indexOf(' ');
        return (space < 0 ? commandLine : commandLine.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /**
     * A transcript as {@code C: }/{@code S: } lines, capped at {@code maxLines} with "... N more lines".
     * The multi-line reply to EHLO is folded to one line, the capabilities in parentheses:
     * {@code S: 250 localhost greets x (SIZE 67108864, 8BITMIME, ...)}; {@link Transcript#lines()}
     * keeps every line as sent.
     */
    public static String transcript(Transcript transcript, int maxLines) {
        StringBuilder out = new StringBuilder();
        appendTranscript(out, transcript, maxLines);
        return out.toString();
    }

    // Appends at most maxLines rendered lines and the "more" notes; returns how many rendered lines it used.
    // The notes count the transcript's own lines that were left out.
    private static int appendTranscript(StringBuilder out, Transcript transcript, int maxLines) {
        List<Transcript.Line> lines = transcript.lines();
        int start = out.length();
        int next = 0;
        int rendered = 0;
        boolean authChallenged = false;
        boolean afterEhlo = false;
        while (next < lines.size() && rendered < maxLines) {
            if (rendered > 0) {
                out.append('\n');
            }
            Transcript.Line line = lines.get(next);
            if (line.direction() == Transcript.Direction.SERVER) {
                // a note ("-- TLS started: ...", "-- connection reset ... [scripted]") is no reply: shown as it is
                boolean note = line.text().startsWith("-- ");
                int end = afterEhlo && !note ? replyEnd(lines, next) : next + 1;
                if (note) {
                    out.append(line.text());
                } else {
                    out.append("S: ");
                    appendReply(out, lines, next, end);
                }
                authChallenged = line.text().startsWith("334 ");
                afterEhlo = false;
                next = end;
            } else {
                // RFC 4954 4: the line after a 334 challenge is the client's (base64) credential.
                out.append("C: ").append(authChallenged ? MASK : maskSecrets(line.text()));
                authChallenged = false;
                afterEhlo = verbOf(line.text()).equals("EHLO");
                next++;
            }
            rendered++;
        }
        if (next < lines.size()) {
            out.append("\n... ").append(lines.size() - next).append(" more lines");
        }
        if (transcript.linesNotRecorded() > 0) {
            out.append(out.length() > start ? "\n" : "").append("... ").append(count(transcript.linesNotRecorded()))
                    .append(" more lines not recorded");
        }
        return rendered;
    }

    // RFC 5321 4.2.1: every line of a multi-line reply but the last has "-" after the code. Returns the
    // index after the reply that starts at "from" (a reply cut off by the end of the recording ends there).
    private static int replyEnd(List<Transcript.Line> lines, int from) {
        String first = lines.get(from).text();
        if (first.length() < 4 || first.charAt(3) != '-') {
            return from + 1;
        }
        String code = first.substring(0, 3);
        int end = from + 1;
        while (end < lines.size()) {
            Transcript.Line line = lines.get(end);
            String text = line.text();
            if (line.direction() != Transcript.Direction.SERVER || !text.startsWith(code)
                    || (text.length() > 3 && text.charAt(3) != '-' && text.charAt(3) != ' ')) {
                break;
            }
            end++;
            if (text.length() == 3 || text.charAt(3) == ' ') {
                break;
            }
        }
        return end;
    }

    // One reply line as it is, or an EHLO reply folded: "250 greeting (KEYWORD, KEYWORD PARAM, ...)".
    private static void appendReply(StringBuilder out, List<Transcript.Line> lines, int from, int end) {
        String first = lines.get(from).text();
        if (end - from == 1) {
            out.append(first);
            return;
        }
        out.append(first, 0, 3).append(' ').append(first, 4, first.length()).append(" (");
        for (int i = from + 1; i < end; i++) {
            String text = lines.get(i).text();
            out.append(i > from + 1 ? ", " : "").append(text.length() > 4 ? text.substring(4) : "");
        }
        out.append(')');
    }

    /** A count with thousands separators, the same in every locale: {@code 12,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A command line with the credentials of an {@code AUTH} command replaced by {@code ****}:
     * {@code AUTH PLAIN dGVzdA==} gives {@code AUTH PLAIN ****} (RFC 4954 4, the initial response);
     * every other line is returned unchanged.
     */
    public static String maskSecrets(String commandLine) {
        if (!verbOf(commandLine).equals("AUTH")) {
            return commandLine;
        }
        String[] words = commandLine.strip().split(" +", 3);
        return words.length < 3 ? commandLine : words[0] + " " + words[1] + " " + MASK;
    }

    /** Events one per line as {@link #event(SmtpEvent)} renders them, capped with "... N more events". */
    public static String events(List<SmtpEvent> events, int maxLines) {
        if (events.isEmpty()) {
            return "(no events)";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(events.size(), maxLines);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(event(events.get(i)));
        }
        if (events.size() > shown) {
            out.append("\n... ").append(events.size() - shown).append(" more events");
        }
        return out.toString();
    }

    /** How many dialogue lines a failure message shows before "... N more lines". */
    public static final int CONTEXT_LINES = 40;

    /**
     * The dialogue block that ends the failure messages of {@code Mailbox} and the assertions:
     * {@code Dialogue:} and every session's lines, capped at {@link #CONTEXT_LINES}. The JUnit
     * extension looks for it so that it does not attach the same dialogue to a failure twice.
     */
    public static String dialogueBlock(List<Transcript> transcripts) {
        return "Dialogue:\n" + indent(transcripts(transcripts, CONTEXT_LINES));
    }

    /**
     * Several transcripts, each headed by its session id, sharing one budget of {@code maxLines}
     * lines; the sessions beyond it are counted on one line.
     */
    public static String transcripts(List<Transcript> transcripts, int maxLines) {
        if (transcripts.isEmpty()) {
            return "(no SMTP session)";
        }
        StringBuilder out = new StringBuilder();
        int budget = maxLines;
        for (int i = 0; i < transcripts.size(); i++) {
            if (budget <= 0) {
                // One line for all the sessions beyond the budget, so a thousand sessions stay one line.
                List<Transcript> rest = transcripts.subList(i, transcripts.size());
                int lines = rest.stream().mapToInt(t -> t.lines().size()).sum();
                out.append("\n... ").append(lines).append(" more lines in ").append(rest.size())
                        .append(rest.size() == 1 ? " more session" : " more sessions");
                break;
            }
            Transcript t = transcripts.get(i);
            if (i > 0) {
                out.append('\n');
            }
            out.append("session ").append(t.sessionId()).append(":\n");
            StringBuilder lines = new StringBuilder();
            budget -= appendTranscript(lines, t, budget);
            out.append(indent(lines.toString()));
        }
        return out.toString();
    }

    /** A short summary: envelope, key headers and the first body lines. */
    public static String emailSummary(ReceivedEmail email) {
        Envelope e = email.envelope();
        StringBuilder out = new StringBuilder();
        out.append("email ").append(email.id()).append(" (").append(email.size()).append(" bytes)\n");
        out.append("  envelope: MAIL FROM:<").append(e.sender()).append("> RCPT TO:")
                .append(cap(e.recipients().stream().map(r -> "<" + r + ">").toList().toString(), VALUE_CAP))
                .append('\n');
        try {
            out.append("  From: ").append(capped(email.headers("From"))).append('\n');
            out.append("  To: ").append(capped(email.headers("To"))).append('\n');
            if (!email.headers("Cc").isEmpty()) {
                out.append("  Cc: ").append(capped(email.headers("Cc"))).append('\n');
            }
            out.append("  Subject: ").append(cap(email.subject(), VALUE_CAP)).append('\n');
            out.append("  Content-Type: ").append(email.contentType());
            String body = email.textBody().or(email::htmlBody).orElse("");
            List<String> lines = body.lines().toList();
            int shown = Math.min(5, lines.size());
            for (int i = 0; i < shown; i++) {
                out.append("\n  | ").append(abbreviate(lines.get(i), 100));
            }
            if (lines.size() > shown) {
                out.append("\n  | ... ").append(lines.size() - shown).append(" more lines");
            }
        } catch (IllegalStateException unparseable) {
            out.append(out.charAt(out.length() - 1) == '\n' ? "" : "\n")
                    .append("  (not readable: ").append(unparseable.getMessage()).append(')');
        }
        return out.toString();
    }

    private static String capped(List<String> values) {
        return cap(String.join(", ", values), VALUE_CAP);
    }

    /** One line per email: {@code email s1.1 from <a@x> to [b@y], subject "Hi", 120 bytes}. */
    public static String emailLine(ReceivedEmail m) {
        String subject;
        try {
            subject = cap(m.subject(), VALUE_CAP);
        } catch (IllegalStateException unparseable) {
            subject = "(unparseable)";
        }
        return "email " + m.id() + " from <" + m.envelope().sender() + "> to "
                + cap(m.envelope().recipients().toString(), VALUE_CAP)
                + ", subject \"" + subject + "\", " + m.size() + " bytes";
    }

    /** One readable line per event, as the standalone runner prints them. */
    public static String event(SmtpEvent event) {
        if (event instanceof SmtpEvent.ServerStarted e) {
            return "server started on " + e.host() + ":" + e.port();
        } else if (event instanceof SmtpEvent.ClientConnected e) {
            return "[" + e.sessionId() + "] connected from " + address(e.clientAddress());
        } else if (event instanceof SmtpEvent.ClientDisconnected e) {
            return "[" + e.sessionId() + "] disconnected: " + e.reason()
                    + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")")
                    + e.tls().map(t -> "; TLS " + t).orElse("")
                    + e.auth().map(a -> "; " + login(a)).orElse("");
        } else if (event instanceof SmtpEvent.CommandReceived e) {
            return "[" + e.sessionId() + "] C: " + maskSecrets(e.command()) + "  S: "
                    + e.reply().lines().findFirst().orElse("") + (e.scripted() ? "  [scripted]" : "");
        } else if (event instanceof SmtpEvent.EmailReceived e) {
            return "[" + e.sessionId() + "] " + emailLine(e.email());
        } else if (event instanceof SmtpEvent.ServerStopped e) {
            return "server stopped on " + e.host() + ":" + e.port();
        }
        return event.toString();
    }

    /** Who logged in, never how: {@code authenticated as alice with PLAIN} (+ {@code for admin}: PLAIN's authzid). */
    private static String login(AuthDetails a) {
        return "authenticated as " + a.user() + " with " + a.mechanism().saslName()
                + a.authorizationId().map(id -> " for " + id).orElse("");
    }

    private static String address(java.net.InetSocketAddress a) {
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** How many characters of one value (a header, a body, a list) a message or summary shows. */
    public static final int VALUE_CAP = 1_000;

    /**
     * The value whole when it has at most {@code max} characters; else its first {@code max} and
     * its full size: {@code xxx... (52,428,800 chars in all)}. Linear in {@code max}, not in the value.
     */
    public static String cap(String s, int max) {
        return s.length() <= max ? s : head(s, max) + inAll(s.length());
    }

    /** The first {@code max} characters (one fewer rather than half a surrogate pair). */
    public static String head(String s, int max) {
        int end = Math.min(max, s.length());
        if (end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The note that follows a capped value: {@code ... (52,428,800 chars in all)}. */
    public static String inAll(int length) {
        return String.format(Locale.ROOT, "... (%,d chars in all)", length);
    }

    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    public static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
