package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command of RFC 5321 4.1 and the order rules of 4.1.4 / 3.3, as dialogues. */
class SessionCommandsTest {

    @Test
    void greetsWith220AndNoEnhancedCode() {
        Reply greeting = dialogue().session().greet().reply();

        // RFC 5321 4.2 / 4.3.1: 220 opens the session; RFC 2034 codes come only after EHLO
        assertThat(greeting.code()).isEqualTo(220);
        assertThat(greeting.enhancedCode()).isEmpty();
        assertThat(greeting.wire()).isEqualTo("220 mx.test ESMTP smtp-testkit ready\r\n");
    }

    @Test
    void answersEhloWithEveryExtensionItImplements() {
        Dialogue d = dialogue().send("EHLO client.example").expect(250);

        // RFC 2034 3: the EHLO reply itself carries no enhanced code
        assertThat(d.reply().lines()).containsExactly("mx.test greets client.example",
                "SIZE 10000", "8BITMIME", "PIPELINING", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN");
        assertThat(d.reply().wire()).startsWith("250-mx.test greets client.example\r\n250-SIZE 10000\r\n")
                .endsWith("250 DSN\r\n");
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
    }

    @Test
    void answersHeloWithOneLineAndOffersNothing() {
        Dialogue d = dialogue().send("HELO client.example").expect(250);

        assertThat(d.reply().lines()).containsExactly("mx.test greets client.example");
    }

    @Test
    void acceptsAnAddressLiteralAsEhloName() {
        dialogue().send("EHLO [127.0.0.1]").expect(250)
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
    }

    @Test
    void rejectsEhloWithoutName() {
        // RFC 5321 4.1.1.1: "EHLO" SP ( Domain / address-literal ); no EHLO yet, so no enhanced code
        dialogue().send("EHLO").expect(501)
                .send("HELO").expect(501)
                .send("EHLO client.example").expect(250)
                .send("EHLO").expect(501, "5.5.4")
                .send("EHLO two names").expect(501, "5.5.4");
    }

    @Test
    void acceptsCommandVerbsInAnyCase() {
        // RFC 5321 2.4: verbs are case-insensitive
        dialogue().send("ehlo client.example").expect(250)
                .send("mail from:<a@example.com>").expect(250, "2.1.0")
                .send("Rcpt To:<b@example.com>").expect(250, "2.1.5")
                .send("dAtA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0")
                .send("nOoP").expect(250, "2.0.0")
                .send("rset").expect(250, "2.0.0")
                .send("Quit").expect(221, "2.0.0");
    }

    @Test
    void foldsVerbsAsUpperCaseInTheRootLocaleDoes() {
        // The verb is compared as toUpperCase(Locale.ROOT) gives it: U+0131 (dotless i) and U+017F
        // (long s) upper-case to I and S, U+0130 (I with a dot) stays itself and is no verb.
        dialogue().send("EHLO client.example").expect(250)
                .send("NOOP").expect(250, "2.0.0")
                .send("r\u017Fet").expect(250, "2.0.0")
                .send("QU\u0130T").expect(500, "5.5.1")
                .send("qu\u0131t").expect(221, "2.0.0");
    }

    @Test
    void answersNoopWithAndWithoutArgument() {
        // RFC 5321 4.1.1.9: NOOP [ SP String ], the string is ignored
        dialogue().send("NOOP").expect(250)
                .ehlo()
                .send("NOOP").expect(250, "2.0.0")
                .send("NOOP anything at all").expect(250, "2.0.0");
    }

    @Test
    void noopKeepsTheTransaction() {
        Dialogue d = dialogue().transaction()
                .send("NOOP").expect(250, "2.0.0")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("b@example.com");
    }

    @Test
    void rejectsArgumentsToDataRsetAndQuit() {
        // RFC 5321 4.1.1.4 / 4.1.1.5 / 4.1.1.10: these commands take no parameters
        Dialogue d = dialogue().transaction()
                .send("DATA now").expect(501, "5.5.4")
                .send("RSET all").expect(501, "5.5.4")
                .send("QUIT please").expect(501, "5.5.4");

        assertThat(d.session().state()).isEqualTo(Session.State.RCPT);
    }

    @Test
    void toleratesTrailingWhiteSpace() {
        // RFC 5321 4.1.1: receivers SHOULD tolerate trailing white space before the CRLF
        dialogue().send("EHLO client.example ").expect(250)
                .send("MAIL FROM:<a@example.com> ").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>\t").expect(250, "2.1.5")
                .send("RSET  ").expect(250, "2.0.0")
                .send("NOOP ").expect(250, "2.0.0")
                .send("QUIT ").expect(221, "2.0.0");
    }

    @Test
    void quitAnswers221AndClosesTheSession() {
        Dialogue d = dialogue().ehlo().send("QUIT").expect(221, "2.0.0");

        // RFC 5321 4.1.1.10: the receiver MUST send 221 and close the transmission channel
        assertThat(d.result().close()).isEqualTo(DisconnectReason.QUIT);
        assertThat(d.session().mode()).isEqualTo(Session.Mode.CLOSED);
        assertThat(d.session().state()).isEqualTo(Session.State.CLOSED);
    }

    @Test
    void quitBeforeEhloHasNoEnhancedCode() {
        Dialogue d = dialogue().send("QUIT").expect(221);

        assertThat(d.reply().wire()).isEqualTo("221 mx.test closing connection\r\n");
    }

    @Test
    void quitInTheMiddleOfATransactionDeliversNothing() {
        Dialogue d = dialogue().transaction().send("QUIT").expect(221, "2.0.0");

        assertThat(d.deliveries()).isEmpty();
    }

    @Test
    void answersVrfyWith252() {
        // RFC 5321 3.5.3: 252 when the server neither verifies nor refuses
        dialogue().ehlo()
                .send("VRFY postmaster").expect(252, "2.0.0")
                .send("VRFY").expect(501, "5.5.4");
    }

    @Test
    void answersHelpWith214() {
        Dialogue d = dialogue().send("HELP").expect(214)
                .ehlo()
                .send("HELP").expect(214, "2.0.0")
                .send("HELP MAIL").expect(214, "2.0.0");

        assertThat(d.reply().lines()).first().asString().contains("EHLO", "MAIL", "BDAT");
    }

    @Test
    void answersExpnWith502() {
        // RFC 5321 3.5.2: EXPN may be disabled; 502 says so
        dialogue().ehlo()
                .send("EXPN staff").expect(502, "5.5.1")
                .send("EXPN").expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"STARTTLS", "AUTH PLAIN AGZvbwBiYXI=", "AUTH LOGIN", "TURN", "ETRN example.com"})
    void answersCommandsItDoesNotOfferWith502(String line) {
        dialogue().ehlo().send(line).expect(502, "5.5.1");
    }

    @Test
    void answersUnknownCommandsWith500AndRecordsThem() {
        Dialogue d = dialogue().send("FOO").expect(500)
                .ehlo()
                .send("XYZZY plugh").expect(500, "5.5.1")
                .send("MAILFROM:<a@example.com>").expect(500, "5.5.1");

        assertThat(d.violations()).extracting(ProtocolViolation::rule, ProtocolViolation::line)
                .containsExactly(
                        tuple(Rule.UNKNOWN_COMMAND, "FOO"),
                        tuple(Rule.UNKNOWN_COMMAND, "XYZZY plugh"),
                        tuple(Rule.UNKNOWN_COMMAND, "MAILFROM:<a@example.com>"));
    }

    @Test
    void answersAnEmptyLineWith500() {
        dialogue().send("").expect(500)
                .ehlo()
                .send("").expect(500, "5.5.2")
                .send("   ").expect(500, "5.5.2")
                .send("NOOP").expect(250, "2.0.0");
    }

    @Test
    void refusesMailBeforeEhlo() {
        // RFC 5321 4.1.4: the session starts with EHLO or HELO
        dialogue().send("MAIL FROM:<a@example.com>").expect(503)
                .send("RCPT TO:<b@example.com>").expect(503)
                .send("DATA").expect(503);
    }

    @Test
    void rejectsRcptBeforeMail() {
        dialogue().ehlo().send("RCPT TO:<b@example.com>").expect(503, "5.5.1");
    }

    @Test
    void rejectsDataBeforeMail() {
        dialogue().ehlo().send("DATA").expect(503, "5.5.1");
    }

    @Test
    void rejectsDataBeforeRcpt() {
        dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("DATA").expect(503, "5.5.1");
    }

    @Test
    void rejectsNestedMail() {
        // RFC 5321 4.1.4: MAIL during a transaction is a sequence error
        Dialogue d = dialogue().transaction()
                .send("MAIL FROM:<c@example.com>").expect(503, "5.5.1")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().sender()).isEqualTo("a@example.com");
    }

    @Test
    void answersDataAfterEveryRcptWasRejectedWith554() {
        // RFC 5321 3.3: all RCPTs rejected, so DATA gets "no valid recipients"
        dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<jörg@example.com>").expect(553, "5.6.7")
                .send("RCPT TO:<no-domain>").expect(501, "5.1.3")
                .send("RCPT TO:<b@example.com> FOO=1").expect(555, "5.5.4")
                .send("DATA").expect(554, "5.5.1");
    }

    @Test
    void answersDataAfterARcptWithBadSyntaxWith554() {
        dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:b@example.com").expect(501, "5.1.3")
                .send("DATA").expect(554, "5.5.1");
    }

    @Test
    void ehloInTheMiddleOfATransactionResetsIt() {
        // RFC 5321 4.1.4: EHLO/HELO later in a session has the effect of RSET
        Dialogue d = dialogue().transaction()
                .send("EHLO again.example").expect(250)
                .send("RCPT TO:<c@example.com>").expect(503, "5.5.1")
                .send("DATA").expect(503, "5.5.1");

        assertThat(d.session().state()).isEqualTo(Session.State.READY);
        assertThat(d.deliveries()).isEmpty();
    }

    @Test
    void heloAfterEhloResetsAndDropsEnhancedCodes() {
        Dialogue d = dialogue().transaction()
                .send("HELO again.example").expect(250)
                .send("RCPT TO:<c@example.com>").expect(503)
                .send("MAIL FROM:<a@example.com>").expect(250)
                .send("RCPT TO:<c@example.com>").expect(250)
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250);

        assertThat(d.singleDelivery().envelope().heloName()).isEqualTo("again.example");
        assertThat(d.singleDelivery().envelope().extended()).isFalse();
    }

    @Test
    void rsetEndsTheTransaction() {
        // RFC 5321 4.1.1.5: RSET discards sender, recipients and data
        Dialogue d = dialogue().transaction()
                .send("RSET").expect(250, "2.0.0")
                .send("DATA").expect(503, "5.5.1")
                .send("RCPT TO:<c@example.com>").expect(503, "5.5.1")
                .send("MAIL FROM:<new@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<c@example.com>").expect(250, "2.1.5")
                .send("DATA").expect(354)
                .content(Dialogue.CLEAN_MESSAGE + ".\r\n").expect(250, "2.0.0");

        assertThat(d.singleDelivery().envelope().sender()).isEqualTo("new@example.com");
        assertThat(d.singleDelivery().envelope().recipients()).containsExactly("c@example.com");
    }

    @Test
    void rsetBeforeEhloIsFine() {
        dialogue().send("RSET").expect(250)
                .send("MAIL FROM:<a@example.com>").expect(503);
    }

    @Test
    void rejectsControlBytesAndGoesOn() {
        Dialogue d = dialogue().ehlo()
                .send("NOOP\0".getBytes(StandardCharsets.ISO_8859_1), false).expect(500, "5.5.2")
                .send("MAIL FROM:<a@example.com>\nRCPT TO:<b@example.com>".getBytes(StandardCharsets.ISO_8859_1),
                        false).expect(500, "5.5.2")
                .send("NOOP\rQUIT".getBytes(StandardCharsets.ISO_8859_1), false).expect(500, "5.5.2")
                .send("NO\u007fOP".getBytes(StandardCharsets.ISO_8859_1), false).expect(500, "5.5.2")
                .send("NOOP \u0007".getBytes(StandardCharsets.ISO_8859_1), false).expect(500, "5.5.2")
                .send("NOOP").expect(250, "2.0.0");

        // a bare LF or CR never splits a command (SMTP smuggling): the MAIL above was not accepted
        assertThat(d.session().state()).isEqualTo(Session.State.READY);
        assertThat(d.rules()).containsOnly(Rule.INVALID_COMMAND_OCTETS).hasSize(5);
    }

    @Test
    void rejectsInvalidUtf8AndGoesOn() {
        byte[] latin1 = "MAIL FROM:<j\u00f6rg@example.com> SMTPUTF8".getBytes(StandardCharsets.ISO_8859_1);
        byte[] overlong = {'N', 'O', 'O', 'P', ' ', (byte) 0xC0, (byte) 0xAF};

        dialogue().ehlo()
                .send(latin1, false).expect(500, "5.5.2")
                .send(overlong, false).expect(500, "5.5.2")
                .send("MAIL FROM:<jörg@example.com> SMTPUTF8").expect(250, "2.1.0");
    }

    @Test
    void answersAnOverlongLineWith500() {
        // RFC 5321 4.5.3.1.4: the command line limit; 500 "line too long"
        Dialogue d = dialogue().sendTooLong("MAIL FROM:<aaaa").expect(500)
                .ehlo()
                .sendTooLong("MAIL FROM:<aaaa").expect(500, "5.5.2");

        assertThat(d.reply().lines().get(0)).isEqualTo("Line too long (limit 1024 octets including CRLF)");
        assertThat(d.rules()).containsExactly(Rule.COMMAND_LINE_TOO_LONG, Rule.COMMAND_LINE_TOO_LONG);
        d.send("NOOP").expect(250, "2.0.0");
    }

    @Test
    void refusesCommandsAfterQuit() {
        Dialogue d = dialogue().send("QUIT").expect(221);

        assertThatIllegalStateException()
                .isThrownBy(() -> d.session().command("NOOP"))
                .withMessage("command() called in mode CLOSED");
    }
}
