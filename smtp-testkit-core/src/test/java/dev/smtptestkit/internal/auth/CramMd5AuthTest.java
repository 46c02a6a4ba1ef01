package dev.smtptestkit.internal.auth;

import static dev.smtptestkit.internal.auth.PlainAuthTest.BAD_BASE64;
import static dev.smtptestkit.internal.auth.PlainAuthTest.BAD_CREDENTIALS;
import static dev.smtptestkit.internal.auth.PlainAuthTest.CANCELLED;
import static dev.smtptestkit.internal.auth.PlainAuthTest.OK;
import static dev.smtptestkit.internal.auth.SaslDialogue.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Credentials;
import dev.smtptestkit.internal.auth.AuthStep.Success;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** CRAM-MD5 (RFC 2195): a server challenge, the client's keyed digest of it. */
class CramMd5AuthTest {

    // RFC 2195 2, the example
    private static final String RFC_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";
    private static final String RFC_CHALLENGE_B64 = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
    private static final String RFC_RESPONSE_B64 = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw";
    private static final AuthPolicy TIM = AuthPolicy.users(Map.of("tim", "tanstaaftanstaaf"));

    private static AuthExchange exchange(AuthPolicy policy, Supplier<String> challenges) {
        return new AuthExchange(new AuthConfig(true, false, List.of(AuthMechanism.values()), true, policy, 0),
                challenges);
    }

    @Test
    void computesTheRfc2195Digest() {
        assertThat(CramMd5.digest("tanstaaftanstaaf", RFC_CHALLENGE)).isEqualTo("b913a602c7eda7a495b4e6e7334d3890");
    }

    @Test
    void acceptsTheRfc2195Example() {
        SaslDialogue d = SaslDialogue.over(exchange(TIM, () -> RFC_CHALLENGE))
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64)
                .send(RFC_RESPONSE_B64).expect(OK);

        assertThat(((Success) d.step()).details())
                .isEqualTo(new AuthDetails(AuthMechanism.CRAM_MD5, Optional.empty(), "tim"));
    }

    @Test
    void acceptsTheDigestInUpperCaseHex() {
        SaslDialogue.over(exchange(TIM, () -> RFC_CHALLENGE))
                .auth("cram-md5").expect("334 " + RFC_CHALLENGE_B64)
                .send(b64("tim B913A602C7EDA7A495B4E6E7334D3890")).expect(OK);
    }

    @Test
    void refusesADigestMadeWithAnotherPasswordOrForAnotherChallenge() {
        String otherPassword = CramMd5.digest("tanstaaf", RFC_CHALLENGE);
        String otherChallenge = CramMd5.digest("tanstaaftanstaaf", "<1897.697170952@postoffice.reston.mci.net>");

        SaslDialogue.over(exchange(TIM, () -> RFC_CHALLENGE))
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("tim " + otherPassword)).expect(BAD_CREDENTIALS)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("tim " + otherChallenge)).expect(BAD_CREDENTIALS)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("bob " + CramMd5.digest("tanstaaftanstaaf",
                        RFC_CHALLENGE))).expect(BAD_CREDENTIALS);
    }

    @Test
    void asksTheSupplierForAFreshChallengeEachTime() {
        ArrayDeque<String> challenges = new ArrayDeque<>(List.of("<1.100@mx.test>", "<2.200@mx.test>"));
        List<Credentials> seen = new ArrayList<>();
        AuthExchange exchange = exchange(AuthPolicy.validator(c -> seen.add(c) && c.secretMatches("pw")),
                challenges::removeFirst);

        SaslDialogue.over(exchange)
                .auth("CRAM-MD5").expect("334 " + b64("<1.100@mx.test>")).send("*").expect(CANCELLED)
                .auth("CRAM-MD5").expect("334 " + b64("<2.200@mx.test>"))
                .send(b64("alice " + CramMd5.digest("pw", "<2.200@mx.test>"))).expect(OK);

        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.password()).isEmpty();
            assertThat(c.token()).isEmpty();
            assertThat(c.secretMatches("other")).isFalse();
        });
    }

    @Test
    void acceptsAnyWellFormedAnswerUnderAcceptAny() {
        SaslDialogue.over(exchange(AuthPolicy.acceptAny(), () -> RFC_CHALLENGE))
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64)
                .send(b64("who ever 0123456789abcdef0123456789abcdef")).expect(OK);
    }

    @Test
    void refusesAnInitialResponseBecauseTheServerSpeaksFirst() {
        SaslDialogue.over(exchange(TIM, () -> RFC_CHALLENGE))
                .auth("CRAM-MD5", RFC_RESPONSE_B64)
                .expect("501 5.5.4 CRAM-MD5 takes no initial response; send AUTH CRAM-MD5 alone")
                .auth("CRAM-MD5", "=").expect("501 5.5.4 CRAM-MD5 takes no initial response; send AUTH CRAM-MD5 alone");
    }

    @Test
    void refusesMalformedAnswersAndBadBase64() {
        String malformed = "501 5.5.2 Malformed authentication response: CRAM-MD5 needs the user name, a space and"
                + " 32 hex digits (RFC 2195 2)";
        SaslDialogue.over(exchange(TIM, () -> RFC_CHALLENGE))
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("timb913a602c7eda7a495b4e6e7334d3890")).expect(malformed)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("tim b913a602c7eda7a495b4e6e7334d389")).expect(malformed)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(b64("tim g913a602c7eda7a495b4e6e7334d3890")).expect(malformed)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send("").expect(malformed)
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64)
                .send(b64(" b913a602c7eda7a495b4e6e7334d3890")).expect("501 5.5.2 Malformed authentication response: empty user name")
                .auth("CRAM-MD5").expect("334 " + RFC_CHALLENGE_B64).send(RFC_RESPONSE_B64 + "=").expect(BAD_BASE64);
    }

    @Test
    void formatsAChallengeAsRfc2195Asks() {
        assertThat(CramMd5.challenge(-1L, 697170952L, "mx.test")).isEqualTo("<18446744073709551615.697170952@mx.test>");
    }

    @Test
    void refusesASupplierThatGivesNoMessageId() {
        AuthExchange exchange = exchange(TIM, () -> "no angle brackets");

        Throwable thrown = catchThrowable(() -> exchange.start("CRAM-MD5", Optional.empty(), false));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("a CRAM-MD5 challenge must look like"
                + " <random.timestamp@host> (RFC 2195 2), printable ASCII without spaces, at most 256 characters;"
                + " the supplier gave no angle brackets");
        assertThat(exchange.inProgress()).isFalse();
    }
}
