package dev.smtptestkit.assertj;

import static org.assertj.core.api.BDDAssertions.then;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared wording; the assertion tests pin the same texts end to end with real emails. */
class MessagesTest {

    @Test
    void isQuotesStringsAndShowsLineEnds() {
        then(Messages.is("the subject of email s1.1", "a\r\nb", "c")).isEqualTo("""
                Expecting the subject of email s1.1 to be:
                  "a\\r\\nb"
                but was:
                  "c\"""");
    }

    @Test
    void isShowsOtherValuesAsTheyAre() {
        then(Messages.is("x", List.of("a@x"), Messages.verbatim("(absent)")))
                .isEqualTo("Expecting x to be:\n  [a@x]\nbut was:\n  (absent)");
    }

    @Test
    void containsAndMatches() {
        then(Messages.contains("the text body", "hi", "ho")).isEqualTo("""
                Expecting the text body to contain:
                  "hi"
                but was:
                  "ho\"""");
        then(Messages.matches("the subject", "h.*", "x")).isEqualTo("""
                Expecting the subject to match the regular expression:
                  h.*
                but was:
                  "x\"""");
    }

    @Test
    void countsAndAbsences() {
        then(Messages.count("the number of emails", 2, 1)).isEqualTo("Expecting the number of emails to be 2 but was 1.");
        then(Messages.atLeast("n", 2, 1)).isEqualTo("Expecting n to be at least 2 but was 1.");
        then(Messages.missing("a Date header", "there is none")).isEqualTo("Expecting a Date header but there is none.");
    }

    @Test
    void waitingTextsNameTheTimeLimit() {
        then(Messages.within(Duration.ofMillis(1500), "at least 2 emails", 1))
                .isEqualTo("Expecting at least 2 emails within 1500 ms but 1 email arrived.");
        then(Messages.within(Duration.ofSeconds(10), "at least 1 email", 0))
                .isEqualTo("Expecting at least 1 email within 10 s but 0 emails arrived.");
    }

    @Test
    void sequencesShowActualThenExpected() {
        then(Messages.sequence("the commands", "be exactly", List.of("A"), List.of("B"))).isEqualTo("""
                Expecting the commands:
                  [B]
                to be exactly:
                  [A]
                but they differ.""");
    }

    @Test
    void listsShowNoneWhenEmpty() {
        then(Messages.withList("head", "Violations", List.of())).isEqualTo("head\nViolations:\n  (none)");
        then(Messages.withList("head", "Parts", List.of("a", "b"))).isEqualTo("head\nParts:\n  a\n  b");
    }

    @Test
    void bytesAreShownInHexUpTo32() {
        then(Messages.bytes(new byte[] {0, 15, (byte) 255}).toString()).isEqualTo("3 bytes [00 0f ff]");
        then(Messages.bytes(new byte[40]).toString()).endsWith(" 00 ...]").startsWith("40 bytes [00 00");
    }

    @Test
    void percentSignsAreEscapedForAssertJsFormatter() {
        then(Messages.escape("100% sure")).isEqualTo("100%% sure");
        then(Messages.plural(1, "email")).isEqualTo("1 email");
        then(Messages.plural(0, "email")).isEqualTo("0 emails");
    }
}
