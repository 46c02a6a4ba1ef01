package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written msg-id check (RFC 5322 3.6.4, RFC 6532 3.2) against the regular expression it
 * replaced, which is kept here as the reference: the same answer for every string tried.
 */
class HeaderLintMessageIdTest {

    private static Pattern reference(String nonAscii) {
        String atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~." + nonAscii + "-]+";
        return Pattern.compile("\\s*<" + atext + "@(?:" + atext + "|\\[[^\\[\\]\\\\\\s]*\\])>\\s*");
    }

    private static final Pattern ASCII = reference("");
    private static final Pattern UTF8 = reference("\\u0080-\\uFFFC\\uFFFE\\uFFFF");

    // Every character class the grammar tells apart, surrogates (paired and lone) included.
    private static final String[] PIECES = {"a", "Z", "0", ".", "-", "!", "~", "`", "<", ">", "@", "[", "]",
        "\\", " ", "\t", "\r\n ", "\f", "\u000B", "(", ")", ",", ";", "\"", "é", "\u00FF", "\uFFFD", "\uFFFE",
        "\uFFFF", "\uD83D\uDE00", "\uD800", "\uDC00", "\u0000", "\u007F", "x@y", "<a@b>", "[1.2.3.4]"};

    @Test
    void agreesWithTheRegularExpressionOnRandomStrings() {
        Random random = new Random(5322);
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            if (random.nextInt(3) > 0) {
                // shaped like an id, so that the valid cases and near misses are common
                s.append(random.nextBoolean() ? "" : " ").append('<').append(pieces(random, 3)).append('@')
                        .append(random.nextBoolean() ? pieces(random, 3) : "[" + pieces(random, 3) + "]")
                        .append('>').append(random.nextBoolean() ? "" : pieces(random, 1));
            } else {
                s.append(pieces(random, 8));
            }
            String id = s.toString();
            for (boolean utf8 : new boolean[] {false, true}) {
                boolean expected = (utf8 ? UTF8 : ASCII).matcher(id).matches();
                assertThat(HeaderLint.validMessageId(id, utf8)).as("%s (utf8 %s)", escaped(id), utf8).isEqualTo(expected);
                valid += expected ? 1 : 0;
            }
        }
        assertThat(valid).as("valid ids among those tried").isGreaterThan(5_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<a@b>|true", "' <x.y-z@host.example> '|true", "<a@[127.0.0.1]>|true", "<a@[]>|true", "<@b>|false",
        "<a@>|false", "<a@b|false", "a@b|false", "<a@b>x|false", "<a b@c>|false", "<a@[a]b>|false", "<a@[a[b]>|false",
        "<é@b>|false"})
    void decidesTheUsualCasesAsTheGrammarDoes(String id, boolean valid) {
        assertThat(HeaderLint.validMessageId(id, false)).isEqualTo(valid);
        assertThat(ASCII.matcher(id).matches()).isEqualTo(valid);
    }

    private static String pieces(Random random, int most) {
        StringBuilder s = new StringBuilder();
        for (int k = random.nextInt(most + 1); k > 0; k--) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return out.toString();
    }
}
