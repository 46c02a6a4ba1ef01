package dev.smtptestkit.internal.mime;

import static org.assertj.core.api.BDDAssertions.then;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header unfolding, address-list splitting and the multipart delimiter scan, each one pass. */
class HeaderTextTest {

    @Test
    void unfoldsABreakAndTheWhiteSpaceAfterItIntoOneSpace() {
        then(HeaderText.unfold("a\r\n  b\r\n\tc")).isEqualTo("a b c");
        then(HeaderText.unfold("a\nb")).isEqualTo("a\nb"); // not a fold: no white space after the break
        then(HeaderText.decode(" =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?UTF-8?Q?_aus_K=C3=B6ln?= ")).isEqualTo("Grüße aus Köln");
    }

    @Test
    void splitsAnAddressListAtTopLevelCommasOnly() {
        then(HeaderText.entries("\"Doe, J\" <j@x.test>, (a, comment) k@x.test, <@r1,@r2:l@x.test>, [1,2]"))
                .containsExactly("\"Doe, J\" <j@x.test>", "(a, comment) k@x.test", "<@r1,@r2:l@x.test>", "[1,2]");
        then(HeaderText.addresses("team: a@x.test, \"b; c\" <b@x.test>;, d@x.test"))
                .containsExactly("a@x.test", "b@x.test", "d@x.test");
        then(HeaderText.addresses("not an address <, e@x.test")).containsExactly("not an address <, e@x.test");
    }

    private static Boundaries.Split split(String body, String boundary) throws IOException {
        return Boundaries.split(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), boundary);
    }

    @Test
    void findsThePartsBetweenDelimiterLinesLeavingOutTheBreakBeforeEach() throws IOException {
        String body = "preamble\r\n--b \r\nA: 1\r\n\r\none\r\n--bx\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue";
        Boundaries.Split split = split(body, "b");
        then(split.closed()).isTrue();
        then(split.parts()).extracting(r -> body.substring((int) r.start(), (int) r.end()))
                .containsExactly("A: 1\r\n\r\none\r\n--bx", "\r\ntwo");
        then(split("no delimiter here\r\n--other\r\n", "b")).isNull();
        then(split("--b\r\nopen to the end", "b").parts()).hasSize(1);
    }
}
