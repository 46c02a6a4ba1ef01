package dev.smtptestkit.internal.auth;

import static dev.smtptestkit.internal.auth.PlainAuthTest.OK;
import static dev.smtptestkit.internal.auth.PlainAuthTest.exchange;
import static dev.smtptestkit.internal.auth.SaslDialogue.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.internal.auth.AuthStep.Failure;
import dev.smtptestkit.internal.auth.AuthStep.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What every mechanism shares: choosing one, TLS, the validator's failures, misuse by the session. */
class AuthExchangeTest {

    private static final String ENCRYPTION = "538 5.7.11 Encryption required for requested authentication mechanism";

    private static AuthExchange offering(List<AuthMechanism> mechanisms, boolean plaintextWithoutTls) {
        return new AuthExchange(new AuthConfig(true, false, mechanisms, plaintextWithoutTls, AuthPolicy.acceptAny(), 0),
                () -> "<1.2@mx.test>");
    }

    @Test
    void refusesAnUnknownMechanismWith504ListingTheOfferedOnes() {
        SaslDialogue d = SaslDialogue.over(exchange(AuthPolicy.acceptAny())).auth("GSSAPI")
                .expect("504 5.5.4 Unrecognized authentication mechanism; offered: PLAIN LOGIN CRAM-MD5 XOAUTH2");

        assertThat(((Failure) d.step()).reason()).isEqualTo(Reason.UNKNOWN_MECHANISM);
    }

    @Test
    void refusesAKnownMechanismThatIsNotOffered() {
        SaslDialogue.over(offering(List.of(AuthMechanism.CRAM_MD5, AuthMechanism.PLAIN), true))
                .auth("LOGIN", b64("alice")).expect("504 5.5.4 Unrecognized authentication mechanism; offered: CRAM-MD5 PLAIN")
                .auth("XOAUTH2").expect("504 5.5.4 Unrecognized authentication mechanism; offered: CRAM-MD5 PLAIN");
    }

    @Test
    void refusesClearTextMechanismsWithoutTlsWhenTlsIsInsistedOn() {
        AuthExchange exchange = offering(List.of(AuthMechanism.values()), false);

        SaslDialogue.over(exchange)
                .auth("PLAIN", b64("\0alice\0pw")).expect(ENCRYPTION)
                .auth("LOGIN").expect(ENCRYPTION)
                .auth("XOAUTH2").expect(ENCRYPTION)
                .auth("CRAM-MD5").expect("334 " + b64("<1.2@mx.test>")).send("*").expect("501 5.0.0 Authentication cancelled");
        assertThat(exchange.start("PLAIN", Optional.empty(), false))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.ENCRYPTION_REQUIRED));
    }

    @Test
    void allowsClearTextMechanismsOverTls() {
        SaslDialogue.over(offering(List.of(AuthMechanism.values()), false)).overTls()
                .auth("PLAIN", b64("\0alice\0pw")).expect(OK)
                .auth("LOGIN").expect("334 VXNlcm5hbWU6");
    }

    @Test
    void answers454WhenTheValidatorThrowsAndHandsTheExceptionOn() {
        IllegalStateException bug = new IllegalStateException("token service down");
        AuthExchange exchange = exchange(AuthPolicy.validator(c -> {
            throw bug;
        }));

        SaslDialogue d = SaslDialogue.over(exchange).auth("PLAIN", b64("\0alice\0pw"))
                .expect("454 4.7.0 Temporary authentication failure");

        Failure failure = (Failure) d.step();
        assertThat(failure.reason()).isEqualTo(Reason.VALIDATOR_ERROR);
        assertThat(failure.validatorError()).containsSame(bug);
        assertThat(failure.isFailedLogin()).isFalse();
        d.auth("XOAUTH2", b64("user=a\u0001auth=Bearer t\u0001\u0001")).expect("454 4.7.0 Temporary authentication failure");
    }

    @Test
    void refusesAStartWhileAnExchangeIsOpen() {
        AuthExchange exchange = exchange(AuthPolicy.acceptAny());
        exchange.start("LOGIN", Optional.empty(), false);

        Throwable thrown = catchThrowable(() -> exchange.start("PLAIN", Optional.empty(), false));

        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessage("AUTH started while an exchange is open; pass the line to next(...)");
    }

    @Test
    void refusesALineWhenNoExchangeIsOpen() {
        AuthExchange exchange = exchange(AuthPolicy.acceptAny());
        SaslDialogue.over(exchange).auth("PLAIN", b64("\0alice\0pw")).expect(OK);

        Throwable thrown = catchThrowable(() -> exchange.next("*"));

        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessage("no AUTH exchange is open; a line outside one is a command");
    }

    @Test
    void neverEchoesASecretInAReply() {
        String secret = "Tr0ub4dor&3";
        List<String> replies = new ArrayList<>();
        AuthExchange exchange = exchange(AuthPolicy.users(Map.of("alice", "other")));
        Consumer<AuthStep> keep = step -> replies.add(step.reply().wire());

        keep.accept(exchange.start("PLAIN", Optional.of(b64("\0alice\0" + secret)), false));
        keep.accept(exchange.start("PLAIN", Optional.of(b64("\0alice\0" + secret).substring(1)), false));
        keep.accept(exchange.start("PLAIN", Optional.of(b64(secret)), false));
        keep.accept(exchange.start(secret, Optional.of(b64(secret)), false));
        keep.accept(exchange.start("LOGIN", Optional.of(b64("alice")), false));
        keep.accept(exchange.next(b64(secret)));
        keep.accept(exchange.start("XOAUTH2", Optional.of(b64("user=alice\u0001auth=Bearer " + secret + "\u0001")), false));
        keep.accept(exchange.start("XOAUTH2", Optional.of(b64("user=alice\u0001auth=Bearer " + secret + "\u0001\u0001")), false));
        keep.accept(exchange.next(b64(secret)));

        assertThat(replies).hasSize(9).noneMatch(r -> r.contains(secret) || r.contains(b64(secret)));
    }
}
