package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.SmtpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 point 16: the dump directory. An email that cannot be written is answered 452 4.3.1 and
 * leaves nothing behind; what is written is complete (.eml and .json both); nothing is written
 * through a symbolic link; an unusable directory is refused at start-up, saying why.
 */
@Timeout(60)
class DumpDirTest {

    private static final String SMALL = "From: a@example.com\r\nTo: b@example.com\r\nSubject: small\r\n\r\nhello\r\n";
    private static final String REFUSED = "452 4.3.1 Insufficient system storage: the message was not stored";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private SmtpReceiver start(Path dumpDir) throws Exception {
        return Main.start(Options.parse("--port", "0", "--dump-dir", dumpDir.toString()), console);
    }

    private static String big(int octets) {
        StringBuilder body = new StringBuilder("From: a@example.com\r\nSubject: big\r\n\r\n");
        while (body.length() < octets) {
            body.append("0123456789".repeat(7)).append("\r\n");
        }
        return body.toString();
    }

    @Test
    void aFullDiskIsAnswered452AndLeavesNoFileBehind() throws Exception {
        Path mount = Files.createDirectory(temp.resolve("disk"));
        try (Tmpfs disk = Tmpfs.mount(mount, "1m")) {
            SmtpReceiver receiver = start(disk.path());
            try (Client client = new Client(receiver.port())) {
                assertThat(client.sendMessage(big(3 * 1024 * 1024))).isEqualTo(REFUSED);

                assertThat(Tmpfs.names(disk.path())).isEmpty(); // no truncated .eml, no temporary file
                assertThat(receiver.mailbox().emails()).isEmpty();
                assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[s1] email s1.1 not saved in "
                        + disk.path() + ": No space left on device; the client was answered 452 4.3.1 and may send it again");

                // the space came back with the temporary file: the next email is saved whole
                assertThat(client.sendMessage(SMALL)).startsWith("250 2.0.0 OK: message accepted as s1.2");
                assertThat(Tmpfs.names(disk.path())).containsExactly("1.eml", "1.json");
                assertThat(Files.readString(disk.path().resolve("1.eml"))).isEqualTo(SMALL);
                assertThat(Files.readString(disk.path().resolve("1.json"))).contains("\"id\": \"s1.2\"");
                client.command("QUIT");
            } finally {
                receiver.close();
            }
        }
    }

    @Test
    void aDirectoryThatBecomesReadOnlyIsAnswered452() throws Exception {
        Path mount = Files.createDirectory(temp.resolve("ro"));
        try (Tmpfs disk = Tmpfs.mount(mount, "1m")) {
            SmtpReceiver receiver = start(disk.path());
            try (Client client = new Client(receiver.port())) {
                disk.readOnly(true);

                assertThat(client.sendMessage(SMALL)).isEqualTo(REFUSED);

                assertThat(printed.toString(StandardCharsets.UTF_8)).contains("email s1.1 not saved in " + disk.path()
                        + ": Read-only file system; the client was answered 452 4.3.1");
                disk.readOnly(false);
                assertThat(Tmpfs.names(disk.path())).isEmpty();
                assertThat(receiver.mailbox().emails()).isEmpty();
            } finally {
                receiver.close();
                disk.readOnly(false);
            }
        }
    }

    @Test
    void aReadOnlyDirectoryIsRefusedAtStartUp() throws Exception {
        Path mount = Files.createDirectory(temp.resolve("ro-at-start"));
        try (Tmpfs disk = Tmpfs.mount(mount, "1m")) {
            disk.readOnly(true);
            try {
                assertThatThrownBy(() -> start(disk.path())).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Cannot write to --dump-dir " + disk.path()
                                + ": Read-only file system. Make it writable, or name another directory.");
            } finally {
                disk.readOnly(false);
            }
        }
    }

    @Test
    void aFileIsRefusedAtStartUp() throws Exception {
        Path file = Files.writeString(temp.resolve("mails.txt"), "not a directory");

        assertThatThrownBy(() -> start(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot use --dump-dir " + file + ": it is a file, not a directory. "
                        + "Name a directory (it is created if missing).");
    }

    @Test
    void aMissingParentIsRefusedAtStartUp() {
        Path dir = temp.resolve("no-such-parent").resolve("mails");

        assertThatThrownBy(() -> start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot create --dump-dir " + dir + ": its parent " + dir.getParent()
                        + " does not exist. Create the parent first, or name a directory whose parent exists.");
        assertThat(dir.getParent()).doesNotExist();
    }

    @Test
    void aParentThatIsAFileIsRefusedAtStartUp() throws Exception {
        Path file = Files.writeString(temp.resolve("plain"), "x");
        Path dir = file.resolve("mails");

        assertThatThrownBy(() -> start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot create --dump-dir " + dir + ": its parent " + file
                        + " is a file, not a directory. Create the parent first, or name a directory whose parent exists.");
    }

    @Test
    void aMissingDirectoryIsCreated() throws Exception {
        Path dir = temp.resolve("new");
        SmtpReceiver receiver = start(dir);
        try (Client client = new Client(receiver.port())) {
            assertThat(client.sendMessage(SMALL)).startsWith("250 ");
        } finally {
            receiver.close();
        }
        assertThat(Tmpfs.names(dir)).containsExactly("1.eml", "1.json");
    }

    @Test
    void neverWritesThroughASymbolicLinkOutOfTheDirectory() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("mails"));
        Path outside = Files.writeString(temp.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(dir.resolve("1.json"), outside);
        Files.createSymbolicLink(dir.resolve("2.eml"), outside);
        Files.createSymbolicLink(dir.resolve("3.json"), temp.resolve("dangling"));
        SmtpReceiver receiver = start(dir);
        try (Client client = new Client(receiver.port())) {
            assertThat(client.sendMessage(SMALL)).startsWith("250 ");
        } finally {
            receiver.close();
        }

        assertThat(Files.readString(outside)).isEqualTo("keep me");
        assertThat(temp.resolve("dangling")).doesNotExist();
        // numbers taken by anything, a link included, are skipped; the links are left as they were
        assertThat(Tmpfs.names(dir)).containsExactly("1.json", "2.eml", "3.json", "4.eml", "4.json");
        assertThat(Files.isSymbolicLink(dir.resolve("1.json"))).isTrue();
        assertThat(Files.readString(dir.resolve("4.eml"))).isEqualTo(SMALL);
    }
}
