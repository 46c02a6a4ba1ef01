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
import dev.smtptestkit.internal.auth.AuthStep.Success;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** LOGIN (draft-murchison-sasl-login): two prompts, user name then password. */
class LoginAuthTest {

    private static final AuthPolicy ALICE = AuthPolicy.users(Map.of("alice", "s3cret"));

    @Test
    void promptsForUserNameThenPasswordWithoutInitialResponse() {
        SaslDialogue d = SaslDialogue.over(exchange(ALICE))
                .auth("LOGIN").expect("334 VXNlcm5hbWU6")            // "Username:"
                .send("YWxpY2U=").expect("334 UGFzc3dvcmQ6")         // "alice" -> "Password:"
                .send("czNjcmV0").expect(OK);                        // "s3cret"

        assertThat(((Success) d.step()).details())
                .isEqualTo(new AuthDetails(AuthMechanism.LOGIN, Optional.empty(), "alice"));
    }

    @Test
    void takesTheUserNameAsInitialResponse() {
        SaslDialogue.over(exchange(ALICE))
                .auth("LOGIN", "YWxpY2U=").expect("334 UGFzc3dvcmQ6")
                .send("czNjcmV0").expect(OK);
    }

    @Test
    void refusesAWrongPasswordWith535() {
        SaslDialogue.over(exchange(ALICE))
                .auth("LOGIN").expect("334 VXNlcm5hbWU6").send(b64("alice")).expect("334 UGFzc3dvcmQ6")
                .send(b64("wrong")).expect(BAD_CREDENTIALS)
                .auth("LOGIN", b64("bob")).expect("334 UGFzc3dvcmQ6").send(b64("s3cret")).expect(BAD_CREDENTIALS);
    }

    @Test
    void acceptsAnEmptyPasswordWhenThePolicyDoes() {
        SaslDialogue.over(exchange(AuthPolicy.acceptAny()))
                .auth("LOGIN", b64("alice")).expect("334 UGFzc3dvcmQ6").send("").expect(OK);
    }

    @Test
    void cancelsAtEitherPrompt() {
        SaslDialogue.over(exchange(ALICE))
                .auth("LOGIN").expect("334 VXNlcm5hbWU6").send("*").expect(CANCELLED)
                .auth("LOGIN").expect("334 VXNlcm5hbWU6").send(b64("alice")).expect("334 UGFzc3dvcmQ6")
                .send("*").expect(CANCELLED);
    }

    @Test
    void refusesBadBase64AtEitherPrompt() {
        SaslDialogue.over(exchange(ALICE))
                .auth("LOGIN").expect("334 VXNlcm5hbWU6").send("YWxpY2U").expect(BAD_BASE64)
                .auth("LOGIN", "YWxpY2U=").expect("334 UGFzc3dvcmQ6").send("czNj cmV0").expect(BAD_BASE64)
                .auth("LOGIN", "YWxp!2U=").expect(BAD_BASE64);
    }

    @Test
    void refusesAnEmptyUserNameBeforeAskingForThePassword() {
        String empty = "501 5.5.2 Malformed authentication response: empty user name";
        SaslDialogue.over(exchange(AuthPolicy.acceptAny()))
                .auth("LOGIN", "=").expect(empty)
                .auth("LOGIN").expect("334 VXNlcm5hbWU6").send("").expect(empty);
    }
}
