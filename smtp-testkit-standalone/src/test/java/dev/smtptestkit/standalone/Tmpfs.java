package dev.smtptestkit.standalone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for the disk tests: a tmpfs of a given size mounted on a directory,
 * which can be remounted read-only. Mounting needs root (and CAP_SYS_ADMIN in a container); where
 * it fails the test is skipped with a notice instead of pretending.
 */
final class Tmpfs implements AutoCloseable {

    private final Path at;

    private Tmpfs(Path at) {
        this.at = at;
    }

    /** Mounts a tmpfs of {@code size} (as mount(8) reads it, e.g. "1m") on {@code at}, or skips the test. */
    static Tmpfs mount(Path at, String size) {
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", at.toString());
        if (failure != null) {
            System.out.println("NOTICE: skipped, a tmpfs cannot be mounted here (needs root): " + failure);
        }
        assumeTrue(failure == null, () -> "a tmpfs cannot be mounted here (needs root): " + failure);
        return new Tmpfs(at);
    }

    Path path() {
        return at;
    }

    /** Remounts it read-only ({@code ro = true}) or read-write; root's permissions do not bypass that. */
    void readOnly(boolean ro) {
        String failure = run("mount", "-o", "remount," + (ro ? "ro" : "rw"), at.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot remount " + at + ": " + failure);
        }
    }

    @Override
    public void close() {
        String failure = run("umount", at.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot unmount " + at + ": " + failure);
        }
    }

    // null on success, else what the command said
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within 20 s";
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + ", " + output;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The names in the directory, sorted. */
    static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var stream = java.nio.file.Files.list(dir)) {
            stream.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
