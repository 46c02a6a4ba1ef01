package dev.smtptestkit.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the HTTP view, checked on its sources. */
class HttpViewArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/smtptestkit/standalone/http");

    @Test
    void readsTheMailboxThroughPublicApiOnly() throws Exception {
        assertThat(offending("import dev.smtptestkit.internal")).isEmpty();
    }

    @Test
    void neverTouchesTheFileSystem() throws Exception {
        // the page is served from class-path resources named in HttpView, the rest from memory
        assertThat(offending("java.nio.file")).isEmpty();
        assertThat(offending("java.io.File")).isEmpty();
    }

    private static List<String> offending(String text) throws Exception {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).hasSizeGreaterThan(5);
            return sources.stream().filter(f -> read(f).contains(text)).map(Path::toString).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
