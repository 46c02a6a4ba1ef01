package dev.smtptestkit.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndEveryControlCharacter() {
        assertThat(quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(quote("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(quote("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
    }

    @Test
    void escapesLineAndParagraphSeparatorsAndMarkup() {
        // U+2028/2029 are legal in JSON but end a line in older JavaScript; < > & could close a script element
        assertThat(quote("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
        assertThat(quote("</script><b>&")).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    }

    @Test
    void keepsPairedSurrogatesAndReplacesLoneOnes() {
        assertThat(quote("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
        assertThat(quote("a\uD83Db")).isEqualTo("\"a\\ufffdb\"");
        assertThat(quote("\uDE00")).isEqualTo("\"\\ufffd\"");
    }

    @Test
    void placesCommasAndNestsContainers() {
        Json json = new Json().object().field("a", 1).field("b", List.of("x", "y")).name("c").object()
                .field("d", true).end().field("e", Map.of("k", "v")).name("f").array().nullValue().number(2).end().end();
        assertThat(json.toString()).isEqualTo("{\"a\":1,\"b\":[\"x\",\"y\"],\"c\":{\"d\":true},\"e\":{\"k\":\"v\"},"
                + "\"f\":[null,2]}");
    }

    @Test
    void readsWhatItWritesBack() {
        String text = "tab\t, nul\u0000, separator\u2028, <tag>, emoji \uD83D\uDE00, quote \" and \\";
        Json json = new Json().object().field("s", text).end();
        assertThat(JsonReader.parse(json.toString())).isEqualTo(Map.of("s", text));
    }

    @Test
    void readerParsesEveryKindOfValue() {
        assertThat(JsonReader.parse(" {\"a\": [1, -2.5e1, true, false, null, \"\\u00e9\\/\"], \"b\": {}} "))
                .isEqualTo(Map.of("a", List.of(1.0, -25.0, true, false, JsonReader.NULL, "é/"), "b", Map.of()));
    }

    @Test
    void readerNamesThePositionOfTheFirstError() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}"))
                .hasMessage("Malformed JSON at character 6: ':' was expected.");
        assertThatThrownBy(() -> JsonReader.parse("[1,]"))
                .hasMessage("Malformed JSON at character 4: unexpected character ']'.");
        assertThatThrownBy(() -> JsonReader.parse("\"abc"))
                .hasMessage("Malformed JSON at character 5: unterminated string.");
        assertThatThrownBy(() -> JsonReader.parse("{} x"))
                .hasMessage("Malformed JSON at character 4: unexpected text after the value.");
        assertThatThrownBy(() -> JsonReader.parse("\"\\x\""))
                .hasMessage("Malformed JSON at character 4: unknown escape \\x.");
        assertThatThrownBy(() -> JsonReader.parse(""))
                .hasMessage("Malformed JSON at character 1: a value was expected.");
    }

    @Test
    void readerRefusesDeepNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100_000)))
                .hasMessage("Malformed JSON at character 34: nested deeper than 32 levels.");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder();
        Json.quote(out, s);
        return out.toString();
    }
}
