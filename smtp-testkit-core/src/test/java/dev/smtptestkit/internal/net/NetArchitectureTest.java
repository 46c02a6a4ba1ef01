package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * DESIGN.md: the socket side frames, applies and records; it holds no reply, no reply code and
 * no protocol decision. Its sources may not build replies ({@code Replies}) nor name a reply code.
 */
class NetArchitectureTest {

    private static final Path NET = Path.of("src/main/java/dev/smtptestkit/internal/net");
    private static final Pattern REPLIES = Pattern.compile("\\bReplies\\b");
    // a three-digit reply code (RFC 5321 4.2) next to a reply, e.g. "reply.code() == 421" or "new Reply(421"
    private static final Pattern REPLY_CODE = Pattern.compile("(?i)\\b(code|reply)\\w*\\b[^;\\n]{0,20}?\\b[2-5][0-9][0-9]\\b");

    @Test
    void socketSourcesHoldNoRepliesAndNoReplyCodes() throws IOException {
        List<String> offences = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.list(NET)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String code = withoutComments(Files.readString(source, StandardCharsets.UTF_8));
            collect(source, code, REPLIES, offences);
            collect(source, code, REPLY_CODE, offences);
        }

        assertThat(sources).extracting(p -> p.getFileName().toString()).contains("Connection.java", "Server.java");
        assertThat(offences).isEmpty();
    }

    @Test
    void theRuleSeesAReplyCode() {
        List<String> offences = new ArrayList<>();
        collect(Path.of("X.java"), withoutComments("// 421 in a comment is fine\nif (code == 421) { }"), REPLY_CODE, offences);
        assertThat(offences).containsExactly("X.java: code == 421");
    }

    private static void collect(Path source, String code, Pattern pattern, List<String> offences) {
        Matcher m = pattern.matcher(code);
        while (m.find()) {
            offences.add(source.getFileName() + ": " + m.group());
        }
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
