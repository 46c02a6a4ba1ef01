package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The recording side of the mailbox's store: what a session records after a clear or a drop. */
class RecordingsTest {

    private static Transcript.Line line(String text) {
        return new Transcript.Line(Instant.EPOCH, Transcript.Direction.CLIENT, text);
    }

    @Test
    void aSessionGoesOnRecordingAfterClear() {
        Recordings store = new Recordings(100, 100);
        Recordings.Handle s1 = new Recordings.Handle("s1");
        Recordings.Handle s2 = new Recordings.Handle("s2");
        store.line(s1, line("EHLO a"));
        store.lines(s2, new Transcript.Line[] {line("EHLO b")}, null);
        store.line(s1, line("NOOP"));

        // the handle still holds the record clear() dropped: what follows goes to a new one
        store.clear();
        store.line(s1, line("RSET"));
        store.lines(s1, new Transcript.Line[] {line("QUIT")}, null);

        assertThat(store.transcript("s1").lines()).extracting(Transcript.Line::text).containsExactly("RSET", "QUIT");
        assertThat(store.transcript("s2")).isNull();
    }
}
