package dev.smtptestkit.standalone;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.standalone.http.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes each email as {@code <n>.eml} (raw octets) and its envelope as {@code <n>.json}, so that
 * neither is ever seen half-written: both are written in full under temporary names in the same
 * directory ({@code .tmp-*}), forced to disk, then published under their numbers ({@code .eml}
 * first, so a {@code .json} always has its {@code .eml}). A name is only ever created, never
 * written through: an existing file or symbolic link of that number makes the dump take the next
 * number.
 */
final class Dumper {

    private final Path dir;
    private int next = 1;

    private Dumper(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks the directory, creating it (but not its parents) when missing, and proves that it can
     * be written to by creating and deleting a file in it.
     *
     * @throws IllegalStateException when it cannot be used; the message names the directory and why
     */
    static Dumper open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalStateException("Cannot use --dump-dir " + dir + ": it is a file, not a directory. "
                    + "Name a directory (it is created if missing).");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalStateException("Cannot create --dump-dir " + dir + ": its parent " + parent
                        + (Files.exists(parent) ? " is a file, not a directory." : " does not exist.")
                        + " Create the parent first, or name a directory whose parent exists.");
            }
            try {
                Files.createDirectory(dir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create --dump-dir " + dir + ": " + cause(e) + ".", e);
            }
        }
        try {
            Files.delete(Files.write(dir.resolve(".tmp-probe-" + ProcessHandle.current().pid()), new byte[0],
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write to --dump-dir " + dir + ": " + cause(e)
                    + ". Make it writable, or name another directory.", e);
        }
        return new Dumper(dir);
    }

    /** The directory it writes to. */
    Path dir() {
        return dir;
    }

    /** What went wrong, in the words of the operating system where it gave any. */
    static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Writes the email and returns the .eml path, or throws leaving nothing of it in the directory.
     *
     * @throws IOException when the directory cannot take it (full, read-only, gone)
     */
    synchronized Path dump(ReceivedEmail email) throws IOException {
        Path emlTemp = null;
        Path jsonTemp = null;
        try {
            try (InputStream raw = email.rawStream()) {
                emlTemp = writeTemp(raw, ".eml");
            }
            jsonTemp = writeTemp(new ByteArrayInputStream(json(email).getBytes(StandardCharsets.UTF_8)), ".json");
            while (true) {
                Path eml = dir.resolve(next + ".eml");
                Path json = dir.resolve(next + ".json");
                next++;
                if (Files.exists(eml, LinkOption.NOFOLLOW_LINKS) || Files.exists(json, LinkOption.NOFOLLOW_LINKS)
                        || !publish(emlTemp, eml)) {
                    continue;
                }
                boolean published = false;
                try {
                    published = publish(jsonTemp, json);
                } finally {
                    if (!published) {
                        Files.deleteIfExists(eml); // no .eml without its .json
                    }
                }
                if (published) {
                    return eml;
                }
            }
        } finally {
            deleteQuietly(emlTemp);
            deleteQuietly(jsonTemp);
        }
    }

    // Created new (never an existing file or link), written in full and forced to disk.
    private Path writeTemp(InputStream content, String suffix) throws IOException {
        Path temp = dir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            content.transferTo(Channels.newOutputStream(channel));
            channel.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    // Gives the complete temporary file its final name, only if that name is free: a hard link
    // (link(2) neither follows nor replaces what is there) or, where a file system has none, a rename
    // of a name just seen free (this runner is its directory's one writer).
    private static boolean publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (noLinks instanceof FileSystemException fs && !"Operation not permitted".equals(fs.getReason())) {
                throw fs;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover .tmp-* file, never a numbered one
            }
        }
    }

    static String json(ReceivedEmail email) {
        Envelope e = email.envelope();
        StringBuilder out = new StringBuilder("{\n");
        field(out, "id", email.id());
        field(out, "receivedAt", email.receivedAt().toString());
        field(out, "size", email.size());
        field(out, "sessionId", e.sessionId());
        field(out, "heloName", e.heloName());
        field(out, "clientAddress", e.clientAddress() == null ? "" : e.clientAddress().getAddress().getHostAddress()
                + ":" + e.clientAddress().getPort());
        field(out, "mailFrom", e.sender());
        out.append("  \"mailParameters\": ").append(map(e.senderParameters())).append(",\n");
        out.append("  \"rcptTo\": [");
        List<String> rcpts = e.recipients();
        for (int i = 0; i < rcpts.size(); i++) {
            out.append(i == 0 ? "" : ", ").append("{\"address\": ").append(quote(rcpts.get(i)))
                    .append(", \"parameters\": ").append(map(e.recipientParameters().get(i))).append('}');
        }
        out.append("]\n}\n");
        return out.toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append("  ").append(quote(name)).append(": ")
                .append(value instanceof Number ? value.toString() : quote(String.valueOf(value))).append(",\n");
    }

    private static String map(Map<String, String> map) {
        StringBuilder out = new StringBuilder("{");
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> out
                .append(out.length() > 1 ? ", " : "").append(quote(entry.getKey())).append(": ")
                .append(quote(entry.getValue())));
        return out.append('}').toString();
    }

    // RFC 8259 7, as the HTTP API writes it: one JSON quoting for the runner
    static String quote(String s) {
        return Json.quoted(s);
    }
}
