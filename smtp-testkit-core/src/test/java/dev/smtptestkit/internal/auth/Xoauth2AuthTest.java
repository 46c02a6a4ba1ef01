package dev.smtptestkit.internal.auth;

import static dev.smtptestkit.internal.auth.PlainAuthTest.BAD_BASE64;
import static dev.smtptestkit.internal.auth.PlainAuthTest.BAD_CREDENTIALS;
import static dev.smtptestkit.internal.auth.PlainAuthTest.CANCELLED;
import static dev.smtptestkit.internal.auth.PlainAuthTest.OK;
import static dev.smtptestkit.internal.auth.PlainAuthTest.exchange;
import static dev.smtptestkit.internal.auth.SaslDialogue.b64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Credentials;
import dev.smtptestkit.internal.auth.AuthStep.Failure;
import dev.smtptestkit.internal.auth.AuthStep.Success;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Google's XOAUTH2: user name and bearer token; a refused token gets an error challenge first. */
class Xoauth2AuthTest {

    private static final String TOKEN = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";
    private static final String RESPONSE = b64("user=someuser@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
    private static final AuthPolicy TOKEN_CHECK = AuthPolicy.validator(
            c -> c.token().equals(Optional.of(TOKEN)) && c.user().equals("someuser@example.com"));

    @Test
    void acceptsAGoodTokenAsInitialResponse() {
        SaslDialogue d = SaslDialogue.over(exchange(TOKEN_CHECK)).auth("XOAUTH2", RESPONSE).expect(OK);

        assertThat(((Success) d.step()).details())
                .isEqualTo(new AuthDetails(AuthMechanism.XOAUTH2, Optional.empty(), "someuser@example.com"));
    }

    @Test
    void sendsAnEmptyChallengeWithoutInitialResponse() {
        SaslDialogue.over(exchange(TOKEN_CHECK)).auth("XOAUTH2").expect("334 ").send(RESPONSE).expect(OK);
    }

    @Test
    void showsTheValidatorTheTokenAndNoPassword() {
        List<Credentials> seen = new ArrayList<>();
        SaslDialogue.over(exchange(AuthPolicy.validator(seen::add))).auth("XOAUTH2", RESPONSE).expect(OK);

        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.mechanism()).isEqualTo(AuthMechanism.XOAUTH2);
            assertThat(c.password()).isEmpty();
            assertThat(c.token()).contains(TOKEN);
            assertThat(c.secretMatches(TOKEN)).isTrue();
        });
    }

    @Test
    void checksTheTokenAgainstAFixedUserSet() {
        SaslDialogue.over(exchange(AuthPolicy.users(Map.of("someuser@example.com", TOKEN))))
                .auth("XOAUTH2", RESPONSE).expect(OK);
    }

    @Test
    void answersARefusedTokenWithAnErrorChallengeThen535() {
        String wrong = b64("user=someuser@example.com\u0001auth=Bearer expired\u0001\u0001");

        SaslDialogue d = SaslDialogue.over(exchange(TOKEN_CHECK)).auth("XOAUTH2", wrong);
        String error = d.step().reply().lines().get(0);
        d.expect("334 " + error).send("").expect(BAD_CREDENTIALS);

        // what Gmail sends: a JSON status the client can show
        assertThat(new String(Base64.getDecoder().decode(error), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}");
        assertThat(((Failure) d.step()).isFailedLogin()).isTrue();
    }

    @Test
    void endsTheErrorChallengeWith535WhateverTheClientSends() {
        String wrong = b64("user=someuser@example.com\u0001auth=Bearer expired\u0001\u0001");
        String error = "334 " + AuthExchange.XOAUTH2_ERROR;

        SaslDialogue.over(exchange(TOKEN_CHECK))
                .auth("XOAUTH2", wrong).expect(error).send("*").expect(BAD_CREDENTIALS)
                .auth("XOAUTH2").expect("334 ").send(wrong).expect(error).send("garbage!").expect(BAD_CREDENTIALS);
    }

    @Test
    void cancelsAndRefusesBadBase64() {
        SaslDialogue.over(exchange(TOKEN_CHECK))
                .auth("XOAUTH2").expect("334 ").send("*").expect(CANCELLED)
                .auth("XOAUTH2", RESPONSE.substring(1)).expect(BAD_BASE64);
    }

    @Test
    void refusesMalformedResponses() {
        String malformed = "501 5.5.2 Malformed authentication response: XOAUTH2 needs user=<name>^Aauth=Bearer <token>^A^A";
        SaslDialogue.over(exchange(AuthPolicy.acceptAny()))
                .auth("XOAUTH2", b64("user=a@example.com\u0001auth=Bearer tok\u0001")).expect(malformed)
                .auth("XOAUTH2", b64("user=a@example.com\u0001auth=Basic tok\u0001\u0001")).expect(malformed)
                .auth("XOAUTH2", b64("auth=Bearer tok\u0001\u0001")).expect(malformed)
                .auth("XOAUTH2", b64("user=a@example.com\u0001auth=Bearer \u0001\u0001")).expect(malformed)
                .auth("XOAUTH2", "=").expect(malformed)
                .auth("XOAUTH2", b64("user=\u0001auth=Bearer tok\u0001\u0001"))
                .expect("501 5.5.2 Malformed authentication response: empty user name")
                .auth("XOAUTH2", b64("USER=a@example.com\u0001AUTH=bearer tok\u0001\u0001")).expect(OK);
    }
}
