package dev.smtptestkit.junit;

import static dev.smtptestkit.assertj.SmtpAssertions.*;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.internal.FailureFiles;
import dev.smtptestkit.junit.internal.SmtpDialogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/** What a failed test prints and publishes: each dialogue once, EHLO folded, files per test. */
@Timeout(60)
class FailureOutputTest {

    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @Tag("fixture")
    @SmtpServer
    static class FailuresCase {
        @Test
        void failsInATranscriptCheckOfTheOnlySession(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "someone@example.com", "Hello");
            assertThat(mailbox).singleSession().hasEhloName("client.example");
        }

        @Test
        void failsInATranscriptCheckOfTheSecondSession(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "first@example.com", "First");
            TestMail.send(receiver, "second@example.com", "Second");
            assertThat(mailbox).session(1).hasEhloName("client.example");
        }

        @Test
        void failsForAReasonUnrelatedToMail(SmtpReceiver receiver) {
            SEEN.put("unrelated", receiver.port());
            throw new IllegalStateException("the database is down");
        }

        @Test
        void failsAfterTwoEmails(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "first@example.com", "First");
            TestMail.send(receiver, "second@example.com", "Second");
            SEEN.put("raw s1.1", mailbox.email(0).rawBytes());
            SEEN.put("raw s2.1", mailbox.email(1).rawBytes());
            SEEN.put("dialogue", mailbox.dialogue(Integer.MAX_VALUE));
            SEEN.put("port", receiver.port());
            throw new AssertionError("expected a third email");
        }

        @Test
        void passesAfterSending(SmtpReceiver receiver) {
            TestMail.send(receiver, "someone@example.com", "Hello");
        }
    }

    private static String printed(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<FileEntry> filesOf(EngineExecutionResults results, String test) {
        return results.allEvents().stream()
                .filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(test))
                .map(e -> e.getRequiredPayload(FileEntry.class))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aFailedTranscriptCheckShowsTheDialogueOnce(TestInstance.Lifecycle lifecycle) {
        EngineExecutionResults results = Fixtures.run(FailuresCase.class, lifecycle);

        Throwable failure = Fixtures.failureOf(results, "failsInATranscriptCheckOfTheOnlySession");
        assertThat(failure).hasMessageStartingWith("\nExpecting the EHLO name of session s1 to be");
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(occurrences(printed(failure), "C: EHLO localhost")).isEqualTo(1);
    }

    @Test
    void onlyTheSessionsAFailureDoesNotShowAreAttached() {
        EngineExecutionResults results = Fixtures.run(FailuresCase.class, TestInstance.Lifecycle.PER_METHOD);

        Throwable failure = Fixtures.failureOf(results, "failsInATranscriptCheckOfTheSecondSession");
        assertThat(failure).hasMessageContaining("Dialogue of session s2:");
        String attached = failure.getSuppressed()[0].getMessage();
        assertThat(attached).contains("\n  session s1:\n").doesNotContain("session s2:")
                .endsWith("\n    S: 221 2.0.0 localhost closing connection\n  (session s2 shown in the failure above)");
        assertThat(occurrences(printed(failure), "C: EHLO localhost")).isEqualTo(2);
    }

    @Test
    void theEhloReplyIsFoldedToOneLineInTheDialogue() {
        EngineExecutionResults results = Fixtures.run(FailuresCase.class, TestInstance.Lifecycle.PER_METHOD);

        String dialogue = Fixtures.failureOf(results, "failsAfterTwoEmails").getSuppressed()[0].getMessage();
        assertThat(dialogue).contains("\n    C: EHLO localhost\n    S: 250 localhost greets localhost (SIZE 67108864, "
                + "8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN)\n    C: MAIL FROM:<sender@example.com>\n")
                .doesNotContain("250-");
    }

    @Test
    void aFailureUnrelatedToMailGetsOneShortLine() {
        SEEN.clear();
        EngineExecutionResults results = Fixtures.run(FailuresCase.class, TestInstance.Lifecycle.PER_METHOD);

        Throwable failure = Fixtures.failureOf(results, "failsForAReasonUnrelatedToMail");
        String line = "SMTP dialogue of the receiver on 127.0.0.1:" + SEEN.get("unrelated") + ": no SMTP session";
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(SmtpDialogue.class)
                .extracting(Throwable::getMessage).isEqualTo(line);
        assertThat(Fixtures.reportEntries(results, SmtpServerExtension.REPORT_ENTRY_KEY)).contains(line);
    }

    @Tag("fixture")
    @SmtpServer
    static class ManyEmailsCase {
        @Test
        void failsAfter21Emails(SmtpReceiver receiver) {
            for (int i = 1; i <= 21; i++) {
                TestMail.send(receiver, "someone@example.com", "Hello #" + i);
            }
            throw new AssertionError("too many");
        }
    }

    @Test
    void atMost20EmailsArePublishedAndTheDialogueFileCountsTheRest(@TempDir Path outputs) throws Exception {
        EngineExecutionResults results = Fixtures.runWritingFiles(ManyEmailsCase.class, outputs);

        List<FileEntry> files = filesOf(results, "failsAfter21Emails");
        assertThat(files).hasSize(1 + 20);
        assertThat(files.get(20).getPath().getFileName()).hasToString("email-s20.1.eml");
        assertThat(Files.readString(files.get(0).getPath()))
                .contains("\n  S: 250 2.0.0 OK: message accepted as s21.1\n")
                .endsWith("\n(1 more email arrived; the first 20 are attached)\n");
    }

    @Test
    void aFailureUnrelatedToMailPublishesNoFiles(@TempDir Path outputs) {
        EngineExecutionResults results = Fixtures.runWritingFiles(FailuresCase.class, outputs);

        assertThat(filesOf(results, "failsForAReasonUnrelatedToMail")).isEmpty();
        assertThat(filesOf(results, "failsAfterTwoEmails")).hasSize(3);
    }

    @Test
    void withoutAnOutputDirectoryTheFailureIsReportedAsBefore() {
        // EngineTestKit without an OutputDirectoryCreator refuses to write files, like a launcher that writes no outputs.
        EngineExecutionResults results = Fixtures.run(FailuresCase.class, TestInstance.Lifecycle.PER_METHOD);

        Throwable failure = Fixtures.failureOf(results, "failsAfterTwoEmails");
        assertThat(failure).hasMessage("expected a third email");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(SmtpDialogue.class);
        assertThat(results.allEvents().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED).count()).isZero();
    }

    @Test
    void aFailedTestPublishesItsDialogueAndEachEmailAsFiles(@TempDir Path outputs) throws Exception {
        SEEN.clear();
        EngineExecutionResults results = Fixtures.runWritingFiles(FailuresCase.class, outputs);

        List<FileEntry> files = filesOf(results, "failsAfterTwoEmails");
        assertThat(files).extracting(f -> f.getPath().getFileName().toString())
                .containsExactly(FailureFiles.DIALOGUE_FILE, "email-s1.1.eml", "email-s2.1.eml");
        assertThat(files).extracting(f -> f.getMediaType().orElseThrow())
                .containsExactly("text/plain; charset=UTF-8", "message/rfc822", "message/rfc822");
        assertThat(Files.readString(files.get(0).getPath())).isEqualTo("SMTP dialogue of the receiver on 127.0.0.1:"
                + SEEN.get("port") + ":\n" + SEEN.get("dialogue") + "\n");
        assertThat(Files.readAllBytes(files.get(1).getPath())).isEqualTo((byte[]) SEEN.get("raw s1.1"));
        assertThat(Files.readAllBytes(files.get(2).getPath())).isEqualTo((byte[]) SEEN.get("raw s2.1"));
        // One directory per test: the files of two tests never share one.
        Path dir = files.get(0).getPath().getParent();
        assertThat(files).allSatisfy(f -> assertThat(f.getPath().getParent()).isEqualTo(dir));
        assertThat(filesOf(results, "failsInATranscriptCheckOfTheOnlySession")).extracting(f -> f.getPath().getParent())
                .isNotEmpty().doesNotContain(dir);
        // A passing test publishes nothing.
        assertThat(filesOf(results, "passesAfterSending")).isEmpty();
        assertThat(dir).startsWith(outputs);
    }
}
