package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.smtptestkit.Envelope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MAIL and RCPT parameters: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), DSN (RFC 3461). */
class SessionParametersTest {

    private static Dialogue mail(String parameters) {
        return dialogue().ehlo().send("MAIL FROM:<a@example.com> " + parameters);
    }

    private static Dialogue rcpt(String parameters) {
        return dialogue().ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com> " + parameters);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "FOO=bar", "X-CUSTOM=1", "AUTH=<>", "BY=120;R", "MT-PRIORITY=3", "NOTIFY=NEVER",
        "ORCPT=rfc822;b@example.com"})
    void answersUnknownMailParametersWith555(String parameter) {
        // RFC 5321 4.1.1.11 / 3.3: parameters not recognized or of an extension not offered get 555
        mail(parameter).expect(555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "FOO=bar", "SIZE=100", "BODY=8BITMIME", "RET=FULL", "ENVID=x", "SMTPUTF8"})
    void answersUnknownRcptParametersWith555(String parameter) {
        rcpt(parameter).expect(555, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=100", "BODY=8BITMIME", "BODY=7BIT", "SMTPUTF8", "RET=FULL", "ENVID=x", "FOO=1"})
    void answersAnyMailParameterAfterHeloWith555(String parameter) {
        // No extension was offered to a HELO client, so every parameter is unknown to it
        dialogue().helo().send("MAIL FROM:<a@example.com> " + parameter).expect(555);
    }

    @Test
    void answersAnyRcptParameterAfterHeloWith555() {
        dialogue().helo().send("MAIL FROM:<a@example.com>").expect(250)
                .send("RCPT TO:<b@example.com> NOTIFY=NEVER").expect(555)
                .send("RCPT TO:<b@example.com> ORCPT=rfc822;b@example.com").expect(555)
                .send("RCPT TO:<b@example.com>").expect(250);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=abc", "SIZE=-1", "SIZE=1.5", "SIZE=+10", "SIZE=1e3", "SIZE", "SIZE=",
        "SIZE=123456789012345678901"})
    void rejectsMalformedSizeWith501(String parameter) {
        // RFC 1870 6: size-value ::= 1*20DIGIT
        mail(parameter).expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=10001", "SIZE=99999999999999999999", "SIZE=9223372036854775808"})
    void refusesADeclaredSizeOverTheLimitWith552(String parameter) {
        // RFC 1870 6.1: 552 when the declared size exceeds the fixed maximum
        Dialogue d = mail(parameter).expect(552, "5.3.4");

        assertThat(d.reply().lines().get(0))
                .isEqualTo("Message size exceeds fixed maximum message size of 10000 octets");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=0", "SIZE=1", "SIZE=10000", "SIZE=00010"})
    void acceptsADeclaredSizeWithinTheLimit(String parameter) {
        mail(parameter).expect(250, "2.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY=7BIT", "BODY=8BITMIME", "BODY=8bitmime", "body=7bit"})
    void acceptsBody7bitAnd8bitmime(String parameter) {
        // RFC 6152 2: body-value ::= "7BIT" / "8BITMIME"
        mail(parameter).expect(250, "2.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY=BINARYMIME", "BODY=8BIT", "BODY=garbage", "BODY", "BODY="})
    void rejectsOtherBodyValuesWith501(String parameter) {
        // RFC 3030 BINARYMIME is not offered
        mail(parameter).expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMTPUTF8=yes", "SMTPUTF8=", "SMTPUTF8=1"})
    void rejectsSmtputf8WithAValueWith501(String parameter) {
        // RFC 6531 3.4: SMTPUTF8 takes no value
        mail(parameter).expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RET=FULL", "RET=HDRS", "RET=hdrs", "ENVID=QQ314159", "ENVID=a+2Bb+3Dc",
        "ENVID=<1@example.com>", "RET=FULL ENVID=abc"})
    void acceptsValidDsnMailParameters(String parameters) {
        // RFC 3461 4.3 (RET) and 4.4 (ENVID, xtext)
        mail(parameters).expect(250, "2.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RET=ALL", "RET", "RET=", "ENVID=a+2b", "ENVID=a+2", "ENVID=a+ZZ", "ENVID",
        "ENVID=", "ENVID=a=b"})
    void rejectsInvalidDsnMailParametersWith501(String parameters) {
        mail(parameters).expect(501, "5.5.4");
    }

    @Test
    void limitsEnvidTo100Characters() {
        // RFC 3461 4.4: the ENVID is at most 100 characters
        mail("ENVID=" + "x".repeat(100)).expect(250, "2.1.0");
        mail("ENVID=" + "x".repeat(101)).expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=NEVER", "NOTIFY=SUCCESS", "NOTIFY=SUCCESS,FAILURE,DELAY", "NOTIFY=delay,failure",
        "ORCPT=rfc822;b@example.com", "ORCPT=rfc822;b+2Bc@example.com", "ORCPT=x-local;1234",
        "NOTIFY=FAILURE ORCPT=rfc822;b@example.com"})
    void acceptsValidDsnRcptParameters(String parameters) {
        // RFC 3461 4.1 (NOTIFY) and 4.2 (ORCPT = addr-type ";" xtext)
        rcpt(parameters).expect(250, "2.1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=NEVER,SUCCESS", "NOTIFY=ALWAYS", "NOTIFY", "NOTIFY=", "NOTIFY=SUCCESS,",
        "ORCPT=rfc822", "ORCPT=;b@example.com", "ORCPT=rfc822;b+2c@example.com", "ORCPT"})
    void rejectsInvalidDsnRcptParametersWith501(String parameters) {
        rcpt(parameters).expect(501, "5.5.4");
    }

    @Test
    void rejectsDuplicateParametersWith501() {
        mail("SIZE=10 SIZE=20").expect(501, "5.5.4");
        mail("BODY=7BIT body=8BITMIME").expect(501, "5.5.4");
        rcpt("NOTIFY=NEVER NOTIFY=NEVER").expect(501, "5.5.4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=10", "-SIZE=10", "SI_ZE=10", "SIZE==10", "SIZE=1=0"})
    void rejectsParametersThatAreNotKeywordEqualsValueWith501(String parameter) {
        // RFC 5321 4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"), esmtp-value excludes "="
        mail(parameter).expect(501, "5.5.4");
    }

    @Test
    void rejectsParametersGluedToThePath() {
        dialogue().ehlo().send("MAIL FROM:<a@example.com>SIZE=10").expect(501, "5.5.4");
    }

    @Test
    void recordsParametersWithUpperCaseKeysInTheEnvelope() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<a@example.com> size=100 Body=8BITMIME ret=HDRS envid=QQ314159 smtputf8")
                .expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com> notify=SUCCESS,DELAY orcpt=rfc822;b@example.com").expect(250, "2.1.5")
                .send("RCPT TO:<c@example.com>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.senderParameters()).containsOnly(entry("SIZE", "100"), entry("BODY", "8BITMIME"),
                entry("RET", "HDRS"), entry("ENVID", "QQ314159"), entry("SMTPUTF8", ""));
        assertThat(envelope.senderParameter("body")).isEqualTo("8BITMIME");
        assertThat(envelope.recipientParameters()).containsExactly(
                Map.of("NOTIFY", "SUCCESS,DELAY", "ORCPT", "rfc822;b@example.com"), Map.of());
    }

    @Test
    void recordsNothingOfARefusedMail() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<x@example.com> SIZE=99999").expect(552, "5.3.4")
                .send("MAIL FROM:<a@example.com> BODY=7BIT").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEqualTo("a@example.com");
        assertThat(envelope.senderParameters()).containsOnly(entry("BODY", "7BIT"));
    }
}
