package dev.smtptestkit.junit.internal;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.JUnitException;

/**
 * Publishes a failed test's mail as JUnit file entries: the whole dialogue as {@code smtp-dialogue.txt}
 * and each email, exactly as received, as {@code email-<id>.eml} (opens in a mail client). JUnit puts
 * them in a directory per test under its reporting output directory ({@code target/} in a Maven build,
 * {@code build/} in Gradle's, unless {@code junit.platform.reporting.output.dir} says otherwise), and CI
 * servers that read the Open Test Reporting output show them as attachments.
 */
public final class FailureFiles {

    /** The file name of the dialogue. */
    public static final String DIALOGUE_FILE = "smtp-dialogue.txt";

    /** The most emails written for one test; the dialogue file counts the rest. */
    static final int MAX_EMAILS = 20;

    private static final MediaType RFC822 = MediaType.create("message", "rfc822");

    private FailureFiles() {
    }

    /**
     * Publishes the receiver's dialogue and emails for the test of {@code context}; nothing when no
     * client connected. On a JUnit without file entries (before 5.14), or when the launcher writes no
     * outputs, it does nothing; an error writing a file is thrown.
     */
    public static void publish(ExtensionContext context, SmtpReceiver receiver) {
        Mailbox mailbox = receiver.mailbox();
        List<ReceivedEmail> emails = mailbox.emails();
        if (mailbox.transcripts().isEmpty() && emails.isEmpty()) {
            return;
        }
        StringBuilder dialogue = new StringBuilder("SMTP dialogue of the receiver on ").append(receiver.host())
                .append(':').append(receiver.port()).append(":\n").append(mailbox.dialogue(Integer.MAX_VALUE))
                .append('\n');
        if (emails.size() > MAX_EMAILS) {
            int more = emails.size() - MAX_EMAILS;
            dialogue.append("(").append(more).append(more == 1 ? " more email" : " more emails")
                    .append(" arrived; the first ").append(MAX_EMAILS).append(" are attached)\n");
        }
        try {
            context.publishFile(DIALOGUE_FILE, MediaType.TEXT_PLAIN_UTF_8,
                    path -> Files.writeString(path, dialogue, StandardCharsets.UTF_8));
            for (ReceivedEmail email : emails.subList(0, Math.min(emails.size(), MAX_EMAILS))) {
                context.publishFile("email-" + email.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml", RFC822, path -> Files.write(path, email.rawBytes()));
            }
        } catch (LinkageError olderJUnit) {
            // ExtensionContext.publishFile(String, org.junit.jupiter.api.MediaType, ...) exists from JUnit 5.14;
            // on an older JUnit the report entry and the attached dialogue still explain the failure.
        } catch (JUnitException outputsDisabled) {
            // The launcher writes no outputs (EngineTestKit without an OutputDirectoryCreator does so): the
            // files are an extra, and the report entry and the attached dialogue are there anyway.
        }
    }
}
