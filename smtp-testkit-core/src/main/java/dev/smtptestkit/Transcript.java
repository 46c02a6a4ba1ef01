package dev.smtptestkit;

import dev.smtptestkit.internal.format.Render;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The dialogue of one SMTP session, line by line, client and server, in order. Message content
 * is one summarised client entry ({@code <1234 bytes>}), not line by line.
 *
 * <pre>{@code
 * Transcript transcript = mailbox.transcripts().get(0);
 * System.out.println(transcript.render());
 * // C: EHLO client.example
 * // S: 250 localhost greets client.example (SIZE 67108864, 8BITMIME, PIPELINING, ...)
 * // ...
 * }</pre>
 *
 * <p>Rendered, the multi-line EHLO reply is folded to one line; {@link #lines()} holds each line as sent.
 *
 * <p>A session records at most {@code SmtpReceiver.Builder.maxRecordedLines} lines; the lines
 * beyond are counted in {@link #linesNotRecorded()} and rendered as
 * {@code ... 12,345 more lines not recorded}.
 *
 * @param sessionId        the session
 * @param lines            every line recorded, in order
 * @param linesNotRecorded how many lines came after the session's recording limit and were only counted
 */
public record Transcript(String sessionId, List<Line> lines, long linesNotRecorded) {

    /**
     * Checks the session id and takes an immutable copy of the lines.
     *
     * @param sessionId        the session
     * @param lines            every line recorded, in order; copied
     * @param linesNotRecorded how many lines were only counted, 0 or more
     * @throws NullPointerException     when {@code sessionId}, {@code lines} or a line is null
     * @throws IllegalArgumentException when {@code linesNotRecorded} is negative
     */
    public Transcript {
        Objects.requireNonNull(sessionId, "sessionId");
        lines = List.copyOf(lines);
        if (linesNotRecorded < 0) {
            throw new IllegalArgumentException("linesNotRecorded must not be negative, was " + linesNotRecorded);
        }
    }

    /**
     * A transcript in which every line was recorded.
     *
     * @param sessionId the session
     * @param lines     every line, in order; copied
     * @throws NullPointerException when {@code sessionId}, {@code lines} or a line is null
     */
    public Transcript(String sessionId, List<Line> lines) {
        this(sessionId, lines, 0);
    }

    /** Who sent a line. */
    public enum Direction {
        /** The client (rendered {@code C:}). */
        CLIENT,
        /** The receiver (rendered {@code S:}). */
        SERVER
    }

    /**
     * One line of the dialogue.
     *
     * @param time      when it was read or written
     * @param direction who sent it
     * @param text      the line without CRLF (a multi-line reply gives one Line per reply line)
     * @param pipelined for a client command line: the client had already sent more input after it
     *                  when the receiver took the line up (input read with it, or waiting on the
     *                  socket), that is, it did not wait for the reply (RFC 2920 pipelining,
     *                  whether allowed at that point or not); false otherwise. Input that arrives
     *                  while the receiver works on the line is not counted: the receiver cannot
     *                  tell a pipelined command from a fast client's next one
     */
    public record Line(Instant time, Direction direction, String text, boolean pipelined) {
        /**
         * Checks the components.
         *
         * @param time      when it was read or written
         * @param direction who sent it
         * @param text      the line without CRLF
         * @param pipelined whether the client sent more input before this command's reply
         * @throws NullPointerException when {@code time}, {@code direction} or {@code text} is null
         */
        public Line {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(text, "text");
        }

        /**
         * A line that was not followed by input sent ahead of its reply.
         *
         * @param time      when it was read or written
         * @param direction who sent it
         * @param text      the line without CRLF
         */
        public Line(Instant time, Direction direction, String text) {
            this(time, direction, text, false);
        }

        @Override
        public String toString() {
            return direction == Direction.CLIENT ? "C: " + Render.maskSecrets(text) : "S: " + text;
        }
    }

    /**
     * The client's lines only, message data summaries included.
     *
     * @return the texts, for example {@code ["EHLO x", "MAIL FROM:<a@x>", ...]}
     */
    public List<String> clientLines() {
        return lines.stream().filter(l -> l.direction() == Direction.CLIENT).map(Line::text).toList();
    }

    /**
     * The verbs the client sent, in order; message data entries are left out.
     *
     * @return the verbs, upper case, for example {@code ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"]}
     */
    public List<String> commands() {
        return lines.stream()
                .filter(l -> l.direction() == Direction.CLIENT && !l.text().startsWith("<"))
                .map(l -> Render.verbOf(l.text()))
                .toList();
    }

    /**
     * The dialogue as text, one {@code C: }/{@code S: } line each, with AUTH credentials masked.
     *
     * @return the rendered transcript
     */
    public String render() {
        return Render.transcript(this, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return render();
    }
}
