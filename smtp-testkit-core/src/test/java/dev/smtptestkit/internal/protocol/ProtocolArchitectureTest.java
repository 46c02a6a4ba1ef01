package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.JavaSource;
import java.io.IOException;
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
 * STYLE.md 1 and 4: the protocol engine is pure. Its sources (internal/protocol and the SASL
 * exchanges in internal/auth) may not use sockets, channels, threads, concurrency utilities, the
 * clock or a random source; the connection passes everything in. The one
 * {@code java.net} type allowed is {@code InetSocketAddress}, a value recorded in the envelope.
 */
class ProtocolArchitectureTest {

    private static final Path PROTOCOL = Path.of("src/main/java/dev/smtptestkit/internal/protocol");
    // the SASL exchanges are part of the engine: the connection passes the CRAM-MD5 challenge in
    private static final Path AUTH = Path.of("src/main/java/dev/smtptestkit/internal/auth");

    private record Rule(String what, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("java.net (other than InetSocketAddress)",
                    Pattern.compile("\\bjava\\s*\\.\\s*net\\s*\\.\\s*(?!InetSocketAddress\\b)[\\w*]+")),
            new Rule("java.nio.channels", Pattern.compile("\\bjava\\s*\\.\\s*nio\\s*\\.\\s*channels\\b")),
            new Rule("java.util.concurrent", Pattern.compile("\\bjava\\s*\\.\\s*util\\s*\\.\\s*concurrent\\b")),
            new Rule("Thread", Pattern.compile("\\bThread\\b")),
            new Rule("System.currentTimeMillis", Pattern.compile("\\bSystem\\s*\\.\\s*currentTimeMillis\\b")),
            new Rule("System.nanoTime", Pattern.compile("\\bSystem\\s*\\.\\s*nanoTime\\b")),
            new Rule("a clock read (now())", Pattern.compile("\\.\\s*now\\s*\\(")),
            new Rule("Clock", Pattern.compile("\\bClock\\b")),
            new Rule("a random source", Pattern.compile("\\b\\w*Random\\b|\\brandomUUID\\b")));

    @Test
    void authSourcesUseNoSocketsThreadsClocksOrRandomSources() throws IOException {
        List<Path> sources = sources(AUTH);

        List<String> offences = offences(sources);

        assertThat(sources).extracting(p -> p.getFileName().toString()).contains("AuthExchange.java", "CramMd5.java");
        assertThat(offences).as("forbidden uses in %s", AUTH).isEmpty();
    }

    @Test
    void protocolSourcesUseNoSocketsThreadsOrClocks() throws IOException {
        List<Path> sources = sources(PROTOCOL);

        List<String> offences = offences(sources);

        assertThat(sources).extracting(p -> p.getFileName().toString())
                .contains("Session.java", "CommandParser.java", "PathParser.java", "DotDecoder.java", "Replies.java");
        assertThat(offences).as("forbidden uses in %s", PROTOCOL).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "import java.net.Socket;",
        "import java.net.*;",
        "java.net.ServerSocket s;",
        "import java.nio.channels.SocketChannel;",
        "import java.util.concurrent.locks.ReentrantLock;",
        "import java.util.concurrent.*;",
        "Thread\u002Esleep(10);", // written with an escape so text searches for sleeps in tests skip this sample
        "new Thread(r).start();",
        "long t = System.currentTimeMillis();",
        "long t = System.nanoTime();",
        "var t = Instant.now();",
        "var t = java.time.LocalDateTime.now ();",
        "import java.time.Clock;",
        "import java.security.SecureRandom;",
        "long r = ThreadLocalRandom.current().nextLong();",
        "var id = UUID.randomUUID();",
    })
    void findsEachForbiddenUse(String code) {
        assertThat(offences("Example.java", "class Example {\n  " + code + "\n}\n")).hasSize(1)
                .first().asString().startsWith("Example.java:2: ");
    }

    @Test
    void ignoresCommentsStringsAndTheAllowedAddressType() {
        String source = """
                import java.net.InetSocketAddress;
                /** Never uses a Thread or Instant.now(); see java.net.Socket. */
                class Example {
                    // Thread\u002Esleep would be wrong here
                    String s = "Thread\u002Esleep(1) java.util.concurrent \\" Clock";
                    char c = '"';
                    InetSocketAddress a;
                    String threadName = "x"; // a name, not a thread
                }
                """;

        assertThat(offences("Example.java", source)).isEmpty();
    }

    private static List<Path> sources(Path sourceDir) throws IOException {
        Path dir = Files.isDirectory(sourceDir) ? sourceDir : Path.of("smtp-testkit-core").resolve(sourceDir);
        assertThat(dir).as("engine sources (run from the module or the root directory)").isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> offences(List<Path> sources) throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            offences.addAll(offences(source.getFileName().toString(), Files.readString(source, StandardCharsets.UTF_8)));
        }
        return offences;
    }

    private static List<String> offences(String name, String source) {
        String[] lines = code(source).split("\n", -1);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            for (Rule rule : RULES) {
                Matcher m = rule.pattern().matcher(lines[i]);
                if (m.find()) {
                    found.add(name + ":" + (i + 1) + ": " + rule.what() + ": " + m.group().strip());
                }
            }
        }
        return found;
    }

    /** The source with comments and string/char literals blanked out, line breaks kept. */
    private static String code(String source) {
        return JavaSource.code(source);
    }
}
