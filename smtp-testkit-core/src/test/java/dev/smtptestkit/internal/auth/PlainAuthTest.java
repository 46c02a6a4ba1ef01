package dev.smtptestkit.internal.auth;

import static dev.smtptestkit.internal.auth.SaslDialogue.b64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.internal.auth.AuthStep.Failure;
import dev.smtptestkit.internal.auth.AuthStep.Reason;
import dev.smtptestkit.internal.auth.AuthStep.Success;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PLAIN (RFC 4616) inside RFC 4954 AUTH: with and without initial response, and every way it fails. */
class PlainAuthTest {

    static final String OK = "235 2.7.0 Authentication successful";
    static final String BAD_CREDENTIALS = "535 5.7.8 Authentication credentials invalid";
    static final String BAD_BASE64 = "501 5.5.2 Cannot decode response: not base64 (RFC 4648, with padding, no spaces)";
    static final String CANCELLED = "501 5.0.0 Authentication cancelled";

    static AuthExchange exchange(AuthPolicy policy) {
        AuthConfig config = new AuthConfig(true, false, List.of(AuthMechanism.values()), true, policy, 0);
        return new AuthExchange(config, () -> "<1.2@mx.test>");
    }

    private static final AuthPolicy RFC_USERS = AuthPolicy.users(Map.of("tim", "tanstaaftanstaaf", "Kurt", "xipj3plmq"));

    @Test
    void acceptsTheFirstRfc4616ExampleAsInitialResponse() {
        // RFC 4616 4: "\0tim\0tanstaaftanstaaf", no authorization identity
        SaslDialogue d = SaslDialogue.over(exchange(RFC_USERS)).auth("PLAIN", "AHRpbQB0YW5zdGFhZnRhbnN0YWFm").expect(OK);

        assertThat(((Success) d.step()).details())
                .isEqualTo(new AuthDetails(AuthMechanism.PLAIN, Optional.empty(), "tim"));
    }

    @Test
    void recordsTheAuthorizationIdentityOfTheSecondRfc4616Example() {
        // RFC 4616 4: Kurt authenticates and asks to act as Ursel
        SaslDialogue d = SaslDialogue.over(exchange(RFC_USERS)).auth("PLAIN", "VXJzZWwAS3VydAB4aXBqM3BsbXE=").expect(OK);

        assertThat(((Success) d.step()).details())
                .isEqualTo(new AuthDetails(AuthMechanism.PLAIN, Optional.of("Ursel"), "Kurt"));
    }

    @Test
    void sendsAnEmptyChallengeWithoutInitialResponse() {
        // RFC 4954 4: "334 " then the client's response on its own line
        SaslDialogue.over(exchange(RFC_USERS))
                .auth("PLAIN").expect("334 ")
                .send("AHRpbQB0YW5zdGFhZnRhbnN0YWFm").expect(OK);
    }

    @Test
    void matchesTheMechanismNameCaseInsensitively() {
        SaslDialogue.over(exchange(RFC_USERS)).auth("plain", "AHRpbQB0YW5zdGFhZnRhbnN0YWFm").expect(OK);
    }

    @Test
    void refusesAWrongPasswordAnUnknownUserAndAWrongCaseUserWith535() {
        AuthExchange exchange = exchange(RFC_USERS);
        SaslDialogue d = SaslDialogue.over(exchange);

        d.auth("PLAIN", b64("\0tim\0wrong")).expect(BAD_CREDENTIALS);
        assertThat(((Failure) d.step()).isFailedLogin()).isTrue();
        d.auth("PLAIN", b64("\0nobody\0tanstaaftanstaaf")).expect(BAD_CREDENTIALS);
        d.auth("PLAIN", b64("\0TIM\0tanstaaftanstaaf")).expect(BAD_CREDENTIALS);
        d.auth("PLAIN").expect("334 ").send(b64("\0tim\0tanstaaftanstaa")).expect(BAD_CREDENTIALS);
        d.auth("PLAIN", b64("\0tim\0tanstaaftanstaaf")).expect(OK); // the same exchange serves a retry
    }

    @Test
    void acceptsAnyWellFormedLoginByDefault() {
        SaslDialogue d = SaslDialogue.over(exchange(AuthPolicy.acceptAny())).auth("PLAIN", b64("\0anyone\0anything"))
                .expect(OK);

        assertThat(((Success) d.step()).details().user()).isEqualTo("anyone");
    }

    @Test
    void cancelsOnAStar() {
        SaslDialogue d = SaslDialogue.over(exchange(RFC_USERS)).auth("PLAIN").expect("334 ").send("*").expect(CANCELLED);

        assertThat(((Failure) d.step()).reason()).isEqualTo(Reason.CANCELLED);
        assertThat(((Failure) d.step()).isFailedLogin()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AHRpbQB0YW5zdGFhZnRhbnN0YWFm=",     // padding where none belongs
        "VXJzZWwAS3VydAB4aXBqM3BsbXE",       // padding missing
        "AHRpbQB0YW5z dGFhZnRhbnN0YWFm",     // a space inside
        " AHRpbQB0YW5zdGFhZnRhbnN0YWFm",     // a leading space
        "AHRpbQB0YW5zdGFhZnRhbnN0YWFm\t",    // a trailing tab
        "AHRpbQB0YW5zdGFh_nRhbnN0YWFm",      // the URL-safe alphabet (RFC 4648 5)
        "QR==",                              // non-zero pad bits (RFC 4648 3.5)
        "*",                                 // cancel is for continuation lines, not an initial response
        "A===",
    })
    void refusesAnInitialResponseThatIsNotStrictBase64With501(String response) {
        SaslDialogue d = SaslDialogue.over(exchange(RFC_USERS)).auth("PLAIN", response).expect(BAD_BASE64);

        assertThat(((Failure) d.step()).reason()).isEqualTo(Reason.BAD_BASE64);
    }

    @Test
    void refusesAContinuationLineThatIsNotBase64With501() {
        SaslDialogue.over(exchange(RFC_USERS)).auth("PLAIN").expect("334 ").send("not base64!").expect(BAD_BASE64)
                .auth("PLAIN").expect("334 ").send("=").expect(BAD_BASE64); // "=" only means empty on the AUTH line
    }

    @Test
    void readsEqualsAsAnEmptyInitialResponseWhichPlainFindsMalformed() {
        // RFC 4954 4: "=" is a zero-length initial response; RFC 4616 needs two NULs
        SaslDialogue.over(exchange(AuthPolicy.acceptAny())).auth("PLAIN", "=")
                .expect("501 5.5.2 Malformed authentication response: PLAIN needs [authzid] NUL authcid NUL passwd (RFC 4616 2)");
    }

    @Test
    void refusesEachMalformedMessageSayingWhatWasWrong() {
        String prefix = "501 5.5.2 Malformed authentication response: ";
        String shape = prefix + "PLAIN needs [authzid] NUL authcid NUL passwd (RFC 4616 2)";
        SaslDialogue d = SaslDialogue.over(exchange(AuthPolicy.acceptAny()));

        d.auth("PLAIN", b64("tim tanstaaf")).expect(shape);
        d.auth("PLAIN", b64("\0tim")).expect(shape);
        d.auth("PLAIN", b64("\0tim\0pass\0word")).expect(shape);
        d.auth("PLAIN", b64("\0\0pass")).expect(prefix + "empty user name");
        d.auth("PLAIN", b64("\0tim\0")).expect(prefix + "empty password (RFC 4616 2)");
        d.auth("PLAIN", b64("\0ti\nm\0pass")).expect(prefix + "control character in user name");
        d.auth("PLAIN", b64("ad\rmin\0tim\0pass")).expect(prefix + "control character in user name");
        d.auth("PLAIN", b64(new byte[] {0, 't', (byte) 0xC3, 0, 'p'})).expect(prefix + "user name is not UTF-8");
        d.auth("PLAIN", b64(new byte[] {0, 't', 0, (byte) 0xFF})).expect(prefix + "password is not UTF-8");
        assertThat(((Failure) d.step()).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void passesNonAsciiCredentialsThroughAsUtf8() {
        AuthExchange exchange = exchange(AuthPolicy.users(Map.of("jürgen", "pässwörd")));

        SaslDialogue.over(exchange).auth("PLAIN", b64("\0jürgen\0pässwörd")).expect(OK);
    }
}
