package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STYLE.md 1 and 10: {@code dev.smtptestkit.internal} is core's own business. The published modules
 * beside it (the JUnit extension, the standalone runner) and the samples users copy from reach core
 * through its public API only; what they need is API. The test-only modules that measure the
 * engine itself (benchmarks, the reliability fuzzers) are exempt.
 */
class ModuleBoundaryArchitectureTest {

    // Run from smtp-testkit-core: the other modules are its siblings.
    private static final Path ROOT = Path.of("..");
    private static final List<Path> CHECKED = List.of(
            Path.of("smtp-junit-extension/src/main/java"),
            Path.of("smtp-testkit-standalone/src/main/java"),
            Path.of("samples/src"),
            Path.of("samples-spring/src"));

    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\s*\\.\\s*smtptestkit\\s*\\.\\s*internal\\b");

    @Test
    void noModuleButCoreUsesCoreInternals() {
        List<String> offences = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path dir : CHECKED) {
            sources.addAll(javaFiles(ROOT.resolve(dir)));
        }
        for (Path source : sources) {
            offences.addAll(offences(ROOT.relativize(source).toString(), read(source)));
        }
        assertThat(sources).extracting(p -> p.getFileName().toString())
                .contains("SmtpServerExtension.java", "ReceiverResource.java", "Main.java");
        assertThat(offences).as("uses of dev.smtptestkit.internal outside core").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "import dev.smtptestkit.internal.format.Render;",
        "import static dev.smtptestkit.internal.format.Render.event;",
        "String s = dev.smtptestkit.internal.format.Render.indent(x);",
        "import dev.smtptestkit . internal.net.*;"})
    void theRuleSeesEveryFormOfUse(String line) {
        assertThat(offences("X.java", line)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "import dev.smtptestkit.junit.internal.Settings;",
        "import dev.smtptestkit.Mailbox;",
        "// an internally kept value"})
    void theRuleLetsTheExtensionsOwnInternalsAndPublicApiPass(String line) {
        assertThat(offences("X.java", line)).isEmpty();
    }

    private static List<String> offences(String name, String source) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = INTERNAL.matcher(lines[i]);
            if (m.find()) {
                found.add(name + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
